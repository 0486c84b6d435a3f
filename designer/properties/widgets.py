"""Small widgets shared by the editors: the inline error label, the red frame, commit-on-finish edits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
                               QStackedWidget, QToolButton, QWidget)

ERROR_COLOR = "#d93025"
NOTE_COLOR = "#6b7686"


class ErrorLabel(QLabel):
    """Red, word-wrapped, hidden when empty: the reason an input was refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FieldError")
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def note_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldNote")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {NOTE_COLOR};")
    return label


def remove_button(tooltip: str) -> QToolButton:
    """The ✕ button that removes a row of a list editor."""
    button = QToolButton()
    button.setText("✕")
    button.setToolTip(tooltip)
    return button


class RowCard(QFrame):
    """One framed row of a list editor (a variable, a requirement); lay it out on ``grid``."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(2)


def literal_or_resource(literal: QWidget, resource: QWidget, literal_item: tuple[str, str]
                        ) -> tuple[QComboBox, QStackedWidget]:
    """The mode combo (``literal_item`` = (text, data) at index 0, "Resource" / "ref" at 1) and the
    stack showing ``literal`` or ``resource``, which follows the combo's index."""
    mode = QComboBox()
    mode.addItem(*literal_item)
    mode.addItem("Resource", "ref")
    stack = QStackedWidget()
    stack.addWidget(literal)
    stack.addWidget(resource)
    mode.currentIndexChanged.connect(stack.setCurrentIndex)
    return mode, stack


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red frame on ``widget`` while its content is refused."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    name = next(c.__name__ for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
    widget.setStyleSheet(f"{name} {{ border: 1px solid {ERROR_COLOR}; border-radius: 3px; }}" if invalid else "")


def set_text(edit: QLineEdit, text: str) -> None:
    """Show ``text`` unless the user is in the middle of typing something else there."""
    if edit.hasFocus() and edit.isModified():
        return
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)
    edit.setModified(False)


class CommitTextEdit(QPlainTextEdit):
    """A multi-line edit that reports ``editing_finished`` when it loses focus."""

    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMaximumHeight(64)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.editing_finished.emit()


def clear_layout(layout) -> None:
    """Remove and delete every widget of ``layout``."""
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
