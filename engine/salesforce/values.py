"""Value, condition and type mappings shared by the Salesforce importer and exporter."""

from __future__ import annotations

from ..model import OPERATORS, Ref, Requirement
from .xmlparse import Node
from .xmlwrite import E

# Flow dataType → model type, and back.
DATA_TYPES: dict[str, str] = {
    "String": "Text",
    "Number": "Number",
    "Currency": "Currency",
    "Boolean": "Boolean",
    "Date": "Date",
    "DateTime": "DateTime",
    "Picklist": "Picklist",
    "SObject": "Record",
}
MODEL_TYPES: dict[str, str] = {v: k for k, v in DATA_TYPES.items()}

OPERATOR_BY_LOWER = {op.lower(): op for op in OPERATORS}

FLOW_SUFFIX = ".flow-meta.xml"  # <FlowApiName>.flow-meta.xml
DEFAULT_OUTCOME_LABEL = "Default Outcome"  # a decision's default branch when it has no label of its own

LOGIC_WORDS = ("and", "or")


class ValueProblem(Exception):
    """A value the model cannot represent; the message says why."""


def read_value(node: Node | None) -> object:
    """A FlowElementReferenceOrValue node → literal or Ref (None when absent or empty).

    Raises ValueProblem for kinds the model has no place for (e.g. formulaExpression).
    """
    if node is None or not node.children:
        return None
    child = node.children[0]
    kind, raw = child.tag, child.raw_text
    if kind == "elementReference":
        return Ref(ref=raw.strip())
    if kind == "stringValue":
        return raw
    if kind == "booleanValue":
        return raw.strip().lower() == "true"
    if kind == "numberValue":
        try:
            number = float(raw.strip())
        except ValueError:
            raise ValueProblem(f"numberValue {raw.strip()!r} is not a number") from None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind in ("dateValue", "dateTimeValue"):
        return raw.strip()
    raise ValueProblem(f"a {kind} value is not supported")


def value_children(value: object) -> list[E]:
    """The FlowElementReferenceOrValue children for a model value (empty for None)."""
    if value is None:
        return []
    if isinstance(value, Ref):
        return [E("elementReference", value.ref)]
    if isinstance(value, bool):
        return [E("booleanValue", "true" if value else "false")]
    if isinstance(value, (int, float)):
        return [E("numberValue", format_number(value))]
    return [E("stringValue", str(value))]


def variable_element(name: str, type_: str, obj: str | None = None, *, is_input: bool = False,
                     is_output: bool = False, value: object = None) -> E:
    """A `variables` element (orchestrations and generated evaluation flows write them alike)."""
    children = value_children(value)
    return E("variables", E("name", name), E("dataType", MODEL_TYPES.get(type_, "String")),
             E("isCollection", "false"), E("isInput", "true" if is_input else "false"),
             E("isOutput", "true" if is_output else "false"), E("objectType", obj) if obj else None,
             E("scale", "2") if type_ in ("Number", "Currency") else None,
             E("value", *children) if children else None)


def format_number(value: int | float) -> str:
    """Numbers as Salesforce writes them: ``5.0``, ``2.5``."""
    text = repr(float(value))
    return text if "e" not in text else f"{value:f}"


def normalise_logic(text: str | None) -> str:
    """``and`` / ``or`` in lower case (as Flow Builder writes them); custom logic as written."""
    if text is None or not text.strip():
        return "and"
    t = text.strip()
    return t.lower() if t.lower() in LOGIC_WORDS else t


def condition_element(tag: str, req: Requirement, left_tag: str = "leftValueReference") -> E:
    """A FlowCondition element (entryConditions, exitConditions, conditions)."""
    right = value_children(req.right)
    return E(tag, E(left_tag, req.left), E("operator", req.operator), E("rightValue", *right) if right else None)


def parse_operator(text: str | None) -> str | None:
    """The model's operator for a FlowComparisonOperator name (case-insensitive), else None."""
    return OPERATOR_BY_LOWER.get((text or "").strip().lower())
