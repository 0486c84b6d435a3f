"""History table (time, milestone, element, run-as, detail), filterable; a click selects the
element on the canvas; "Go Back Here" returns the run to the point of the chosen entry."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from designer.canvas.overlay import STATUS_COLORS
from engine.runtime import format_time

COLUMNS = ("Time", "Milestone", "Element", "Run as", "Detail")
FIELDS = ("time", "milestone", "element", "run_as", "detail")
MILESTONE_COLORS = {"Fail": STATUS_COLORS["Error"], "Discontinue": STATUS_COLORS["Discontinued"],
                    "End": STATUS_COLORS["Completed"], "Start": STATUS_COLORS["In Progress"]}


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list = []

    def set_entries(self, entries: list) -> None:
        if len(entries) >= len(self.entries) and entries[:len(self.entries)] == self.entries:
            added = entries[len(self.entries):]
            if added:
                self.beginInsertRows(QModelIndex(), len(self.entries), len(entries) - 1)
                self.entries = list(entries)
                self.endInsertRows()
            return
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return format_time(entry.time)
            return getattr(entry, FIELDS[column])
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            first = entry.milestone.split(" ")[0]
            color = MILESTONE_COLORS.get(first)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None


class HistoryPanel(QWidget):
    element_clicked = Signal(str)
    go_back_requested = Signal(int)    # history seq

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setObjectName("HistoryFilter")
        self.filter.setPlaceholderText("Filter: milestone, element, user, detail…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.go_back = QPushButton("Go Back Here")
        self.go_back.setToolTip("Return the run to the point right after the selected entry")
        self.go_back.clicked.connect(self._go_back)
        self.table = QTableView()
        self.table.setObjectName("HistoryTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 118, 150, 190)):
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._clicked)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.go_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_entries(self, entries: list) -> None:
        at_end = self.table.verticalScrollBar().value() >= self.table.verticalScrollBar().maximum() - 2
        self.model.set_entries(entries)
        if at_end:
            self.table.scrollToBottom()

    def _entry(self, index) -> Any:
        return self.proxy.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _clicked(self, index) -> None:
        entry = self._entry(index)
        if entry is not None:
            self.element_clicked.emit(entry.element)

    def _go_back(self) -> None:
        entry = self._entry(self.table.currentIndex())
        if entry is not None:
            self.go_back_requested.emit(entry.seq)


def export_history(entries: list, path: str | Path) -> None:
    """Write history entries as CSV or JSON (by the file suffix); times in simulated seconds."""
    rows = [e.to_dict() for e in entries]
    path = Path(path)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps({"history": rows}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["seq", "time", "milestone", "element", "run_as", "detail"])
        writer.writeheader()
        writer.writerows(rows)
