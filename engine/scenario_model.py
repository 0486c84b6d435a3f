"""The scenario file (`*.scenario.yaml`, SPEC §4): inputs and scripted behaviour of one run."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictStr, model_validator

from .model import Duration, FileModel, LiteralValue, Model

RunStatus = Literal["In Progress", "Completed", "Error", "Canceled", "Suspended"]
StageStatus = Literal["In Progress", "Completed", "Discontinued", "Error", "Canceled", "Suspended"]
StepStatus = Literal["Not Started", "In Progress", "Completed", "Discontinued", "Error", "Canceled"]
DEFAULT_USER = "user@example.com"


class StepOverride(Model):
    outputs: dict[StrictStr, LiteralValue] | None = Field(None, description="Output values this step's flow returns.")
    error: StrictStr | None = Field(None, description="A message makes this step's flow fail.")
    completed_by: StrictStr | None = Field(None, description="Who completes the work item (interactive steps).")
    duration: Duration | None = Field(None, description="How long the step takes (simulated time).")


class ScenarioEvent(Model):
    at: Duration = Field(description="Simulated time of the event, from the start of the run.")
    set: dict[StrictStr, LiteralValue] | None = Field(
        None, description="A record or variable change, e.g. {\"$Record.Industry\": Retail}; re-evaluates the stage."
    )
    publish: StrictBool = Field(False, description="Publish a manual Orchestration Event (re-evaluates the stage).")

    @model_validator(mode="after")
    def _one_kind(self) -> "ScenarioEvent":
        if (self.set is not None) == bool(self.publish):
            raise ValueError("an event either sets fields (set: {...}) or publishes (publish: true)")
        return self


class Expectation(Model):
    run: RunStatus | None = Field(None, description="Expected final run status.")
    stages: dict[StrictStr, StageStatus | Literal["not reached"]] = Field(
        default_factory=dict, description="Expected stage statuses; `not reached` for a stage the run never entered.")
    steps: dict[StrictStr, StepStatus] = Field(default_factory=dict, description="Expected step statuses.")
    milestones: list[StrictStr] | None = Field(
        None, description="Optional exact list of \"Milestone Element\" strings, in order."
    )


class ScriptAction(Model):
    """One recorded user action of a step-through session (the simulation panel saves them).

    Exactly one of: ``deliver`` (a pending event id such as ``E3``, or ``next``; ``element``
    names the event's element so the script survives renumbering), ``complete`` (a step whose
    work item is completed, with optional ``outputs`` and ``user``), ``fail`` (a step to fail,
    with ``message``), ``set`` (fields to change), ``publish``, ``suspend``, ``resume``,
    ``cancel``, ``reassign`` (a step whose open work item goes to ``user``, a username or a
    group / queue name per ``assignee_type``). Applied in order before the run continues.
    """

    deliver: StrictStr | None = Field(None, description="Deliver this pending event (id, or `next`).")
    element: StrictStr | None = Field(None, description="For deliver: the element of the chosen event.")
    complete: StrictStr | None = Field(None, description="Complete this step's work item now.")
    outputs: dict[StrictStr, LiteralValue] | None = Field(None, description="For complete: the outputs.")
    user: StrictStr | None = Field(None, description="For complete: the completing user; for reassign: the new assignee.")
    fail: StrictStr | None = Field(None, description="Fail this In Progress step now.")
    reassign: StrictStr | None = Field(None, description="Reassign this step's open work item to `user`.")
    assignee_type: Literal["user", "group", "queue"] = Field("user", description="For reassign: what `user` names.")
    message: StrictStr | None = Field(None, description="For fail: the error message.")
    set: dict[StrictStr, LiteralValue] | None = Field(None, description="Change these fields now.")
    publish: StrictBool = Field(False, description="Publish a manual Orchestration Event now.")
    suspend: StrictBool = Field(False, description="Suspend the run.")
    resume: StrictBool = Field(False, description="Resume the run.")
    cancel: StrictBool = Field(False, description="Cancel the run.")

    @model_validator(mode="after")
    def _one_action(self) -> "ScriptAction":
        chosen = [self.deliver is not None, self.complete is not None, self.fail is not None,
                  self.reassign is not None,
                  self.set is not None, self.publish, self.suspend, self.resume, self.cancel]
        if sum(chosen) != 1:
            raise ValueError("a script entry does exactly one of: deliver, complete, fail, reassign, set, "
                             "publish, suspend, resume, cancel")
        return self


class Scenario(FileModel):
    scenario: StrictStr = Field("Scenario", description="Name of the scenario.")
    description: StrictStr = Field("", description="What this scenario rehearses.")
    variables: dict[StrictStr, LiteralValue] = Field(default_factory=dict, description="Input variable values.")
    record: dict[StrictStr, LiteralValue] = Field(default_factory=dict, description="$Record for record-triggered runs.")
    globals: dict[StrictStr, LiteralValue] = Field(
        default_factory=dict, description="Global values, e.g. {\"$User.Username\": admin@example.com}."
    )
    steps: dict[StrictStr, StepOverride] = Field(
        default_factory=dict, description="Per-step overrides of the simulated behaviour."
    )
    evaluations: dict[StrictStr, list[StrictBool] | StrictBool] = Field(
        default_factory=dict,
        description="Results of evaluation flows by flow name, consumed in order; the last value repeats.",
    )
    events: list[ScenarioEvent] = Field(default_factory=list, description="Things that happen from outside, at a time.")
    expect: Expectation | None = Field(None, description="What `orchestration simulate --check` checks.")
    script: list[ScriptAction] = Field(
        default_factory=list,
        description="Recorded step-through actions (delivery order, work items completed, …), "
        "applied in order before the run continues to its end.",
    )

    @property
    def launching_user(self) -> str:
        value = self.globals.get("$User.Username")
        return value if isinstance(value, str) and value else DEFAULT_USER
