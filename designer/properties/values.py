"""Value editors: a literal or a resource reference (``{ref: X}``), with typed literal parsing."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit

from engine.model import Ref

from ..fields import DELETE
from ..resource_picker import AnalysisSource, ListSource, ResourceField, Source
from .base import Editor
from .binding import Binding
from .types import format_literal, parse_literal, suggestions_for
from .widgets import literal_or_resource, mark_invalid, set_text

TypeHint = Callable[[], "tuple[str | None, str | None]"]  # (data type, operator)


def source_for(binding: Binding, path: str) -> Source:
    """Candidates for a resource written at ``path`` of the bound element."""
    where = binding.point(path)
    if where is None:
        return ListSource(lambda: [v.name for v in binding.defn.variables], reason="variables are always available")
    return AnalysisSource(binding.document, *where)


class LiteralEdit(QComboBox):
    """An editable combo: free text, with suggestions (true/false, statuses) for the type at hand."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(4)

    def set_suggestions(self, items: tuple[str, ...]) -> None:
        if tuple(self.itemText(i) for i in range(self.count())) != items:
            text = self.currentText()
            self.blockSignals(True)
            self.clear()
            self.addItems(list(items))
            self.setEditText(text)
            self.blockSignals(False)


class ValueEditor(Editor):
    """A literal (typed by ``type_hint``) or a resource chosen with the picker.

    ``delete_when_empty``: an empty literal removes the key (input mappings) instead of storing null.
    """

    def __init__(self, binding: Binding, path: str, description: str = "", *,
                 type_hint: TypeHint | None = None, source: Source | None = None,
                 delete_when_empty: bool = False, allow_literal: bool = True) -> None:
        super().__init__(binding, path, description)
        self.type_hint = type_hint or (lambda: (None, None))
        self.delete_when_empty = delete_when_empty
        self.forced_mode: str | None = None
        self.literal = LiteralEdit()
        self.literal.setToolTip(description)
        self.resource = ResourceField(source or source_for(binding, path))
        self.mode, self.stack = literal_or_resource(self.literal, self.resource, ("Value", "literal"))
        self.mode.setToolTip("A literal value, or a resource (variable, global, status, step output)")
        self.mode.setEnabled(allow_literal)
        self.mode.setFixedWidth(84)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        row.addWidget(self.mode)
        row.addWidget(self.stack, 1)
        self._layout.addLayout(row)
        self.mode.activated.connect(self._mode_chosen)
        self.literal.lineEdit().editingFinished.connect(self._literal_done)
        self.literal.activated.connect(lambda _i: self._literal_done())
        self.resource.committed.connect(lambda ref: self.commit(Ref(ref=ref)))
        self.finish()

    @property
    def line(self) -> QLineEdit:
        return self.literal.lineEdit()

    def _mode_chosen(self, index: int) -> None:
        mode = self.mode.itemData(index)
        current = self.value()
        if (mode == "ref") == isinstance(current, Ref):
            self.forced_mode = None
            return
        self.forced_mode = mode
        if mode == "literal":
            self._store(None)  # the reference is dropped; the user types a value next
        self.refresh()
        (self.line if mode == "literal" else self.resource.edit).setFocus()

    def _literal_done(self) -> None:
        self.line.setModified(False)
        type_name, operator = self.type_hint()
        try:
            value = parse_literal(self.literal.currentText(), type_name, operator)
        except ValueError as exc:
            self.show_error(str(exc), self.literal)
            return
        if value != self.value() or type(value) is not type(self.value()):
            self._store(value)
        else:
            self.show_error(None, self.literal)

    def _store(self, value: Any) -> None:
        if value is None and self.delete_when_empty:
            if self.binding.get(self.path, DELETE) is DELETE:
                return
            value = DELETE
        self.commit(value, target=self.literal)

    def refresh(self) -> None:
        value = self.value()
        is_ref = isinstance(value, Ref)
        if self.forced_mode is not None and is_ref == (self.forced_mode == "ref"):
            self.forced_mode = None
        mode = self.forced_mode or ("ref" if is_ref else "literal")
        self.mode.setCurrentIndex(0 if mode == "literal" else 1)  # the stack follows
        type_name, operator = self.type_hint()
        self.literal.set_suggestions(suggestions_for(type_name, operator))
        if is_ref:
            self.resource.set_value(value.ref)
        elif mode == "ref":
            self.resource.set_value("")
        else:
            if not (self.line.hasFocus() and self.line.isModified()):
                set_text(self.line, format_literal(value))
                mark_invalid(self.literal, False)
                self.error.show_message(None)
