"""Undo commands: each ``redo``/``undo`` calls ``DesignDocument`` methods only.

Push them on ``document.undo_stack``. A gesture touching several elements is a macro::

    with macro(doc, "Delete 3 elements"):
        doc.undo_stack.push(RemoveStepCommand(doc, "A"))
        ...

Selection is never part of a command.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial
from typing import Any, Callable, Iterator

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


class _InsertCommand(_DocCommand):
    """Insert ``element`` with ``insert(index, element)``; undo is ``remove(element.name)``."""

    def __init__(self, doc: DesignDocument, text: str, insert: Callable, remove: Callable, index: int,
                 element: Any) -> None:
        super().__init__(doc, text)
        self._insert, self._remove, self.index, self.element = insert, remove, index, element

    def redo(self) -> None:
        self._insert(self.index, self.element)

    def undo(self) -> None:
        self._remove(self.element.name)


class _RemoveCommand(_DocCommand):
    """Remove ``name`` with ``remove(name) -> (index, element)``; undo puts it back with ``insert``."""

    def __init__(self, doc: DesignDocument, text: str, insert: Callable, remove: Callable, name: str) -> None:
        super().__init__(doc, text)
        self._insert, self._remove, self.name = insert, remove, name
        self.index, self.element = 0, None

    def redo(self) -> None:
        self.index, self.element = self._remove(self.name)

    def undo(self) -> None:
        assert self.element is not None
        self._insert(self.index, self.element)


class InsertStageCommand(_InsertCommand):
    def __init__(self, doc: DesignDocument, index: int, stage: Stage) -> None:
        super().__init__(doc, f"Add stage {stage.name}", doc.insert_stage, doc.remove_stage, index, stage)


class RemoveStageCommand(_RemoveCommand):
    def __init__(self, doc: DesignDocument, name: str) -> None:
        super().__init__(doc, f"Delete stage {name}", doc.insert_stage, doc.remove_stage, name)


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


class InsertDecisionCommand(_InsertCommand):
    def __init__(self, doc: DesignDocument, index: int, decision: Decision) -> None:
        super().__init__(doc, f"Add decision {decision.name}", doc.insert_decision, doc.remove_decision, index,
                         decision)


class RemoveDecisionCommand(_RemoveCommand):
    def __init__(self, doc: DesignDocument, name: str) -> None:
        super().__init__(doc, f"Delete decision {name}", doc.insert_decision, doc.remove_decision, name)


class InsertItemCommand(_InsertCommand):
    """Add a flow or variable to the library (``kind`` = ``flow`` | ``variable``)."""

    def __init__(self, doc: DesignDocument, kind: str, index: int, item: Flow | Variable) -> None:
        super().__init__(doc, f"Add {kind} {item.name}", partial(doc.insert_item, kind),
                         partial(doc.remove_item, kind), index, item)


class RemoveItemCommand(_RemoveCommand):
    def __init__(self, doc: DesignDocument, kind: str, name: str) -> None:
        super().__init__(doc, f"Delete {kind} {name}", partial(doc.insert_item, kind), partial(doc.remove_item, kind),
                         name)
