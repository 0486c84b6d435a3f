"""The panel's handle on one element: read its fields, push undoable edits, turn errors into text.

Editors never touch the model: they call :meth:`Binding.set` / :meth:`Binding.replace`, which
build a ``SetFieldCommand`` / ``ReplaceElementCommand`` (validated before anything is pushed) and
return a message for the user when the value is refused.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from engine.model import Orchestration

from ..commands import ReplaceElementCommand, SetFieldCommand
from ..document import DesignDocument

# Reference points (engine.refs.Point) by the first token of a field path, per element kind.
_STEP_POINTS = {"start": "start", "inputs": "inputs", "assignee": "assignee", "record": "record",
                "complete": "complete"}


def friendly_error(exc: Exception) -> str:
    """One line a user can act on, from a pydantic ValidationError / ValueError / KeyError."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if not str(p).startswith(("function-", "tagged")))
        message = str(first.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    if isinstance(exc, KeyError):
        return f"no such field: {exc.args[0] if exc.args else exc}"
    return str(exc)


class Binding:
    """Element ``(kind, name)`` of ``document``; ``name`` follows renames (the panel updates it)."""

    def __init__(self, document: DesignDocument, kind: str, name: str | None) -> None:
        self.document = document
        self.kind = kind
        self.name = name

    @property
    def defn(self) -> Orchestration:
        return self.document.definition

    @property
    def element(self) -> BaseModel:
        return self.document.element(self.kind, self.name)

    def exists(self) -> bool:
        try:
            self.element
        except KeyError:
            return False
        return True

    def get(self, path: str, default: Any = None) -> Any:
        try:
            return self.document.get_field(self.kind, self.name, path)
        except (KeyError, ValueError):
            return default

    def set(self, path: str, value: Any, *, merge: bool = False, text: str | None = None) -> str | None:
        """Push a SetFieldCommand; returns the reason when the value is refused (nothing pushed)."""
        try:
            command = SetFieldCommand(self.document, self.kind, self.name, path, value, merge=merge, text=text)
        except (ValidationError, ValueError, KeyError, TypeError) as exc:
            return friendly_error(exc)
        if command.new_element == command.old_element:
            return None
        self.document.undo_stack.push(command)
        return None

    def replace(self, new: BaseModel, text: str | None = None) -> str | None:
        if new == self.element:
            return None
        self.document.undo_stack.push(ReplaceElementCommand(self.document, self.kind, self.name, new, text))
        return None

    def point(self, path: str) -> tuple[str, str] | None:
        """(element, reference point) for analysis questions about a value at ``path``."""
        head = path.split(".", 1)[0].split("[", 1)[0]
        if self.kind == "step":
            point = _STEP_POINTS.get(head)
            if point == "start" and self.get("start.when") == "evaluation_flow":
                point = "start_inputs"
            return (self.name or "", point) if point else None
        if self.kind == "stage" and head == "complete":
            return self.name or "", "stage_complete"
        if self.kind == "decision" and head == "outcomes":
            return self.name or "", "decision"
        return None
