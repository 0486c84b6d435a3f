"""Live validation (debounced) and the Problems panel."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from . import icons
from .document import DesignDocument

DEBOUNCE_MS = 150
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_validation(defn) -> list:
    """``engine.validate`` when available; a crash inside a check becomes one diagnostic."""
    try:
        from engine.validate import validate
    except ImportError:
        return []
    try:
        return _blank_resources_as_todos(defn, validate(defn))
    except Exception as exc:  # a bug in a check must not take the editor down
        from engine.diagnostics import Diagnostic

        return [Diagnostic.make("SCHEMA_ERROR", f"validation failed internally: {exc!r}", severity="info")]


def _blank_resources_as_todos(defn, diagnostics: list) -> list:
    """A requirement just added and still without its resource is a to-do, not an alarm: the
    engine's UNKNOWN_REFERENCE at a blank reference site is shown as info (others unchanged)."""
    if not any(d.code == "UNKNOWN_REFERENCE" for d in diagnostics):
        return diagnostics
    from engine.refs import iter_sites

    blank = {site.field for site in iter_sites(defn) if not site.ref.strip()}
    return [d.model_copy(update={"severity": "info"}) if d.code == "UNKNOWN_REFERENCE" and d.field in blank else d
            for d in diagnostics]


class Validator(QObject):
    """Re-validates the document shortly after it changes; ``diagnostics_changed(list)``."""

    diagnostics_changed = Signal(list)

    def __init__(self, document: DesignDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.diagnostics: list = []
        self.last_duration = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.validate_now)
        document.changed.connect(self.timer.start)
        # another file opened: show its problems at once, not those of the previous one
        document.definition_replaced.connect(lambda: QTimer.singleShot(0, self.validate_now))

    def validate_now(self) -> list:
        self.timer.stop()
        started = time.perf_counter()
        found = run_validation(self.document.definition)
        self.last_duration = time.perf_counter() - started
        loaded = [d for d in self.document.load_diagnostics if d.code in ("PARSE_ERROR", "SCHEMA_ERROR")]
        self.diagnostics = sorted(loaded + found, key=lambda d: (SEVERITY_ORDER.get(d.severity, 3), d.line or 0))
        self.diagnostics_changed.emit(self.diagnostics)
        return self.diagnostics


class ProblemsPanel(QTreeWidget):
    """Rows of diagnostics; activating a row selects and reveals its element."""

    element_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemsPanel")
        self.setColumnCount(4)
        self.setHeaderLabels(["Problem", "Element", "Code", "Line"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((1, 150), (2, 170), (3, 50)):
            header.resizeSection(col, width)
        self.itemClicked.connect(self._on_item)
        self.itemActivated.connect(self._on_item)
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self._shown: list = []

    def set_diagnostics(self, diagnostics: list) -> None:
        if diagnostics == self._shown and self.topLevelItemCount() == len(diagnostics):
            return  # the same rows: keep them (and the selected row)
        self._shown = list(diagnostics)
        self.setUpdatesEnabled(False)
        self.clear()
        self.counts = {"error": 0, "warning": 0, "info": 0}
        rows = []
        for d in diagnostics:
            self.counts[d.severity] = self.counts.get(d.severity, 0) + 1
            item = QTreeWidgetItem([d.message, d.element or "", d.code, str(d.line or "")])
            item.setIcon(0, icons.icon(d.severity if d.severity in ("error", "warning") else "info"))
            item.setToolTip(0, d.message + (f"\n{d.field}" if d.field else ""))
            item.setData(0, Qt.ItemDataRole.UserRole, d.element)
            rows.append(item)
        self.addTopLevelItems(rows)
        self.setUpdatesEnabled(True)

    def summary(self) -> str:
        c = self.counts
        if not any(c.values()):
            return "No problems"
        parts = [f"{c['error']} error(s)"] if c["error"] else []
        if c["warning"]:
            parts.append(f"{c['warning']} warning(s)")
        if c["info"]:
            parts.append(f"{c['info']} note(s)")
        return ", ".join(parts)

    def _on_item(self, item: QTreeWidgetItem) -> None:
        element = item.data(0, Qt.ItemDataRole.UserRole)
        if element:
            self.element_requested.emit(element)
