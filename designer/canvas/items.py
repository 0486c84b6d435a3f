"""Graphics items of the canvas. They paint an element and report nothing but selection;
the scene positions them from ``engine.layout`` and the document decides every change."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from engine.layout import Rect
from engine.model import (
    Decision,
    EvaluationFlowCondition,
    InteractiveStep,
    RequirementsCondition,
    Stage,
    StepCompleted,
)

from .. import icons
from . import style as st
from .overlay import OverlayState

NAME_ROLE = 0
KIND_ROLE = 1
_FONTS = {
    "title": st.font(13, True),
    "body": st.font(11),
    "small": st.font(10),
    "header": st.font(14, True),
}
_METRICS = {k: QFontMetricsF(f) for k, f in _FONTS.items()}
RUN_AS_APU = ("as Automated Process User", "Automated Process User", "as Process User", "Process User", "APU")
RUN_AS_LAST = ("as last interactive user", "last interactive user", "as last user", "last user")
SEVERITY_ICON = {"error": "error", "warning": "warning", "info": "info"}
FAR_TEXT_PX = 11   # on-screen size of the labels drawn when zoomed out


def elide(text: str, font: str, width: float) -> str:
    return _METRICS[font].elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


def cosmetic_pen(color: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    return pen


def lod(painter: QPainter, option: QStyleOptionGraphicsItem) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())


def draw_pill(painter: QPainter, x: float, y: float, text: str, fg: QColor, bg: QColor,
              max_w: float, align_right: bool = False) -> float:
    """A rounded badge with text; returns its width."""
    text = elide(text, "small", max_w - 12)
    w = _METRICS["small"].horizontalAdvance(text) + 12
    rect = QRectF(x - w if align_right else x, y, w, 17)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(bg)
    painter.drawRoundedRect(rect, 8.5, 8.5)
    painter.setPen(fg)
    painter.setFont(_FONTS["small"])
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return w


class ElementItem(QGraphicsItem):
    """Common base: a named element at a layout rectangle, with problems and overlay."""

    kind = "element"

    def __init__(self, name: str, rect: Rect) -> None:
        super().__init__()
        self.name = name
        self.rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)
        self.problems: list = []          # Diagnostics about this element
        self.overlay: OverlayState | None = None
        self.setData(NAME_ROLE, name)
        self.setData(KIND_ROLE, self.kind)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setAcceptHoverEvents(True)

    def set_geometry(self, rect: Rect) -> None:
        if self.rect.width() != rect.w or self.rect.height() != rect.h:
            self.prepareGeometryChange()
            self.rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)

    def set_problems(self, problems: list) -> None:
        if problems != self.problems:
            self.problems = problems
            self._refresh_tooltip()
            self.update()

    def set_overlay(self, overlay: OverlayState | None) -> None:
        if overlay != self.overlay:
            self.overlay = overlay
            self.setOpacity(0.38 if overlay and overlay.dimmed else 1.0)
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.rect.adjusted(-10, -10, 10, 10)

    def worst_severity(self) -> str | None:
        order = {"error": 0, "warning": 1, "info": 2}
        if not self.problems:
            return None
        return min((d.severity for d in self.problems), key=lambda s: order.get(s, 3))

    def _refresh_tooltip(self) -> None:
        self.setToolTip(self.tooltip_html())

    def tooltip_html(self) -> str:
        return escape(self.name) + self._problem_html()

    def _problem_html(self) -> str:
        if not self.problems:
            return ""
        rows = "".join(f"<li><b>{escape(d.severity)}</b> {escape(d.message)}</li>" for d in self.problems[:8])
        return f"<ul style='margin:0'>{rows}</ul>"

    def _paint_problem_badge(self, painter: QPainter, x: float, y: float, size: float = 18) -> None:
        severity = self.worst_severity()
        if severity is None:
            return
        icons.paint(painter, SEVERITY_ICON.get(severity, "info"), QRectF(x - size / 2, y - size / 2, size, size))

    def _paint_overlay(self, painter: QPainter, rect: QRectF, radius: float) -> None:
        ov = self.overlay
        if ov is None:
            return
        color = ov.qcolor()
        if color is not None:
            painter.setPen(cosmetic_pen(color, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), radius + 2, radius + 2)
        label = " ".join(t for t in (ov.marker, ov.status) if t)
        if label:
            fill = color or st.current().text_muted
            draw_pill(painter, rect.right() - 4, rect.top() - 9, label, QColor("white"), fill, rect.width() * 0.7,
                      align_right=True)


class StepCardItem(ElementItem):
    """A step card: type colour and icon, label, API name, called flow, start badge, run-as."""

    kind = "step"

    def __init__(self, step, stage: str, rect: Rect) -> None:
        self.step = step
        self.stage = stage
        super().__init__(step.name, rect)
        self._refresh_tooltip()

    def set_step(self, step, stage: str) -> None:
        if step is self.step and stage == self.stage:
            return
        self.step, self.stage = step, stage
        self._refresh_tooltip()
        self.update()

    def start_badge(self) -> str:
        start = self.step.start
        if isinstance(start, StepCompleted):
            return f"After {start.step}"
        if isinstance(start, RequirementsCondition):
            n = len(start.requirements)
            return f"Requirements ({n})"
        if isinstance(start, EvaluationFlowCondition):
            return f"Eval: {start.flow}"
        return "Stage start"

    def run_as_text(self) -> str | None:
        if isinstance(self.step, InteractiveStep):
            return None
        return "Last interactive user" if self.step.run_as == "last_interactive_user" else "Automated Process User"

    def tooltip_html(self) -> str:
        step = self.step
        rows = [f"<b>{escape(step.display_label)}</b> <span style='color:gray'>({escape(step.name)})</span>",
                f"{st.TYPE_LABELS.get(step.type, step.type)} step in {escape(self.stage)}",
                f"Runs: {escape(step.action or '— no flow —')}",
                f"Starts: {escape(self.start_badge())}"]
        if self.run_as_text():
            rows.append(f"Runs as: {self.run_as_text()}")
        if isinstance(step, InteractiveStep) and step.assignee is not None:
            who = step.assignee.value or (f"{{{step.assignee.ref}}}" if step.assignee.ref else "?")
            rows.append(f"Assigned to {step.assignee.type} {escape(who)}")
        if step.description:
            rows.append(f"<i>{escape(step.description)}</i>")
        return "<br>".join(rows) + self._problem_html()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.current()
        r = self.rect
        color = s.type_color(self.step.type)
        selected = self.isSelected()
        detail = lod(painter, option)
        if detail < 0.15:  # a whole big orchestration fitted: plain blocks paint fast
            painter.setPen(cosmetic_pen(s.selection if selected else s.card_border, 2 if selected else 1))
            painter.setBrush(s.card_fill)
            painter.drawRect(r)
            painter.fillRect(QRectF(r.left(), r.top(), 6, r.height()), color)
            self._paint_far_problems(painter, detail, 0)
            self._paint_overlay(painter, r, 0)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(cosmetic_pen(s.selection if selected else s.card_border, 2 if selected else 1))
        painter.setBrush(s.card_fill)
        painter.drawRoundedRect(r, 7, 7)
        # the type stripe
        stripe = QPainterPath()
        stripe.addRoundedRect(QRectF(r.left(), r.top(), 12, r.height()), 7, 7)
        clip = QPainterPath()
        clip.addRect(QRectF(r.left(), r.top(), 5, r.height()))
        painter.fillPath(stripe.intersected(clip), color)
        if detail < 0.45:  # zoomed out: the label in a big font, like the stage headers
            self._paint_far(painter, detail)
            return
        x = r.left() + 14
        icons.paint(painter, self.step.type, QRectF(x, r.top() + 10, 18, 18), color)
        text_x = x + 24
        right_room = 28 if self.problems else 10
        painter.setPen(s.text)
        painter.setFont(_FONTS["title"])
        painter.drawText(QRectF(text_x, r.top() + 8, r.right() - text_x - right_room, 20),
                         Qt.AlignmentFlag.AlignVCenter,
                         elide(self.step.display_label, "title", r.right() - text_x - right_room))
        painter.setPen(s.text_muted)
        painter.setFont(_FONTS["body"])
        painter.drawText(QRectF(text_x, r.top() + 28, r.right() - text_x - 10, 16), Qt.AlignmentFlag.AlignVCenter,
                         elide(self.step.name, "body", r.right() - text_x - 10))
        flow = self.step.action or "no flow selected"
        icons.paint(painter, "flow", QRectF(x + 2, r.top() + 48, 14, 14), s.text_muted)
        painter.setPen(s.text if self.step.action else s.fault)
        painter.drawText(QRectF(text_x, r.top() + 47, r.right() - text_x - 10, 16), Qt.AlignmentFlag.AlignVCenter,
                         elide(flow, "body", r.right() - text_x - 10))
        badge_y = r.bottom() - 23
        run_as = self.run_as_text()
        used = draw_pill(painter, x, badge_y, self.start_badge(), s.text, s.badge_fill,
                         r.width() * 0.55 if run_as else r.width() - 30)
        if run_as:
            room = r.width() - used - 34
            choices = RUN_AS_LAST if run_as.startswith("Last") else RUN_AS_APU
            text = next((t for t in choices if _METRICS["small"].horizontalAdvance(t) + 12 <= room), choices[-1])
            draw_pill(painter, r.right() - 8, badge_y, text, s.text_muted, s.badge_fill, room, align_right=True)
        self._paint_problem_badge(painter, r.right() - 14, r.top() + 16)
        self._paint_overlay(painter, r, 7)


    def _paint_far(self, painter: QPainter, detail: float) -> None:
        """Zoomed out (text at its normal size would be a few pixels): the label big enough to
        read while it fits the card, else a placeholder bar; problems outline the card."""
        s = st.current()
        r = self.rect
        inner = QRectF(r.left() + 14, r.top() + 6, r.width() - 20, r.height() - 12)
        size = int(min(r.height() * 0.36, FAR_TEXT_PX / max(detail, 0.01)))
        if size * detail >= 5:
            f = st.font(size, True)
            painter.setFont(f)
            painter.setPen(s.text)
            room = inner.width() - (size * 0.9 if self.problems else 0)
            text = QFontMetricsF(f).elidedText(self.step.display_label, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRectF(inner.left(), inner.top(), room, inner.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        else:
            painter.fillRect(QRectF(r.left() + 14, r.top() + 14, r.width() * 0.6, 12), s.grid)
        self._paint_far_problems(painter, detail, 7)
        self._paint_overlay(painter, r, 7)

    def _paint_far_problems(self, painter: QPainter, detail: float, radius: float) -> None:
        severity = self.worst_severity()
        if severity is None:
            return
        r = self.rect
        color = st.current().fault if severity == "error" else QColor("#e8a317") if severity == "warning" else None
        if color is not None and not self.isSelected():  # an outline still shows where the problems are when badges are dots
            painter.setPen(cosmetic_pen(color, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r, radius, radius)
        size = min(r.height() * 0.45, 16 / max(detail, 0.01))
        icons.paint(painter, SEVERITY_ICON.get(severity, "info"),
                    QRectF(r.right() - size - 4, r.top() + (r.height() - size) / 2, size, size))


class StageItem(ElementItem):
    """A stage column: header with label, API name, completion condition; steps sit on top."""

    kind = "stage"

    def __init__(self, stage: Stage, rect: Rect, header_h: float) -> None:
        self.stage = stage
        self.header_h = header_h
        super().__init__(stage.name, rect)
        self.setZValue(-1)
        self._refresh_tooltip()

    def set_stage(self, stage: Stage) -> None:
        if stage is self.stage:
            return
        self.stage = stage
        self._refresh_tooltip()
        self.update()

    def completion_badge(self) -> str:
        c = self.stage.complete
        if isinstance(c, RequirementsCondition):
            return f"Completes: requirements ({len(c.requirements)})"
        if isinstance(c, EvaluationFlowCondition):
            return f"Completes: {c.flow}"
        return "Completes: all steps"

    def tooltip_html(self) -> str:
        sg = self.stage
        rows = [f"<b>{escape(sg.display_label)}</b> <span style='color:gray'>({escape(sg.name)})</span>",
                f"{len(sg.steps)} step(s); {escape(self.completion_badge())}"]
        if sg.fault:
            rows.append(f"Fault path → {escape(sg.fault)}")
        if sg.description:
            rows.append(f"<i>{escape(sg.description)}</i>")
        return "<br>".join(rows) + self._problem_html()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.current()
        r = self.rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        painter.setPen(cosmetic_pen(s.selection if selected else s.stage_border, 2 if selected else 1))
        painter.setBrush(s.stage_fill)
        painter.drawRoundedRect(r, 10, 10)
        header = QPainterPath()
        header.addRoundedRect(QRectF(r.left(), r.top(), r.width(), self.header_h), 10, 10)
        cut = QPainterPath()
        cut.addRect(QRectF(r.left(), r.top(), r.width(), self.header_h))
        painter.fillPath(header.intersected(cut), s.header_fill)
        painter.setPen(cosmetic_pen(s.stage_border))
        painter.drawLine(QPointF(r.left(), r.top() + self.header_h), QPointF(r.right(), r.top() + self.header_h))
        detail = lod(painter, option)
        if detail < 0.45:  # zoomed out: a big label, readable like a map's
            size = int(min(self.header_h * 0.7, 13 / max(detail, 0.01)))
            f = st.font(max(size, 1), True)
            painter.setFont(f)
            painter.setPen(s.text)
            badge = min(self.header_h * 0.6, 16 / max(detail, 0.01))  # still visible zoomed out
            room = r.width() - 12 - (2 * badge + 8 if self.problems else 0)  # centred, clear of the badge
            text = QFontMetricsF(f).elidedText(self.stage.display_label, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRectF(r.center().x() - room / 2, r.top(), room, self.header_h), Qt.AlignmentFlag.AlignCenter, text)
            self._paint_problem_badge(painter, r.right() - badge / 2 - 4, r.top() + self.header_h / 2, badge)
            self._paint_overlay(painter, r, 10)
            return
        icons.paint(painter, "stage", QRectF(r.left() + 12, r.top() + 10, 18, 18), s.text_muted)
        room = 28 if self.problems else 12
        painter.setPen(s.text)
        painter.setFont(_FONTS["header"])
        painter.drawText(QRectF(r.left() + 36, r.top() + 8, r.width() - 36 - room, 22), Qt.AlignmentFlag.AlignVCenter,
                         elide(self.stage.display_label, "header", r.width() - 36 - room))
        painter.setPen(s.text_muted)
        painter.setFont(_FONTS["small"])
        meta = f"{self.stage.name} · {self.completion_badge()}"
        painter.drawText(QRectF(r.left() + 12, r.top() + 33, r.width() - 24, 16), Qt.AlignmentFlag.AlignVCenter,
                         elide(meta, "small", r.width() - 24))
        if not self.stage.steps:
            box = QRectF(r.left() + 14, r.top() + self.header_h + 14, r.width() - 44, r.height() - self.header_h - 28)
            painter.setPen(cosmetic_pen(s.stage_border, 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 7, 7)
            painter.setPen(s.text_muted)
            painter.setFont(_FONTS["body"])
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Drop steps here")
        self._paint_problem_badge(painter, r.right() - 16, r.top() + 19)
        self._paint_overlay(painter, r, 10)


class DecisionItem(ElementItem):
    """A decision diamond with its label underneath."""

    kind = "decision"

    def __init__(self, decision: Decision, rect: Rect) -> None:
        self.decision = decision
        super().__init__(decision.name, rect)
        self._refresh_tooltip()

    def set_decision(self, decision: Decision) -> None:
        if decision is self.decision:
            return
        self.decision = decision
        self._refresh_tooltip()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect.adjusted(-40, -12, 40, 44)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addPolygon(self._diamond())
        return path

    def _diamond(self) -> QPolygonF:
        r = self.rect
        c = r.center()
        return QPolygonF([QPointF(c.x(), r.top()), QPointF(r.right(), c.y()), QPointF(c.x(), r.bottom()),
                          QPointF(r.left(), c.y()), QPointF(c.x(), r.top())])

    def tooltip_html(self) -> str:
        d = self.decision
        rows = [f"<b>{escape(d.display_label)}</b> <span style='color:gray'>({escape(d.name)})</span>"]
        rows += [f"{i + 1}. {escape(o.display_label)} → {escape(o.next)}" for i, o in enumerate(d.outcomes)]
        rows.append(f"Default → {escape(d.default)}")
        return "<br>".join(rows) + self._problem_html()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        painter.setPen(cosmetic_pen(s.selection if selected else s.decision_border, 2.2 if selected else 1.5))
        painter.setBrush(s.decision_fill)
        painter.drawPolygon(self._diamond())
        r = self.rect
        icons.paint(painter, "decision", QRectF(r.center().x() - 11, r.center().y() - 11, 22, 22), s.decision_border)
        detail = lod(painter, option)
        if detail < 0.45:
            size = int(min(r.height() * 0.32, FAR_TEXT_PX / max(detail, 0.01)))
            if size * detail >= 5:
                f = st.font(size, True)
                painter.setPen(s.text)
                painter.setFont(f)
                width = r.width() + 76  # inside boundingRect
                text = QFontMetricsF(f).elidedText(self.decision.display_label, Qt.TextElideMode.ElideRight, width)
                painter.drawText(QRectF(r.center().x() - width / 2, r.bottom() + 2, width, 40),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        else:
            painter.setPen(s.text)
            painter.setFont(_FONTS["title"])
            width = r.width() + 70
            painter.drawText(QRectF(r.center().x() - width / 2, r.bottom() + 4, width, 18), Qt.AlignmentFlag.AlignCenter,
                             elide(self.decision.display_label, "title", width))
            painter.setPen(s.text_muted)
            painter.setFont(_FONTS["small"])
            painter.drawText(QRectF(r.center().x() - width / 2, r.bottom() + 22, width, 16), Qt.AlignmentFlag.AlignCenter,
                             elide(self.decision.name, "small", width))
        self._paint_problem_badge(painter, r.right() - 6, r.top() + 6)
        self._paint_overlay(painter, r, 4)
