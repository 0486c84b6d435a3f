"""TOO_MANY_REQUIREMENTS, INVALID_LOGIC and TYPE_MISMATCH over every condition."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..diagnostics import Diagnostic
from ..logic import LogicError, parse_logic
from ..model import MAX_REQUIREMENTS, ConditionSpec, InteractiveStep, Ref, Requirement, RequirementsCondition
from ..datatypes import NULL_TESTS, STAGE_STATUSES, STEP_STATUSES, TypeOf, operators_for, resource_type, type_group
from .context import Context



def _conditions(ctx: Context) -> Iterator[tuple[str, str, str, Any, TypeOf, bool]]:
    """Every condition made of requirements.

    Yields (element, description, field path, holder, type_of, limited) where ``holder`` has
    ``logic`` and ``requirements``; ``limited`` says whether the 10-requirement limit applies.
    """
    defn = ctx.defn
    type_of = lambda text: ref_type(ctx, text)  # noqa: E731
    for si, stage in enumerate(defn.stages):
        for ti, step in enumerate(stage.steps):
            tp = f"stages[{si}].steps[{ti}]"
            if isinstance(step.start, RequirementsCondition):
                yield step.name, f"the start condition of step {step.name}", f"{tp}.start", step.start, type_of, True
            if isinstance(step, InteractiveStep) and isinstance(step.complete, RequirementsCondition):
                yield step.name, f"the completion condition of step {step.name}", f"{tp}.complete", step.complete, type_of, True
        if isinstance(stage.complete, RequirementsCondition):
            yield stage.name, f"the completion condition of stage {stage.name}", f"stages[{si}].complete", stage.complete, type_of, True
    for di, decision in enumerate(defn.decisions):
        for oi, outcome in enumerate(decision.outcomes):
            yield (decision.name, f"outcome {outcome.name} of decision {decision.name}",
                   f"decisions[{di}].outcomes[{oi}]", outcome, type_of, False)
    for fi, flow in enumerate(defn.flows):
        if isinstance(flow.simulate.result, ConditionSpec):
            inputs = {p.name: p.type for p in flow.inputs}
            yield (flow.name, f"the simulated result of evaluation flow {flow.name}", f"flows[{fi}].simulate.result",
                   flow.simulate.result, inputs.get, False)


def ref_type(ctx: Context, text: str) -> str | None:
    """The data type of a resource reference, when the definition tells it."""
    return resource_type(ctx.defn, text, names=ctx.names, step_flows=ctx.step_flows)


def check_conditions(ctx: Context) -> Iterable[Diagnostic]:
    for element, what, field, holder, type_of, limited in _conditions(ctx):
        reqs = holder.requirements
        if limited and len(reqs) > MAX_REQUIREMENTS:
            yield ctx.report("TOO_MANY_REQUIREMENTS", f"{what} has {len(reqs)} requirements; the limit is "
                             f"{MAX_REQUIREMENTS} (use an evaluation flow for more)", element, f"{field}.requirements")
        if not reqs:
            yield ctx.report("INVALID_LOGIC", f"{what} has no requirements; add at least one", element,
                             f"{field}.requirements")
        else:
            try:
                parse_logic(holder.logic, len(reqs))
            except LogicError as exc:
                shown = holder.logic if len(holder.logic) <= 60 else holder.logic[:57] + "..."
                yield ctx.report("INVALID_LOGIC", f"the logic {shown!r} of {what} is invalid: {exc}",
                                 element, f"{field}.logic")
        for i, req in enumerate(reqs):
            problem = requirement_type_problem(req, type_of)
            if problem:
                yield ctx.report("TYPE_MISMATCH", f"requirement {i + 1} of {what}: {problem}", element,
                                 f"{field}.requirements[{i}]")


def _type_name(t: str) -> str:
    return {"StepStatus": "step Status", "StageStatus": "stage Status"}.get(t, t)


def _literal_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "text"


def requirement_type_problem(req: Requirement, type_of: TypeOf) -> str | None:
    """Why a requirement compares incompatible things, or None."""
    left_type = type_of(req.left)
    right = req.right
    if req.operator in NULL_TESTS:
        if right is not None and not isinstance(right, bool):  # no right side means true
            return f"{req.operator} takes true or false on the right, not {right!r}"
        return None
    if left_type is None:
        return None
    group = type_group(left_type)
    if req.operator not in operators_for(left_type):
        return f"operator {req.operator} does not apply to {_type_name(left_type)} {req.left}"
    if right is None:
        return None
    if isinstance(right, Ref):
        right_type = type_of(right.ref)
        if right_type is not None and type_group(right_type) != group:
            return f"{req.left} ({_type_name(left_type)}) is compared with {right.ref} ({_type_name(right_type)})"
        return None
    kind = _literal_kind(right)
    if group in ("date", "record"):
        expected = "text"
    else:
        expected = group
    if kind != expected:
        return f"{req.left} ({_type_name(left_type)}) is compared with the {kind} value {right!r}"
    if left_type in ("StepStatus", "StageStatus"):
        valid = STEP_STATUSES if left_type == "StepStatus" else STAGE_STATUSES
        if req.operator in ("EqualTo", "NotEqualTo") and right not in valid:
            return f"{right!r} is not a {_type_name(left_type)}; use one of: {', '.join(valid)}"
    return None
