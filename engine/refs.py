"""Resource references (SPEC §3) and the places in a definition that hold them.

Field paths use the YAML layout: ``stages[0].steps[1].start.requirements[0].left``. The
loader records a line per path (``Orchestration.line_of``), so any check that knows the
path of what it reports gets the line for free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from .model import (
    EvaluationFlowCondition,
    InteractiveStep,
    Orchestration,
    Ref,
    Requirement,
    RequirementsCondition,
    StepCompleted,
)

GLOBAL_PREFIXES = ("$User.", "$Organization.", "$Flow.", "$Setup.", "$Profile.", "$UserRole.", "$Label.", "$Api.", "$Permission.", "$System.")
RECORD_PREFIXES = ("$Record.", "$Record__Prior.")
STATUS = "Status"
OUTPUTS = "Outputs"

RefKind = Literal["stage_status", "step_status", "step_output", "variable", "record", "global", "unknown"]


@dataclass(frozen=True)
class ResolvedRef:
    """What a reference text points at. ``owner`` is the stage/step/variable name."""

    text: str
    kind: RefKind
    owner: str | None = None
    member: str | None = None  # output variable name, or a record field
    path: str | None = None    # a record output's field after the output name (Get_User.Outputs.user.Id)

    @property
    def is_automatic_output(self) -> bool:
        return self.kind in ("stage_status", "step_status", "step_output")


def split_ref(text: str) -> list[str]:
    return text.strip().split(".")


def resolve_ref(defn: Orchestration, text: str, *, names: "NameIndex | None" = None) -> ResolvedRef:
    """Classify ``text`` against ``defn``; kind ``unknown`` when it names nothing."""
    names = names or NameIndex(defn)
    t = text.strip()
    if t.startswith(RECORD_PREFIXES) or t in ("$Record", "$Record__Prior"):
        field = t.split(".", 1)[1] if "." in t else None
        return ResolvedRef(t, "record", t.split(".", 1)[0], field)
    if t.startswith("$"):
        return ResolvedRef(t, "global", t.split(".", 1)[0], t.split(".", 1)[1] if "." in t else None)
    parts = split_ref(t)
    head = parts[0]
    if len(parts) == 2 and parts[1] == STATUS:
        if head in names.stages:
            return ResolvedRef(t, "stage_status", head)
        if head in names.steps:
            return ResolvedRef(t, "step_status", head)
    if len(parts) >= 3 and parts[1] == OUTPUTS and head in names.steps:
        return ResolvedRef(t, "step_output", head, parts[2], ".".join(parts[3:]) or None)
    if head in names.variables:
        # a Record variable's field, possibly through a lookup (curUser.Manager.Username)
        return ResolvedRef(t, "variable", head, ".".join(parts[1:]) or None)
    return ResolvedRef(t, "unknown", head)


class NameIndex:
    """Name sets of one definition, for fast reference resolution in loops."""

    def __init__(self, defn: Orchestration) -> None:
        self.stages = {s.name for s in defn.stages}
        self.steps = {st.name: sg.name for sg, st in defn.iter_steps()}
        self.variables = {v.name for v in defn.variables}
        self.decisions = {d.name for d in defn.decisions}


# ---------------------------------------------------------------- reference sites

Point = Literal[
    "start",          # a step's start condition (requirements, or after-step)
    "start_inputs",   # inputs of a step's start evaluation flow
    "inputs",         # a step's flow inputs
    "assignee",       # an interactive step's assignee
    "record",         # an interactive step's context record
    "complete",       # an interactive step's completion condition (requirements or flow inputs)
    "stage_complete", # a stage's completion condition
    "decision",       # a decision outcome's requirements
]


@dataclass(frozen=True)
class Site:
    """One place in a definition where a resource reference is written."""

    ref: str
    point: Point
    element: str          # the step, stage or decision that holds it
    field: str            # field path, e.g. stages[0].steps[1].inputs.note
    stage: str | None     # the stage of the point (None for decisions)
    step: str | None      # the step of the point (None for stage / decision points)


def _value_refs(value: object, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Ref):
        yield value.ref, f"{field}.ref"


def _requirement_refs(reqs: list[Requirement], field: str) -> Iterator[tuple[str, str]]:
    for i, req in enumerate(reqs):
        yield req.left, f"{field}.requirements[{i}].left"
        yield from _value_refs(req.right, f"{field}.requirements[{i}].right")


def condition_refs(cond: object, field: str) -> Iterator[tuple[str, str]]:
    """References in a start/completion condition (requirements, or evaluation-flow inputs)."""
    if isinstance(cond, RequirementsCondition):
        yield from _requirement_refs(cond.requirements, field)
    elif isinstance(cond, EvaluationFlowCondition):
        for name, value in cond.inputs.items():
            yield from _value_refs(value, f"{field}.inputs.{name}")


def iter_sites(defn: Orchestration) -> Iterator[Site]:
    """Every resource reference written in ``defn``, with its reference point and field path.

    "After step X" start conditions are not resource references (they name a step, checked as
    UNKNOWN_STEP); use ``StepCompleted`` directly for those.
    """
    for si, stage in enumerate(defn.stages):
        sp = f"stages[{si}]"
        for ti, step in enumerate(stage.steps):
            tp = f"{sp}.steps[{ti}]"
            start_point: Point = "start_inputs" if isinstance(step.start, EvaluationFlowCondition) else "start"
            for ref, field in condition_refs(step.start, f"{tp}.start"):
                yield Site(ref, start_point, step.name, field, stage.name, step.name)
            for name, value in step.inputs.items():
                for ref, field in _value_refs(value, f"{tp}.inputs.{name}"):
                    yield Site(ref, "inputs", step.name, field, stage.name, step.name)
            if isinstance(step, InteractiveStep):
                if step.assignee is not None and step.assignee.ref:
                    yield Site(step.assignee.ref, "assignee", step.name, f"{tp}.assignee.ref", stage.name, step.name)
                for ref, field in _value_refs(step.record, f"{tp}.record"):
                    yield Site(ref, "record", step.name, field, stage.name, step.name)
                for ref, field in condition_refs(step.complete, f"{tp}.complete"):
                    yield Site(ref, "complete", step.name, field, stage.name, step.name)
        for ref, field in condition_refs(stage.complete, f"{sp}.complete"):
            yield Site(ref, "stage_complete", stage.name, field, stage.name, None)
    for di, decision in enumerate(defn.decisions):
        for oi, outcome in enumerate(decision.outcomes):
            for ref, field in _requirement_refs(outcome.requirements, f"decisions[{di}].outcomes[{oi}]"):
                yield Site(ref, "decision", decision.name, field, None, None)


def after_step_conditions(defn: Orchestration) -> Iterator[tuple[str, str, str, StepCompleted, str]]:
    """(stage, step, field path, condition, required step) for each "after step X" start."""
    for si, stage in enumerate(defn.stages):
        for ti, step in enumerate(stage.steps):
            if isinstance(step.start, StepCompleted):
                yield stage.name, step.name, f"stages[{si}].steps[{ti}].start.step", step.start, step.start.step
