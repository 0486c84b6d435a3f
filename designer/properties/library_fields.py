"""Editors of one library flow: name (references follow), elements (sync/async), parameters,
simulated outputs and evaluation result."""

from __future__ import annotations

import typing

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit

from engine.model import ASYNC_ELEMENTS, ConditionSpec, VariableType

from ..commands import RenameCommand
from ..naming import is_valid_name, numbered_name
from ..resource_picker import ListSource
from .base import Editor
from .binding import Binding
from .library_ops import output_usages, push_definition, with_output_renamed
from .requirements import RequirementsEditor
from .types import format_literal, parse_literal
from .widgets import clear_layout, mark_invalid, note_label, remove_button, set_text

ELEMENT_KINDS = ("Screen", "Decision", "Assignment", "Get Records", "Create Records", "Update Records",
                 "Delete Records", "Loop", "Action", "Subflow", "Wait")
VARIABLE_TYPES = typing.get_args(VariableType)


class FlowNameEditor(Editor):
    """Renames the flow and every step / evaluation condition that calls it (one undo step)."""

    def __init__(self, binding: Binding, path: str = "name", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.edit = QLineEdit()
        self.edit.setObjectName("FlowNameEdit")
        self.edit.editingFinished.connect(self._done)
        self.add(self.edit)
        self.finish()

    def _done(self) -> None:
        new, old = self.edit.text().strip(), self.binding.name or ""
        self.edit.setModified(False)
        if new == old:
            self.show_error(None, self.edit)
            return
        if not is_valid_name(new):
            self.show_error(f"“{new}” is not a valid API name: letters, digits and single underscores, "
                            "starting with a letter.", self.edit)
            return
        if self.binding.defn.flow(new) is not None:
            self.show_error(f"The library already has a flow named {new}.", self.edit)
            return
        doc = self.binding.document
        doc.undo_stack.push(RenameCommand(doc, old, new, kind="flow"))
        self.binding.name = new
        self.show_error(None, self.edit)

    def refresh(self) -> None:
        set_text(self.edit, self.binding.name or "")


class ElementsEditor(Editor):
    """Check boxes for element kinds; Action / Subflow / Wait make a background step asynchronous."""

    wide = True

    def __init__(self, binding: Binding, path: str = "elements", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.grid = self.add_area(QGridLayout())
        self.grid.setVerticalSpacing(1)
        self.boxes: dict[str, QCheckBox] = {}
        self._kinds: list[str] = []
        self.badge = QLabel()
        self.badge.setWordWrap(True)
        self.add(self.badge)
        self.finish()

    def _toggled(self) -> None:
        chosen = [kind for kind, box in self.boxes.items() if box.isChecked()]
        if chosen != list(self.value() or []):
            self.commit(chosen)

    def refresh(self) -> None:
        current = list(self.value() or [])
        kinds = list(ELEMENT_KINDS) + [e for e in current if e not in ELEMENT_KINDS]
        if kinds != self._kinds:
            self._kinds = kinds
            clear_layout(self.grid)
            self.boxes = {}
            for i, kind in enumerate(kinds):
                box = QCheckBox(kind)
                if kind in ASYNC_ELEMENTS:
                    box.setToolTip(f"{kind} makes a background step asynchronous")
                box.toggled.connect(lambda _on: self._toggled())
                self.grid.addWidget(box, i // 3, i % 3)
                self.boxes[kind] = box
        for kind, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(kind in current)
            box.blockSignals(False)
        flow = self.binding.element
        if flow.type == "autolaunched":  # type: ignore[attr-defined]
            is_async = flow.is_async  # type: ignore[attr-defined]
            self.badge.setText(f"Background steps running it are <b>{'async' if is_async else 'sync'}</b>"
                               + (" (it has an Action, Subflow or Wait)." if is_async else
                                  " (no Action, Subflow or Wait)."))
        else:
            self.badge.setText({"screen": "Interactive steps are always asynchronous.",
                                "mulesoft": "MuleSoft steps are always asynchronous.",
                                "evaluation": "Evaluation flows run in system context."}.get(flow.type, ""))  # type: ignore[attr-defined]


class ParamsEditor(Editor):
    """Input or output variables of the flow: name, type, object. Renaming an output updates the
    references to it; removing one still referenced says where."""

    wide = True

    def __init__(self, binding: Binding, path: str, description: str = "") -> None:
        super().__init__(binding, path, description)
        self.grid = self.add_area(QGridLayout())
        self.grid.setVerticalSpacing(2)
        self.add_button = self.add_button_row("Add input" if path == "inputs" else "Add output", self.add_param)
        self._names: list[str] | None = None
        self._busy = False
        self.rows: list[tuple[QLineEdit, QComboBox, QLineEdit]] = []
        self.finish()

    def _params(self) -> list[dict]:
        return [p.model_dump() for p in self.value() or []]

    def add_param(self) -> None:
        params = self._params()
        prefix = "input" if self.path == "inputs" else "output"
        name = numbered_name(prefix, {p["name"] for p in params}, len(params) + 1)
        params.append({"name": name, "type": "Text", "object": None})
        self.commit(params)

    def remove_param(self, index: int) -> None:
        params = self._params()
        name = params[index]["name"]
        if self.path == "outputs":
            used = output_usages(self.binding.defn, self.binding.name or "", name)
            if used:
                self.show_error(f"Output {name} is still used by " + "; ".join(used[:5])
                                + ("…" if len(used) > 5 else "") + ". Change those first.")
                return
        del params[index]
        self.commit(params)

    def rename_param(self, index: int, edit: QLineEdit) -> None:
        params = self._params()
        old, new = params[index]["name"], edit.text().strip()
        edit.setModified(False)
        if new == old:
            return
        if not new or new in {p["name"] for p in params}:
            self.show_error(f"“{new}” is empty or already used." if new else "A name is required.", edit)
            return
        if self.path == "outputs":
            doc = self.binding.document
            renamed = with_output_renamed(doc.definition, self.binding.name or "", old, new)
            self._busy = True  # the macro changes several elements: refresh once, at the end
            try:
                push_definition(doc, renamed, f"Rename output {old} to {new}")
            finally:
                self._busy = False
            self.show_error(None, edit)
            self.refresh()
            return
        params[index]["name"] = new
        self.commit(params, target=edit)

    def set_param(self, index: int, field: str, value) -> None:
        params = self._params()
        if params[index][field] != value:
            params[index][field] = value
            self.commit(params)

    def refresh(self) -> None:
        if self._busy:
            return
        params = self.value() or []
        names = [p.name for p in params]
        if names != self._names:
            self._names = names
            clear_layout(self.grid)
            self.rows = []
            for i, _p in enumerate(params):
                name, type_combo, obj = QLineEdit(), QComboBox(), QLineEdit()
                type_combo.addItems(list(VARIABLE_TYPES))
                obj.setPlaceholderText("sObject")
                drop = remove_button(f"Remove this {'input' if self.path == 'inputs' else 'output'}")
                name.editingFinished.connect(lambda i=i, e=name: self.rename_param(i, e))
                type_combo.activated.connect(lambda _x, i=i, c=type_combo: self.set_param(i, "type", c.currentText()))
                obj.editingFinished.connect(lambda i=i, e=obj: self.set_param(i, "object", e.text().strip() or None))
                drop.clicked.connect(lambda _c=False, i=i: self.remove_param(i))
                for col, w in enumerate((name, type_combo, obj, drop)):
                    self.grid.addWidget(w, i, col)
                self.rows.append((name, type_combo, obj))
            self.grid.setColumnStretch(0, 2)
            self.grid.setColumnStretch(2, 1)
        for (name, type_combo, obj), p in zip(self.rows, params):
            set_text(name, p.name)
            type_combo.setCurrentText(p.type)
            set_text(obj, p.object or "")
            obj.setEnabled(p.type == "Record")


class SimOutputsEditor(Editor):
    """A simulated value per declared output."""

    wide = True

    def __init__(self, binding: Binding, path: str = "simulate.outputs", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.grid = self.add_area(QGridLayout())
        self.edits: dict[str, QLineEdit] = {}
        self._shape: tuple | None = None
        self.finish()

    def _done(self, name: str, type_name: str) -> None:
        edit = self.edits[name]
        edit.setModified(False)
        try:
            value = parse_literal(edit.text(), type_name)
        except ValueError as exc:
            self.show_error(f"{name}: {exc}", edit)
            return
        outputs = dict(self.value() or {})
        if value is None:
            outputs.pop(name, None)
        else:
            outputs[name] = value
        if outputs != (self.value() or {}):
            self.commit(outputs, target=edit)
        else:
            self.show_error(None, edit)

    def refresh(self) -> None:
        flow = self.binding.element
        shape = tuple((p.name, p.type) for p in flow.outputs)  # type: ignore[attr-defined]
        if shape != self._shape:
            self._shape = shape
            clear_layout(self.grid)
            self.edits = {}
            for i, (name, type_name) in enumerate(shape):
                edit = QLineEdit()
                edit.setPlaceholderText("no value")
                edit.editingFinished.connect(lambda n=name, t=type_name: self._done(n, t))
                self.grid.addWidget(QLabel(f"{name} ({type_name})"), i, 0)
                self.grid.addWidget(edit, i, 1)
                self.edits[name] = edit
            if not shape:
                self.grid.addWidget(note_label("The flow declares no outputs."), 0, 0)
        values = self.value() or {}
        for name, edit in self.edits.items():
            set_text(edit, format_literal(values.get(name)))
            mark_invalid(edit, False)


class ResultEditor(Editor):
    """An evaluation flow's simulated result: not set, true, false, or a condition over its inputs."""

    wide = True

    def __init__(self, binding: Binding, path: str = "simulate.result", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.combo = QComboBox()
        for value, text in (("none", "Not set (a scenario decides)"), ("true", "Always True"),
                            ("false", "Always False"), ("condition", "A condition over its inputs")):
            self.combo.addItem(text, value)
        self.add(self.combo)
        self.body: RequirementsEditor | None = None
        self.combo.activated.connect(self._chosen)
        self.finish()

    def _chosen(self, _index: int) -> None:
        mode = self.combo.currentData()
        value = {"none": None, "true": True, "false": False}.get(mode)
        if mode == "condition":
            if isinstance(self.value(), ConditionSpec):
                return
            inputs = self.binding.element.inputs  # type: ignore[attr-defined]
            left = inputs[0].name if inputs else ""
            value = {"logic": "and", "requirements": [{"left": left, "operator": "EqualTo", "right": True}]}
        self.commit(value)

    def refresh(self) -> None:
        value = self.value()
        mode = ("condition" if isinstance(value, ConditionSpec) else "none" if value is None
                else "true" if value else "false")
        self.combo.setCurrentIndex(["none", "true", "false", "condition"].index(mode))
        if mode == "condition" and self.body is None:
            flow = lambda: self.binding.element  # noqa: E731
            source = ListSource(lambda: [p.name for p in flow().inputs])
            self.body = RequirementsEditor(self.binding, self.path, "A condition over the flow's inputs", limit=None,
                                           source=source, type_of=lambda t: next(
                                               (p.type for p in flow().inputs if p.name == t), None))
            self._layout.insertWidget(1, self.body)
        elif mode != "condition" and self.body is not None:
            self.body.setParent(None)
            self.body.deleteLater()
            self.body = None
        elif self.body is not None:
            self.body.refresh()
