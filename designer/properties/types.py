"""Literal values of typed resources: suggestions, formatting and parsing (Qt-free).

The type and operator tables are engine.datatypes (shared with the TYPE_MISMATCH check); editors
import them from there.
"""

from __future__ import annotations

from typing import Any

from engine.datatypes import NULL_TESTS, STAGE_STATUSES, STEP_STATUSES


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
