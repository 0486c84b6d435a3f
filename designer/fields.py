"""Field paths into pydantic elements: read one value, or build a re-validated copy with one changed.

A path uses the YAML layout of the definition file, relative to an element:
``label``, ``start.step``, ``assignee.value``, ``inputs.employeeId``,
``complete.requirements[0].left``, ``outcomes[1].next``. An empty path means the element.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

_TOKEN_RE = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``a.b[2].c`` → ``['a', 'b', 2, 'c']``."""
    tokens: list[str | int] = []
    pos = 0
    for match in _TOKEN_RE.finditer(path):
        if match.start() != pos:
            raise ValueError(f"bad field path {path!r}")
        pos = match.end()
        tokens.append(int(match.group(2)) if match.group(2) is not None else match.group(1))
    if pos != len(path):
        raise ValueError(f"bad field path {path!r}")
    return tokens


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def get_field(element: BaseModel, path: str) -> Any:
    """The value at ``path`` inside ``element`` (a model, list item or dict value); KeyError if absent."""
    value: Any = element
    for token in parse_path(path):
        if isinstance(value, BaseModel):
            if not isinstance(token, str) or token not in type(value).model_fields:
                raise KeyError(path)
            value = getattr(value, token)
        elif isinstance(value, (list, dict)):
            try:
                value = value[token]  # type: ignore[index]
            except (IndexError, KeyError, TypeError):
                raise KeyError(path) from None
        else:
            raise KeyError(path)
    return value


_MISSING = object()


def with_field(element: BaseModel, path: str, value: Any) -> BaseModel:
    """A validated copy of ``element`` with ``path`` set to ``value``.

    ``value`` may be a model, a plain value or a dict; the whole element is re-validated, so an
    invalid value raises pydantic's ``ValidationError`` (or ``ValueError``) and nothing changes.
    Setting a dict key to ``DELETE`` removes it.
    """
    tokens = parse_path(path)
    if not tokens:
        return type(element).model_validate(_plain(value))
    data = element.model_dump()
    target: Any = data
    for token in tokens[:-1]:
        try:
            target = target[token]
        except (IndexError, KeyError, TypeError):
            raise KeyError(path) from None
        if target is None:
            raise KeyError(path)
    last = tokens[-1]
    if value is DELETE:
        del target[last]
    else:
        if isinstance(target, list) and isinstance(last, int) and last >= len(target):
            raise KeyError(path)
        target[last] = _plain(value)
    return type(element).model_validate(data)


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()
