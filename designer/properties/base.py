"""The editor base class and the simple editors (text, optional text, bool, int, choice, name)."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import editing
from ..naming import is_valid_name
from .binding import Binding
from .widgets import CommitTextEdit, ErrorLabel, mark_invalid, set_text

L = TypeVar("L", bound=QLayout)


class Editor(QWidget):
    """Edits the value at ``path`` of the bound element. ``refresh()`` re-reads the document.

    ``wide`` editors take the full width of the form under a section title.
    """

    wide = False

    def __init__(self, binding: Binding, path: str, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.binding = binding
        self.path = path
        self.description = description
        self.error = ErrorLabel()
        if description:
            self.setToolTip(description)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self._layout.addWidget(widget, stretch)
        return widget

    def add_area(self, layout: L) -> L:
        """A widget laid out by ``layout`` (no margins) — rows or a grid the editor fills in
        ``refresh()`` — added next; returns ``layout``."""
        holder = QWidget()
        holder.setLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(holder)
        return layout

    def add_button_row(self, text: str, clicked: Callable[[], object]) -> QPushButton:
        """A button at the left of its own row (``Add outcome`` …), added next."""
        button = QPushButton(text)
        button.clicked.connect(clicked)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        self._layout.addLayout(row)
        return button

    def finish(self) -> None:
        """Call at the end of a subclass constructor: error label last, then a first refresh."""
        self._layout.addWidget(self.error)
        self.refresh()

    def value(self) -> Any:
        return self.binding.get(self.path)

    def commit(self, value: Any, *, merge: bool = False, target: QWidget | None = None) -> bool:
        """Push the edit; on refusal show the reason and a red frame on ``target``."""
        message = self.binding.set(self.path, value, merge=merge)
        self.show_error(message, target)
        return message is None

    def show_error(self, message: str | None, target: QWidget | None = None) -> None:
        self.error.show_message(message)
        if target is not None:
            mark_invalid(target, bool(message))

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass


class StrEditor(Editor):
    """A line of text; ``optional`` makes an empty text mean "no value" (None)."""

    def __init__(self, binding: Binding, path: str, description: str = "", *, optional: bool = False,
                 multiline: bool = False, placeholder: str = "",
                 validate: "Callable[[str], str | None] | None" = None) -> None:
        super().__init__(binding, path, description)
        self.optional = optional
        self.validate = validate
        if multiline:
            self.edit = CommitTextEdit()
            self.edit.editing_finished.connect(self._done)
        else:
            self.edit = QLineEdit()
            self.edit.editingFinished.connect(self._done)
            self.edit.setPlaceholderText(placeholder)
        self.edit.setToolTip(description)
        self.add(self.edit)
        self.finish()

    def _text(self) -> str:
        return self.edit.toPlainText() if isinstance(self.edit, CommitTextEdit) else self.edit.text()

    def _done(self) -> None:
        text = self._text()
        if isinstance(self.edit, QLineEdit):
            self.edit.setModified(False)
        value = None if (self.optional and text == "") else text
        problem = self.validate(text) if self.validate is not None else None
        if problem:
            self.show_error(problem, self.edit)
            return
        if value != self.value():
            self.commit(value, target=self.edit)

    def refresh(self) -> None:
        value = self.value()
        text = "" if value is None else str(value)
        if isinstance(self.edit, CommitTextEdit):
            if not self.edit.hasFocus() and self.edit.toPlainText() != text:
                self.edit.setPlainText(text)
        else:
            set_text(self.edit, text)
            if self.path == "label":
                self.edit.setPlaceholderText(getattr(self.binding.element, "display_label", ""))


class NameEditor(Editor):
    """The API name: renames the element and every reference to it (one undoable command)."""

    def __init__(self, binding: Binding, path: str = "name", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.edit = QLineEdit()
        self.edit.setObjectName("NameEdit")
        self.edit.setToolTip(description)
        self.edit.editingFinished.connect(self._done)
        self.add(self.edit)
        self.finish()

    def _done(self) -> None:
        new = self.edit.text().strip()
        self.edit.setModified(False)
        old = self.binding.name if self.binding.kind != "orchestration" else self.binding.defn.name
        if new == old:
            self.show_error(None, self.edit)
            return
        if self.binding.kind == "orchestration":
            if not is_valid_name(new):
                self.show_error(f"“{new}” is not a valid API name: use letters, digits and single "
                                "underscores, start with a letter, at most 80 characters.", self.edit)
                return
            self.commit(new, target=self.edit)
            return
        message = editing.rename(self.binding.document, old or "", new)
        self.show_error(message, self.edit)

    def refresh(self) -> None:
        set_text(self.edit, str(self.value() or ""))


class BoolEditor(Editor):
    def __init__(self, binding: Binding, path: str, description: str = "", *, text: str = "") -> None:
        super().__init__(binding, path, description)
        self.box = QCheckBox(text)
        self.box.setToolTip(description)
        self.box.toggled.connect(lambda on: self.commit(on, target=self.box) if on != bool(self.value()) else None)
        self.add(self.box)
        self.finish()

    def refresh(self) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(self.value()))
        self.box.blockSignals(False)


class IntEditor(Editor):
    def __init__(self, binding: Binding, path: str, description: str = "", *, minimum: int = 0,
                 maximum: int = 999) -> None:
        super().__init__(binding, path, description)
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setToolTip(description)
        self.spin.setKeyboardTracking(False)
        self.spin.valueChanged.connect(lambda v: self.commit(v, target=self.spin) if v != self.value() else None)
        self.add(self.spin)
        self.finish()

    def refresh(self) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(int(self.value() or 0))
        self.spin.blockSignals(False)


class ChoiceEditor(Editor):
    """A combo box over ``choices`` — ``(value, text)`` pairs; values may be None."""

    def __init__(self, binding: Binding, path: str, description: str = "",
                 choices: list[tuple[Any, str]] | None = None) -> None:
        super().__init__(binding, path, description)
        self.combo = QComboBox()
        self.combo.setToolTip(description)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self._choices = list(choices or [])
        self.combo.activated.connect(self._chosen)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        self.row = row
        self._layout.addLayout(row)
        self.finish()

    def choices(self) -> list[tuple[Any, str]]:
        return self._choices

    def _chosen(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value != self.value():
            self.commit(value, target=self.combo)

    def refresh(self) -> None:
        choices = self.choices()
        current = self.value()
        if current not in [v for v, _ in choices]:
            choices = choices + [(current, f"{current} (unknown)")]
        self.combo.blockSignals(True)
        if [(self.combo.itemData(i), self.combo.itemText(i)) for i in range(self.combo.count())] != choices:
            self.combo.clear()
            for value, text in choices:
                self.combo.addItem(text, value)
        self.combo.setCurrentIndex([v for v, _ in choices].index(current))
        self.combo.blockSignals(False)
