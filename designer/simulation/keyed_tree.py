"""A flat, single-selection list of rows, each carrying a key (an event id, a step name) that
survives a refill: the pending events and the open work items use it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

KEY = Qt.ItemDataRole.UserRole


class KeyedTree(QTreeWidget):
    """Columns sized to their contents; a row's key is the ``KEY`` data of its first column."""

    def __init__(self, object_name: str, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    @staticmethod
    def row(texts: list[str], key: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        item.setData(0, KEY, key)
        return item

    def current_key(self) -> str | None:
        item = self.currentItem()
        return item.data(0, KEY) if item is not None else None

    def select_key(self, key: str) -> bool:
        """Make the row with ``key`` current; False when there is none."""
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, KEY) == key:
                self.setCurrentItem(item)
                return True
        return False

    def refill(self, rows: Iterable[QTreeWidgetItem]) -> None:
        """Replace the rows without emitting signals; the row that was current stays current
        (by key), else the first row is."""
        previous = self.current_key()
        self.blockSignals(True)
        self.clear()
        self.addTopLevelItems(list(rows))
        if previous is None or not self.select_key(previous):
            if self.topLevelItemCount():
                self.setCurrentItem(self.topLevelItem(0))
        self.blockSignals(False)
