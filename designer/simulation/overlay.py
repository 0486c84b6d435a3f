"""What the canvas shows during a run: statuses on cards (through ``scene.set_overlay``)
and the path taken, drawn by one extra graphics item over the canvas edges."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.canvas.overlay import STATUS_COLORS, OverlayState
from engine.layout import START_NODE
from engine.model import END
from engine.runtime import Simulation, format_time

CURRENT_COLOR = "#1b73e8"
TAKEN_COLOR = "#1e8e3e"
BREAKPOINT = "●"
WORK_ITEM = "✉"
PENDING = "◷"


def status_color(status: str | None) -> str | None:
    return STATUS_COLORS.get(status) if status else None


def build_overlay(sim: Simulation, breakpoints: set[str] = frozenset()) -> dict[str, OverlayState]:
    """Overlay states for every stage, step and decision at the simulation's current point."""
    defn = sim.definition
    statuses = sim.statuses
    current = sim.current_stage
    open_items = {w.step: w for w in sim.open_work_items()}
    pending = {}
    for event in sim.pending():
        pending.setdefault(event.element, event)
    table: dict[str, OverlayState] = {}
    for stage in defn.stages:
        status = statuses.stages.get(stage.name)
        marker = _join(BREAKPOINT if stage.name in breakpoints else None, "▶" if stage.name == current else None)
        if status is None:
            table[stage.name] = OverlayState(status="Not reached", dimmed=True, marker=marker or None,
                                             color="#d93025" if stage.name in breakpoints else None)
        else:
            color = CURRENT_COLOR if stage.name == current and status == "In Progress" else status_color(status)
            table[stage.name] = OverlayState(status=status, color=color, marker=marker or None)
        for step in stage.steps:
            step_status = statuses.steps.get(step.name, "Not Started")
            bits = [BREAKPOINT if step.name in breakpoints else None]
            if step.name in open_items:
                bits.append(WORK_ITEM)
            elif step.name in pending and pending[step.name].kind == "step_completion":
                bits.append(f"{PENDING} {format_time(pending[step.name].time)}")
            table[step.name] = OverlayState(status=step_status, color=status_color(step_status),
                                            dimmed=status is None, marker=_join(*bits) or None)
    taken = {d.decision: d for d in sim.decisions}
    for decision in defn.decisions:
        choice = taken.get(decision.name)
        if choice is None:
            table[decision.name] = OverlayState(dimmed=True)
        else:
            # the branch itself is drawn by PathLayerItem; the pill is too small for outcome labels
            table[decision.name] = OverlayState(status="Taken", color=TAKEN_COLOR)
    return table


def _join(*bits: str | None) -> str:
    return " ".join(b for b in bits if b)


def taken_edges(sim: Simulation) -> set[tuple[str, str]]:
    """(source, target) pairs of the canvas path edges the run went along so far."""
    defn = sim.definition
    edges: set[tuple[str, str]] = set()
    history = sim.history
    if history:
        edges.add((START_NODE, defn.start_target()))
    for entry in history:
        stage = defn.stage(entry.element) if entry.milestone in ("End Stage", "Fail Stage") else None
        if stage is None:
            continue
        if entry.milestone == "End Stage":
            edges.add((stage.name, defn.next_of(stage)))
        elif stage.fault:
            edges.add((stage.name, stage.fault))
    for choice in sim.decisions:
        edges.add((choice.decision, choice.target))
    return edges


class PathLayerItem(QGraphicsItem):
    """Draws the edges the run took, thick and green, over the canvas edges (under the cards)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._paths: list[QPainterPath] = []
        self.drawn: list[tuple[str, str, str]] = []   # (source, target, edge kind) of each path drawn
        self._bounds = QRectF()

    def set_edges(self, layout_edges: list, taken: set[tuple[str, str]]) -> None:
        paths = []
        self.drawn = []
        for edge in layout_edges:
            target = END if edge.target in (END, "$end") else edge.target
            if (edge.source, target) in taken and len(edge.points) >= 2:
                self.drawn.append((edge.source, target, str(edge.kind)))
                path = QPainterPath()
                path.moveTo(*edge.points[0])
                for x, y in edge.points[1:]:
                    path.lineTo(x, y)
                paths.append(path)
        self.prepareGeometryChange()
        self._paths = paths
        bounds = QRectF()
        for path in paths:
            bounds = bounds.united(path.boundingRect())
        self._bounds = bounds.adjusted(-8, -8, 8, 8)
        self.update()

    def edge_count(self) -> int:
        return len(self._paths)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(TAKEN_COLOR)
        color.setAlpha(150)
        pen = QPen(color, 6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._paths:
            painter.drawPath(path)
