"""Analysis diagnostics (SPEC §5): availability of automatic outputs, cycles, events that
never happen, unreachable elements. Structural problems (unknown references, bad logic,
steps in other stages …) belong to ``engine.validate``; here they are skipped silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..refs import Site, iter_sites

if TYPE_CHECKING:  # pragma: no cover
    from .core import Analysis

WHERE = {
    "start": "the start condition of {}",
    "start_inputs": "the start evaluation-flow inputs of {}",
    "inputs": "the inputs of {}",
    "assignee": "the assignee of {}",
    "record": "the context record of {}",
    "complete": "the completion condition of {}",
    "stage_complete": "the completion condition of stage {}",
    "decision": "decision {}",
}


def analysis_diagnostics(an: "Analysis") -> list[Diagnostic]:
    """Everything the analysis finds in ``an.defn``, in file order per kind."""
    out: list[Diagnostic] = []
    out += _unreachable(an)
    out += _cycles_and_never(an)
    out += _availability(an)
    return out


def _make(an: "Analysis", code: str, message: str, element: str, field: str) -> Diagnostic:
    return Diagnostic.make(code, message, element=element, field=field, line=an.defn.line_of(field))


def _unreachable(an: "Analysis") -> list[Diagnostic]:
    paths = an.paths
    out = []
    for name, i in paths.stages.items():
        if name not in paths.reachable:
            out.append(_make(an, "UNREACHABLE", f"stage {name} is on no path from the start: it never runs",
                             name, f"stages[{i}]"))
    for name, i in paths.decisions.items():
        if name not in paths.reachable:
            out.append(_make(an, "UNREACHABLE", f"decision {name} is on no path from the start: it is never taken",
                             name, f"decisions[{i}]"))
    return out


def _cycles_and_never(an: "Analysis") -> list[Diagnostic]:
    out = []
    for name, ev in an.stage_events.items():
        for cycle in ev.cycles:
            first = cycle[0]
            text = " → ".join(cycle)
            message = (f"dependency cycle {text}: {first} waits for itself" if len(cycle) == 2 else
                       f"dependency cycle {text}: these steps wait for each other, so none of them starts")
            out.append(_make(an, "DEPENDENCY_CYCLE", message, first, f"{an.step_field[first]}.start"))
        if name not in an.paths.reachable:
            continue
        for st in ev.stage.steps:
            if an.home.get(st.name) != name:
                continue
            why = an.never_happens(name, ("start", st.name))
            if why:
                out.append(_make(an, "STEP_NEVER_STARTS", f"step {st.name} never starts: {why}",
                                 st.name, f"{an.step_field[st.name]}.start"))
        why = an.never_happens(name, ev.complete)
        if why:
            out.append(_make(an, "STAGE_NEVER_COMPLETES", f"stage {name} never completes: {why}",
                             name, f"stages[{ev.position}].complete"))
    return out


def _availability(an: "Analysis") -> list[Diagnostic]:
    out = []
    reachable = an.paths.reachable
    contexts: dict = {}
    for site in iter_sites(an.defn):
        ref = an.resolve(site.ref)
        if not ref.is_automatic_output:
            continue
        node = site.stage if site.stage is not None else site.element
        if node not in reachable or not _owns(an, site):
            continue
        outcome = _outcome_of(site.field) if site.point == "decision" else None
        key = (site.element, site.point, outcome)
        ctx = contexts.get(key)
        if ctx is None:
            ctx = contexts[key] = an.context(site.element, site.point, outcome)
        verdict = an.verdict(ref, ctx)
        if verdict.status == "guaranteed":
            continue
        never_starts = site.step is not None and an.never_happens(node, ("start", site.step))
        where = WHERE[site.point].format(site.element)
        if verdict.status == "never":
            if never_starts and site.point not in ("start", "start_inputs"):
                continue  # the step never runs: STEP_NEVER_STARTS says why
            out.append(_make(an, "OUTPUT_NEVER_AVAILABLE",
                             f"{ref.text} is never available in {where}: {verdict.reason}", site.element, site.field))
        elif not never_starts:
            out.append(_make(an, "OUTPUT_MAYBE_UNAVAILABLE",
                             f"{ref.text} may be unavailable in {where}: {verdict.reason}", site.element, site.field))
    return out


def _owns(an: "Analysis", site: Site) -> bool:
    """Whether the site's element is the one the analysis indexed (not a duplicate name)."""
    if site.step is not None:
        field = an.step_field.get(site.step)
        return field is not None and site.field.startswith(field + ".")
    if site.point == "stage_complete":
        return site.field.startswith(f"stages[{an.paths.stages.get(site.element)}].")
    return site.field.startswith(f"decisions[{an.paths.decisions.get(site.element)}].")


def _outcome_of(field: str) -> int | None:
    """The outcome index in ``decisions[i].outcomes[k]...``."""
    head = field.split(".outcomes[", 1)
    return int(head[1].split("]", 1)[0]) if len(head) == 2 else None
