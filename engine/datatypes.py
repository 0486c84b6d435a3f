"""Data types of resources and the operators that apply to them (SPEC §2, the notes §1.5).

One table for the validator (TYPE_MISMATCH) and the designer's requirement editor, so the
operators offered and the operators accepted never drift apart.
"""

from __future__ import annotations

from typing import Callable

from .model import OPERATORS, Flow, Orchestration
from .refs import NameIndex, resolve_ref

STEP_STATUSES = ("Not Started", "In Progress", "Completed", "Discontinued", "Error", "Canceled")
STAGE_STATUSES = ("In Progress", "Completed", "Discontinued", "Error", "Canceled", "Suspended")
NULL_TESTS = ("IsNull", "IsBlank")

# type name -> operator group; StepStatus / StageStatus are the automatic `Status` outputs
TYPE_GROUPS = {
    "Text": "text", "Picklist": "text", "StepStatus": "text", "StageStatus": "text",
    "Number": "number", "Currency": "number", "Date": "date", "DateTime": "date",
    "Boolean": "boolean", "Record": "record",
}
OPERATORS_BY_GROUP: dict[str, tuple[str, ...]] = {
    "boolean": ("EqualTo", "NotEqualTo", *NULL_TESTS),
    "number": ("EqualTo", "NotEqualTo", "GreaterThan", "GreaterThanOrEqualTo", "LessThan",
               "LessThanOrEqualTo", *NULL_TESTS),
    "text": ("EqualTo", "NotEqualTo", "Contains", "StartsWith", "EndsWith", *NULL_TESTS),
    "record": ("EqualTo", "NotEqualTo", *NULL_TESTS),
}
OPERATORS_BY_GROUP["date"] = OPERATORS_BY_GROUP["number"]

TypeOf = Callable[[str], "str | None"]


def type_group(type_name: str) -> str:
    return TYPE_GROUPS.get(type_name, "text")


def operators_for(type_name: str | None) -> tuple[str, ...]:
    """Operators that make sense for a resource of ``type_name`` (all when unknown)."""
    if type_name is None:
        return OPERATORS
    return OPERATORS_BY_GROUP[type_group(type_name)]


def resource_type(defn: Orchestration, text: str, *, names: NameIndex | None = None,
                  step_flows: dict[str, Flow] | None = None) -> str | None:
    """The data type of a resource reference when the definition tells it: a variable's type,
    a flow output's declared type, StepStatus / StageStatus, DateTime for $Flow.CurrentDateTime."""
    if not text:
        return None
    resolved = resolve_ref(defn, text, names=names)
    if resolved.kind == "stage_status":
        return "StageStatus"
    if resolved.kind == "step_status":
        return "StepStatus"
    if resolved.kind == "step_output":
        if step_flows is not None:
            flow = step_flows.get(resolved.owner or "")
        else:
            step = defn.step(resolved.owner or "")
            flow = defn.flow(step.action) if step is not None else None
        param = flow.output(resolved.member or "") if flow is not None else None
        if resolved.path:  # a field of a record output: its type is not known here
            return None
        return param.type if param is not None else None
    if resolved.kind == "variable" and resolved.member is None:
        variable = defn.variable(resolved.owner or "")
        return variable.type if variable is not None else None
    if text.strip() == "$Flow.CurrentDateTime":
        return "DateTime"
    return None
