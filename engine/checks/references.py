"""INVALID_TARGET, UNKNOWN_STEP, STEP_IN_OTHER_STAGE, UNKNOWN_REFERENCE, RECORD_NOT_AVAILABLE,
UNKNOWN_FLOW_OUTPUT and EVALUATION_OUTPUT_DISCARDED for references to step outputs."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic
from ..model import END, EVALUATION_OUTPUT
from ..refs import GLOBAL_PREFIXES, iter_sites, resolve_ref, after_step_conditions
from .context import Context


def _targets(ctx: Context) -> Iterator[tuple[str, str, str, str, bool]]:
    """(target, what, element, field, end allowed) for every path connector."""
    defn = ctx.defn
    if defn.start is not None:
        yield defn.start, "start", defn.name, "start", False
    for si, stage in enumerate(defn.stages):
        if stage.next is not None:
            yield stage.next, "next", stage.name, f"stages[{si}].next", True
        if stage.fault is not None:
            yield stage.fault, "fault path", stage.name, f"stages[{si}].fault", False
    for di, decision in enumerate(defn.decisions):
        for oi, outcome in enumerate(decision.outcomes):
            yield outcome.next, f"outcome {outcome.name}", decision.name, f"decisions[{di}].outcomes[{oi}].next", True
        yield decision.default, "default path", decision.name, f"decisions[{di}].default", True


def check_targets(ctx: Context) -> Iterable[Diagnostic]:
    """Connectors must lead to a stage, a decision or (except start and fault paths) `end`."""
    for target, what, element, field, end_ok in _targets(ctx):
        if target in ctx.names.stages or target in ctx.names.decisions:
            continue
        if target == END:
            if not end_ok:
                yield ctx.report("INVALID_TARGET", f"the {what} of {element} cannot be `end`; "
                                 "it must lead to a stage or a decision", element, field)
            continue
        kind = ctx.kind_of(target)
        why = f"{target!r} is a {kind}" if kind else f"there is no stage or decision named {target!r}"
        allowed = "a stage, a decision or `end`" if end_ok else "a stage or a decision"
        yield ctx.report("INVALID_TARGET", f"the {what} of {element} must lead to {allowed}; {why}", element, field)


def check_after_step(ctx: Context) -> Iterable[Diagnostic]:
    """"When another step is Completed" names a step of the same stage."""
    for stage, step, field, _cond, required in after_step_conditions(ctx.defn):
        owner = ctx.names.steps.get(required)
        if owner is None:
            yield ctx.report("UNKNOWN_STEP", f"step {step} starts after step {required!r}, which does not exist",
                             step, field)
        elif owner != stage:
            yield ctx.report("STEP_IN_OTHER_STAGE", f"step {step} starts after step {required}, which is in stage "
                             f"{owner}; it can only wait for a step of its own stage {stage}", step, field)


NO_RESOURCE_YET = "has no resource yet: choose the resource to test"
_REQUIREMENT_PATH = re.compile(r"(?:outcomes\[(\d+)\]\.)?requirements\[(\d+)\]\.(?:left|right)")


def _requirement_words(field: str) -> str:
    """'outcome 2, requirement 1' for a requirement's field path; 'the reference' otherwise."""
    match = _REQUIREMENT_PATH.search(field)
    if match is None:
        return "the reference"
    outcome, requirement = match.groups()
    where = f"outcome {int(outcome) + 1}, " if outcome is not None else ""
    return f"{where}requirement {int(requirement) + 1}"


def check_references(ctx: Context) -> Iterable[Diagnostic]:
    """Every resource reference names something that exists (SPEC §3)."""
    defn = ctx.defn
    for site in iter_sites(defn):
        ref = site.ref
        resolved = resolve_ref(defn, ref, names=ctx.names)
        where = site.element
        if not ref.strip():
            yield ctx.report("UNKNOWN_REFERENCE", f"{where}: {_requirement_words(site.field)} {NO_RESOURCE_YET}",
                             site.element, site.field)
        elif resolved.kind == "unknown":
            yield ctx.report("UNKNOWN_REFERENCE", f"{where} refers to {ref!r}, which names no stage, step, "
                             "variable or global value", site.element, site.field)
        elif resolved.kind == "record":
            if defn.type != "record_triggered":
                yield ctx.report("RECORD_NOT_AVAILABLE", f"{where} refers to {ref!r}, but $Record exists only in "
                                 "record-triggered orchestrations", site.element, site.field)
        elif resolved.kind == "global":
            if not ref.strip().startswith(GLOBAL_PREFIXES):
                yield ctx.report("UNKNOWN_REFERENCE", f"{where} refers to {ref!r}, which is not a known global "
                                 "variable", site.element, site.field)
        elif resolved.kind == "variable" and resolved.member is not None:
            variable = defn.variable(resolved.owner or "")
            if variable is not None and variable.type != "Record":
                yield ctx.report("UNKNOWN_REFERENCE", f"{where} refers to {ref!r}, but variable {variable.name} is "
                                 f"of type {variable.type}, not a record with fields", site.element, site.field)
        elif resolved.kind == "step_output":
            yield from _check_output(ctx, resolved.owner or "", resolved.member or "", site.element, site.field, ref)


def _check_output(ctx: Context, step: str, output: str, element: str, field: str, ref: str) -> Iterator[Diagnostic]:
    flow = ctx.step_flows.get(step)
    if flow is None:
        return  # the step's flow is unknown (UNKNOWN_FLOW says so); nothing to compare with
    if flow.type == "evaluation":
        if output != EVALUATION_OUTPUT:
            yield ctx.report("EVALUATION_OUTPUT_DISCARDED", f"{element} refers to {ref!r}, but {flow.name} is an "
                             f"evaluation flow: only {EVALUATION_OUTPUT} is kept, other outputs are discarded",
                             element, field)
        return
    if flow.output(output) is None:
        known = ", ".join(p.name for p in flow.outputs) or "none"
        yield ctx.report("UNKNOWN_FLOW_OUTPUT", f"{element} refers to {ref!r}, but flow {flow.name} has no output "
                         f"{output!r} (outputs: {known})", element, field)
