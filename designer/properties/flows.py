"""Choosing a flow from the library (filtered by type) or creating one on the spot."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from engine.model import STEP_FLOW_TYPES, Flow

from ..commands import InsertItemCommand, SetFieldCommand, macro
from ..naming import unique_name
from .base import Editor
from .binding import Binding

NEW = "__new__"
FLOW_TYPE_TEXT = {"screen": "screen flow", "autolaunched": "autolaunched flow", "evaluation": "evaluation flow",
                  "mulesoft": "MuleSoft action"}
# The flow type each step type calls.
STEP_FLOW_TYPE = STEP_FLOW_TYPES  # step type -> the flow type it calls (engine.model)


class FlowChooser(Editor):
    """A combo of the library's flows of ``flow_type``; "New …" creates one and selects it (one undo step)."""

    def __init__(self, binding: Binding, path: str, description: str = "", *,
                 flow_type: Callable[[], str], allow_none: bool = True) -> None:
        self.flow_type = flow_type
        self.allow_none = allow_none
        super().__init__(binding, path, description)
        self.combo = QComboBox()
        self.combo.setToolTip(description)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(10)
        self.badge = QLabel()
        self.badge.setObjectName("AsyncBadge")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.badge)
        self._layout.addLayout(row)
        self.combo.activated.connect(self._chosen)
        self.finish()

    def _choices(self) -> list[tuple[str | None, str]]:
        kind = self.flow_type()
        items: list[tuple[str | None, str]] = [(None, "(none)")] if self.allow_none else []
        items += [(f.name, f.label or f.name) if not f.label or f.label == f.name else (f.name, f"{f.name} — {f.label}")
                  for f in self.binding.defn.flows if f.type == kind]
        items.append((NEW, f"New {FLOW_TYPE_TEXT[kind]}…"))
        return items

    def _chosen(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value == NEW:
            self.create_flow()
        elif value != self.value():
            self.commit(value, target=self.combo)

    def create_flow(self) -> str:
        """Add a flow of the right type to the library and choose it (one undoable step)."""
        doc, kind = self.binding.document, self.flow_type()
        base = {"screen": "Screen_Flow", "autolaunched": "Autolaunched_Flow", "evaluation": "Evaluation_Flow",
                "mulesoft": "MuleSoft_Action"}[kind]
        name = unique_name(base, {f.name for f in doc.definition.flows})
        flow = Flow(name=name, type=kind)  # type: ignore[arg-type]
        with macro(doc, f"New {FLOW_TYPE_TEXT[kind]} {name}"):
            doc.undo_stack.push(InsertItemCommand(doc, "flow", len(doc.definition.flows), flow))
            doc.undo_stack.push(SetFieldCommand(doc, self.binding.kind, self.binding.name, self.path, name))
        return name

    def refresh(self) -> None:
        current = self.value()
        items = self._choices()
        problem = None
        if current and current not in [v for v, _ in items]:
            flow = self.binding.defn.flow(current)
            if flow is None:
                items.insert(0, (current, f"{current} (not in the library)"))
                problem = f"{current} is not in the flow library."
            else:
                items.insert(0, (current, f"{current} ({FLOW_TYPE_TEXT[flow.type]})"))
                problem = (f"{current} is a {FLOW_TYPE_TEXT[flow.type]}; this needs a "
                           f"{FLOW_TYPE_TEXT[self.flow_type()]}.")
        self.combo.blockSignals(True)
        self.combo.clear()
        for value, text in items:
            self.combo.addItem(text, value)
        self.combo.setCurrentIndex([v for v, _ in items].index(current) if current in [v for v, _ in items] else 0)
        self.combo.blockSignals(False)
        self.show_error(problem, self.combo)
        self._update_badge()

    def _update_badge(self) -> None:
        step = self.binding.element
        flow = self.binding.defn.flow(self.value())
        if getattr(step, "type", None) != "background" or self.path != "action":
            self.badge.hide()
            return
        forced = step.requires_async
        is_async = step.runs_async(flow)
        self.badge.setText("async" if is_async else "sync")
        color = "#8e5bd1" if is_async else "#2f8f5b"
        self.badge.setStyleSheet(f"QLabel {{ color: white; background: {color}; border-radius: 7px; "
                                 "padding: 1px 7px; font-weight: 600; }")
        why = ("requires_async is set on the step" if forced is not None else
               "the flow contains an Action, Subflow or Wait element" if is_async else
               "the flow has no Action, Subflow or Wait element")
        self.badge.setToolTip(f"This background step runs {'a' if is_async else ''}synchronously: {why}.")
        self.badge.show()
