"""Data types of resources, the operators that apply to them, and literal parsing (Qt-free).

The operator table mirrors the TYPE_MISMATCH check of ``engine/checks/conditions.py``.
"""

from __future__ import annotations

from typing import Any

from engine.model import OPERATORS, Orchestration
from engine.refs import resolve_ref

STEP_STATUSES = ("Not Started", "In Progress", "Completed", "Discontinued", "Error", "Canceled")
STAGE_STATUSES = ("In Progress", "Completed", "Discontinued", "Error", "Canceled", "Suspended")
NULL_TESTS = ("IsNull", "IsBlank")
_GROUPS = {
    "Text": "text", "Picklist": "text", "StepStatus": "text", "StageStatus": "text",
    "Number": "number", "Currency": "number", "Date": "date", "DateTime": "date",
    "Boolean": "boolean", "Record": "record",
}
_BY_GROUP = {
    "boolean": ("EqualTo", "NotEqualTo", *NULL_TESTS),
    "number": ("EqualTo", "NotEqualTo", "GreaterThan", "GreaterThanOrEqualTo", "LessThan",
               "LessThanOrEqualTo", *NULL_TESTS),
    "text": ("EqualTo", "NotEqualTo", "Contains", "StartsWith", "EndsWith", *NULL_TESTS),
    "record": ("EqualTo", "NotEqualTo", *NULL_TESTS),
}
_BY_GROUP["date"] = _BY_GROUP["number"]


def resource_type(defn: Orchestration, text: str) -> str | None:
    """Data type of a reference: a variable type, an output type, StepStatus / StageStatus, or None."""
    if not text:
        return None
    resolved = resolve_ref(defn, text)
    if resolved.kind == "stage_status":
        return "StageStatus"
    if resolved.kind == "step_status":
        return "StepStatus"
    if resolved.kind == "step_output":
        step = defn.step(resolved.owner or "")
        flow = defn.flow(step.action) if step is not None else None
        param = flow.output(resolved.member or "") if flow is not None else None
        return param.type if param is not None else None
    if resolved.kind == "variable" and resolved.member is None:
        var = defn.variable(resolved.owner or "")
        return var.type if var is not None else None
    if text.strip() == "$Flow.CurrentDateTime":
        return "DateTime"
    return None


def operators_for(type_name: str | None) -> tuple[str, ...]:
    """Operators that make sense for a resource of ``type_name`` (all when unknown)."""
    if type_name is None:
        return OPERATORS
    return _BY_GROUP[_GROUPS.get(type_name, "text")]


def suggestions_for(type_name: str | None, operator: str | None = None) -> tuple[str, ...]:
    """Literal values worth offering in a combo box."""
    if operator in NULL_TESTS or type_name == "Boolean":
        return ("true", "false")
    if type_name == "StepStatus":
        return STEP_STATUSES
    if type_name == "StageStatus":
        return STAGE_STATUSES
    return ()


def format_literal(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value)


def parse_literal(text: str, type_name: str | None = None, operator: str | None = None) -> Any:
    """The literal a user typed, as the model stores it; ValueError with the reason when it cannot be.

    Booleans (and the right side of IsNull / IsBlank) take true / false; numbers must be numbers;
    everything else is text. An empty text is "no value" (None).
    """
    raw = text.strip()
    if raw == "":
        return None
    low = raw.lower()
    if operator in NULL_TESTS or type_name == "Boolean":
        if low in ("true", "false"):
            return low == "true"
        what = f"{operator} takes" if operator in NULL_TESTS else "a Boolean takes"
        raise ValueError(f"{what} true or false, not {raw!r}")
    if type_name in ("Number", "Currency"):
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        return int(number) if number.is_integer() and "." not in raw else number
    if type_name == "StepStatus" and raw not in STEP_STATUSES:
        raise ValueError(f"{raw!r} is not a step status ({', '.join(STEP_STATUSES)})")
    if type_name == "StageStatus" and raw not in STAGE_STATUSES:
        raise ValueError(f"{raw!r} is not a stage status ({', '.join(STAGE_STATUSES)})")
    if type_name is None and low in ("true", "false"):
        return low == "true"
    return text
