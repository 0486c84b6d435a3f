"""Evaluation flows: generate one from a library entry's condition, and recognise that shape on import.

The generated flow is what an admin would build by hand (and what EX-3 in the notes is): the start
goes to a Decision over the flow's inputs whose single outcome leads to an Assignment setting
`isOrchestrationConditionMet` to true; the variable is an output initialised to false.
"""

from __future__ import annotations

from ..model import EVALUATION_OUTPUT, ConditionSpec, Flow, default_label
from .values import ValueProblem, condition_element, normalise_logic, parse_operator, read_value, variable_element
from .xmlparse import Node
from .xmlwrite import E

DECISION_NAME = "Evaluate_Condition"
OUTCOME_NAME = "Condition_Met"
ASSIGNMENT_NAME = "Set_Condition_Met"


def builder_metadata() -> list[E]:
    """The three processMetadataValues that make Flow Builder draw a file on its auto-layout canvas."""
    values = (("BuilderType", "LightningFlowBuilder"), ("CanvasMode", "AUTO_LAYOUT_CANVAS"),
              ("OriginBuilderType", "LightningFlowBuilder"))
    return [E("processMetadataValues", E("name", n), E("value", E("stringValue", v))) for n, v in values]


def needs_generation(flow: Flow) -> bool:
    """Whether export generates this library flow: an evaluation flow whose result is a condition."""
    return flow.type == "evaluation" and isinstance(flow.simulate.result, ConditionSpec)


def evaluation_flow_element(flow: Flow, api_version: int) -> E:
    """The `Flow` element of the generated evaluation flow (top-level children in alphabetical order)."""
    spec = flow.simulate.result
    assert isinstance(spec, ConditionSpec)
    label = flow.label or default_label(flow.name)
    assignment = E(
        "assignments", E("name", ASSIGNMENT_NAME), E("label", "Set Condition Met"),
        E("locationX", "50"), E("locationY", "278"),
        E("assignmentItems", E("assignToReference", EVALUATION_OUTPUT), E("operator", "Assign"),
          E("value", E("booleanValue", "true"))),
    )
    decision = None
    first = ASSIGNMENT_NAME
    if spec.requirements:
        first = DECISION_NAME
        decision = E(
            "decisions", E("name", DECISION_NAME), E("label", "Evaluate Condition"),
            E("locationX", "182"), E("locationY", "158"),
            E("defaultConnectorLabel", "Not Met"),
            E("rules", E("name", OUTCOME_NAME), E("conditionLogic", normalise_logic(spec.logic)),
              [condition_element("conditions", r) for r in spec.requirements],
              E("connector", E("targetReference", ASSIGNMENT_NAME)), E("label", "Condition Met")),
        )
    variables = [variable_element(p.name, p.type, p.object, is_input=True) for p in flow.inputs]
    variables.append(variable_element(EVALUATION_OUTPUT, "Boolean", is_output=True, value=False))
    return E(
        "Flow",
        E("apiVersion", f"{api_version}.0"),
        assignment,
        decision,
        E("description", flow.description) if flow.description else None,
        E("environments", "Default"),
        E("interviewLabel", f"{label} {{!$Flow.CurrentDateTime}}"),
        E("label", label),
        builder_metadata(),
        E("processType", "EvaluationFlow"),
        E("start", E("locationX", "56"), E("locationY", "0"), E("connector", E("targetReference", first))),
        E("status", "Draft"),
        variables,
    )


def recognise_result(root: Node) -> ConditionSpec | None:
    """The condition of an evaluation flow built in the generated shape; None for any other flow.

    Shape: start → Decision with one outcome (no default target) → Assignment setting
    isOrchestrationConditionMet to true (and nothing else); or start → that Assignment directly.
    """
    nodes = {n.text_of("name"): n for n in root.children if n.tag in ("decisions", "assignments")}
    start = root.first("start")
    first = _target(start.first("connector")) if start is not None else None
    node = nodes.get(first)
    if node is None:
        return None
    if node.tag == "assignments":
        return ConditionSpec(logic="and", requirements=[]) if _sets_true(node) else None
    rules = node.all("rules")
    if len(rules) != 1 or node.first("defaultConnector") is not None:
        return None
    assignment = nodes.get(_target(rules[0].first("connector")))
    if assignment is None or assignment.tag != "assignments" or not _sets_true(assignment):
        return None
    requirements = []
    for cond in rules[0].all("conditions"):
        operator = parse_operator(cond.text_of("operator"))
        left = cond.text_of("leftValueReference")
        if operator is None or not left:
            return None
        try:
            right = read_value(cond.first("rightValue"))
        except ValueProblem:
            return None
        requirements.append({"left": left, "operator": operator, "right": right})
    if not requirements:
        return None
    return ConditionSpec.model_validate({"logic": normalise_logic(rules[0].text_of("conditionLogic")),
                                         "requirements": requirements})


def _sets_true(node: Node) -> bool:
    items = node.all("assignmentItems")
    if len(items) != 1 or node.first("connector") is not None:
        return False
    item = items[0]
    value = item.first("value")
    return (item.text_of("assignToReference") == EVALUATION_OUTPUT and item.text_of("operator") == "Assign"
            and value is not None and value.text_of("booleanValue") == "true")


def _target(connector: Node | None) -> str | None:
    return connector.text_of("targetReference") if connector is not None else None
