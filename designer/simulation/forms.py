"""Value editors generated from declared flow variables (Work Guide outputs, field edits).

One factory maps a variable type to a widget: Boolean → check box, Number / Currency → spin
box, Date → date edit, anything else → line edit. ``ValueForm.values()`` reads them back as
the plain values the engine takes (bool, int/float, str, None for an empty text).
"""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QWidget

NUMERIC = ("Number", "Currency")


def make_editor(var_type: str, value: Any) -> QWidget:
    """A widget editing one value of ``var_type`` (SPEC §2 variable types), set to ``value``."""
    if var_type == "Boolean":
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if var_type in NUMERIC:
        spin = QDoubleSpinBox()
        spin.setRange(-1e12, 1e12)
        spin.setDecimals(2)
        spin.setValue(float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        return spin
    if var_type == "Date":
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        parsed = QDate.fromString(str(value), "yyyy-MM-dd") if value else QDate.currentDate()
        edit.setDate(parsed if parsed.isValid() else QDate.currentDate())
        return edit
    line = QLineEdit("" if value is None else str(value))
    line.setPlaceholderText("empty (null)")
    return line


def read_editor(editor: QWidget) -> Any:
    """The value of an editor made by ``make_editor``."""
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QDoubleSpinBox):
        value = editor.value()
        return int(value) if float(value).is_integer() else value
    if isinstance(editor, QDateEdit):
        return editor.date().toString("yyyy-MM-dd")
    if isinstance(editor, QLineEdit):
        text = editor.text()
        return text if text != "" else None
    raise TypeError(type(editor).__name__)


class ValueForm(QWidget):
    """A form with one editor per declared variable (name, type)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.editors: dict[str, QWidget] = {}

    def build(self, variables: Iterable[tuple[str, str]], defaults: dict[str, Any], empty_text: str = "") -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for name, var_type in variables:
            editor = make_editor(var_type, defaults.get(name))
            editor.setObjectName(f"output_{name}")
            editor.setToolTip(f"{name} ({var_type})")
            self.editors[name] = editor
            self.form.addRow(f"{name}:", editor)
        if not self.editors and empty_text:
            label = QLabel(empty_text)
            label.setEnabled(False)
            self.form.addRow(label)

    def values(self) -> dict[str, Any]:
        return {name: read_editor(editor) for name, editor in self.editors.items()}
