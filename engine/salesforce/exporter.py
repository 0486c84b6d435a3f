"""Build the orchestration's `Flow` metadata element (SPEC §8, element order of the notes §6).

Top-level children are alphabetical; inside complex types the base-type fields come first
(description, name, label, locationX, locationY) and then the type's own fields alphabetically.
"""

from __future__ import annotations

from ..model import (
    END,
    BackgroundStep,
    Decision,
    EvaluationFlowCondition,
    InteractiveStep,
    Orchestration,
    RequirementsCondition,
    Stage,
    StepCompleted,
    Variable,
)
from .evaluation_flow import builder_metadata
from .locations import Locations, compute_locations
from .step_import import ACTION_TYPES, RECORD_INPUT, STEP_SUBTYPES
from .values import DEFAULT_OUTCOME_LABEL, condition_element, normalise_logic, value_children, variable_element
from .xmlwrite import E

EVALUATION_ACTION_TYPE = "evaluationFlow"
TRIGGER_TYPES = {"create": "Create", "update": "Update", "create_or_update": "CreateAndUpdate"}
STATUS = "Draft"
BUILDER_FLAGS_API = 60  # canAssigneeEdit / runAsUser are written from this API version on (unverified)


def orchestration_element(defn: Orchestration, locations: Locations | None = None) -> E:
    """The root `Flow` element for ``defn``."""
    loc = locations or compute_locations(defn)
    label = defn.display_label
    return E(
        "Flow",
        E("apiVersion", f"{defn.api_version}.0"),
        [_decision(d, loc) for d in defn.decisions],
        E("description", defn.description) if defn.description else None,
        E("environments", "Default"),
        E("interviewLabel", f"{label} {{!$Flow.CurrentDateTime}}"),
        E("label", label),
        [_stage(defn, s, loc) for s in defn.stages],
        builder_metadata(),
        E("processType", "Orchestrator"),
        E("runInMode", "DefaultMode") if defn.run_context == "user" else None,
        _start(defn, loc),
        E("status", STATUS),
        [_variable(v) for v in defn.variables],
    )


def _connector(tag: str, target: str | None) -> E | None:
    if not target or target == END:
        return None
    return E(tag, E("targetReference", target))


def _node_head(name: str, label: str, description: str, loc: Locations) -> list[E | None]:
    x, y = loc.get(name, (0, 0))
    return [E("description", description) if description else None, E("name", name), E("label", label),
            E("locationX", str(x)), E("locationY", str(y))]


def _parameters(tag: str, values: dict[str, object]) -> list[E]:
    return [E(tag, E("name", name), _value(value)) for name, value in values.items()]


def _value(value: object) -> E | None:
    children = value_children(value)
    return E("value", *children) if children else None


def _requirements(tag: str, cond: RequirementsCondition) -> list[E]:
    return [condition_element(tag, r) for r in cond.requirements]


def _action(prefix: str, cond: object) -> list[E | None]:
    """entryAction*/exitAction* for an evaluation-flow condition (in alphabetical order)."""
    if not isinstance(cond, EvaluationFlowCondition):
        return []
    return [*_parameters(f"{prefix}ActionInputParameters", cond.inputs), E(f"{prefix}ActionName", cond.flow),
            E(f"{prefix}ActionType", EVALUATION_ACTION_TYPE)]


def _stage(defn: Orchestration, stage: Stage, loc: Locations) -> E:
    cond = stage.complete
    logic = normalise_logic(cond.logic) if isinstance(cond, RequirementsCondition) else "and"
    return E(
        "orchestratedStages",
        _node_head(stage.name, stage.display_label, stage.description, loc),
        _connector("connector", defn.next_of(stage)),
        _action("exit", cond),
        E("exitConditionLogic", logic),
        _requirements("exitConditions", cond) if isinstance(cond, RequirementsCondition) else None,
        _connector("faultConnector", stage.fault),
        [_step(defn, step) for step in stage.steps],
    )


def _step(defn: Orchestration, step) -> E:
    start = step.start
    if isinstance(start, StepCompleted):
        entry_logic = "and"
        entry_rows = [E("entryConditions", E("leftValueReference", f"{start.step}.Status"),
                        E("operator", "EqualTo"), E("rightValue", E("stringValue", "Completed")))]
    elif isinstance(start, RequirementsCondition):
        entry_logic = normalise_logic(start.logic)
        entry_rows = _requirements("entryConditions", start)
    else:
        entry_logic, entry_rows = "and", []
    interactive = isinstance(step, InteractiveStep)
    complete = step.complete if interactive else None
    inputs: dict[str, object] = {}
    if interactive and step.record is not None:
        inputs[RECORD_INPUT] = step.record
    inputs.update(step.inputs)
    new_api = defn.api_version >= BUILDER_FLAGS_API
    run_as_user = getattr(step, "run_as", None) == "last_interactive_user"
    return E(
        "stageSteps",
        E("description", step.description) if step.description else None,
        E("name", step.name),
        E("actionName", step.action) if step.action else None,
        E("actionType", ACTION_TYPES[step.type]),
        _assignee(step) if interactive else None,
        E("canAssigneeEdit", "false") if new_api else None,
        _action("entry", start),
        E("entryConditionLogic", entry_logic),
        entry_rows,
        _action("exit", complete),
        E("exitConditionLogic", normalise_logic(complete.logic)) if isinstance(complete, RequirementsCondition) else None,
        _requirements("exitConditions", complete) if isinstance(complete, RequirementsCondition) else None,
        _parameters("inputParameters", inputs),
        E("label", step.display_label),
        E("requiresAsyncProcessing", "true" if _requires_async(defn, step) else "false"),
        E("runAsUser", "true" if run_as_user else "false") if (new_api or run_as_user) else None,
        E("stepSubtype", STEP_SUBTYPES[step.type]),
    )


def _requires_async(defn: Orchestration, step) -> bool:
    return isinstance(step, BackgroundStep) and step.runs_async(defn.flow(step.action))


def _assignee(step: InteractiveStep) -> E | None:
    a = step.assignee
    if a is None:
        return None
    if a.ref is not None:
        value = E("elementReference", a.ref)
    elif a.value is not None:
        value = E("stringValue", a.value)
    else:
        value = None
    return E("assignees", E("assignee", value) if value else None, E("assigneeType", a.type.capitalize()))


def _decision(decision: Decision, loc: Locations) -> E:
    return E(
        "decisions",
        _node_head(decision.name, decision.display_label, decision.description, loc),
        _connector("defaultConnector", decision.default),
        E("defaultConnectorLabel", decision.default_label or DEFAULT_OUTCOME_LABEL),
        [E("rules", E("name", o.name), E("conditionLogic", normalise_logic(o.logic)),
           [condition_element("conditions", r) for r in o.requirements],
           _connector("connector", o.next), E("label", o.display_label)) for o in decision.outcomes],
    )


def _start(defn: Orchestration, loc: Locations) -> E:
    x, y = loc.get("$start", (50, 0))
    trigger = defn.trigger if defn.type == "record_triggered" else None
    return E(
        "start",
        E("locationX", str(x)), E("locationY", str(y)),
        _connector("connector", defn.start_target()),
        E("object", trigger.object) if trigger else None,
        E("recordTriggerType", TRIGGER_TYPES[trigger.on]) if trigger else None,
        E("triggerType", "RecordAfterSave") if trigger else None,
    )


def _variable(var: Variable) -> E:
    return variable_element(var.name, var.type, var.object, is_input=var.input, value=var.value)
