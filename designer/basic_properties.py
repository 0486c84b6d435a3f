"""A minimal properties panel (name, label, description) — replaced by ``designer.properties``
when that package is installed. Every edit goes through a command."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from .commands import SetFieldCommand
from .document import DesignDocument
from . import editing


class BasicPropertiesPanel(QWidget):
    def __init__(self, document: DesignDocument, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("BasicPropertiesPanel")
        self.document = document
        self.kind: str | None = None
        self.name: str | None = None
        self.heading = QLabel()
        self.name_edit = QLineEdit()
        self.label_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setMaximumHeight(90)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d93025")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.heading)
        form.addRow("API name", self.name_edit)
        form.addRow("Label", self.label_edit)
        form.addRow("Description", self.description_edit)
        form.addRow(self.error)
        self.name_edit.editingFinished.connect(self._commit_name)
        self.label_edit.textEdited.connect(self._commit_label)
        self.description_edit.textChanged.connect(self._commit_description)
        document.selection_changed.connect(lambda _n: self.refresh())
        document.changed.connect(self.refresh)
        self._loading = False
        self.refresh()

    def refresh(self) -> None:
        doc = self.document
        current = doc.current()
        self.kind = doc.kind_of(current) if current else "orchestration"
        self.name = current if current and self.kind else None
        if self.kind is None:
            self.kind = "orchestration"
        element = doc.element(self.kind, self.name)
        self._loading = True
        try:
            self.heading.setText(f"<b>{self.kind.capitalize()}</b>")
            if not self.name_edit.hasFocus():
                self.name_edit.setText(element.name)  # type: ignore[attr-defined]
            if not self.label_edit.hasFocus():
                self.label_edit.setText(getattr(element, "label", None) or "")
                self.label_edit.setPlaceholderText(getattr(element, "display_label", ""))
            if not self.description_edit.hasFocus():
                self.description_edit.setPlainText(getattr(element, "description", "") or "")
        finally:
            self._loading = False

    def _commit_name(self) -> None:
        if self._loading:
            return
        new = self.name_edit.text()
        if self.kind == "orchestration":
            self._set("name", new.strip(), merge=False)
            return
        message = editing.rename(self.document, self.name or "", new)
        self.error.setText(message or "")
        if message:
            self.name_edit.setText(self.name or "")

    def _commit_label(self, text: str) -> None:
        if not self._loading:
            self._set("label", text or None)

    def _commit_description(self) -> None:
        if not self._loading and self.description_edit.hasFocus():
            self._set("description", self.description_edit.toPlainText())

    def _set(self, path: str, value, merge: bool = True) -> None:
        try:
            element = self.document.element(self.kind or "orchestration", self.name)
            if getattr(element, path) == value:
                return
            self.document.undo_stack.push(SetFieldCommand(self.document, self.kind or "orchestration", self.name,
                                                          path, value, merge=merge))
            self.error.setText("")
        except (ValueError, KeyError) as exc:
            self.error.setText(str(exc))
