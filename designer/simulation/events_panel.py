"""Pending events: the queue of asynchronous completions, work item completions and timed
events. Deliver any of them out of order, make an automated step fail, change a record field
or variable, publish an Orchestration Event."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from engine.runtime import Simulation, format_time

from .keyed_tree import KeyedTree
from .values import parse_value, show_value

KIND_TEXT = {"step_completion": "Step finishes", "work_item": "Work item done", "set": "Field change",
             "publish": "Orchestration Event"}


class EventsPanel(QWidget):
    deliver_requested = Signal(str)            # event id
    fail_requested = Signal(str, str)          # step, message
    set_requested = Signal(str, object)        # reference, value
    publish_requested = Signal()
    element_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim: Simulation | None = None
        self.queue = KeyedTree("PendingEvents", ["Due", "Event", "Element", "What happens"])
        self.queue.header().setStretchLastSection(True)
        self.queue.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.queue.itemDoubleClicked.connect(lambda *_: self._deliver())
        self.queue.itemClicked.connect(lambda item, _c: self.element_clicked.emit(item.text(2)))
        self.deliver_button = QPushButton("Deliver Now")
        self.deliver_button.setObjectName("DeliverEvent")
        self.deliver_button.setToolTip("Deliver the selected event now, before the ones due earlier")
        self.deliver_button.clicked.connect(self._deliver)
        self.fail_message = QLineEdit()
        self.fail_message.setPlaceholderText("error message")
        self.fail_button = QPushButton("Make Step Fail")
        self.fail_button.setObjectName("FailStep")
        self.fail_button.setToolTip("The selected background / MuleSoft step fails now instead of finishing")
        self.fail_button.clicked.connect(self._fail)
        row = QHBoxLayout()
        row.addWidget(self.deliver_button)
        row.addStretch(1)
        row.addWidget(self.fail_message, 2)
        row.addWidget(self.fail_button)

        outside = QGroupBox("From outside the run")
        self.ref = QComboBox()
        self.ref.setObjectName("FieldRef")
        self.ref.setEditable(True)
        self.ref.setMinimumContentsLength(16)
        self.ref.lineEdit().setPlaceholderText("$Record.Field or variable")
        self.value = QLineEdit()
        self.value.setObjectName("FieldValue")
        self.value.setPlaceholderText("value: text, 42, true, null")
        self.set_button = QPushButton("Set Field")
        self.set_button.setObjectName("SetField")
        self.set_button.clicked.connect(self._set)
        self.publish_button = QPushButton("Publish Orchestration Event")
        self.publish_button.setObjectName("PublishEvent")
        self.publish_button.setToolTip("Re-evaluates the current stage and its steps")
        self.publish_button.clicked.connect(self.publish_requested)
        o = QHBoxLayout(outside)
        o.addWidget(self.ref, 2)
        o.addWidget(self.value, 2)
        o.addWidget(self.set_button)
        o.addSpacing(12)
        o.addWidget(self.publish_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.queue, 1)
        layout.addLayout(row)
        layout.addWidget(outside)

    def set_simulation(self, sim: Simulation | None) -> None:
        self.sim = sim
        self._fill_refs()
        self.refresh()

    def refresh(self) -> None:
        events = self.sim.pending() if self.sim is not None else []
        rows = []
        for i, event in enumerate(events):
            item = KeyedTree.row([format_time(event.time), KIND_TEXT.get(event.kind, event.kind), event.element,
                                  event.description], event.id)
            item.setData(1, Qt.ItemDataRole.UserRole, event.kind)
            item.setToolTip(3, event.description)
            if i == 0:
                item.setToolTip(0, "Next in time order: what Step delivers")
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            rows.append(item)
        self.queue.refill(rows)
        running = self.sim is not None and not self.sim.is_finished
        for w in (self.set_button, self.publish_button, self.ref, self.value):
            w.setEnabled(running)
        self._update_buttons()

    def current_event(self) -> str | None:
        return self.queue.current_key()

    def select_event(self, event_id: str) -> bool:
        return self.queue.select_key(event_id)

    def _update_buttons(self) -> None:
        item = self.queue.currentItem()
        self.deliver_button.setEnabled(item is not None)
        can_fail = item is not None and item.data(1, Qt.ItemDataRole.UserRole) == "step_completion"
        self.fail_button.setEnabled(can_fail)
        self.fail_message.setEnabled(can_fail)

    def _fill_refs(self) -> None:
        self.ref.clear()
        sim = self.sim
        if sim is None:
            return
        refs = [v.name for v in sim.definition.variables]
        if sim.definition.type == "record_triggered":
            refs = [f"$Record.{k}" for k in sim.scenario.record] + refs
        for ref in refs:
            value, _ok = sim.value(ref)
            self.ref.addItem(ref, show_value(value))

    def _deliver(self) -> None:
        event_id = self.current_event()
        if event_id:
            self.deliver_requested.emit(event_id)

    def _fail(self) -> None:
        item = self.queue.currentItem()
        if item is not None:
            self.fail_requested.emit(item.text(2), self.fail_message.text().strip() or "Failed in the simulator")

    def _set(self) -> None:
        ref = self.ref.currentText().strip()
        if ref:
            self.set_requested.emit(ref, parse_value(self.value.text()))
