"""Checks on steps and the flows they call: UNKNOWN_FLOW, WRONG_FLOW_TYPE, UNKNOWN_FLOW_INPUT,
MISSING_ASSIGNEE, MISSING_RECORD, ASSIGNEE_IS_ID, ASSIGNEE_CURRENT_USER, INPUT_TOO_LONG and
RUN_AS_NOT_APPLICABLE."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic
from ..model import (
    MAX_COMBINED_INPUT_LENGTH,
    STEP_FLOW_TYPES,
    BackgroundStep,
    EvaluationFlowCondition,
    InteractiveStep,
    MuleSoftStep,
    Ref,
)
from .context import Context

# A Salesforce record Id: 15 (case-sensitive) or 18 characters, letters and digits.
SALESFORCE_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
LAST_API_WITH_RUN_CONTEXT = 59

_FLOW_TYPE_WORDS = {"screen": "a screen flow", "autolaunched": "an autolaunched flow",
                    "evaluation": "an evaluation flow", "mulesoft": "a MuleSoft action"}


def looks_like_id(value: str) -> bool:
    """Whether ``value`` looks like a record Id rather than a username (which has an @)."""
    return bool(SALESFORCE_ID.match(value)) and any(ch.isdigit() for ch in value)


def _flow_call(ctx: Context, name: str | None, wanted: str, inputs: dict[str, object], element: str,
               what: str, field: str, inputs_field: str) -> Iterator[Diagnostic]:
    """A call of flow ``name`` (of type ``wanted``) with ``inputs``."""
    if not name:
        return  # a draft may leave the action empty; there is nothing to look up yet
    flow = ctx.flows.get(name)
    if flow is None:
        yield ctx.report("UNKNOWN_FLOW", f"{what} runs {name!r}, which is not in the flow library; "
                         "its inputs and outputs cannot be checked", element, field)
        return
    if flow.type != wanted:
        yield ctx.report("WRONG_FLOW_TYPE", f"{what} needs {_FLOW_TYPE_WORDS[wanted]}, but {name} is "
                         f"{_FLOW_TYPE_WORDS.get(flow.type, flow.type)}", element, field)
    declared = {p.name for p in flow.inputs}
    for key in inputs:
        if key not in declared:
            known = ", ".join(sorted(declared)) or "none"
            yield ctx.report("UNKNOWN_FLOW_INPUT", f"{what} sets input {key!r}, but {name} has no such input "
                             f"variable (inputs: {known})", element, f"{inputs_field}.{key}")


def _evaluation_calls(ctx: Context, step_or_stage: object, prefix: str, element: str, kind: str) -> Iterator[Diagnostic]:
    for attr, label in (("start", "start"), ("complete", "completion")):
        cond = getattr(step_or_stage, attr, None)
        if isinstance(cond, EvaluationFlowCondition):
            yield from _flow_call(ctx, cond.flow, "evaluation", cond.inputs, element,
                                  f"the {label} condition of {kind} {element}", f"{prefix}.{attr}.flow",
                                  f"{prefix}.{attr}.inputs")


def _literal_length(value: object) -> int:
    if value is None or isinstance(value, Ref):
        return 0
    if isinstance(value, bool):
        return len(str(value).lower())
    return len(str(value))


def check_steps(ctx: Context) -> Iterable[Diagnostic]:
    defn = ctx.defn
    for si, stage in enumerate(defn.stages):
        yield from _evaluation_calls(ctx, stage, f"stages[{si}]", stage.name, "stage")
        for ti, step in enumerate(stage.steps):
            tp = f"stages[{si}].steps[{ti}]"
            yield from _flow_call(ctx, step.action, STEP_FLOW_TYPES[step.type], step.inputs, step.name,
                                  f"{step.type} step {step.name}", f"{tp}.action", f"{tp}.inputs")
            yield from _evaluation_calls(ctx, step, tp, step.name, "step")
            if isinstance(step, InteractiveStep):
                yield from _interactive(ctx, step, tp)
            total = sum(_literal_length(v) for v in step.inputs.values())
            if isinstance(step, InteractiveStep):
                total += _literal_length(step.record)
            if total > MAX_COMBINED_INPUT_LENGTH:
                yield ctx.report("INPUT_TOO_LONG", f"the literal inputs of step {step.name} add up to {total:,} "
                                 f"characters; Salesforce fails the run above {MAX_COMBINED_INPUT_LENGTH:,} "
                                 "(pass record Ids, not whole texts)", step.name, f"{tp}.inputs")
            if isinstance(step, (BackgroundStep, MuleSoftStep)) and step.run_as == "last_interactive_user" \
                    and defn.api_version <= LAST_API_WITH_RUN_CONTEXT:
                yield ctx.report("RUN_AS_NOT_APPLICABLE", f"step {step.name} runs as the last interactive user, but "
                                 f"that choice exists only from API version 60; at API {defn.api_version} the "
                                 "orchestration's run_context decides", step.name, f"{tp}.run_as")


def _interactive(ctx: Context, step: InteractiveStep, tp: str) -> Iterator[Diagnostic]:
    assignee = step.assignee
    if assignee is None or not ((assignee.value or "").strip() or (assignee.ref or "").strip()):
        yield ctx.report("MISSING_ASSIGNEE", f"interactive step {step.name} has no assignee; choose the user, "
                         "group or queue that completes its work item", step.name, f"{tp}.assignee")
    else:
        if assignee.type == "user" and assignee.value is not None and looks_like_id(assignee.value.strip()):
            yield ctx.report("ASSIGNEE_IS_ID", f"step {step.name} is assigned to {assignee.value!r}, which looks "
                             "like a record Id; Salesforce needs the user's username (e.g. name@example.com)",
                             step.name, f"{tp}.assignee.value")
        ref = (assignee.ref or "").strip()
        variable = ctx.defn.variable(ref) if ref else None
        if assignee.type == "user" and variable is not None and isinstance(variable.value, str) \
                and looks_like_id(variable.value.strip()):
            yield ctx.report("ASSIGNEE_IS_ID", f"step {step.name} is assigned to variable {ref}, whose value "
                             f"{variable.value!r} looks like a record Id; it must hold a username",
                             step.name, f"{tp}.assignee.ref")
        if ref == "$User" or ref.startswith("$User."):
            yield ctx.report("ASSIGNEE_CURRENT_USER", f"step {step.name} is assigned to {ref}, the running user; "
                             "orchestrations usually run as the Automated Process User, which cannot own work "
                             "items", step.name, f"{tp}.assignee.ref")
    record = step.record
    if record is None or (isinstance(record, str) and not record.strip()) or \
            (isinstance(record, Ref) and not record.ref.strip()):
        yield ctx.report("MISSING_RECORD", f"interactive step {step.name} has no context record; the Work Guide "
                         "shows the work item on that record's page (e.g. {ref: $Record.Id})", step.name, f"{tp}.record")


def check_run_context(ctx: Context) -> Iterable[Diagnostic]:
    defn = ctx.defn
    if defn.run_context == "user" and defn.api_version > LAST_API_WITH_RUN_CONTEXT:
        yield ctx.report("RUN_AS_NOT_APPLICABLE", f"run_context user has no effect at API version "
                         f"{defn.api_version}: from API 60 orchestrations always run as the Automated Process "
                         "User (use run_as on background steps instead)", defn.name, "run_context")
