"""Work Guide: the open work items; complete one as a chosen user with the screen flow's
outputs (a form generated from the flow's declared outputs), or make it fail."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.runtime import Simulation, format_time

from .forms import ValueForm
from .keyed_tree import KEY, KeyedTree


class WorkGuidePanel(QWidget):
    """Lists ``Simulation.open_work_items()``; emits what the user chose (the panel's owner
    forwards it to the adapter)."""

    complete_requested = Signal(str, dict, str)   # step, outputs, user
    fail_requested = Signal(str, str)             # step, message
    reassign_requested = Signal(str, str, str)    # step, assignee, user | group | queue
    element_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim: Simulation | None = None
        self._shown: tuple | None = None
        self.items = KeyedTree("WorkItems", ["Step", "Assigned to", "Since", "Item"])
        self.items.currentItemChanged.connect(lambda *_: self._show_current())
        self.items.itemClicked.connect(lambda item, _c: self.element_clicked.emit(item.data(0, KEY)))
        self.empty = QLabel("No open work items.")
        self.empty.setEnabled(False)

        self.box = QGroupBox("Complete the work item")
        self.flow_label = QLabel()
        self.flow_label.setWordWrap(True)
        self.user = QComboBox()
        self.user.setObjectName("CompletingUser")
        self.user.setEditable(True)
        self.user.setToolTip("Who completes the screen flow (the step then runs as this user)")
        self.outputs = ValueForm()
        self.complete_button = QPushButton("Complete")
        self.complete_button.setObjectName("CompleteWorkItem")
        self.complete_button.setDefault(True)
        self.complete_button.clicked.connect(self._complete)
        self.fail_message = QLineEdit()
        self.fail_message.setPlaceholderText("error message")
        self.fail_button = QPushButton("Make It Fail")
        self.fail_button.setObjectName("FailWorkItem")
        self.fail_button.clicked.connect(self._fail)
        self.reassign_type = QComboBox()
        self.reassign_type.addItems(["user", "group", "queue"])
        self.reassign_to = QLineEdit()
        self.reassign_to.setPlaceholderText("username, group or queue API name")
        self.reassign_button = QPushButton("Reassign")
        self.reassign_button.setObjectName("ReassignWorkItem")
        self.reassign_button.clicked.connect(self._reassign)
        reassign = QHBoxLayout()
        reassign.addWidget(self.reassign_type)
        reassign.addWidget(self.reassign_to, 1)
        reassign.addWidget(self.reassign_button)
        form = QFormLayout()
        form.addRow(self.flow_label)
        form.addRow("Completed by:", self.user)
        form.addRow(self.outputs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.complete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.fail_message, 2)
        buttons.addWidget(self.fail_button)
        box_layout = QVBoxLayout(self.box)
        box_layout.addLayout(form)
        box_layout.addLayout(buttons)
        reassign_form = QFormLayout()
        reassign_form.addRow("Or reassign to:", reassign)
        box_layout.addLayout(reassign_form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.items, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.box, 3)

    # ------------------------------------------------------------------ refresh

    def set_simulation(self, sim: Simulation | None) -> None:
        self.sim = sim
        self.refresh()

    def refresh(self) -> None:
        sim = self.sim
        open_items = sim.open_work_items() if sim is not None else []
        rows = []
        for wi in open_items:
            step = sim.definition.step(wi.step)
            label = step.label if step is not None and step.label else wi.step
            who = f"{wi.assignee} ({wi.assignee_type})" if wi.assignee_type != "user" else (wi.assignee or "?")
            row = KeyedTree.row([label, who, format_time(wi.created), wi.id], wi.step)
            row.setToolTip(0, wi.step)
            rows.append(row)
        self.items.refill(rows)
        self.empty.setVisible(not open_items)
        self._show_current(keep_typed=True)

    def current_step(self) -> str | None:
        return self.items.current_key()

    def select_step(self, step: str) -> bool:
        return self.items.select_key(step)

    def _show_current(self, keep_typed: bool = False) -> None:
        step_name = self.current_step()
        item = self.items.currentItem()
        key = (id(self.sim), step_name, item.text(3) if item is not None else None)
        if keep_typed and key == self._shown and step_name is not None:
            return  # the same work item is still open: keep what the user typed
        self._shown = key
        self.box.setEnabled(step_name is not None and self.sim is not None)
        if step_name is None or self.sim is None:
            self.box.setTitle("Complete the work item")
            self.flow_label.setText("Select an open work item.")
            self.outputs.build([], {})
            self.user.clear()
            return
        sim = self.sim
        step = sim.definition.step(step_name)
        flow = sim.definition.flow(step.action) if step is not None else None
        planned = next((e for e in sim.pending() if e.kind == "work_item" and e.element == step_name), None)
        defaults = dict(planned.get("outputs") or ()) if planned is not None else {}
        if flow is not None:
            defaults = {**dict(flow.simulate.outputs), **defaults}
        self.box.setTitle(f"Complete {step_name}")
        flow_name = flow.label or flow.name if flow is not None else (step.action if step is not None else "?")
        self.flow_label.setText(f"Screen flow <b>{flow_name}</b> — fill in what the assignee enters.")
        variables = [(p.name, p.type) for p in flow.outputs] if flow is not None else []
        self.outputs.build(variables, defaults, "This screen flow declares no outputs.")
        self._fill_users(planned)

    def _fill_users(self, planned) -> None:
        sim = self.sim
        candidates: list[str] = []
        if planned is not None and planned.get("user"):
            candidates.append(planned.get("user"))
        wi = next((w for w in sim.open_work_items() if w.step == self.current_step()), None)
        if wi is not None and wi.assignee_type == "user" and wi.assignee:
            candidates.append(wi.assignee)
        candidates.append(sim.scenario.launching_user)
        self.user.clear()
        self.user.addItems(list(dict.fromkeys(candidates)))

    # ------------------------------------------------------------------ requests

    def _complete(self) -> None:
        step = self.current_step()
        if step:
            self.complete_requested.emit(step, self.outputs.values(), self.user.currentText().strip())

    def _fail(self) -> None:
        step = self.current_step()
        if step:
            self.fail_requested.emit(step, self.fail_message.text().strip() or "Failed in the simulator")

    def _reassign(self) -> None:
        step, name = self.current_step(), self.reassign_to.text().strip()
        if step and name:
            self.reassign_requested.emit(step, name, self.reassign_type.currentText())
