"""Coloured one-line banners (notice, stuck run, error) and the run's status line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

STYLES = {
    "notice": ("#fef7e0", "#f2c94c", "#5c4400"),
    "stuck": ("#fce8e6", "#e8a39c", "#8c1d18"),
    "error": ("#fce8e6", "#e8a39c", "#8c1d18"),
    "done": ("#e6f4ea", "#9fd3ae", "#0d652d"),
}


class Banner(QFrame):
    """A dismissable coloured message; hidden while empty."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"Banner_{kind}")
        bg, border, fg = STYLES[kind]
        self.setStyleSheet(f"#Banner_{kind} {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"
                           f" #Banner_{kind} QLabel {{ color: {fg}; }}")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_text(self, html: str) -> None:
        self.label.setText(html)
        self.setVisible(bool(html))

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""
