"""Reuse what the analysis of the previous definition found, after an edit that cannot change it.

An editor validates after every edit; most edits of a big orchestration touch one element and
many touch only what the analysis never reads (a label, a description). Definitions are
immutable and an edit copies only what it touches, so comparing the new definition with the
previous one is cheap: identical objects are skipped, the few others compared by value.

* :func:`remembered` / :func:`remember`: the whole diagnostics list, when only labels and
  descriptions changed;
* :func:`build_stages`: each stage's event graph depends only on the stage, its position and the
  definition's names; unchanged stages keep the graph built last time.
"""

from __future__ import annotations

import weakref

from ..diagnostics import Diagnostic
from ..model import Orchestration, Stage
from ..refs import NameIndex
from .stage_events import StageEvents, build_stage


def condition_size(cond: object) -> int:
    """How many requirements (or inputs) a condition has; by ``__dict__`` (pydantic getattr is slow)."""
    data = cond.__dict__
    reqs = data.get("requirements")
    return len(reqs) if reqs is not None else len(data.get("inputs") or ())


# What the analysis never reads (display only); everything else is compared.
DISPLAY_FIELDS = frozenset({"label", "description"})

_last: tuple[weakref.ref, list[Diagnostic]] | None = None
# the names the last stage graphs were built with, and position -> (stage, its shape, its graph)
_stages: tuple[tuple, dict[int, tuple[Stage, tuple, StageEvents]]] | None = None


def _same(a: object, b: object) -> bool:
    """Equal as the analysis sees them; ``repr`` keeps ``1``, ``1.0`` and ``True`` apart."""
    return a is b or (type(a) is type(b) and repr(a) == repr(b))


def _same_element(a: object, b: object, skip: frozenset[str]) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    da, db = a.__dict__, b.__dict__
    if da.keys() != db.keys():
        return False
    return all(_same(da[k], db[k]) for k in da if k not in skip)


def same_analysis_input(a: Orchestration, b: Orchestration) -> bool:
    """True when the analysis of ``a`` and ``b`` gives the same diagnostics (same lines too)."""
    if a._lines is not b._lines:
        return False
    if not _same_element(a, b, DISPLAY_FIELDS | {"stages", "name"}):
        return False
    if len(a.stages) != len(b.stages):
        return False
    for sa, sb in zip(a.stages, b.stages):
        if sa is sb:
            continue
        if not _same_element(sa, sb, DISPLAY_FIELDS | {"steps"}) or len(sa.steps) != len(sb.steps):
            return False
        for ta, tb in zip(sa.steps, sb.steps):
            if not _same_element(ta, tb, DISPLAY_FIELDS):
                return False
    return True


def remembered(defn: Orchestration) -> list[Diagnostic] | None:
    """The diagnostics remembered for an equivalent previous definition, else None."""
    if _last is None:
        return None
    previous = _last[0]()
    if previous is None or previous is defn or not same_analysis_input(previous, defn):
        return None
    return list(_last[1])


def remember(defn: Orchestration, diagnostics: list[Diagnostic]) -> None:
    global _last
    _last = (weakref.ref(defn), list(diagnostics))


def _names_key(names: NameIndex, bit: dict[str, int], home: dict[str, str]) -> tuple:
    """Everything :func:`build_stage` reads besides its stage and position."""
    return (tuple(bit), tuple(home.values()), tuple(names.steps.items()), frozenset(names.stages),
            frozenset(names.variables), frozenset(names.decisions))


def _stage_shape(stage: Stage) -> tuple:
    """What :func:`build_stage` reads of a stage, by identity (as ``fingerprint`` does): a
    condition replaced in place on the same stage object is seen."""
    data = stage.__dict__
    parts: list[object] = [data["name"], id(data["complete"]), condition_size(data["complete"])]
    for st in data["steps"]:
        sd = st.__dict__
        complete = sd.get("complete")
        parts.append((sd["name"], type(st), id(sd["start"]), condition_size(sd["start"]), id(complete),
                      condition_size(complete) if complete is not None else -1))
    return tuple(parts)


def build_stages(defn: Orchestration, positions: dict[str, int], names: NameIndex, bit: dict[str, int],
                 home: dict[str, str], *, reuse: bool = True) -> dict[str, StageEvents]:
    """``{stage name: build_stage(...)}`` for ``positions``; with ``reuse``, the graphs of stages
    that are the very objects of the previous call (same names) are taken over: they are
    read-only once built. The graphs built here are remembered either way."""
    global _stages
    key = _names_key(names, bit, home)
    before = _stages[1] if reuse and _stages is not None and _stages[0] == key else {}
    built: dict[int, tuple[Stage, tuple, StageEvents]] = {}
    out: dict[str, StageEvents] = {}
    for name, i in positions.items():
        stage = defn.stages[i]
        shape = _stage_shape(stage)
        cached = before.get(i)
        if cached is not None and cached[0] is stage and cached[1] == shape:
            ev = cached[2]
        else:
            ev = build_stage(defn, i, names, bit, home)
        built[i] = (stage, shape, ev)
        out[name] = ev
    _stages = (key, built)
    return out
