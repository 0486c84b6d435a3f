"""locationX/Y for exported elements, from the shared auto layout (engine.layout).

Flow Builder's auto-layout canvas recomputes positions, so these only need to be sensible and
deterministic; a plain column is used should the layout fail on an odd definition.
"""

from __future__ import annotations

from ..model import Orchestration

Locations = dict[str, tuple[int, int]]
START = "$start"


def compute_locations(defn: Orchestration) -> Locations:
    """Element name (and ``$start``) → (locationX, locationY) in whole canvas units."""
    try:
        from ..layout import layout

        result = layout(defn)
    except Exception:  # noqa: BLE001 - a layout bug must not stop an export
        return _column(defn)
    loc: Locations = {}
    if result.start is not None:
        loc[START] = (round(result.start.x), round(result.start.y))
    for table in (result.stages, result.decisions):
        for name, box in table.items():
            loc[name] = (round(box.rect.x), round(box.rect.y))
    for name, value in _column(defn).items():
        loc.setdefault(name, value)
    return loc


def _column(defn: Orchestration) -> Locations:
    """Flow Builder's look: start at the top, then one element under the other."""
    loc: Locations = {START: (50, 0)}
    names = [s.name for s in defn.stages] + [d.name for d in defn.decisions]
    for i, name in enumerate(names):
        loc.setdefault(name, (176, 158 + 120 * i))
    return loc
