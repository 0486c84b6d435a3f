"""Every resource a reference point can pick, each with its availability (the picker's list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from ..model import InteractiveStep, Ref

if TYPE_CHECKING:  # pragma: no cover
    from .core import Analysis

Group = Literal["variables", "globals", "stage_status", "step_status", "step_output", "unknown"]

STANDARD_GLOBALS = (
    "$User.Id", "$User.Username", "$User.Email", "$User.FirstName", "$User.LastName",
    "$Organization.Id", "$Organization.Name", "$Flow.CurrentDateTime",
)


class Candidate(NamedTuple):
    """One resource at one reference point: ``status`` guaranteed | maybe | never, one-line ``reason``."""

    ref: str
    group: Group
    status: str
    reason: str


GROUP_OF = {"variable": "variables", "global": "globals", "record": "globals",
            "stage_status": "stage_status", "step_status": "step_status", "step_output": "step_output"}


def referenced(an: "Analysis") -> tuple[list[str], list[str]]:
    """Variable fields and global / $Record references written anywhere in the definition."""
    cached = getattr(an, "_referenced", None)
    if cached is not None:
        return cached
    fields: dict[str, None] = {}
    globals_: dict[str, None] = {}
    variables = an.names.variables
    for text in _texts(an.defn):
        if text.startswith("$"):
            globals_[text] = None
        elif "." in text and text.split(".", 1)[0] in variables:
            fields[text] = None
    an._referenced = (list(fields), list(globals_))
    return an._referenced


def _texts(defn) -> Iterator[str]:
    """Every reference text in ``defn`` (a lighter walk than ``iter_sites``)."""
    def of_values(values) -> Iterator[str]:
        for value in values:
            if isinstance(value, Ref):
                yield value.ref.strip()

    def of_condition(cond) -> Iterator[str]:
        data = cond.__dict__  # getattr on a missing pydantic attribute is slow
        for req in data.get("requirements") or ():
            yield req.left.strip()
            if isinstance(req.right, Ref):
                yield req.right.ref.strip()
        yield from of_values((data.get("inputs") or {}).values())

    for stage in defn.stages:
        yield from of_condition(stage.complete)
        for st in stage.steps:
            yield from of_values(st.inputs.values())
            yield from of_condition(st.start)
            if isinstance(st, InteractiveStep):
                yield from of_condition(st.complete)
                yield from of_values([st.record])
                if st.assignee is not None and st.assignee.ref:
                    yield st.assignee.ref.strip()
    for decision in defn.decisions:
        for outcome in decision.outcomes:
            yield from of_condition(outcome)


def list_candidates(an: "Analysis", element: str, point: str, outcome: int | None = None) -> list[Candidate]:
    """All candidates at ``point`` of ``element`` (see ``Analysis.availability``)."""
    ctx = an.context(element, point, outcome)
    defn = an.defn
    out: list[Candidate] = []
    fields, used_globals = referenced(an)
    for var in defn.variables:
        out.append(Candidate(var.name, "variables", "guaranteed", "variables are always available"))
    for text in fields:
        out.append(Candidate(text, "variables", "guaranteed", "variables are always available"))
    record_triggered = defn.type == "record_triggered"
    globals_ = list(STANDARD_GLOBALS)
    if record_triggered:
        globals_.append("$Record.Id")
    for text in used_globals:
        if text not in globals_ and (record_triggered or not text.startswith("$Record")):
            globals_.append(text)
    for text in globals_:
        reason = ("the triggering record is always available" if text.startswith("$Record")
                  else "global variables are always available")
        out.append(Candidate(text, "globals", "guaranteed", reason))
    stage_verdicts = {}
    for stage in an.paths.stages:
        verdict = stage_verdicts[stage] = an.stage_entered(stage, ctx, stage)
        out.append(Candidate(f"{stage}.Status", "stage_status", verdict.status, verdict.reason))
    rows = _step_rows(an)
    local = ctx.node if ctx.in_stage else None
    append = out.append
    for step, stage, _bit, status_ref, _outputs in rows:
        verdict = stage_verdicts[stage]
        if stage == local:
            reason = f"{step} is in this stage, which is in progress"
        else:
            reason = verdict.reason.replace(f"stage {stage}", f"{step}'s stage {stage}", 1)
        append(Candidate(status_ref, "step_status", verdict.status, reason))
    facts, never_done = an.facts(ctx), an.never_done
    if ctx.event is not None:  # facts this point's own condition provides: step_completed words them
        facts &= ~an.stage_events[ctx.node].anc.get(ctx.event, 0)
    elif ctx.outcome is not None:
        facts &= an.entry.get(ctx.node, 0)
    for step, stage, bit, _status_ref, outputs in rows:
        if not outputs:
            continue
        if facts & bit and stage != local and step not in never_done:  # fast path
            status, reason = "guaranteed", f"{step} always completes before this point"
        else:
            verdict = an.step_completed(step, ctx, stage_verdicts[stage])
            status, reason = verdict.status, verdict.reason
        for ref in outputs:
            append(Candidate(ref, "step_output", status, reason))
    return out


def _step_rows(an: "Analysis") -> list[tuple[str, str, int, str, tuple[str, ...]]]:
    """(step, stage, bit, status reference, output references) per step, built once."""
    rows = an.__dict__.get("_step_rows")
    if rows is None:
        flows = {f.name: f for f in reversed(an.defn.flows)}
        rows = []
        for step, st in an.steps.items():
            flow = flows.get(st.action) if st.action else None
            outputs = tuple(f"{step}.Outputs.{p.name}" for p in flow.outputs) if flow is not None else ()
            rows.append((step, an.home[step], an.bit[step], f"{step}.Status", outputs))
        an.__dict__["_step_rows"] = rows
    return rows


def status_of(an: "Analysis", ref: str, element: str, point: str, outcome: int | None = None) -> Candidate:
    """One reference at one point (see ``Analysis.status_of``)."""
    ctx = an.context(element, point, outcome)
    resolved = an.resolve(ref)
    verdict = an.verdict(resolved, ctx)
    return Candidate(resolved.text, GROUP_OF.get(resolved.kind, "unknown"), verdict.status, verdict.reason)
