"""The resource picker: every place a resource is chosen uses it.

* :class:`ResourceField` — a line edit with completion (QCompleter) and validation of what is typed,
  plus a "…" button that opens
* :class:`ResourcePickerDialog` — searchable, grouped (variables, globals, stage statuses, step
  statuses, step outputs); every candidate is marked guaranteed / maybe / never available *at this
  point* (``engine.analysis``), with the reason as a tooltip. *Never* entries are shown greyed with
  an icon and can only be chosen after an explicit confirmation that says why.

Where candidates come from is a *source*: :class:`AnalysisSource` (a reference point of the
definition) or :class:`ListSource` (a fixed list, e.g. an evaluation flow's own inputs).
"""

from __future__ import annotations

from typing import Callable, Protocol

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import Candidate, analyze
from engine.refs import resolve_ref

from . import icons
from .properties.widgets import ErrorLabel, mark_invalid, set_text

GROUPS = (
    ("variables", "Variables"),
    ("globals", "Globals"),
    ("stage_status", "Stage statuses"),
    ("step_status", "Step statuses"),
    ("step_output", "Step outputs"),
)
STATUS_ICON = {"guaranteed": "ok", "maybe": "warning", "never": "error"}
STATUS_TEXT = {"guaranteed": "available", "maybe": "maybe available", "never": "never available"}


def confirm_never(parent: QWidget | None, ref: str, reason: str) -> bool:
    """Ask before using a resource that can never exist here (tests monkeypatch this)."""
    answer = QMessageBox.question(
        parent, "Resource never available",
        f"{ref} is never available at this point:\n{reason}.\n\nUse it anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class Source(Protocol):
    def candidates(self) -> list[Candidate]: ...

    def check(self, text: str) -> Candidate | str:
        """The candidate for ``text`` (with its availability), or why it names nothing."""
        ...


class AnalysisSource:
    """Candidates at reference ``point`` of ``element`` of the document's current definition."""

    def __init__(self, document, element: str, point: str) -> None:
        self.document, self.element, self.point = document, element, point

    def candidates(self) -> list[Candidate]:
        try:
            return analyze(self.document.definition).availability(self.element, self.point)
        except Exception as exc:  # a broken definition must not break the picker
            return [Candidate(c.ref, c.group, "maybe", f"availability unknown ({exc})")
                    for c in _plain_candidates(self.document.definition)]

    def check(self, text: str) -> Candidate | str:
        text = text.strip()
        defn = self.document.definition
        if not text:
            return "choose a resource"
        resolved = resolve_ref(defn, text)
        if resolved.kind == "unknown":
            return f"{text} names nothing in this orchestration"
        if resolved.kind == "step_output":
            step = defn.step(resolved.owner or "")
            flow = defn.flow(step.action) if step is not None else None
            if flow is not None and flow.output(resolved.member or "") is None:
                outputs = ", ".join(p.name for p in flow.outputs) or "none"
                return f"{flow.name} has no output {resolved.member} (outputs: {outputs})"
        if resolved.kind == "variable" and resolved.member is not None:
            var = defn.variable(resolved.owner or "")
            if var is not None and var.type != "Record":
                return f"{var.name} is a {var.type} variable: it has no fields"
        try:
            return analyze(defn).status_of(text, self.element, self.point)
        except Exception as exc:
            return Candidate(text, "unknown", "maybe", f"availability unknown ({exc})")


def _plain_candidates(defn) -> list[Candidate]:
    out = [Candidate(v.name, "variables", "guaranteed", "variables are always available") for v in defn.variables]
    out += [Candidate(f"{s.name}.Status", "stage_status", "maybe", "") for s in defn.stages]
    for _stage, step in defn.iter_steps():
        out.append(Candidate(f"{step.name}.Status", "step_status", "maybe", ""))
        flow = defn.flow(step.action)
        for p in flow.outputs if flow else ():
            out.append(Candidate(f"{step.name}.Outputs.{p.name}", "step_output", "maybe", ""))
    return out


class ListSource:
    """A fixed list of always-available names (e.g. an evaluation flow's inputs)."""

    def __init__(self, names: Callable[[], list[str]], group: str = "variables",
                 reason: str = "an input of this flow") -> None:
        self.names, self.group, self.reason = names, group, reason

    def candidates(self) -> list[Candidate]:
        return [Candidate(n, self.group, "guaranteed", self.reason) for n in self.names()]  # type: ignore[arg-type]

    def check(self, text: str) -> Candidate | str:
        text = text.strip()
        if not text:
            return "choose a resource"
        if text in self.names():
            return Candidate(text, self.group, "guaranteed", self.reason)  # type: ignore[arg-type]
        return f"{text} is not one of: {', '.join(self.names()) or '(none)'}"


# ---------------------------------------------------------------------------------- dialog


class ResourcePickerDialog(QDialog):
    """Searchable, grouped list of candidates; ``chosen(ref)`` when the user picks one."""

    chosen = Signal(str)

    def __init__(self, source: Source, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResourcePicker")
        self.setWindowTitle("Choose a resource")
        self.source = source
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search resources…")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Resource", "Availability here"])
        self.tree.setColumnWidth(0, 420)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep .Status / .Outputs.x visible
        self.detail = QLabel()
        self.detail.setObjectName("ResourceDetail")
        self.detail.setWordWrap(True)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.choose_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 500)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._fill(source.candidates(), current)
        self.search.textChanged.connect(self.filter)
        self.tree.itemActivated.connect(lambda _item, _col: self.choose_current())
        self.search.returnPressed.connect(self._choose_first_visible)
        self.tree.currentItemChanged.connect(lambda item, _old: self._show_detail(item))
        self._show_detail(self.tree.currentItem())

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        c = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.detail.setText(f"<b>{c.ref}</b> — {STATUS_TEXT.get(c.status, c.status)} here: {c.reason}"
                            if c is not None else "Availability at this point: always, on some paths only, or never "
                            "(never available resources need a confirmation).")

    def _fill(self, candidates: list[Candidate], current: str) -> None:
        dim = QBrush(QColor("#8a94a6"))
        by_group: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_group.setdefault(c.group, []).append(c)
        for group, title in GROUPS:
            members = by_group.get(group)
            if not members:
                continue
            parent = QTreeWidgetItem([f"{title} ({len(members)})"])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            for c in members:
                item = QTreeWidgetItem([c.ref, STATUS_TEXT.get(c.status, c.status)])
                item.setIcon(0, icons.icon(STATUS_ICON.get(c.status, "info")))
                tip = f"{c.ref}: {STATUS_TEXT.get(c.status, c.status)} here — {c.reason}" if c.reason else c.ref
                item.setToolTip(0, tip)
                item.setToolTip(1, tip)
                item.setData(0, Qt.ItemDataRole.UserRole, c)
                if c.status == "never":
                    item.setForeground(0, dim)
                    item.setForeground(1, dim)
                parent.addChild(item)
                self.items[c.ref] = item
            parent.setExpanded(True)
        if current in self.items:
            self.tree.setCurrentItem(self.items[current])

    def filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            shown = 0
            for k in range(parent.childCount()):
                child = parent.child(k)
                hit = all(w in child.text(0).lower() for w in words)
                child.setHidden(not hit)
                shown += hit
            parent.setHidden(shown == 0)

    def visible_refs(self) -> list[str]:
        return [ref for ref, item in self.items.items() if not item.isHidden() and not item.parent().isHidden()]

    def _choose_first_visible(self) -> None:
        refs = self.visible_refs()
        if refs:
            self.tree.setCurrentItem(self.items[refs[0]])
            self.choose_current()

    def choose_current(self) -> None:
        item = self.tree.currentItem()
        candidate = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if candidate is None:
            self.error.show_message("Choose a resource from the list.")
            return
        if candidate.status == "never" and not _confirm(self, candidate):
            self.error.show_message(f"{candidate.ref} is never available here: {candidate.reason}.")
            return
        self.chosen.emit(candidate.ref)
        self.accept()


def _confirm(parent: QWidget | None, candidate: Candidate) -> bool:
    import designer.resource_picker as me  # look the hook up at call time (tests replace it)

    return me.confirm_never(parent, candidate.ref, candidate.reason)


# ---------------------------------------------------------------------------------- field


class ResourceField(QWidget):
    """Type a reference (with completion) or pick one; ``committed(ref)`` once it is accepted.

    What is typed is validated on Enter / focus out: an unknown reference is refused inline, a
    *never* available one needs the confirmation, a *maybe* one is accepted with a note.
    """

    committed = Signal(str)

    def __init__(self, source: Source, parent: QWidget | None = None, *, placeholder: str = "resource…") -> None:
        super().__init__(parent)
        self.source = source
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.status_action = self.edit.addAction(icons.icon("info"), QLineEdit.ActionPosition.LeadingPosition)
        self.status_action.setVisible(False)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setToolTip("Choose from the resources available here")
        self.error = ErrorLabel()
        self.picker: ResourcePickerDialog | None = None
        self._value = ""
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.edit.editingFinished.connect(self._typed)
        self.button.clicked.connect(self.open_picker)
        self.edit.textEdited.connect(lambda _t: self._refresh_completions())
        self._refresh_completions()

    def _refresh_completions(self) -> None:
        self._model.setStringList([c.ref for c in self.source.candidates()])

    def value(self) -> str:
        return self._value

    def set_value(self, ref: str) -> None:
        """Show ``ref`` (from the document) and its availability, without committing."""
        self._value = ref or ""
        set_text(self.edit, self._value)
        self._show_status(self.source.check(self._value) if self._value else None)

    def _show_status(self, found: Candidate | str | None) -> None:
        if isinstance(found, str):
            self.error.show_message(found)
            mark_invalid(self.edit, True)
            self.status_action.setIcon(icons.icon("error"))
            self.status_action.setToolTip(found)
            self.status_action.setVisible(True)
            return
        mark_invalid(self.edit, found is not None and found.status == "never")
        if found is not None and found.status == "never":
            self.error.show_message(f"Never available here: {found.reason}.")
        else:
            self.error.show_message(None)
        tip = f"{STATUS_TEXT.get(found.status, found.status)} here — {found.reason}" if found else ""
        self.edit.setToolTip(tip)
        self.status_action.setVisible(found is not None)
        if found is not None:
            self.status_action.setIcon(icons.icon(STATUS_ICON.get(found.status, "info")))
            self.status_action.setToolTip(tip)

    def _typed(self) -> None:
        text = self.edit.text().strip()
        if text == self._value and not self.edit.isModified():
            return
        self.edit.setModified(False)
        if text == self._value:
            return
        self.commit(text)

    def commit(self, text: str, *, confirmed: bool = False) -> bool:
        """Validate and accept ``text``; False (with the reason shown) when refused."""
        found = self.source.check(text)
        if isinstance(found, str):
            self.error.show_message(found)
            mark_invalid(self.edit, True)
            return False
        if found.status == "never" and not confirmed and not _confirm(self, found):
            self.error.show_message(f"{found.ref} is never available here: {found.reason}. Not used.")
            mark_invalid(self.edit, True)
            return False
        self._value = found.ref
        set_text(self.edit, found.ref)
        self._show_status(found)
        self.committed.emit(found.ref)
        return True

    def open_picker(self) -> ResourcePickerDialog:
        self.picker = ResourcePickerDialog(self.source, self._value, self)
        self.picker.chosen.connect(lambda ref: self.commit(ref, confirmed=True))
        self.picker.open()
        return self.picker
