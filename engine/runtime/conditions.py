"""Reading resource references at run time and testing requirements (SPEC §2, §3).

Operators follow Salesforce's names. Values are compared leniently the way Flow does for
matching types: numbers numerically, Booleans against ``true``/``false`` text, everything
else as text. ``IsNull`` / ``IsBlank`` take ``right: true`` or ``right: false``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from ..logic import LogicError, evaluate, parse_logic
from ..model import Ref, Requirement

# A reader maps a reference text to (value, available).
Reader = Callable[[str], tuple[Any, bool]]

_TRUE_TEXT = {"true": True, "false": False}


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE_TEXT:
        return _TRUE_TEXT[value.strip().lower()]
    return None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _equal(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        lb, rb = _as_bool(left), _as_bool(right)
        return lb is not None and lb == rb
    ln, rn = _as_number(left), _as_number(right)
    if isinstance(left, (int, float)) or isinstance(right, (int, float)):
        return ln is not None and ln == rn
    return _text(left) == _text(right)


def _order(left: Any, right: Any) -> int | None:
    """-1/0/1 comparing two values, None when they cannot be ordered."""
    if left is None or right is None or isinstance(left, bool) or isinstance(right, bool):
        return None
    ln, rn = _as_number(left), _as_number(right)
    if ln is not None and rn is not None:
        return (ln > rn) - (ln < rn)
    lt, rt = _text(left), _text(right)
    return (lt > rt) - (lt < rt)


def _flag(right: Any) -> bool:
    """The true/false operand of IsNull / IsBlank (missing means true)."""
    value = _as_bool(right)
    return True if value is None and right is None else bool(value)


def compare(operator: str, left: Any, right: Any) -> bool:
    """Whether ``left <operator> right`` holds (Salesforce operator names)."""
    if operator == "EqualTo":
        return _equal(left, right)
    if operator == "NotEqualTo":
        return not _equal(left, right)
    if operator in ("GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo"):
        order = _order(left, right)
        if order is None:
            return False
        return {"GreaterThan": order > 0, "GreaterThanOrEqualTo": order >= 0,
                "LessThan": order < 0, "LessThanOrEqualTo": order <= 0}[operator]
    if operator in ("Contains", "StartsWith", "EndsWith"):
        if left is None or right is None:
            return False
        lt, rt = _text(left), _text(right)
        return {"Contains": rt in lt, "StartsWith": lt.startswith(rt), "EndsWith": lt.endswith(rt)}[operator]
    if operator == "IsNull":
        return (left is None) == _flag(right)
    if operator == "IsBlank":
        blank = left is None or (isinstance(left, str) and left.strip() == "")
        return blank == _flag(right)
    raise ValueError(f"unknown operator {operator!r}")


def operand(value: Any, read: Reader) -> Any:
    """The value of a requirement's right side or a flow input: a literal or ``{ref: X}``."""
    if isinstance(value, Ref):
        return read(value.ref)[0]
    return value


def requirement_holds(req: Requirement, read: Reader) -> bool:
    left, _ = read(req.left)
    return compare(req.operator, left, operand(req.right, read))


def requirements_hold(logic: str, requirements: Sequence[Requirement], read: Reader) -> bool:
    """Whether the requirements hold under ``logic`` (and / or / custom). Bad logic: False.

    Every requirement is evaluated (so every reference read is reported), then combined.
    """
    values = [requirement_holds(r, read) for r in requirements]
    try:
        expr = parse_logic(logic, len(requirements))
    except LogicError:
        return False
    return evaluate(expr, values)


def logic_error(logic: str, count: int) -> str | None:
    try:
        parse_logic(logic, count)
    except LogicError as exc:
        return str(exc)
    return None


def describe_requirement(req: Requirement, read: Reader | None = None) -> str:
    """``Review.Outputs.approved EqualTo true`` (with the current value when ``read`` is given)."""
    right = f"{{{req.right.ref}}}" if isinstance(req.right, Ref) else _text(req.right) if req.right is not None else "null"
    text = f"{req.left} {req.operator} {right}"
    if read is not None:
        value, available = read(req.left)
        text += f" (now {_text(value) if available and value is not None else 'unavailable' if not available else 'null'})"
    return text


def describe_requirements(logic: str, reqs: Iterable[Requirement], read: Reader | None = None) -> str:
    parts = [describe_requirement(r, read) for r in reqs]
    joiner = " AND " if logic.strip().lower() == "and" else " OR " if logic.strip().lower() == "or" else "; "
    text = joiner.join(parts)
    if logic.strip().lower() not in ("and", "or"):
        text = f"[{logic}] {text}"
    return text
