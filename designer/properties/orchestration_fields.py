"""Orchestration-level editors: type + trigger, run context (with its API-version note)."""

from __future__ import annotations

import typing

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from engine.model import Orchestration, Trigger

from .base import ChoiceEditor, Editor
from .binding import Binding
from .widgets import note_label, set_text

TRIGGER_ON = typing.get_args(Trigger.model_fields["on"].annotation)
ON_TEXT = {"create": "A record is created", "update": "A record is updated",
           "create_or_update": "A record is created or updated"}


class TypeEditor(Editor):
    """Autolaunched, or record-triggered with the object and which saves start a run."""

    wide = True

    def __init__(self, binding: Binding, path: str = "type", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.combo = QComboBox()
        self.combo.addItem("Autolaunched (no trigger)", "autolaunched")
        self.combo.addItem("Record-triggered", "record_triggered")
        self.combo.setToolTip(description)
        self.trigger_box = QWidget()
        form = QFormLayout(self.trigger_box)
        form.setContentsMargins(12, 0, 0, 0)
        self.object_edit = QLineEdit()
        self.object_edit.setPlaceholderText("sObject API name, e.g. Account")
        self.object_edit.setToolTip(Trigger.model_fields["object"].description)
        self.on_combo = QComboBox()
        for value in TRIGGER_ON:
            self.on_combo.addItem(ON_TEXT.get(value, value), value)
        self.on_combo.setToolTip(Trigger.model_fields["on"].description)
        form.addRow("Object", self.object_edit)
        form.addRow("Starts when", self.on_combo)
        self.add(self.combo)
        self.add(self.trigger_box)
        self.combo.activated.connect(self._type_chosen)
        self.object_edit.editingFinished.connect(self._object_done)
        self.on_combo.activated.connect(lambda _i: self._trigger_field("on", self.on_combo.currentData()))
        self.finish()

    def _type_chosen(self, _index: int) -> None:
        kind = self.combo.currentData()
        defn: Orchestration = self.binding.defn
        if kind == defn.type:
            return
        trigger = (defn.trigger or Trigger(object="")) if kind == "record_triggered" else None
        self.binding.replace(defn.model_copy(update={"type": kind, "trigger": trigger}),
                             f"Make the orchestration {kind.replace('_', '-')}")

    def _object_done(self) -> None:
        text = self.object_edit.text().strip()
        self.object_edit.setModified(False)
        if not text:
            self.show_error("A record-triggered orchestration needs the object whose records start it.",
                            self.object_edit)
            return
        self._trigger_field("object", text)

    def _trigger_field(self, field: str, value) -> None:
        if self.binding.get(f"trigger.{field}") == value:
            return
        message = self.binding.set(f"trigger.{field}", value)
        self.show_error(message, self.object_edit)

    def refresh(self) -> None:
        defn: Orchestration = self.binding.defn
        self.combo.setCurrentIndex(0 if defn.type == "autolaunched" else 1)
        self.trigger_box.setVisible(defn.type == "record_triggered")
        trigger = defn.trigger
        set_text(self.object_edit, trigger.object if trigger else "")
        self.on_combo.setCurrentIndex(TRIGGER_ON.index(trigger.on) if trigger else 0)
        if defn.type == "record_triggered" and (trigger is None or not trigger.object):
            self.show_error("A record-triggered orchestration needs the object whose records start it.",
                            self.object_edit)
        else:
            self.show_error(None, self.object_edit)


class RunContextEditor(ChoiceEditor):
    def __init__(self, binding: Binding, path: str = "run_context", description: str = "") -> None:
        self.note = note_label()
        super().__init__(binding, path, description, [("system", "System context"), ("user", "User context")])
        self._layout.insertWidget(1, self.note)

    def refresh(self) -> None:
        super().refresh()
        api = self.binding.defn.api_version
        if api >= 60:
            self.note.setText(f"Only matters for API 59 and older. With API {api} the orchestration always "
                              "runs as the Automated Process User (system context).")
        else:
            self.note.setText(f"API {api}: decides who the orchestration and its background steps run as "
                              "(see each step's run-as).")
        self.combo.setEnabled(True)
