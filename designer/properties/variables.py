"""The orchestration's variables: one row each (name, type, object, input, default value)."""

from __future__ import annotations

import typing

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout

from engine.model import Variable, VariableType

from .. import editing
from ..commands import InsertItemCommand, RemoveItemCommand
from .base import Editor
from .binding import Binding
from .types import format_literal, parse_literal
from .widgets import RowCard, clear_layout, mark_invalid, remove_button, set_text

VARIABLE_TYPES: tuple[str, ...] = typing.get_args(VariableType)


class VariableRow(RowCard):
    """One variable on two lines (name, type, delete / object, input, default value); edits go to
    element ("variable", name)."""

    def __init__(self, table: "VariablesEditor", row: int, name: str) -> None:
        super().__init__("VariableRow")
        self.table, self.name = table, name
        self.binding = Binding(table.binding.document, "variable", name)
        self.name_edit = QLineEdit()
        self.type_combo = QComboBox()
        self.type_combo.addItems(list(VARIABLE_TYPES))
        self.object_edit = QLineEdit()
        self.object_edit.setPlaceholderText("sObject (Record only)")
        self.input_box = QCheckBox("Input")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("default value")
        self.remove = remove_button(f"Delete variable {name}")
        grid = self.grid
        grid.addWidget(self.name_edit, 0, 0, 1, 2)
        grid.addWidget(self.type_combo, 0, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.object_edit, 1, 0)
        grid.addWidget(self.input_box, 1, 1)
        grid.addWidget(self.value_edit, 1, 2, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for widget, field in ((self.name_edit, "name"), (self.type_combo, "type"), (self.object_edit, "object"),
                              (self.input_box, "input"), (self.value_edit, "value")):
            widget.setToolTip(Variable.model_fields[field].description or "")
        self.name_edit.editingFinished.connect(self._rename)
        self.type_combo.activated.connect(lambda _i: self._set("type", self.type_combo.currentText(), self.type_combo))
        self.object_edit.editingFinished.connect(
            lambda: self._set("object", self.object_edit.text().strip() or None, self.object_edit))
        self.input_box.toggled.connect(lambda on: self._set("input", on, self.input_box))
        self.value_edit.editingFinished.connect(self._value)
        self.remove.clicked.connect(self._remove)
        self.refresh()

    def _set(self, field: str, value, widget) -> None:
        if self.binding.get(field) == value:
            return
        message = self.binding.set(field, value)
        self.table.show_error(f"{self.name}: {message}" if message else None, widget)

    def _rename(self) -> None:
        new = self.name_edit.text().strip()
        if new == self.name:
            return
        message = editing.rename(self.binding.document, self.name, new)
        self.table.show_error(message, self.name_edit)

    def _value(self) -> None:
        self.value_edit.setModified(False)
        try:
            value = parse_literal(self.value_edit.text(), self.binding.get("type"))
        except ValueError as exc:
            self.table.show_error(f"{self.name}: {exc}", self.value_edit)
            return
        self._set("value", value, self.value_edit)

    def _remove(self) -> None:
        doc = self.binding.document
        doc.undo_stack.push(RemoveItemCommand(doc, "variable", self.name))

    def refresh(self) -> None:
        var = self.binding.element
        set_text(self.name_edit, var.name)  # type: ignore[attr-defined]
        self.type_combo.setCurrentText(var.type)  # type: ignore[attr-defined]
        set_text(self.object_edit, var.object or "")  # type: ignore[attr-defined]
        self.object_edit.setEnabled(var.type == "Record")  # type: ignore[attr-defined]
        self.input_box.blockSignals(True)
        self.input_box.setChecked(var.input)  # type: ignore[attr-defined]
        self.input_box.blockSignals(False)
        set_text(self.value_edit, format_literal(var.value))  # type: ignore[attr-defined]
        mark_invalid(self.object_edit, var.type == "Record" and not var.object)  # type: ignore[attr-defined]


class VariablesEditor(Editor):
    wide = True

    def __init__(self, binding: Binding, path: str = "variables", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.box_layout = self.add_area(QVBoxLayout())
        self.box_layout.setSpacing(3)
        self.rows: list[VariableRow] = []
        self.add_button = self.add_button_row("Add variable", self.add_variable)
        self.finish()

    def add_variable(self) -> str:
        doc = self.binding.document
        name = doc.unique_name("Variable_1")
        doc.undo_stack.push(InsertItemCommand(doc, "variable", len(doc.definition.variables), Variable(name=name)))
        return name

    def refresh(self) -> None:
        names = [v.name for v in self.binding.defn.variables]
        if names != [r.name for r in self.rows]:
            clear_layout(self.box_layout)
            self.rows = [VariableRow(self, i, n) for i, n in enumerate(names)]
            for r in self.rows:
                self.box_layout.addWidget(r)
        else:
            for r in self.rows:
                r.refresh()
