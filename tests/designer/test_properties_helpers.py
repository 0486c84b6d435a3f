"""Helpers for the properties-panel tests: act like a user on widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget


def shown(qtbot, widget: QWidget, size: tuple[int, int] | None = (420, 900)) -> QWidget:
    """``widget`` on screen at the width of the side dock, closed after the test."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    return widget


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Select all, type ``text``, press Enter."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose(combo: QComboBox, data=None, *, text: str | None = None) -> None:
    """Pick the item with ``data`` (or whose text contains ``text``) as a user would."""
    for i in range(combo.count()):
        if (text is not None and text in combo.itemText(i)) or (text is None and combo.itemData(i) == data):
            combo.setCurrentIndex(i)
            combo.activated.emit(i)
            return
    raise AssertionError(f"no item {data!r}/{text!r} in {[combo.itemText(i) for i in range(combo.count())]}")


def items(combo: QComboBox) -> list:
    return [combo.itemData(i) for i in range(combo.count())]
