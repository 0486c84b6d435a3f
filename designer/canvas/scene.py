"""CanvasScene: mirrors a DesignDocument with graphics items laid out by ``engine.layout``.

The scene keeps name → item maps and re-syncs on the document's ``changed`` signal, reusing
items whose element is unchanged (definitions are immutable, so identity tells). Items only
report selection; drags become interactions (``interactions.py``) that push commands.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsSceneMouseEvent

from engine.layout import Layout, Metrics, layout
from engine.model import StepCompleted

from ..document import DesignDocument
from . import style as st
from .edges import DropIndicatorItem, EdgeItem, NodeItem
from .items import DecisionItem, ElementItem, StageItem, StepCardItem
from .overlay import OverlayState


def _after(step) -> str | None:
    """The "after step X" target of a step (it draws an arrow), else None."""
    start = step.start
    return start.step if isinstance(start, StepCompleted) else None


class CanvasScene(QGraphicsScene):
    """The orchestration drawn as stage columns, decision diamonds and step cards."""

    layout_changed = Signal()
    element_activated = Signal(str)   # double click: e.g. rename in place

    def __init__(self, document: DesignDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.metrics = Metrics()
        self.layout: Layout = Layout(self.metrics)
        self.stage_items: dict[str, StageItem] = {}
        self.step_items: dict[str, StepCardItem] = {}
        self.decision_items: dict[str, DecisionItem] = {}
        self._edges: dict[tuple, EdgeItem] = {}
        self._nodes: list[NodeItem] = []
        self._diagnostics: dict[str, list] = {}
        self._overlay: dict[str, OverlayState] | None = None
        self._syncing = False
        self._press: tuple[ElementItem | None, QPointF] | None = None
        self.interaction = None
        self.drop_indicator = DropIndicatorItem()
        self.addItem(self.drop_indicator)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._laid_out: tuple | None = None   # _layout_key of the definition last laid out
        document.changed.connect(self._on_document_changed)
        document.selection_changed.connect(self._select_from_document)
        self.selectionChanged.connect(self._selection_to_document)
        self.sync()

    # ------------------------------------------------------------------ lookups

    def item_for(self, name: str) -> ElementItem | None:
        return self.step_items.get(name) or self.stage_items.get(name) or self.decision_items.get(name)

    def element_items(self) -> list[ElementItem]:
        return [*self.stage_items.values(), *self.decision_items.values(), *self.step_items.values()]

    def element_at(self, pos: QPointF) -> ElementItem | None:
        for item in self.items(pos):
            if isinstance(item, ElementItem):
                return item
        return None

    # ------------------------------------------------------------------ mirror the document

    def _on_document_changed(self) -> None:
        if not self._sync_in_place():
            self.sync()

    def sync(self) -> None:
        """Lay the document out again and bring items in line: reuse, update, create, remove."""
        self._syncing = True
        try:
            defn = self.document.definition
            self.layout = layout(defn, self.metrics)
            self._laid_out = self._layout_key(defn)
            seen_stages, seen_steps, seen_decisions = set(), set(), set()
            for stage in defn.stages:
                box = self.layout.stages.get(stage.name)
                if box is None or stage.name in seen_stages:
                    continue  # a second element of one name (DUPLICATE_NAME): one card per name
                header_h = self.metrics.header_h
                item = self._item(self.stage_items, stage.name, lambda: StageItem(stage, box.rect, header_h))
                item.set_stage(stage)
                item.set_geometry(box.rect)
                seen_stages.add(stage.name)
                for step in stage.steps:
                    sbox = self.layout.steps.get(step.name)
                    if sbox is None or step.name in seen_steps:
                        continue
                    card = self._item(self.step_items, step.name, lambda: StepCardItem(step, stage.name, sbox.rect))
                    card.set_step(step, stage.name)
                    card.set_geometry(sbox.rect)
                    seen_steps.add(step.name)
            for decision in defn.decisions:
                dbox = self.layout.decisions.get(decision.name)
                if dbox is None or decision.name in seen_decisions:
                    continue
                ditem = self._item(self.decision_items, decision.name, lambda: DecisionItem(decision, dbox.rect))
                ditem.set_decision(decision)
                ditem.set_geometry(dbox.rect)
                seen_decisions.add(decision.name)
            self._drop_stale(self.stage_items, seen_stages)
            self._drop_stale(self.step_items, seen_steps)
            self._drop_stale(self.decision_items, seen_decisions)
            self._rebuild_decor()
            self._apply_problems()
            self._apply_overlay()
            b = self.layout.bounds
            self.setSceneRect(QRectF(b.x - 200, b.y - 200, b.w + 400, b.h + 400))
            self._select_from_document(self.document.selection)
        finally:
            self._syncing = False
        self.layout_changed.emit()

    @staticmethod
    def _layout_key(defn) -> tuple:
        """What the layout reads besides the stages' and steps' own names and "after" targets."""
        return (defn.start, tuple(id(d) for d in defn.decisions), tuple(s.name for s in defn.stages))

    def _sync_in_place(self) -> bool:
        """An edit that cannot move anything (a label, a flow, a condition other than "after
        step X"): update just the changed items, no relayout. False when a relayout is needed."""
        defn = self.document.definition
        if self._laid_out != self._layout_key(defn):
            return False
        stage_updates, step_updates = [], []
        steps = 0
        for stage in defn.stages:
            item = self.stage_items.get(stage.name)
            if item is None:
                return False
            if item.stage is not stage:
                old = item.stage
                if (old.next, old.fault, len(old.steps)) != (stage.next, stage.fault, len(stage.steps)):
                    return False
                stage_updates.append((item, stage))
            for step in stage.steps:
                card = self.step_items.get(step.name)
                if card is None or card.stage != stage.name:
                    return False
                if card.step is not step:
                    if _after(card.step) != _after(step):
                        return False
                    step_updates.append((card, step))
                steps += 1
        if steps != len(self.step_items) or len(defn.stages) != len(self.stage_items):
            return False
        for (item, stage) in stage_updates:
            if [s.name for s in item.stage.steps] != [s.name for s in stage.steps]:
                return False
        self._syncing = True
        try:
            for item, stage in stage_updates:
                item.set_stage(stage)
            for card, step in step_updates:
                card.set_step(step, card.stage)
            overlay = self._overlay or {}
            for item in [i for i, _ in stage_updates] + [c for c, _ in step_updates]:
                item.set_problems(self._diagnostics.get(item.name, []))
                item.set_overlay(overlay.get(item.name))
        finally:
            self._syncing = False
        return True

    def _item(self, table: dict, name: str, make):
        """The item of ``name`` in ``table``, or a new one from ``make()`` added to the scene."""
        item = table.get(name)
        if item is None:
            item = table[name] = make()
            self.addItem(item)
        return item

    def _drop_stale(self, table: dict, seen: set) -> None:
        for name in [n for n in table if n not in seen]:
            self.removeItem(table.pop(name))

    def _rebuild_decor(self) -> None:
        """Edges and Start/End nodes; an edge whose route did not change keeps its item."""
        old_edges = self._edges
        self._edges = {}
        for edge in self.layout.edges:
            if len(edge.points) < 2:
                continue
            key = (edge.source, edge.target, edge.kind, edge.label)
            item = old_edges.pop(key, None)
            if item is None or item.edge != edge:
                if item is not None:
                    self.removeItem(item)
                item = EdgeItem(edge)
                self.addItem(item)
            self._edges[key] = item
        for item in old_edges.values():
            self.removeItem(item)
        for item in self._nodes:
            self.removeItem(item)
        self._nodes = []
        if self.layout.start is not None:
            self._nodes.append(NodeItem("Start", self.layout.start))
        if self.layout.end is not None:
            self._nodes.append(NodeItem("End", self.layout.end))
        for item in self._nodes:
            self.addItem(item)

    # ------------------------------------------------------------------ selection

    def _select_from_document(self, names: list[str]) -> None:
        wanted = set(names)
        was = self._syncing
        self._syncing = True
        try:
            for item in self.element_items():
                selected = item.name in wanted
                if item.isSelected() != selected:
                    item.setSelected(selected)
        finally:
            self._syncing = was

    def _selection_to_document(self) -> None:
        if self._syncing:
            return
        selected = {i.name for i in self.selectedItems() if isinstance(i, ElementItem)}
        current = [n for n in self.document.selection if n in selected]
        current += sorted(selected - set(current))
        self.document.set_selection(current)

    # ------------------------------------------------------------------ problems and overlay

    def set_diagnostics(self, diagnostics: list) -> None:
        """Problem badges from validation (diagnostics with an ``element``)."""
        table: dict[str, list] = defaultdict(list)
        for d in diagnostics:
            if d.element:
                table[d.element].append(d)
        touched = set(self._diagnostics) | set(table)
        self._diagnostics = dict(table)
        for name in touched:  # the other items have no problems before and after
            for item in (self.stage_items.get(name), self.step_items.get(name), self.decision_items.get(name)):
                if item is not None:
                    item.set_problems(self._diagnostics.get(name, []))

    def _apply_problems(self) -> None:
        for item in self.element_items():
            item.set_problems(self._diagnostics.get(item.name, []))

    def set_overlay(self, overlay: dict[str, OverlayState] | None) -> None:
        """Decorate elements (status badge, outline colour, dimmed, marker); ``None`` clears."""
        self._overlay = dict(overlay) if overlay else None
        self._apply_overlay()

    def overlay(self) -> dict[str, OverlayState] | None:
        return self._overlay

    def _apply_overlay(self) -> None:
        table = self._overlay or {}
        for item in self.element_items():
            item.set_overlay(table.get(item.name))

    # ------------------------------------------------------------------ look

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        s = st.current()
        painter.fillRect(rect, s.background)
        scale = painter.worldTransform().m11()
        if scale < 0.45:
            return
        step = 24
        painter.setPen(s.grid)
        left = int(rect.left()) - int(rect.left()) % step
        top = int(rect.top()) - int(rect.top()) % step
        points = [QPointF(x, y) for x in range(left, int(rect.right()) + 1, step)
                  for y in range(top, int(rect.bottom()) + 1, step)]
        if len(points) < 40000:
            painter.drawPoints(points)

    # ------------------------------------------------------------------ mouse: drags become interactions

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (self.element_at(event.scenePos()), event.scenePos())

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.interaction is not None:
            self.interaction.move(event.scenePos())
            return
        if self._press and event.buttons() & Qt.MouseButton.LeftButton:
            item, start = self._press
            distance = (event.scenePos() - start).manhattanLength()
            if item is not None and distance >= QApplication.startDragDistance():
                self.interaction = self._start_drag(item, start)
                if self.interaction is not None:
                    self.interaction.move(event.scenePos())
                    return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._press = None
        if self.interaction is not None:
            interaction, self.interaction = self.interaction, None
            interaction.finish(event.scenePos())
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        item = self.element_at(event.scenePos())
        if item is not None:
            self.element_activated.emit(item.name)
            return
        super().mouseDoubleClickEvent(event)

    def _start_drag(self, item: ElementItem, start: QPointF):
        from .interactions import StageDragInteraction, StepDragInteraction

        if isinstance(item, StepCardItem):
            return StepDragInteraction(self, item.name, start)
        if isinstance(item, StageItem) and start.y() - item.scenePos().y() <= self.metrics.header_h:
            return StageDragInteraction(self, item.name, start)
        return None

    def cancel_interaction(self) -> None:
        if self.interaction is not None:
            interaction, self.interaction = self.interaction, None
            interaction.cancel()
