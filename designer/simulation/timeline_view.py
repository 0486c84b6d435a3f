"""The timeline (Gantt) widget: stage bands, one row per step, a simulated time axis.
Painted with QPainter by ``paint_timeline`` so the same picture goes to PNG and SVG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from designer.canvas.overlay import STATUS_COLORS
from engine.runtime import format_time

from .timeline_model import Bar, Timeline

LABEL_W = 210
AXIS_H = 34
ROW_H = 24
STAGE_H = 26
RIGHT_PAD = 26
BOTTOM_PAD = 12
TICKS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]
TYPE_COLORS = {"interactive": "#2a7de1", "background": "#7b55c7", "mulesoft": "#0b9e8a"}
BAND_COLORS = ["#e8f0fe", "#fef7e0", "#e6f4ea", "#f3e8fd", "#e4f7fb", "#f1f3f4"]
LIGHT = {"bg": "#ffffff", "grid": "#eceff3", "axis": "#c5ccd6", "rule": "#d5dbe5", "text": "#1f2733",
         "muted": "#5f6b7c", "faint": "#9aa3b1", "decision": "#8a5300", "bands": BAND_COLORS}
DARK = {"bg": "#1e2228", "grid": "#2a3038", "axis": "#48515d", "rule": "#3a424d", "text": "#e6e9ee",
        "muted": "#a7b0bd", "faint": "#6b7482", "decision": "#f6c26b",
        "bands": ["#22304a", "#3a3322", "#1f3527", "#2f2540", "#1d3439", "#2a2d31"]}


def _tick_step(span: float, width: float) -> int:
    for step in TICKS:
        if span / step * 70 <= width:
            return step
    return TICKS[-1]


def _tick_text(seconds: float) -> str:
    """Compact axis labels: 0, 45s, 30m, 3h, 1d 3h, 2h 30m."""
    total = int(round(seconds))
    if not total:
        return "0"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        value, total = divmod(total, size)
        if value:
            parts.append(f"{value}{unit}")
    return " ".join(parts[:2])


class TimelinePainter:
    """Geometry and painting of one Timeline at one width."""

    def __init__(self, timeline: Timeline, width: float, dark: bool = False) -> None:
        self.t = timeline
        self.c = DARK if dark else LIGHT
        self.width = max(width, LABEL_W + 200)
        self.span = max(timeline.end, 60.0) * 1.04
        self.plot_w = self.width - LABEL_W - RIGHT_PAD
        self.font = QFont()
        self.font.setPointSizeF(9)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.small = QFont(self.font)
        self.small.setPointSizeF(8)
        self.hits: list[tuple[QRectF, str]] = []

    def height(self) -> float:
        return AXIS_H + sum(STAGE_H if r.kind == "stage" else ROW_H for r in self.t.rows) + BOTTOM_PAD

    def x(self, seconds: float) -> float:
        return LABEL_W + seconds / self.span * self.plot_w

    def paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        p.fillRect(QRectF(0, 0, self.width, h), QColor(self.c["bg"]))
        self._paint_grid(p, h)
        y = AXIS_H
        band = -1
        self.stage_y: dict[str, float] = {}
        for row in self.t.rows:
            if row.kind == "stage":
                band += 1
                y = self._paint_stage(p, row, y, band)
            else:
                y = self._paint_step(p, row, y, band)
        self._paint_now(p, h)
        self._paint_decisions(p)

    # ---------------------------------------------------------------- pieces

    def _paint_grid(self, p: QPainter, h: float) -> None:
        step = _tick_step(self.span, self.plot_w)
        p.setFont(self.small)
        tick = 0.0
        while tick <= self.span:
            x = self.x(tick)
            p.setPen(QPen(QColor(self.c["grid"]), 1))
            p.drawLine(QPointF(x, AXIS_H - 4), QPointF(x, h - BOTTOM_PAD))
            p.setPen(QColor(self.c["muted"]))
            p.drawText(QRectF(x - 40, 4, 80, 16), Qt.AlignmentFlag.AlignCenter, _tick_text(tick))
            tick += step
        p.setPen(QPen(QColor(self.c["axis"]), 1))
        p.drawLine(QPointF(LABEL_W, AXIS_H - 4), QPointF(self.width - RIGHT_PAD, AXIS_H - 4))
        p.setPen(QColor(self.c["faint"]))
        p.drawText(QRectF(8, 4, LABEL_W - 16, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "simulated time →")

    def _paint_stage(self, p: QPainter, row, y: float, band: int) -> float:
        self.stage_y[row.name] = y
        # the band covers the stage's header and its step rows while the stage ran
        rows_h = STAGE_H + self._step_rows_after(row) * ROW_H
        color = QColor(self.c["bands"][band % len(self.c["bands"])])
        p.fillRect(QRectF(0, y, LABEL_W - 6, rows_h), color.lighter(103))
        for bar in row.bars:
            x0, x1 = self._span_x(bar)
            p.fillRect(QRectF(x0, y, x1 - x0, rows_h), color)
            edge = QColor(STATUS_COLORS.get(bar.outcome, "#1b73e8"))
            p.fillRect(QRectF(x0, y + 3, max(3.0, x1 - x0), 4), edge)
            if bar.detail.startswith("fault path"):
                p.setFont(self.small)
                p.setPen(QColor("#c5221f"))
                p.drawText(QRectF(x0 + 6, y + 6, 300, STAGE_H - 6), Qt.AlignmentFlag.AlignVCenter,
                           f"⚠ via the {bar.detail}")
            self.hits.append((QRectF(x0, y, x1 - x0, STAGE_H), self._bar_tip(row, bar, "Stage")))
        p.setPen(QPen(QColor(self.c["rule"]), 1))
        p.drawLine(QPointF(0, y), QPointF(self.width, y))
        p.setFont(self.bold)
        p.setPen(QColor(self.c["text"] if row.reached else self.c["faint"]))
        text = row.label if row.reached else f"{row.label}  (not reached)"
        p.drawText(QRectF(10, y, LABEL_W - 20, STAGE_H), Qt.AlignmentFlag.AlignVCenter, self._elide(text, self.bold))
        return y + STAGE_H

    def _step_rows_after(self, stage_row) -> int:
        rows = self.t.rows
        i = rows.index(stage_row) + 1
        n = 0
        while i < len(rows) and rows[i].kind == "step":
            n += 1
            i += 1
        return n

    def _paint_step(self, p: QPainter, row, y: float, band: int) -> float:
        p.setFont(self.font)
        dot = QColor(TYPE_COLORS.get(row.step_type, "#8a94a6"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(dot)
        p.drawEllipse(QPointF(22, y + ROW_H / 2), 3.5, 3.5)
        p.setPen(QColor(self.c["text"] if row.reached else self.c["faint"]))
        p.drawText(QRectF(32, y, LABEL_W - 40, ROW_H), Qt.AlignmentFlag.AlignVCenter,
                   self._elide(row.label, self.font))
        for bar in row.bars:
            self._paint_bar(p, row, bar, y)
        return y + ROW_H

    def _paint_bar(self, p: QPainter, row, bar: Bar, y: float) -> None:
        x0, x1 = self._span_x(bar)
        rect = QRectF(x0, y + 4, max(x1 - x0, 9.0), ROW_H - 8)
        color = QColor(STATUS_COLORS.get(bar.outcome, "#1b73e8"))
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        if bar.end is None:  # still running: a lighter bar with a hatched open end
            p.fillPath(path, color.lighter(150))
            p.fillPath(path, QBrush(color, Qt.BrushStyle.BDiagPattern))
        else:
            p.fillPath(path, color)
        if bar.work_item:
            p.setPen(QPen(QColor("#ffffff"), 1.4))
            p.drawLine(QPointF(rect.left() + 3, rect.top() + 2), QPointF(rect.left() + 3, rect.bottom() - 2))
        text = bar.run_as
        fm = QFontMetrics(self.small)
        p.setFont(self.small)
        if text and fm.horizontalAdvance(text) + 12 < rect.width():
            p.setPen(QColor("#ffffff") if bar.end is not None else QColor("#0b3d91"))
            p.drawText(rect.adjusted(7, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        elif text:
            w = fm.horizontalAdvance(text) + 4
            p.setPen(QColor(self.c["muted"]))
            if rect.right() + w + 5 < self.width - 4:
                p.drawText(QRectF(rect.right() + 5, rect.top() - 2, w, rect.height() + 4),
                           Qt.AlignmentFlag.AlignVCenter, text)
            elif rect.left() - w - 5 > LABEL_W:
                p.drawText(QRectF(rect.left() - w - 5, rect.top() - 2, w, rect.height() + 4),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
        self.hits.append((rect, self._bar_tip(row, bar, "Step")))

    def _paint_now(self, p: QPainter, h: float) -> None:
        x = self.x(self.t.now)
        p.setPen(QPen(QColor("#d93025") if not self.t.finished else QColor("#5f6b7c"), 1.4, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, AXIS_H - 6), QPointF(x, h - BOTTOM_PAD + 4))
        p.setFont(self.small)
        label = ("end " if self.t.finished else "now ") + format_time(self.t.now)
        w = QFontMetrics(self.small).horizontalAdvance(label) + 10
        rect = QRectF(min(x - w / 2, self.width - w - 2), AXIS_H - 17, w, 14)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#d93025") if not self.t.finished else QColor("#5f6b7c"))
        p.drawRoundedRect(rect, 7, 7)
        p.setPen(QColor("#ffffff"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_decisions(self, p: QPainter) -> None:
        # a decision is drawn where it led: in the header row of the stage it started
        for mark in self.t.decisions:
            x = self.x(mark.time)
            top = self.stage_y.get(mark.target)
            cy = top + STAGE_H / 2 + 2 if top is not None else AXIS_H - 4
            size = 6.0
            diamond = QPolygonF([QPointF(x, cy - size), QPointF(x + size, cy),
                                 QPointF(x, cy + size), QPointF(x - size, cy)])
            p.setPen(QPen(QColor("#b06000"), 1))
            p.setBrush(QColor("#fbbc04"))
            p.drawPolygon(diamond)
            if top is not None:
                p.setFont(self.small)
                p.setPen(QColor(self.c["decision"]))
                w = QFontMetrics(self.small).horizontalAdvance(mark.label) + 4
                if x + size + 4 + w <= self.width - 4:
                    rect, align = QRectF(x + size + 4, top + 2, w, STAGE_H - 2), Qt.AlignmentFlag.AlignLeft
                else:  # no room on the right of the axis end: write it on the left of the diamond
                    rect, align = QRectF(x - size - 4 - w, top + 2, w, STAGE_H - 2), Qt.AlignmentFlag.AlignRight
                p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, mark.label)
            self.hits.append((QRectF(x - 8, cy - 8, 16, 16), f"<b>Decision</b> {mark.label}"
                              f"<br>at {format_time(mark.time)}"))

    # ---------------------------------------------------------------- helpers

    def _span_x(self, bar: Bar) -> tuple[float, float]:
        end = bar.end if bar.end is not None else self.t.now
        return self.x(bar.start), self.x(end)

    def _elide(self, text: str, font: QFont) -> str:
        return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, LABEL_W - 44)

    @staticmethod
    def _bar_tip(row, bar: Bar, kind: str) -> str:
        end = format_time(bar.end) if bar.end is not None else "still running"
        lines = [f"<b>{kind} {row.name}</b> — {bar.outcome}", f"{format_time(bar.start)} → {end}"]
        if bar.run_as:
            lines.append(f"runs as {bar.run_as}")
        if bar.detail:
            lines.append(bar.detail)
        return "<br>".join(lines)


class TimelineWidget(QWidget):
    """Shows a Timeline; hover a bar for its details; click a row to select its element."""

    element_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SimulationTimeline")
        self.timeline: Timeline | None = None
        self._painter: TimelinePainter | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.timeline = timeline
        self._painter = None
        self.updateGeometry()
        self.setMinimumHeight(int(self._geometry().height()) if timeline else 40)
        self.update()

    def _geometry(self) -> TimelinePainter:
        dark = _dark_theme()
        if (self._painter is None or self._painter.width != max(self.width(), LABEL_W + 200)
                or (self._painter.c is DARK) != dark):
            self._painter = TimelinePainter(self.timeline or Timeline([], 0, 0, [], False), self.width(), dark)
        return self._painter

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(700, int(self._geometry().height()) if self.timeline else 40)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        if self.timeline is None:
            p.setPen(QColor("#8a94a6"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Start a run to see its timeline")
            return
        tp = self._geometry()
        tp.hits.clear()
        tp.paint(p)

    def _row_at(self, y: float) -> str | None:
        if self.timeline is None:
            return None
        top = AXIS_H
        for row in self.timeline.rows:
            h = STAGE_H if row.kind == "stage" else ROW_H
            if top <= y < top + h:
                return row.name
            top += h
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        tip = next((text for rect, text in reversed(self._geometry().hits) if rect.contains(pos)), None)
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        name = self._row_at(event.position().y())
        if name:
            self.element_clicked.emit(name)

    def export(self, path: str | Path, width: int = 1200) -> None:
        """Write the timeline as PNG or SVG (by the file suffix)."""
        export_timeline(self.timeline or Timeline([], 0, 0, [], False), path, width)


def _dark_theme() -> bool:
    from designer.canvas import style

    return bool(style.current().dark)


def export_timeline(timeline: Timeline, path: str | Path, width: int = 1200) -> None:
    tp = TimelinePainter(timeline, width)
    height = int(tp.height())
    path = str(path)
    if path.lower().endswith(".svg"):
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(path)
        gen.setSize(QSize(int(tp.width), height))
        gen.setViewBox(QRectF(0, 0, tp.width, height))
        gen.setTitle("Simulation timeline")
        p = QPainter(gen)
        tp.paint(p)
        p.end()
        return
    image = QImage(int(tp.width) * 2, height * 2, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    tp.paint(p)
    p.end()
    if not image.save(path):
        raise OSError(f"cannot write {path}")
