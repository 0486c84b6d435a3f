"""Path decorations of the canvas: Start/End circles, routed edges, the drop indicator."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from engine.layout import EdgeLayout, Rect

from . import style as st
from .items import _FONTS, _METRICS, cosmetic_pen, elide, lod


class NodeItem(QGraphicsItem):
    """The Start and End circles of the path."""

    def __init__(self, text: str, rect: Rect) -> None:
        super().__init__()
        self.text = text
        self.rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect.adjusted(-24, -4, 24, 22)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor("#1e8e3e") if self.text == "Start" else QColor("#5f6b7c")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(self.rect)
        if lod(painter, option) < 0.45:  # zoomed out: the colour tells Start from End
            return
        painter.setPen(s.text_muted)
        painter.setFont(_FONTS["small"])
        painter.drawText(QRectF(-20, self.rect.bottom() + 2, self.rect.width() + 40, 16), Qt.AlignmentFlag.AlignCenter,
                         self.text)


class EdgeItem(QGraphicsItem):
    """A routed path edge (next, decision branch, fault, after-step) with an arrow head."""

    def __init__(self, edge: EdgeLayout) -> None:
        super().__init__()
        self.edge = edge
        self.setZValue(-2 if edge.kind != "after" else 1)
        self._path = self._build()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def _build(self) -> QPainterPath:
        pts = [QPointF(x, y) for x, y in self.edge.points]
        path = QPainterPath(pts[0])
        radius = 8.0
        for i in range(1, len(pts) - 1):
            prev, cur, nxt = pts[i - 1], pts[i], pts[i + 1]
            a = _toward(cur, prev, radius)
            b = _toward(cur, nxt, radius)
            path.lineTo(a)
            path.quadTo(cur, b)
        path.lineTo(pts[-1])
        return path

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._path.boundingRect().adjusted(-80, -20, 80, 20)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.current()
        kind = self.edge.kind
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = s.fault if kind == "fault" else (s.type_color("background") if kind == "after" else s.edge)
        style = Qt.PenStyle.DashLine if kind == "fault" else Qt.PenStyle.SolidLine
        painter.setPen(cosmetic_pen(color, 1.6, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        detail = lod(painter, option)
        if detail >= 0.15:  # farther out the head is a pixel: not worth its time on big canvases
            self._paint_arrow(painter, color)
        if self.edge.label and detail >= 0.45:  # smaller is an unreadable speck
            self._paint_label(painter, color if kind == "fault" else s.text)

    def _paint_arrow(self, painter: QPainter, color: QColor) -> None:
        pts = self.edge.points
        (x0, y0), (x1, y1) = pts[-2], pts[-1]
        length = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        size = 8.0
        tip = QPointF(x1, y1)
        left = QPointF(x1 - ux * size - uy * size * 0.55, y1 - uy * size + ux * size * 0.55)
        right = QPointF(x1 - ux * size + uy * size * 0.55, y1 - uy * size - ux * size * 0.55)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(QPolygonF([tip, left, right]))

    def _paint_label(self, painter: QPainter, color: QColor) -> None:
        s = st.current()
        pts = self.edge.points
        (x0, y0), (x1, y1) = pts[0], pts[1]
        text = elide(self.edge.label or "", "small", 120)
        w = _METRICS["small"].horizontalAdvance(text) + 10
        if abs(y1 - y0) < 1:  # horizontal first segment: centre the label on it
            rect = QRectF((x0 + x1) / 2 - w / 2, y0 - 19, w, 16)
        elif len(pts) > 2:    # vertical then horizontal: put it on the horizontal run
            (x2, y2) = pts[2]
            rect = QRectF(min(x1, x2) + 6, y1 - 8, w, 16) if x2 >= x1 else QRectF(x1 - w - 6, y1 - 8, w, 16)
        else:
            rect = QRectF(x0 + 4, (y0 + y1) / 2 - 8, w, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(s.background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(color)
        painter.setFont(_FONTS["small"])
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _toward(a: QPointF, b: QPointF, dist: float) -> QPointF:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = (dx * dx + dy * dy) ** 0.5
    if length < 1e-6:
        return QPointF(a)
    d = min(dist, length / 2)
    return QPointF(a.x() + dx / length * d, a.y() + dy / length * d)


class DropIndicatorItem(QGraphicsItem):
    """Where a dragged element will land: a thick line with end caps."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(100)
        self.line = (QPointF(), QPointF())
        self.hide()

    def show_line(self, a: QPointF, b: QPointF) -> None:
        self.prepareGeometryChange()
        self.line = (a, b)
        self.show()

    def boundingRect(self) -> QRectF:  # noqa: N802
        a, b = self.line
        return QRectF(a, b).normalized().adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        color = st.current().drop
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        a, b = self.line
        painter.drawLine(a, b)
        painter.setBrush(color)
        painter.drawEllipse(a, 5, 5)
        painter.drawEllipse(b, 5, 5)
