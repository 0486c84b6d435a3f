"""Step-specific editors: step type, assignee, run-as (with the effective run-as), sync/async flag."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QStackedWidget

from engine.model import STEP_CLASSES, Assignee
from engine.runtime.runas import explain_run_as

from ..resource_picker import AnalysisSource, ResourceField
from .base import ChoiceEditor, Editor
from .binding import Binding
from .widgets import note_label, set_text

USER_ID_RE = re.compile(r"^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")
_KEEP = ("name", "label", "description", "inputs", "start")


class StepTypeEditor(ChoiceEditor):
    """Changing the type rebuilds the step (keeping name, label, description, inputs, start)."""

    def __init__(self, binding: Binding, path: str = "type", description: str = "") -> None:
        super().__init__(binding, path, description, [(t, t.capitalize() if t != "mulesoft" else "MuleSoft")
                                                      for t in STEP_CLASSES])

    def _chosen(self, index: int) -> None:
        new_type = self.combo.itemData(index)
        step = self.binding.element
        if new_type == step.type:  # type: ignore[attr-defined]
            return
        data = {k: getattr(step, k) for k in _KEEP}
        new = STEP_CLASSES[new_type].model_validate({**{k: _plain(v) for k, v in data.items()}, "type": new_type})
        self.binding.replace(new, f"Change {step.name} to {new_type}")  # type: ignore[attr-defined]


def _plain(value):
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class AssigneeEditor(Editor):
    """User / group / queue, and a literal name or a resource holding it."""

    def __init__(self, binding: Binding, path: str = "assignee", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.type_combo = QComboBox()
        for value, text in (("user", "User"), ("group", "Group"), ("queue", "Queue")):
            self.type_combo.addItem(text, value)
        self.mode = QComboBox()
        self.mode.addItem("Name", "value")
        self.mode.addItem("Resource", "ref")
        self.literal = QLineEdit()
        self.resource = ResourceField(AnalysisSource(binding.document, binding.name or "", "assignee"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.literal)
        self.stack.addWidget(self.resource)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        row.addWidget(self.type_combo, 1)
        row.addWidget(self.mode, 1)
        self._layout.addLayout(row)
        self._layout.addWidget(self.stack)
        self.forced_mode: str | None = None
        self.type_combo.activated.connect(lambda _i: self._store())
        self.mode.activated.connect(self._mode_chosen)
        self.literal.editingFinished.connect(self._store)
        self.resource.committed.connect(lambda _ref: self._store())
        self.finish()

    def _mode_chosen(self, _index: int) -> None:
        self.forced_mode = self.mode.currentData()
        self.refresh()

    def _store(self) -> None:
        kind = self.type_combo.currentData()
        mode = self.mode.currentData()
        if mode == "value":
            text = self.literal.text().strip()
            self.literal.setModified(False)
            if kind == "user" and USER_ID_RE.match(text):
                self.show_error(f"{text} looks like a record Id: a user assignee must be a username "
                                "(e.g. name@example.com).", self.literal)
                return
            new = Assignee(type=kind, value=text or None)
        else:
            new = Assignee(type=kind, ref=self.resource.value() or None)
        if new != self.value():
            self.commit(new, target=self.literal)

    def refresh(self) -> None:
        a: Assignee | None = self.value()
        kind = a.type if a else "user"
        self.type_combo.setCurrentIndex(["user", "group", "queue"].index(kind))
        mode = self.forced_mode or ("ref" if a is not None and a.ref else "value")
        if self.forced_mode and a is not None and (a.ref is not None) == (self.forced_mode == "ref"):
            self.forced_mode = None
        self.mode.setCurrentIndex(0 if mode == "value" else 1)
        self.stack.setCurrentIndex(0 if mode == "value" else 1)
        self.literal.setPlaceholderText({"user": "username, e.g. manager@example.com",
                                         "group": "group API name", "queue": "queue API name"}[kind])
        set_text(self.literal, (a.value or "") if a else "")
        self.resource.set_value((a.ref or "") if a else "")
        if a is None or (a.value is None and a.ref is None):
            self.show_error("An interactive step needs an assignee.")
        elif not self.literal.isModified():
            self.show_error(None, self.literal)


class RunAsEditor(ChoiceEditor):
    """``run_as`` plus the effective run-as explained for the API version and run context
    (``engine.runtime.runas.explain_run_as``: the simulator's rules in words)."""

    def __init__(self, binding: Binding, path: str = "run_as", description: str = "") -> None:
        self.explanation = note_label()
        self.explanation.setObjectName("RunAsExplanation")
        super().__init__(binding, path, description, [
            ("automated_process_user", "Automated Process User"),
            ("last_interactive_user", "Last interactive user")])
        self._layout.insertWidget(1, self.explanation)

    def refresh(self) -> None:
        super().refresh()
        self.explanation.setText(explain_run_as(self.binding.defn, self.binding.element))


class RequiresAsyncEditor(ChoiceEditor):
    def __init__(self, binding: Binding, path: str = "requires_async", description: str = "") -> None:
        super().__init__(binding, path, description, [
            (None, "Decide from the flow's elements"), (True, "Always asynchronous"), (False, "Always synchronous")])
