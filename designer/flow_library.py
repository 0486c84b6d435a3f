"""The flow library editor (dock "FlowLibraryDock"): the flows and MuleSoft actions the steps call.

A list of flows (type and, for autolaunched flows, the sync/async badge) and the form of the
chosen one: name (renaming updates every reference), type, label, description, elements,
inputs, outputs (renaming one updates ``<step>.Outputs.<name>`` references) and simulated
behaviour (outputs, error, duration, evaluation result). Every edit is an undoable command;
deleting a flow that is still called says where.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.model import Flow

from . import icons
from .commands import InsertItemCommand, RemoveItemCommand
from .document import DesignDocument
from .naming import unique_name
from .properties.base import Editor, StrEditor
from .properties.binding import Binding
from .properties.factory import make_editor
from .properties.flows import FLOW_TYPE_TEXT
from .properties.library_fields import (
    ElementsEditor,
    FlowNameEditor,
    ParamsEditor,
    ResultEditor,
    SimOutputsEditor,
)
from .properties.library_ops import flow_usages
from .properties.widgets import ErrorLabel

TYPE_ICON = {"screen": "interactive", "autolaunched": "background", "evaluation": "decision", "mulesoft": "mulesoft"}


def confirm_delete(parent: QWidget | None, name: str, usages: list[str]) -> bool:
    """Ask before deleting a flow that is still called (tests monkeypatch this)."""
    text = f"{name} is still used by:\n• " + "\n• ".join(usages) + "\n\nDelete it anyway?"
    answer = QMessageBox.question(parent, "Flow in use", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def flow_summary(flow: Flow) -> str:
    badge = f" · {'async' if flow.is_async else 'sync'}" if flow.type == "autolaunched" else ""
    return f"{flow.name}  —  {FLOW_TYPE_TEXT[flow.type]}{badge}"


class FlowForm(QWidget):
    """The editors of one flow."""

    def __init__(self, binding: Binding) -> None:
        super().__init__()
        self.binding = binding
        self.editors: dict[str, Editor] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        outer.addStretch(1)
        flow_type = binding.element.type  # type: ignore[attr-defined]
        rows: list[tuple[str, str, Editor]] = [
            ("name", "API name", FlowNameEditor(binding, "name", Flow.model_fields["name"].description or "")),
            ("type", "Type", make_editor(binding, Flow, "type")),
            ("label", "Label", StrEditor(binding, "label", Flow.model_fields["label"].description or "", optional=True)),
            ("description", "Description", StrEditor(binding, "description", "", multiline=True)),
            ("elements", "Elements", ElementsEditor(binding, "elements", Flow.model_fields["elements"].description or "")),
            ("inputs", "Inputs", ParamsEditor(binding, "inputs", "Input variables of the flow")),
            ("outputs", "Outputs", ParamsEditor(binding, "outputs", "Output variables of the flow")),
            ("simulate.outputs", "Simulated outputs", SimOutputsEditor(binding)),
            ("simulate.error", "Simulated error", StrEditor(binding, "simulate.error", "A message makes the simulated "
                                                            "flow fail", optional=True, placeholder="no error")),
            ("simulate.duration", "Simulated duration", StrEditor(binding, "simulate.duration",
                                                                  "Simulated run time: 30s, 5m, 2h, 1d",
                                                                  optional=True, placeholder="default")),
        ]
        if flow_type == "evaluation":
            rows.append(("simulate.result", "Simulated result", ResultEditor(binding)))
        for field, label, editor in rows:
            self.editors[field] = editor
            if editor.wide:
                title = QLabel(label)
                title.setStyleSheet("font-weight: 600; margin-top: 6px;")
                form.addRow(title)
                form.addRow(editor)
            else:
                form.addRow(label, editor)

    def refresh(self) -> None:
        for editor in self.editors.values():
            editor.refresh()


class FlowLibraryPanel(QWidget):
    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FlowLibraryPanel")
        self.document = document
        self.current: str | None = None
        self.form: FlowForm | None = None
        self._form_key: tuple | None = None
        self.list = QListWidget()
        self.list.setObjectName("FlowList")
        self.add_button = QToolButton()
        self.add_button.setText("Add flow")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for kind in ("screen", "autolaunched", "evaluation", "mulesoft"):
            menu.addAction(f"New {FLOW_TYPE_TEXT[kind]}", lambda k=kind: self.add_flow(k))
        self.add_button.setMenu(menu)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.clicked.connect(self.delete_current)
        self.error = ErrorLabel()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(6, 6, 6, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.list)
        top_layout.addWidget(self.error)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.scroll)
        splitter.setSizes([160, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._picked)
        document.changed.connect(self.sync)
        document.element_renamed.connect(self._renamed)
        self.sync()

    def _renamed(self, old: str, new: str) -> None:
        if self.current == old:
            self.current = new

    def _picked(self, item: QListWidgetItem | None, _prev=None) -> None:
        if item is not None:
            self.select(item.data(Qt.ItemDataRole.UserRole))

    def select(self, name: str | None) -> None:
        self.current = name
        self.sync()

    def sync(self) -> None:
        defn = self.document.definition
        names = [f.name for f in defn.flows]
        if self.current not in names:
            self.current = names[0] if names else None
        self.list.blockSignals(True)
        if [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())] != names:
            self.list.clear()
            for f in defn.flows:
                item = QListWidgetItem(icons.icon(TYPE_ICON[f.type]), "")
                item.setData(Qt.ItemDataRole.UserRole, f.name)
                self.list.addItem(item)
        for i, f in enumerate(defn.flows):
            self.list.item(i).setText(flow_summary(f))
            self.list.item(i).setToolTip(f.description or f.label or f.name)
            if f.name == self.current:
                self.list.setCurrentRow(i)
        self.list.blockSignals(False)
        self.delete_button.setEnabled(self.current is not None)
        flow = defn.flow(self.current)
        key = (self.current, flow.type if flow else None)
        if key != self._form_key:
            self._form_key = key
            old = self.scroll.takeWidget()
            if old is not None:
                old.deleteLater()
            self.form = FlowForm(Binding(self.document, "flow", self.current)) if flow else None
            self.scroll.setWidget(self.form or QLabel("  No flows yet: add one."))
        elif self.form is not None:
            self.form.binding.name = self.current
            self.form.refresh()

    def add_flow(self, kind: str) -> str:
        doc = self.document
        base = {"screen": "Screen_Flow", "autolaunched": "Autolaunched_Flow", "evaluation": "Evaluation_Flow",
                "mulesoft": "MuleSoft_Action"}[kind]
        name = unique_name(base, {f.name for f in doc.definition.flows})
        self.current = name
        doc.undo_stack.push(InsertItemCommand(doc, "flow", len(doc.definition.flows), Flow(name=name, type=kind)))  # type: ignore[arg-type]
        return name

    def delete_current(self) -> bool:
        name = self.current
        if name is None:
            return False
        usages = flow_usages(self.document.definition, name)
        if usages and not confirm_delete(self, name, usages):  # a module global: tests replace it
            self.error.show_message(f"{name} is still used by: " + "; ".join(usages) + ".")
            return False
        self.error.show_message(None)
        self.document.undo_stack.push(RemoveItemCommand(self.document, "flow", name))
        return True
