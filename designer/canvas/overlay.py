"""Overlay states the simulation panel (or anything else) puts on canvas elements."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class OverlayState:
    """How one element is decorated: a status badge, an outline colour, faded, a short marker."""

    status: str | None = None
    color: QColor | str | None = None
    dimmed: bool = False
    marker: str | None = None

    def qcolor(self) -> QColor | None:
        if self.color is None:
            return None
        return QColor(self.color)


# Colours for the statuses of SPEC §1, for overlay users that want the standard look.
STATUS_COLORS: dict[str, str] = {
    "Not Started": "#8a94a6",
    "In Progress": "#1b73e8",
    "Completed": "#1e8e3e",
    "Discontinued": "#9aa0a6",
    "Error": "#d93025",
    "Canceled": "#80868b",
    "Suspended": "#f29900",
    "Assigned": "#1b73e8",
}
