"""Requirements (up to 10 rows: resource, operator for its type, value) and their logic."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from engine.checks.conditions import requirement_type_problem
from engine.datatypes import NULL_TESTS, operators_for, resource_type
from engine.logic import LogicError, parse_logic
from engine.model import MAX_REQUIREMENTS, OPERATORS

from ..resource_picker import ResourceField, Source
from .base import Editor
from .binding import Binding
from .values import ValueEditor, source_for
from .widgets import RowCard, mark_invalid, remove_button, set_text

LOGIC_CHOICES = (("and", "All requirements (AND)"), ("or", "Any requirement (OR)"), ("custom", "Custom logic"))


class LogicEditor(Editor):
    """AND / OR / custom; a custom expression is parsed as the user types (error shown inline)."""

    def __init__(self, binding: Binding, path: str, count: Callable[[], int], description: str = "") -> None:
        super().__init__(binding, path, description)
        self.count = count
        self.combo = QComboBox()
        for value, text in LOGIC_CHOICES:
            self.combo.addItem(text, value)
        self.custom = QLineEdit()
        self.custom.setPlaceholderText("e.g. 1 AND (2 OR 3)")
        self.custom.setToolTip("Requirement numbers with AND, OR, NOT and parentheses; use every number")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Logic"))
        row.addWidget(self.combo)
        row.addWidget(self.custom, 1)
        self._layout.addLayout(row)
        self.combo.activated.connect(self._mode_chosen)
        self.custom.textEdited.connect(self._check)
        self.custom.editingFinished.connect(self._custom_done)
        self.finish()

    def _mode_chosen(self, index: int) -> None:
        mode = self.combo.itemData(index)
        if mode == "custom":
            current = str(self.value() or "and")
            if current.lower() in ("and", "or"):
                joiner = f" {current.upper()} "
                text = joiner.join(str(i) for i in range(1, self.count() + 1)) or "1"
                self.commit(text)
            self.custom.setFocus()
        else:
            self.commit(mode)

    def _check(self, text: str) -> bool:
        try:
            parse_logic(text, self.count())
        except LogicError as exc:
            self.show_error(f"Custom logic: {exc}", self.custom)
            return False
        self.show_error(None, self.custom)
        return True

    def _custom_done(self) -> None:
        text = self.custom.text()
        self.custom.setModified(False)
        if text != self.value() and self._check(text):
            self.commit(text, target=self.custom)

    def refresh(self) -> None:
        logic = str(self.value() or "and")
        mode = logic.lower() if logic.lower() in ("and", "or") else "custom"
        self.combo.setCurrentIndex([v for v, _ in LOGIC_CHOICES].index(mode))
        self.custom.setVisible(mode == "custom")
        if mode == "custom":
            set_text(self.custom, logic)
            if not self.custom.isModified():
                self._check(logic)
        else:
            self.show_error(None, self.custom)


class RequirementRow(RowCard):
    """Requirement ``index`` (0-based) at ``{prefix}.requirements[index]``."""

    def __init__(self, binding: Binding, prefix: str, index: int, source: Source,
                 type_of: Callable[[str], str | None], remove: Callable[[int], None]) -> None:
        super().__init__("RequirementRow")
        self.binding, self.index, self.type_of = binding, index, type_of
        self.path = f"{prefix}.requirements[{index}]"
        self.number = QLabel(f"{index + 1}")
        self.number.setMinimumWidth(18)
        self.number.setStyleSheet("font-weight: 600;")
        self.left = ResourceField(source, placeholder="choose the resource to test…")
        self.operator = QComboBox()
        self.operator.setToolTip("Comparison operator (only those that apply to the resource's type)")
        self.operator.setFixedWidth(138)
        self.right = ValueEditor(binding, f"{self.path}.right", "A literal value, or a resource",
                                 type_hint=self._hint, source=source)
        self.remove_button = remove_button(f"Remove requirement {index + 1}")
        grid = self.grid
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.left, 0, 1, 1, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.operator, 1, 1)
        grid.addWidget(self.right, 1, 2, 1, 2)
        grid.setColumnStretch(2, 1)
        self.left.committed.connect(self._left_chosen)
        self.operator.activated.connect(self._operator_chosen)
        self.remove_button.clicked.connect(lambda: remove(self.index))
        self.refresh()

    def _hint(self) -> tuple[str | None, str | None]:
        return self.type_of(self.binding.get(f"{self.path}.left") or ""), self.binding.get(f"{self.path}.operator")

    def _left_chosen(self, ref: str) -> None:
        allowed = operators_for(self.type_of(ref))
        operator = self.binding.get(f"{self.path}.operator")
        if operator in allowed:
            message = self.binding.set(f"{self.path}.left", ref)
        else:  # the old operator does not apply to the new resource: pick the first that does
            req = dict(self.binding.get(self.path).model_dump(), left=ref, operator=allowed[0])
            message = self.binding.set(self.path, req)
        self.left.error.show_message(message)

    def _operator_chosen(self, index: int) -> None:
        operator = self.operator.itemData(index)
        req = self.binding.get(self.path).model_dump()
        if operator == req["operator"]:
            return
        req["operator"] = operator
        if operator in NULL_TESTS and not isinstance(req["right"], bool):
            req["right"] = True
        message = self.binding.set(self.path, req)
        self.right.show_error(message, self.operator)

    def refresh(self) -> None:
        req = self.binding.get(self.path)
        if req is None:
            return
        self.left.set_value(req.left)
        allowed = operators_for(self.type_of(req.left))
        items = list(allowed) if req.operator in allowed else [*allowed, req.operator]
        if [self.operator.itemData(i) for i in range(self.operator.count())] != items:
            self.operator.clear()
            for op in items:
                self.operator.addItem(op, op)
        self.operator.setCurrentIndex(items.index(req.operator))
        wrong = req.operator not in allowed
        mark_invalid(self.operator, wrong)
        self.operator.setToolTip(f"{req.operator} does not apply to {req.left}" if wrong else
                                 "Comparison operator (only those that apply to the resource's type)")
        self.right.refresh()
        problem = requirement_type_problem(req, self.type_of)
        if problem and not self.right.error.text():
            self.right.error.show_message(f"Type mismatch: {problem}.")
        elif not problem and self.right.error.text().startswith("Type mismatch"):
            self.right.error.show_message(None)


class RequirementsEditor(Editor):
    """Logic plus up to ``limit`` requirement rows under ``{prefix}`` (``prefix.logic``, ``prefix.requirements``)."""

    wide = True

    def __init__(self, binding: Binding, prefix: str, description: str = "", *, limit: int | None = MAX_REQUIREMENTS,
                 source: Source | None = None, type_of: Callable[[str], str | None] | None = None) -> None:
        super().__init__(binding, f"{prefix}.requirements", description)
        self.prefix = prefix
        self.limit = limit
        self.source = source or source_for(binding, prefix)
        self.type_of = type_of or (lambda text: resource_type(binding.defn, text))
        self.logic = LogicEditor(binding, f"{prefix}.logic", lambda: len(self.value() or []),
                                 "and, or, or custom logic over requirement numbers")
        self.rows: list[RequirementRow] = []
        self.add(self.logic)
        self.rows_layout = self.add_area(QVBoxLayout())
        self.rows_layout.setSpacing(3)
        self.add_button = self.add_button_row("Add requirement", self.add_requirement)
        self.finish()

    def add_requirement(self) -> None:
        reqs = [r.model_dump() for r in self.value() or []]
        if self.limit is not None and len(reqs) >= self.limit:
            self.show_error(f"At most {self.limit} requirements; use an evaluation flow for more.")
            return
        reqs.append({"left": "", "operator": OPERATORS[0], "right": None})
        if self.commit(reqs):
            self.pick_blank()

    def pick_blank(self) -> None:
        """Open the resource picker on the first requirement still without a resource (a new row):
        the next thing the user does is choose what to test."""
        row = next((r for r in self.rows if not (self.binding.get(f"{r.path}.left") or "")), None)
        if row is not None:
            row.left.edit.setFocus()
            row.left.open_picker()

    def remove_requirement(self, index: int) -> None:
        reqs = [r.model_dump() for r in self.value() or []]
        if 0 <= index < len(reqs):
            del reqs[index]
            self.commit(reqs)

    def refresh(self) -> None:
        reqs = self.value() or []
        if len(reqs) != len(self.rows):
            for row in self.rows:
                row.setParent(None)
                row.deleteLater()
            self.rows = [RequirementRow(self.binding, self.prefix, i, self.source, self.type_of,
                                        self.remove_requirement) for i in range(len(reqs))]
            for row in self.rows:
                self.rows_layout.addWidget(row)
        else:
            for row in self.rows:
                row.refresh()
        self.logic.refresh()
        full = self.limit is not None and len(reqs) >= self.limit
        self.add_button.setEnabled(not full)
        self.add_button.setToolTip(f"At most {self.limit} requirements (use an evaluation flow for more)" if full
                                   else "Add a requirement")
        if not reqs:
            self.show_error("Add at least one requirement.")
        elif self.limit is not None and len(reqs) > self.limit:
            self.show_error(f"{len(reqs)} requirements: the limit is {self.limit}.")
        else:
            self.show_error(None)
