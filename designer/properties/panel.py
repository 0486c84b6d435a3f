"""The properties panel: the form of the selected element, kept in step with the document."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from .. import icons
from ..document import DesignDocument
from .base import Editor
from .binding import Binding
from .forms import build_editors, form_key

KIND_TITLE = {"orchestration": "Orchestration", "stage": "Stage", "decision": "Decision",
              "interactive": "Interactive step", "background": "Background step", "mulesoft": "MuleSoft step"}
KIND_ICON = {"orchestration": "app", "stage": "stage", "decision": "decision", "interactive": "interactive",
             "background": "background", "mulesoft": "mulesoft"}


def _breakable(text: str) -> str:
    """HTML for ``text`` that may wrap inside long API names (after ``_`` and ``.``)."""
    return html.escape(text).replace("_", "_\u200b").replace(".", ".\u200b")


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
        self.diagnostics: list = []
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
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setMinimumWidth(40)
        outer.addWidget(self.heading)
        self.problems = QLabel()
        self.problems.setObjectName("ElementProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        outer.addWidget(self.problems)
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
        self._show_problems()

    def set_diagnostics(self, diagnostics: list) -> None:
        """The latest validation results (the window's); those of the shown element are listed on top."""
        self.diagnostics = list(diagnostics)
        self._show_problems()

    def element_problems(self) -> list:
        if self.binding is None:
            return []
        if self.binding.kind == "orchestration":
            return [d for d in self.diagnostics if d.element in (None, self.binding.defn.name)]
        return [d for d in self.diagnostics if d.element == self.binding.name]

    def _show_problems(self) -> None:
        if not hasattr(self, "problems"):
            return
        found = self.element_problems()
        colors = {"error": "#d93025", "warning": "#c77700", "info": "#6b7686"}
        rows = [f"<div style='color:{colors.get(d.severity, '#6b7686')}; margin-bottom:3px'>"
                f"<b>{d.severity.capitalize()}:</b> {_breakable(d.message)}</div>" for d in found[:8]]
        if len(found) > 8:
            rows.append(f"<div>… and {len(found) - 8} more in the Problems panel</div>")
        self.problems.setText("".join(rows))
        self.problems.setVisible(bool(rows))

    def _update_heading(self) -> None:
        if self.binding is None or not self.binding.exists():
            return
        key = form_key(self.binding)
        element = self.binding.element
        name = html.escape(getattr(element, "name", "")).replace("_", "_\u200b")  # lets long names wrap
        self.heading.setText(f"<span style='font-size:13pt; font-weight:600'>{name}</span><br>"
                             f"<span style='color:#8a94a6'>{KIND_TITLE.get(key, key)}</span>")
        self.setWindowIcon(icons.icon(KIND_ICON.get(key, "info")))

    def editor(self, field: str) -> Editor:
        return self.editors[field]
