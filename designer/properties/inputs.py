"""Input mapping: one value editor per input the called flow declares (literal or resource)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QGridLayout, QLabel

from engine.model import Flow

from ..fields import DELETE
from .base import Editor
from .binding import Binding
from .values import ValueEditor
from .widgets import clear_layout, note_label, remove_button


class InputsEditor(Editor):
    """``{path}.<input>`` for each input of ``flow()``; keys the flow does not declare are flagged."""

    wide = True

    def __init__(self, binding: Binding, path: str, description: str = "", *,
                 flow: Callable[[], Flow | None], flow_name: Callable[[], str | None]) -> None:
        super().__init__(binding, path, description)
        self.flow, self.flow_name = flow, flow_name
        self.note = note_label()
        self.add(self.note)
        self.grid = self.add_area(QGridLayout())
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.rows: dict[str, ValueEditor] = {}
        self._shape: tuple = ()
        self.finish()

    def _wanted(self) -> list[tuple[str, str | None, bool]]:
        """(input name, type, declared) for each row to show."""
        flow = self.flow()
        mapping = self.value() or {}
        rows = [(p.name, p.type, True) for p in flow.inputs] if flow is not None else []
        declared = {name for name, _t, _d in rows}
        rows += [(k, None, False) for k in mapping if k not in declared]
        return rows

    def _rebuild(self, wanted: list[tuple[str, str | None, bool]]) -> None:
        clear_layout(self.grid)
        self.rows = {}
        flow_name = self.flow_name() or ""
        for r, (name, type_name, declared) in enumerate(wanted):
            label = QLabel(f"{name}" + (f" <span style='color:#8a94a6'>({type_name})</span>" if type_name else ""))
            label.setToolTip(f"Input variable {name} of {flow_name}" if declared else
                             f"{flow_name or 'The flow'} declares no input {name}")
            editor = ValueEditor(self.binding, f"{self.path}.{name}", f"Value for input {name}",
                                 type_hint=lambda t=type_name: (t, None), delete_when_empty=True)
            self.grid.addWidget(label, 2 * r, 0, 1, 2)
            self.grid.addWidget(editor, 2 * r + 1, 0)
            if not declared:
                editor.show_error(f"{flow_name or 'The flow'} has no input {name}: remove it or declare it "
                                  "in the flow library.")
                drop = remove_button(f"Remove the value for {name}")
                drop.clicked.connect(lambda _c=False, n=name: self.binding.set(f"{self.path}.{n}", DELETE))
                self.grid.addWidget(drop, 2 * r + 1, 1)
            self.rows[name] = editor

    def refresh(self) -> None:
        wanted = self._wanted()
        shape = (self.flow_name(), tuple(wanted))
        if shape != self._shape:
            self._shape = shape
            self._rebuild(wanted)
        else:
            for editor in self.rows.values():
                editor.refresh()
        flow, name = self.flow(), self.flow_name()
        if not name:
            self.note.setText("Choose a flow first: its inputs appear here.")
        elif flow is None:
            self.note.setText(f"{name} is not in the flow library, so its inputs are unknown.")
        elif not flow.inputs:
            self.note.setText(f"{name} declares no inputs.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))
