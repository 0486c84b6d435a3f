"""Step-specific editors: step type, assignee, run-as (with the effective run-as), sync/async flag."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit

from engine.model import STEP_CLASSES, Assignee
from engine.runtime.runas import explain_run_as

from ..resource_picker import AnalysisSource, ResourceField
from .base import ChoiceEditor, Editor
from .binding import Binding
from .widgets import literal_or_resource, note_label, set_text

USER_ID_RE = re.compile(r"^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")
_KEEP = ("name", "label", "description", "inputs", "start")
_FIELD_TEXT = {"action": "the called {flow}", "assignee": "the assignee", "record": "the context record",
               "complete": "the completion condition", "run_as": "run-as", "requires_async": "the sync/async flag"}


def convert_step(defn, step, new_type: str):
    """``step`` rebuilt as ``new_type``, and what the change loses, in words (Qt-free).

    Kept: name, label, description, inputs, start, and every other field the new type also has
    (run-as between background and MuleSoft; the called flow only when the library says it is
    of the kind the new type calls). Lost: the remaining fields that differ from their default.
    """
    from .flows import FLOW_TYPE_TEXT, STEP_FLOW_TYPE

    old_cls, new_cls = type(step), STEP_CLASSES[new_type]
    data = {k: _plain(getattr(step, k)) for k in _KEEP}
    lost: list[str] = []
    for field in old_cls.model_fields:
        if field in _KEEP or field == "type":
            continue
        value = getattr(step, field)
        default = old_cls.model_fields[field].get_default(call_default_factory=True)
        keep = field in new_cls.model_fields
        if field == "action" and value is not None:
            flow = defn.flow(value)
            keep = flow is not None and flow.type == STEP_FLOW_TYPE[new_type]
        if keep:
            data[field] = _plain(value)
        elif value != default:
            text = _FIELD_TEXT.get(field, field).format(flow=FLOW_TYPE_TEXT.get(STEP_FLOW_TYPE[step.type], "flow"))
            shown = ("always asynchronous" if value else "always synchronous") if field == "requires_async" \
                else _describe(value)
            lost.append(f"{text} ({shown})")
    return new_cls.model_validate({**data, "type": new_type}), lost


def _describe(value) -> str:
    if hasattr(value, "ref") and hasattr(value, "type") and hasattr(value, "value"):  # an Assignee
        return f"{value.type} {value.value or value.ref}"
    if hasattr(value, "ref") and getattr(value, "ref", None):
        return str(value.ref)
    if hasattr(value, "when"):
        return str(value.when).replace("_", " ")
    if isinstance(value, str) and value in _RUN_AS_TEXT:
        return _RUN_AS_TEXT[value]
    return str(value)


def confirm_type_change(parent, step_name: str, new_type: str, lost: list[str]) -> bool:
    """Ask before a type change drops settings (tests monkeypatch this)."""
    from PySide6.QtWidgets import QMessageBox

    B = QMessageBox.StandardButton
    text = (f"A {TYPE_TEXT[new_type]} step cannot keep these settings of {step_name}:\n• "
            + "\n• ".join(lost) + "\n\nChange the type and drop them? (Undo brings them back.)")
    return QMessageBox.question(parent, "Change step type", text, B.Yes | B.No, B.No) == B.Yes


_RUN_AS_TEXT = {"automated_process_user": "Automated Process User",
                "last_interactive_user": "last interactive user"}
TYPE_TEXT = {"interactive": "Interactive", "background": "Background", "mulesoft": "MuleSoft"}


class StepTypeEditor(ChoiceEditor):
    """Changing the type rebuilds the step, keeping what the new type can hold; before dropping
    anything it lists what would be lost and asks (one undoable command)."""

    def __init__(self, binding: Binding, path: str = "type", description: str = "") -> None:
        super().__init__(binding, path, description, [(t, TYPE_TEXT[t]) for t in STEP_CLASSES])

    def _chosen(self, index: int) -> None:
        new_type = self.combo.itemData(index)
        step = self.binding.element
        if new_type == step.type:  # type: ignore[attr-defined]
            return
        new, lost = convert_step(self.binding.defn, step, new_type)
        from . import step_fields as me  # looked up at call time, so tests can replace the prompt

        if lost and not me.confirm_type_change(self, step.name, new_type, lost):  # type: ignore[attr-defined]
            self.refresh()
            return
        self.binding.replace(new, f"Change {step.name} to {TYPE_TEXT[new_type]}")  # type: ignore[attr-defined]


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
        self.literal = QLineEdit()
        self.resource = ResourceField(AnalysisSource(binding.document, binding.name or "", "assignee"))
        self.mode, self.stack = literal_or_resource(self.literal, self.resource, ("Name", "value"))
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
        self.mode.setCurrentIndex(0 if mode == "value" else 1)  # the stack follows
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
