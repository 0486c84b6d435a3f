"""The palette: drag a Stage, a step type or a Decision onto the canvas (or double-click / Enter
to add it after the current element)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from .. import icons
from .style import current
from .view import PALETTE_MIME

ENTRIES = [
    ("stage", "Stage", "stage", "A stage: a column of steps; the path moves on when it completes."),
    ("interactive", "Interactive step", "interactive", "Runs a screen flow through a work item assigned to a user, group or queue."),
    ("background", "Background step", "background", "Runs an autolaunched flow without user interaction."),
    ("mulesoft", "MuleSoft step", "mulesoft", "Runs an action imported from a MuleSoft API operation."),
    ("decision", "Decision", "decision", "Branches the path: outcomes tried in order, else the default."),
]


class PaletteWidget(QListWidget):
    """List of element kinds; items drag with the ``PALETTE_MIME`` mime type."""

    activated_kind = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("Palette")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setIconSize(QSize(22, 22))
        self.setSpacing(2)
        self.refresh()
        self.setMinimumHeight(len(ENTRIES) * 40 + 12)
        self.itemActivated.connect(lambda item: self.activated_kind.emit(item.data(Qt.ItemDataRole.UserRole)))

    def refresh(self) -> None:
        self.clear()
        style = current()
        for kind, text, icon_name, tip in ENTRIES:
            color = style.type_color(kind) if kind in style.type_colors else (
                style.decision_border if kind == "decision" else style.text_muted)
            item = QListWidgetItem(icons.icon(icon_name, color.name()), text)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(tip + "\nDrag onto the canvas, or press Enter to add after the selection.")
            self.addItem(item)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        if items:
            mime.setData(PALETTE_MIME, items[0].data(Qt.ItemDataRole.UserRole).encode())
            mime.setText(items[0].text())
        return mime

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [PALETTE_MIME]

    def startDrag(self, actions) -> None:  # noqa: N802
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.setPixmap(item.icon().pixmap(32, 32))
        drag.exec(Qt.DropAction.CopyAction)
