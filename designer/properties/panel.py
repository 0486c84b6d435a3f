"""The properties panel: the form of the selected element, kept in step with the document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from .. import icons
from ..document import DesignDocument
from .base import Editor
from .binding import Binding
from .forms import build_editors, form_key

KIND_TITLE = {"orchestration": "Orchestration", "stage": "Stage", "decision": "Decision",
              "interactive": "Interactive step", "background": "Background step", "mulesoft": "MuleSoft step"}
KIND_ICON = {"orchestration": "app", "stage": "stage", "decision": "decision", "interactive": "interactive",
             "background": "background", "mulesoft": "mulesoft"}


class PropertiesPanel(QScrollArea):
    """Shows the current selection (the orchestration when nothing is selected)."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PropertiesPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document = document
        self.binding: Binding | None = None
        self.key: tuple | None = None
        self.editors: dict[str, Editor] = {}
        document.selection_changed.connect(lambda _names: self.sync())
        document.changed.connect(self.sync)
        document.element_renamed.connect(self._renamed)
        self.sync()

    def _target(self) -> tuple[str, str | None]:
        current = self.document.current()
        kind = self.document.kind_of(current) if current else None
        if kind in ("stage", "step", "decision"):
            return kind, current
        return "orchestration", None

    def _renamed(self, old: str, new: str) -> None:
        if self.binding is not None and self.binding.name == old:
            self.binding.name = new
            self.key = (self.binding.kind, new, form_key(self.binding))

    def sync(self) -> None:
        """Rebuild the form when the element (or a step's type) changed, else refresh its values."""
        kind, name = self._target()
        binding = Binding(self.document, kind, name)
        key = (kind, name, form_key(binding))
        if key != self.key:
            self.build(binding, key)
        else:
            for editor in self.editors.values():
                editor.refresh()
            self._update_heading()

    def build(self, binding: Binding, key: tuple) -> None:
        self.binding, self.key = binding, key
        page = QWidget()
        page.setObjectName("PropertiesPage")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(10, 8, 10, 10)
        outer.setSpacing(6)
        self.heading = QLabel()
        self.heading.setObjectName("PropertiesHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(6)
        outer.addLayout(form)
        self.editors = {}
        for field, label, editor in build_editors(binding):
            editor.setObjectName(f"editor_{field}")
            self.editors[field] = editor
            if editor.wide:
                title = QLabel(label)
                title.setObjectName("SectionTitle")
                title.setStyleSheet("font-weight: 600; margin-top: 8px;")
                title.setToolTip(editor.description)
                form.addRow(title)
                form.addRow(editor)
            else:
                row_label = QLabel(label)
                row_label.setToolTip(editor.description)
                form.addRow(row_label, editor)
        outer.addStretch(1)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(page)
        self._update_heading()

    def _update_heading(self) -> None:
        if self.binding is None or not self.binding.exists():
            return
        key = form_key(self.binding)
        element = self.binding.element
        name = getattr(element, "name", "")
        self.heading.setText(f"<span style='font-size:13pt; font-weight:600'>{name}</span><br>"
                             f"<span style='color:#8a94a6'>{KIND_TITLE.get(key, key)}</span>")
        self.setWindowIcon(icons.icon(KIND_ICON.get(key, "info")))

    def editor(self, field: str) -> Editor:
        return self.editors[field]
