"""The history scrubber: a slider over the run's history entries (0 = the start), with a tick
under each point the run can actually stop at (the end of an action)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget


class HistoryScrubber(QSlider):
    """``set_stops(values)`` — the history lengths right after each action; drawn as ticks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.stops: list[int] = []
        self.setMinimumHeight(22)

    def set_stops(self, stops: list[int]) -> None:
        stops = sorted(set(stops))
        if stops != self.stops:
            self.stops = stops
            self.update()

    def tick_x(self, value: int) -> int:
        """Horizontal centre of ``value`` in widget coordinates (as the handle would be)."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        offset = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span)
        return groove.left() + handle.width() // 2 + offset

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self.stops or self.maximum() <= self.minimum():
            return
        painter = QPainter(self)
        color = QColor(self.palette().color(self.palette().ColorRole.WindowText))
        color.setAlpha(150 if self.isEnabled() else 60)
        painter.setPen(color)
        bottom = self.height() - 1
        for value in self.stops:
            if self.minimum() <= value <= self.maximum():
                x = self.tick_x(value)
                painter.drawLine(x, bottom - 4, x, bottom)
        painter.end()
