"""Typing a value in a text field: ``true`` → True, ``42`` → 42, empty or ``null`` → None."""

from __future__ import annotations

from typing import Any

import yaml


def parse_value(text: str) -> Any:
    """A scalar from what the user typed (YAML scalar rules); anything else stays text."""
    text = text.strip()
    if text == "":
        return None
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return text


def show_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
