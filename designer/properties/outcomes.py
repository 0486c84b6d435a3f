"""Decision outcomes: an ordered list (add / remove / move up / down), each with requirements,
logic and next target."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QToolButton, QVBoxLayout

from engine.model import END

from ..naming import is_valid_name, numbered_name
from .base import Editor, StrEditor
from .binding import Binding
from .requirements import RequirementsEditor
from .targets import TargetEditor
from .widgets import note_label


def _name_problem(text: str) -> str | None:
    if is_valid_name(text.strip()):
        return None
    return f"“{text}” is not a valid API name: letters, digits and single underscores, starting with a letter."


def _title(index: int, name: str) -> str:
    short = name if len(name) <= 32 else name[:31] + "…"  # a group box title cannot wrap
    return f"Outcome {index + 1}: {short}"


class OutcomeBox(QGroupBox):
    def __init__(self, binding: Binding, index: int, count: int, move, remove) -> None:
        super().__init__()
        self.setObjectName("OutcomeBox")
        self.index = index
        prefix = f"outcomes[{index}]"
        outcome = binding.get(prefix)
        self.setTitle(_title(index, outcome.name))
        self.name = StrEditor(binding, f"{prefix}.name", "API name of the outcome", validate=_name_problem)
        self.name.edit.setPlaceholderText("outcome API name")
        self.label = StrEditor(binding, f"{prefix}.label", "Label of the outcome's branch", optional=True)
        self.requirements = RequirementsEditor(binding, prefix, "The outcome's requirements", limit=None)
        self.next = TargetEditor(binding, f"{prefix}.next", "Where the path goes when this outcome holds")
        self.up, self.down, self.drop = QToolButton(), QToolButton(), QToolButton()
        for button, text, tip in ((self.up, "↑", "Try this outcome earlier"),
                                  (self.down, "↓", "Try this outcome later"),
                                  (self.drop, "✕", "Remove this outcome")):
            button.setText(text)
            button.setToolTip(tip)
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        self.up.clicked.connect(lambda: move(index, index - 1))
        self.down.clicked.connect(lambda: move(index, index + 1))
        self.drop.clicked.connect(lambda: remove(index))
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.label, 1)
        for button in (self.up, self.down, self.drop):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.requirements)
        row = QHBoxLayout()
        row.addWidget(note_label("Then go to"))
        row.addWidget(self.next, 1)
        layout.addLayout(row)

    def refresh(self, binding: Binding) -> None:
        outcome = binding.get(f"outcomes[{self.index}]")
        if outcome is not None:
            self.setTitle(_title(self.index, outcome.name))
        for editor in (self.name, self.label, self.requirements, self.next):
            editor.refresh()


class OutcomesEditor(Editor):
    """Outcomes are tried in order; the first that holds decides where the path goes."""

    wide = True

    def __init__(self, binding: Binding, path: str = "outcomes", description: str = "") -> None:
        super().__init__(binding, path, description)
        self.box_layout = self.add_area(QVBoxLayout())
        self.boxes: list[OutcomeBox] = []
        self._names: list[str] = []
        self.add_button = self.add_button_row("Add outcome", self.add_outcome)
        self.finish()

    def _outcomes(self) -> list[dict]:
        return [o.model_dump() for o in self.value() or []]

    def add_outcome(self) -> None:
        outcomes = self._outcomes()
        name = numbered_name("Outcome_", {o["name"] for o in outcomes}, len(outcomes) + 1)
        outcomes.append({"name": name, "logic": "and",
                         "requirements": [{"left": "", "operator": "EqualTo", "right": None}], "next": END})
        if self.commit(outcomes) and self.boxes:
            self.boxes[-1].requirements.pick_blank()

    def move(self, index: int, to: int) -> None:
        outcomes = self._outcomes()
        if 0 <= to < len(outcomes):
            outcomes.insert(to, outcomes.pop(index))
            self.commit(outcomes)

    def remove(self, index: int) -> None:
        outcomes = self._outcomes()
        del outcomes[index]
        self.commit(outcomes)

    def refresh(self) -> None:
        names = [o.name for o in self.value() or []]
        if names != self._names or len(self.boxes) != len(names):
            for box in self.boxes:
                box.setParent(None)
                box.deleteLater()
            self.boxes = [OutcomeBox(self.binding, i, len(names), self.move, self.remove) for i in range(len(names))]
            for box in self.boxes:
                self.box_layout.addWidget(box)
            self._names = names
        else:
            for box in self.boxes:
                box.refresh(self.binding)
        dupes = sorted({n for n in names if names.count(n) > 1})
        self.show_error(f"Outcome names must be unique: {', '.join(dupes)}" if dupes else
                        ("A decision needs at least one outcome." if not names else None))
