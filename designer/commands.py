"""Undo commands: each ``redo``/``undo`` calls ``DesignDocument`` methods only.

Push them on ``document.undo_stack``. A gesture touching several elements is a macro::

    with macro(doc, "Delete 3 elements"):
        doc.undo_stack.push(RemoveStepCommand(doc, "A"))
        ...

Selection is never part of a command.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from PySide6.QtGui import QUndoCommand
from pydantic import BaseModel

from engine.model import Decision, Flow, Orchestration, Stage, StepBase, Variable

from .document import DesignDocument

SET_FIELD_ID = 1001


@contextmanager
def macro(doc: DesignDocument, text: str) -> Iterator[None]:
    """Group the commands pushed inside into one undo step."""
    doc.undo_stack.beginMacro(text)
    try:
        yield
    finally:
        doc.undo_stack.endMacro()


class _DocCommand(QUndoCommand):
    def __init__(self, doc: DesignDocument, text: str) -> None:
        super().__init__(text)
        self.doc = doc


# ---------------------------------------------------------------- fields and whole elements


class SetFieldCommand(_DocCommand):
    """Set one field (``path``) of element ``(kind, name)``; the only command a properties panel needs.

    The new element is built and validated in the constructor, so an invalid value raises
    (``pydantic.ValidationError`` / ``ValueError`` / ``KeyError``) *before* anything is pushed.
    With ``merge=True`` consecutive edits of the same field merge into one undo step (typing).
    Setting ``path="name"`` renames the element only; :class:`RenameCommand` also updates references.
    """

    def __init__(self, doc: DesignDocument, kind: str, name: str | None, path: str, value: Any,
                 *, merge: bool = False, text: str | None = None) -> None:
        label = name or "orchestration"
        super().__init__(doc, text or f"Set {label}.{path}")
        self.kind, self.name, self.path, self.merge = kind, name, path, merge
        self.old_element: BaseModel = doc.element(kind, name)
        self.new_element: BaseModel = doc.with_field(kind, name, path, value)

    def _new_name(self) -> str | None:
        return getattr(self.new_element, "name", self.name) if self.kind != "orchestration" else None

    def redo(self) -> None:
        self.doc.replace_element(self.kind, self.name, self.new_element)

    def undo(self) -> None:
        self.doc.replace_element(self.kind, self._new_name(), self.old_element)

    def id(self) -> int:  # noqa: A003 - Qt override
        return SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not (isinstance(other, SetFieldCommand) and self.merge and other.merge):
            return False
        if (other.kind, other.name, other.path) != (self.kind, self.name, self.path):
            return False
        self.new_element = other.new_element
        return True


class ReplaceElementCommand(_DocCommand):
    """Replace a whole element (e.g. change a step's type, or several fields at once)."""

    def __init__(self, doc: DesignDocument, kind: str, name: str | None, new: BaseModel,
                 text: str | None = None) -> None:
        super().__init__(doc, text or f"Edit {name or 'orchestration'}")
        self.kind, self.name, self.new = kind, name, new
        self.old = doc.element(kind, name)
        self.new_name = getattr(new, "name", name) if kind != "orchestration" else name

    def redo(self) -> None:
        self.doc.replace_element(self.kind, self.name, self.new)

    def undo(self) -> None:
        self.doc.replace_element(self.kind, self.new_name, self.old)


class RenameCommand(_DocCommand):
    """Rename an element (or a library flow with ``kind="flow"``); references follow."""

    def __init__(self, doc: DesignDocument, old: str, new: str, *, kind: str | None = None) -> None:
        super().__init__(doc, f"Rename {old} to {new}")
        self.old, self.new, self.kind = old, new, kind
        self.before: Orchestration | None = None

    def redo(self) -> None:
        self.before = self.doc.rename_element(self.old, self.new, kind=self.kind)

    def undo(self) -> None:
        assert self.before is not None
        self.doc.restore_after_rename(self.before, self.new, self.old)


class ReplaceDefinitionCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, new: Orchestration, text: str = "Replace orchestration") -> None:
        super().__init__(doc, text)
        self.new = new
        self.old = doc.definition

    def redo(self) -> None:
        self.doc.replace_definition(self.new)

    def undo(self) -> None:
        self.doc.replace_definition(self.old)


# ---------------------------------------------------------------- stages


class InsertStageCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, index: int, stage: Stage) -> None:
        super().__init__(doc, f"Add stage {stage.name}")
        self.index, self.stage = index, stage

    def redo(self) -> None:
        self.doc.insert_stage(self.index, self.stage)

    def undo(self) -> None:
        self.doc.remove_stage(self.stage.name)


class RemoveStageCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, name: str) -> None:
        super().__init__(doc, f"Delete stage {name}")
        self.name = name
        self.index = 0
        self.stage: Stage | None = None

    def redo(self) -> None:
        self.index, self.stage = self.doc.remove_stage(self.name)

    def undo(self) -> None:
        assert self.stage is not None
        self.doc.insert_stage(self.index, self.stage)


class MoveStageCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, name: str, index: int) -> None:
        super().__init__(doc, f"Move stage {name}")
        self.name, self.index, self.old_index = name, index, 0

    def redo(self) -> None:
        self.old_index = self.doc.move_stage(self.name, self.index)

    def undo(self) -> None:
        self.doc.move_stage(self.name, self.old_index)


# ---------------------------------------------------------------- steps


class InsertStepCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, stage: str, index: int, step: StepBase) -> None:
        super().__init__(doc, f"Add step {step.name}")
        self.stage, self.index, self.step = stage, index, step

    def redo(self) -> None:
        self.doc.insert_step(self.stage, self.index, self.step)

    def undo(self) -> None:
        self.doc.remove_step(self.step.name)


class RemoveStepCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, name: str) -> None:
        super().__init__(doc, f"Delete step {name}")
        self.name = name
        self.stage, self.index = "", 0
        self.step: StepBase | None = None

    def redo(self) -> None:
        self.stage, self.index, self.step = self.doc.remove_step(self.name)

    def undo(self) -> None:
        assert self.step is not None
        self.doc.insert_step(self.stage, self.index, self.step)


class MoveStepCommand(_DocCommand):
    """Move a step to ``stage`` at ``index`` (index counted after removing it from its place)."""

    def __init__(self, doc: DesignDocument, name: str, stage: str, index: int) -> None:
        super().__init__(doc, f"Move step {name}")
        self.name, self.stage, self.index = name, stage, index
        self.old_stage, self.old_index = "", 0

    def redo(self) -> None:
        self.old_stage, self.old_index = self.doc.move_step(self.name, self.stage, self.index)

    def undo(self) -> None:
        self.doc.move_step(self.name, self.old_stage, self.old_index)


# ---------------------------------------------------------------- decisions, library


class InsertDecisionCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, index: int, decision: Decision) -> None:
        super().__init__(doc, f"Add decision {decision.name}")
        self.index, self.decision = index, decision

    def redo(self) -> None:
        self.doc.insert_decision(self.index, self.decision)

    def undo(self) -> None:
        self.doc.remove_decision(self.decision.name)


class RemoveDecisionCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, name: str) -> None:
        super().__init__(doc, f"Delete decision {name}")
        self.name, self.index = name, 0
        self.decision: Decision | None = None

    def redo(self) -> None:
        self.index, self.decision = self.doc.remove_decision(self.name)

    def undo(self) -> None:
        assert self.decision is not None
        self.doc.insert_decision(self.index, self.decision)


class InsertItemCommand(_DocCommand):
    """Add a flow or variable to the library (``kind`` = ``flow`` | ``variable``)."""

    def __init__(self, doc: DesignDocument, kind: str, index: int, item: Flow | Variable) -> None:
        super().__init__(doc, f"Add {kind} {item.name}")
        self.kind, self.index, self.item = kind, index, item

    def redo(self) -> None:
        self.doc.insert_item(self.kind, self.index, self.item)

    def undo(self) -> None:
        self.doc.remove_item(self.kind, self.item.name)


class RemoveItemCommand(_DocCommand):
    def __init__(self, doc: DesignDocument, kind: str, name: str) -> None:
        super().__init__(doc, f"Delete {kind} {name}")
        self.kind, self.name, self.index = kind, name, 0
        self.item: Flow | Variable | None = None

    def redo(self) -> None:
        self.index, self.item = self.doc.remove_item(self.kind, self.name)

    def undo(self) -> None:
        assert self.item is not None
        self.doc.insert_item(self.kind, self.index, self.item)
