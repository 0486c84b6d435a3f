"""The orchestration definition model (SPEC §2), as pydantic v2 models.

Names are plain strings: a bad or duplicate name is a validation *diagnostic*, never a load
failure, so that a user can open a broken file and fix it. Field order here is the canonical
key order of saved files. Every field carries a ``description``; the designer shows it.
"""

from __future__ import annotations

import re
from typing import Annotated, Iterator, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

SCHEMA_VERSION = 1
DEFAULT_API_VERSION = 65
MAX_REQUIREMENTS = 10
MAX_LOGIC_LENGTH = 1000
MAX_COMBINED_INPUT_LENGTH = 32_768
END = "end"

VariableType = Literal[
    "Text", "Number", "Currency", "Boolean", "Date", "DateTime", "Picklist", "Record"
]
Operator = Literal[
    "EqualTo",
    "NotEqualTo",
    "GreaterThan",
    "GreaterThanOrEqualTo",
    "LessThan",
    "LessThanOrEqualTo",
    "Contains",
    "StartsWith",
    "EndsWith",
    "IsNull",
    "IsBlank",
]
OPERATORS: tuple[str, ...] = Operator.__args__  # type: ignore[attr-defined]
StepType = Literal["interactive", "background", "mulesoft"]
FlowType = Literal["screen", "autolaunched", "evaluation", "mulesoft"]
RunAs = Literal["automated_process_user", "last_interactive_user"]

# A literal value as written in YAML. Strict types keep `true` a bool and `1` an int.
LiteralValue = Union[StrictBool, StrictInt, StrictFloat, StrictStr, None]

_DURATION_RE = re.compile(r"^(?:\d+(?:\.\d+)?[smhd])+$")
_DURATION_PART_RE = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _coerce_duration(value: object) -> object:
    if isinstance(value, bool):
        return value  # let validation reject it
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return f"{value:g}s"
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not _DURATION_RE.match(text):
            raise ValueError(
                f"{value!r} is not a duration: write a number with a unit s, m, h or d, e.g. 90s, 2h, 1d"
            )
        return text
    return value


Duration = Annotated[
    StrictStr,
    BeforeValidator(_coerce_duration),
    Field(description="Simulated time: a number with a unit s, m, h or d (e.g. 30m, 2h, 1d)."),
]


def duration_seconds(duration: str | None, default: float = 0.0) -> float:
    """Seconds in a duration string such as ``1h30m``; ``default`` when None."""
    if duration is None:
        return default
    return float(sum(float(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART_RE.findall(duration)))


def line_in(lines: dict[str, int], path: str | None) -> int | None:
    """The line of field ``path`` in a path->line table, or of its nearest enclosing key."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def default_label(name: str) -> str:
    """The label Salesforce derives from an API name: underscores as spaces."""
    return name.replace("_", " ")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class FileModel(Model):
    """The root of a file (definition or scenario): remembers where each field stood in it."""

    # Where each field path (e.g. ``stages[0].steps[1].start.step``) stands in the file it was
    # loaded from: filled by engine.io, used to put lines on diagnostics. Not saved.
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        # Two files are equal when their content is; where it stood in a file is not content.
        if not isinstance(other, FileModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def line_of(self, path: str | None) -> int | None:
        """1-based line of ``path`` (or of its nearest enclosing key) in the loaded file."""
        # the private-attribute dict directly: ``self._lines`` goes through pydantic's slow __getattr__
        return line_in(self.__pydantic_private__["_lines"], path)


class Ref(Model):
    """A reference to a resource (SPEC §3), written ``{ref: X}``."""

    ref: StrictStr = Field(description="A resource reference, e.g. Review.Outputs.approved or recordId.")


Value = Annotated[
    Union[Ref, StrictBool, StrictInt, StrictFloat, StrictStr, None],
    Field(union_mode="left_to_right", description="A literal value, or {ref: <resource reference>}."),
]


def is_ref(value: object) -> bool:
    return isinstance(value, Ref)


# --------------------------------------------------------------------------- variables


class Variable(Model):
    name: StrictStr = Field(description="API name of the variable.")
    type: VariableType = Field("Text", description="Data type of the variable.")
    object: StrictStr | None = Field(None, description="For type Record: the sObject, e.g. User.")
    input: StrictBool = Field(False, description="Available for input when the orchestration is launched.")
    value: LiteralValue = Field(None, description="Default value.")


class Trigger(Model):
    object: StrictStr = Field(description="The sObject whose records start the orchestration, e.g. Account.")
    on: Literal["create", "update", "create_or_update"] = Field(
        "create", description="Which saves start a run: create, update or create_or_update."
    )


# --------------------------------------------------------------------------- conditions


class Requirement(Model):
    left: StrictStr = Field(description="The resource tested (a reference, SPEC §3).")
    operator: Operator = Field(description="Comparison operator (Salesforce name).")
    right: Value = Field(None, description="A literal value, or {ref: X} for another resource.")


_LOGIC_DESCRIPTION = "and, or, or custom logic over requirement numbers, e.g. 1 AND (2 OR 3)."


class ConditionSpec(Model):
    """A condition without a `when`: requirements with logic (evaluation flow results)."""

    logic: StrictStr = Field("and", description=_LOGIC_DESCRIPTION)
    requirements: list[Requirement] = Field(default_factory=list, description="The requirements, numbered from 1.")


class StageStarts(Model):
    when: Literal["stage_starts"] = Field("stage_starts", description="The step starts when its stage starts.")


class StepCompleted(Model):
    when: Literal["step_completed"] = Field("step_completed", description="The step starts when another step is Completed.")
    step: StrictStr = Field(description="The sibling step (same stage) that must be Completed.")


class RequirementsCondition(Model):
    when: Literal["requirements"] = Field("requirements", description="Holds when the requirements are met.")
    logic: StrictStr = Field("and", description=_LOGIC_DESCRIPTION)
    requirements: list[Requirement] = Field(default_factory=list, description="1 to 10 requirements, numbered from 1.")


class EvaluationFlowCondition(Model):
    when: Literal["evaluation_flow"] = Field("evaluation_flow", description="Holds when the evaluation flow returns True.")
    flow: StrictStr = Field(description="An evaluation flow of the flow library.")
    inputs: dict[StrictStr, Value] = Field(
        default_factory=dict, description="Values for the evaluation flow's input variables."
    )


class WorkItemCompleted(Model):
    when: Literal["work_item_completed"] = Field(
        "work_item_completed",
        description="The interactive step completes when the assignee completes the screen flow."
    )


class AllStepsCompleted(Model):
    when: Literal["all_steps_completed"] = Field("all_steps_completed", description="The stage completes when all its steps are Completed.")


def _shorthand(value: object) -> object:
    """`start: stage_starts` means `start: {when: stage_starts}` (likewise for `complete`)."""
    if isinstance(value, str):
        return {"when": value}
    return value


StartCondition = Annotated[
    Union[StageStarts, StepCompleted, RequirementsCondition, EvaluationFlowCondition],
    Field(discriminator="when"),
    BeforeValidator(_shorthand),
]
InteractiveCompletion = Annotated[
    Union[WorkItemCompleted, RequirementsCondition, EvaluationFlowCondition],
    Field(discriminator="when"),
    BeforeValidator(_shorthand),
]
StageCompletion = Annotated[
    Union[AllStepsCompleted, RequirementsCondition, EvaluationFlowCondition],
    Field(discriminator="when"),
    BeforeValidator(_shorthand),
]
Condition = Union[RequirementsCondition, EvaluationFlowCondition]

# --------------------------------------------------------------------------- steps


class Assignee(Model):
    type: Literal["user", "group", "queue"] = Field("user", description="Who the work item is assigned to.")
    value: StrictStr | None = Field(None, description="Literal username, or group / queue API name.")
    ref: StrictStr | None = Field(None, description="A resource that holds the username or group / queue name.")

    @model_validator(mode="after")
    def _one_of_value_or_ref(self) -> "Assignee":
        if self.value is not None and self.ref is not None:
            raise ValueError("an assignee has either a value or a ref, not both")
        return self


class StepBase(Model):
    name: StrictStr = Field(description="API name of the step (unique in the orchestration).")
    label: StrictStr | None = Field(None, description="Label shown to users; default: the name with spaces.")
    description: StrictStr = Field("", description="Description of the step.")
    type: str = Field(description="Step type: interactive, background or mulesoft.")
    action: StrictStr | None = Field(None, description="The flow (or MuleSoft action) the step runs.")
    inputs: dict[StrictStr, Value] = Field(
        default_factory=dict, description="Values for the called flow's input variables."
    )
    start: StartCondition = Field(
        default_factory=lambda: StageStarts(), description="When the step starts."
    )

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else default_label(self.name)


class InteractiveStep(StepBase):
    type: Literal["interactive"] = Field(description="Runs a screen flow through a work item.")
    action: StrictStr | None = Field(None, description="The screen flow the assignee completes.")
    assignee: Assignee | None = Field(None, description="The user, group or queue the work item is assigned to.")
    record: Value = Field(None, description="The context record on whose page the Work Guide shows the work.")
    inputs: dict[StrictStr, Value] = Field(
        default_factory=dict, description="Values for the screen flow's input variables."
    )
    start: StartCondition = Field(
        default_factory=lambda: StageStarts(), description="When the step starts."
    )
    complete: InteractiveCompletion = Field(
        default_factory=lambda: WorkItemCompleted(),
        description="When the interactive step is marked Completed.",
    )


class _AutomatedStep(StepBase):
    run_as: RunAs = Field(
        "automated_process_user",
        description="Who the action runs as (API 60+): the Automated Process User, or the user who "
        "completed the most recently completed interactive step.",
    )


class BackgroundStep(_AutomatedStep):
    type: Literal["background"] = Field(description="Runs an autolaunched flow without user interaction.")
    action: StrictStr | None = Field(None, description="The autolaunched flow the step runs.")
    requires_async: StrictBool | None = Field(
        None, description="Legacy metadata flag; null means: decide sync/async from the flow's elements."
    )
    inputs: dict[StrictStr, Value] = Field(
        default_factory=dict, description="Values for the flow's input variables."
    )
    start: StartCondition = Field(
        default_factory=lambda: StageStarts(), description="When the step starts."
    )

    def runs_async(self, flow: "Flow | None") -> bool:
        """SPEC §1: the legacy flag when set, else asynchronous when the flow contains an
        Action, Subflow or Wait element (an unknown flow counts as synchronous)."""
        if self.requires_async is not None:
            return self.requires_async
        return bool(flow and flow.is_async)


class MuleSoftStep(_AutomatedStep):
    type: Literal["mulesoft"] = Field(description="Runs an action imported from a MuleSoft API operation.")
    action: StrictStr | None = Field(None, description="The MuleSoft action the step runs.")
    inputs: dict[StrictStr, Value] = Field(
        default_factory=dict, description="Values for the action's inputs."
    )
    start: StartCondition = Field(
        default_factory=lambda: StageStarts(), description="When the step starts."
    )


Step = Annotated[Union[InteractiveStep, BackgroundStep, MuleSoftStep], Field(discriminator="type")]
STEP_CLASSES: dict[str, type[StepBase]] = {
    "interactive": InteractiveStep,
    "background": BackgroundStep,
    "mulesoft": MuleSoftStep,
}
# The flow type a step of each type calls.
STEP_FLOW_TYPES: dict[str, str] = {"interactive": "screen", "background": "autolaunched", "mulesoft": "mulesoft"}

# --------------------------------------------------------------------------- stages, decisions


class Stage(Model):
    name: StrictStr = Field(description="API name of the stage (unique in the orchestration).")
    label: StrictStr | None = Field(None, description="Label shown to users; default: the name with spaces.")
    description: StrictStr = Field("", description="Description of the stage.")
    next: StrictStr | None = Field(
        None, description="The next stage or decision, or `end`; default: the following stage, or end."
    )
    fault: StrictStr | None = Field(None, description="Fault path: where the run goes when this stage fails.")
    complete: StageCompletion = Field(
        default_factory=lambda: AllStepsCompleted(),
        description="When the stage is marked Completed.",
    )
    steps: list[Step] = Field(default_factory=list, description="The steps of the stage, in canvas order.")

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else default_label(self.name)


class Outcome(Model):
    name: StrictStr = Field(description="API name of the outcome.")
    label: StrictStr | None = Field(None, description="Label of the outcome's branch.")
    logic: StrictStr = Field("and", description=_LOGIC_DESCRIPTION)
    requirements: list[Requirement] = Field(default_factory=list, description="The outcome's requirements.")
    next: StrictStr = Field(END, description="Where the path goes when this outcome holds (stage, decision or end).")

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else default_label(self.name)


class Decision(Model):
    name: StrictStr = Field(description="API name of the decision.")
    label: StrictStr | None = Field(None, description="Label shown on the canvas.")
    description: StrictStr = Field("", description="Description of the decision.")
    outcomes: list[Outcome] = Field(
        default_factory=list, description="Outcomes, tried in order; the first that holds is taken."
    )
    default: StrictStr = Field(END, description="Where to go when no outcome holds (name or end).")
    default_label: StrictStr | None = Field(None, description="Label of the default branch.")

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else default_label(self.name)


# --------------------------------------------------------------------------- flow library


class FlowParameter(Model):
    name: StrictStr = Field(description="Name of the flow variable.")
    type: VariableType = Field("Text", description="Data type of the variable.")
    object: StrictStr | None = Field(None, description="For type Record: the sObject.")


class FlowSimulation(Model):
    outputs: dict[StrictStr, LiteralValue] = Field(
        default_factory=dict, description="Output values the simulated flow returns."
    )
    error: StrictStr | None = Field(None, description="A message makes the simulated flow fail.")
    duration: Duration | None = Field(
        None, description="Simulated run time; default 0 sync, 1m async, 1h interactive."
    )
    result: StrictBool | ConditionSpec | None = Field(
        None,
        description="Evaluation flows: a literal true/false, or a condition over the flow's own inputs.",
    )


class Flow(Model):
    name: StrictStr = Field(description="API name of the flow or MuleSoft action.")
    type: FlowType = Field(description="screen, autolaunched, evaluation or mulesoft.")
    label: StrictStr | None = Field(None, description="Label of the flow.")
    description: StrictStr = Field("", description="Description of the flow.")
    elements: list[StrictStr] = Field(
        default_factory=list,
        description="Element kinds in the flow; an Action, Subflow or Wait makes a background step asynchronous.",
    )
    inputs: list[FlowParameter] = Field(default_factory=list, description="Input variables of the flow.")
    outputs: list[FlowParameter] = Field(default_factory=list, description="Output variables of the flow.")
    simulate: FlowSimulation = Field(
        default_factory=FlowSimulation, description="Default simulated behaviour (a scenario can override)."
    )

    @property
    def is_async(self) -> bool:
        """Whether a background step running this flow is asynchronous (SPEC §1)."""
        return any(e in ASYNC_ELEMENTS for e in self.elements)

    def input(self, name: str) -> FlowParameter | None:
        return next((p for p in self.inputs if p.name == name), None)

    def output(self, name: str) -> FlowParameter | None:
        return next((p for p in self.outputs if p.name == name), None)


ASYNC_ELEMENTS = frozenset({"Action", "Subflow", "Wait"})
EVALUATION_OUTPUT = "isOrchestrationConditionMet"

# --------------------------------------------------------------------------- orchestration


class Orchestration(FileModel):
    schema_version: Literal[1] = Field(SCHEMA_VERSION, description="Version of this file format (1).")
    name: StrictStr = Field(description="API name of the orchestration.")
    label: StrictStr | None = Field(None, description="Label; default: the name with underscores as spaces.")
    description: StrictStr = Field("", description="Description of the orchestration.")
    api_version: StrictInt = Field(DEFAULT_API_VERSION, description="Salesforce API version (decides run-as rules).")
    type: Literal["autolaunched", "record_triggered"] = Field(
        "autolaunched", description="autolaunched (no trigger) or record_triggered."
    )
    trigger: Trigger | None = Field(None, description="Record trigger (record_triggered only).")
    run_context: Literal["system", "user"] = Field(
        "system", description="system or user: how the orchestration runs; matters only for API 59 and older."
    )
    start: StrictStr | None = Field(None, description="The first stage or decision; default: the first stage.")
    variables: list[Variable] = Field(default_factory=list, description="Orchestration variables.")
    stages: list[Stage] = Field(default_factory=list, description="The stages.")
    decisions: list[Decision] = Field(default_factory=list, description="Decisions between stages.")
    flows: list[Flow] = Field(default_factory=list, description="The library of flows and actions the steps call.")

    # ---- lookups (linear; callers that query in loops build their own index)

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else default_label(self.name)

    def iter_steps(self) -> Iterator[tuple[Stage, InteractiveStep | BackgroundStep | MuleSoftStep]]:
        for stage in self.stages:
            for step in stage.steps:
                yield stage, step

    def stage(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)

    def decision(self, name: str) -> Decision | None:
        return next((d for d in self.decisions if d.name == name), None)

    def step(self, name: str) -> InteractiveStep | BackgroundStep | MuleSoftStep | None:
        return next((st for _, st in self.iter_steps() if st.name == name), None)

    def stage_of(self, step_name: str) -> Stage | None:
        return next((sg for sg, st in self.iter_steps() if st.name == step_name), None)

    def flow(self, name: str | None) -> Flow | None:
        return next((f for f in self.flows if f.name == name), None) if name else None

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)

    def start_target(self) -> str:
        """The first stage or decision of the path (`end` when there is none)."""
        if self.start:
            return self.start
        return self.stages[0].name if self.stages else END

    def next_of(self, stage: Stage) -> str:
        """Where the path goes after ``stage`` completes: its `next`, else the following stage, else end."""
        if stage.next:
            return stage.next
        index = next(i for i, s in enumerate(self.stages) if s is stage or s.name == stage.name)
        return self.stages[index + 1].name if index + 1 < len(self.stages) else END
