"""CanvasView: zoom (wheel, keys, fit), pan, keyboard navigation, palette and file drops."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from .. import editing
from .interactions import PaletteDropInteraction
from .scene import CanvasScene

PALETTE_MIME = "application/x-orchestration-palette"
MIN_ZOOM, MAX_ZOOM = 0.02, 4.0


class CanvasView(QGraphicsView):
    """The window onto a CanvasScene."""

    zoom_changed = Signal(float)
    files_dropped = Signal(list)      # local file paths dropped on the canvas
    context_menu_requested = Signal(QPointF, object)  # global pos, element name or None

    def __init__(self, scene: CanvasScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.canvas = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._drop: PaletteDropInteraction | None = None
        self._pan_from: QPointF | None = None

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        self.scale(scale, scale)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit(self) -> None:
        """Show the whole orchestration (never magnified above 100 %)."""
        b = self.canvas.layout.bounds
        rect = QRectF(b.x, b.y, b.w, b.h)
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
            self.centerOn(rect.center())
        else:
            self.zoom_changed.emit(self.zoom())

    def reveal(self, name: str) -> None:
        """Scroll (and zoom in if tiny) so element ``name`` is visible."""
        item = self.canvas.item_for(name)
        if item is None:
            return
        if self.zoom() < 0.5:
            self.set_zoom(0.8)
        self.centerOn(item.sceneBoundingRect().center())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # horizontal scroll
            return
        delta = event.angleDelta().y()
        if delta:
            self.set_zoom(self.zoom() * (1.0015 ** delta))
        event.accept()

    # ------------------------------------------------------------------ pan (middle button)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - delta.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - delta.y()))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.unsetCursor()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        item = self.canvas.element_at(self.mapToScene(event.pos()))
        if item is not None and item.name not in self.canvas.document.selection:
            self.canvas.document.set_selection([item.name])
        self.context_menu_requested.emit(QPointF(event.globalPos()), item.name if item else None)

    # ------------------------------------------------------------------ drops: palette entries and files

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        if mime.hasFormat(PALETTE_MIME):
            kind = bytes(mime.data(PALETTE_MIME).data()).decode()
            self._drop = PaletteDropInteraction(self.canvas, kind)
            event.acceptProposedAction()
        elif mime.hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._drop is not None:
            ok = self._drop.move(self.mapToScene(event.position().toPoint()))
            event.setAccepted(ok)
            if ok:
                event.acceptProposedAction()
        elif event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        if self._drop is not None:
            self._drop.cancel()
            self._drop = None

    def dropEvent(self, event) -> None:  # noqa: N802
        if self._drop is not None:
            drop, self._drop = self._drop, None
            drop.finish(self.mapToScene(event.position().toPoint()))
            self.setFocus()
            event.acceptProposedAction()
            return
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        arrows = {Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down", Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right"}
        if key == Qt.Key.Key_Escape and self.canvas.interaction is not None:
            self.canvas.cancel_interaction()
            return
        if key in arrows:
            direction = arrows[key]
            current = self.canvas.document.current()
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                if current:
                    editing.nudge(self.canvas.document, current, direction)
                return
            self.navigate(direction)
            return
        super().keyPressEvent(event)

    def navigate(self, direction: str) -> str | None:
        """Select the neighbouring card/stage/decision in ``direction``; returns its name."""
        doc = self.canvas.document
        defn = doc.definition
        columns = self.canvas.layout.columns
        current = doc.current()
        if not columns:
            return None
        if current is None or self.canvas.item_for(current) is None:
            target = columns[0]
        else:
            target = _neighbour(defn, columns, current, direction)
        if target:
            doc.set_selection([target])
            self.reveal(target)
        return target


def _neighbour(defn, columns: list[str], current: str, direction: str) -> str | None:
    owner = defn.stage_of(current)
    column_name = owner.name if owner is not None else current
    col = columns.index(column_name) if column_name in columns else 0
    if direction in ("up", "down"):
        stage = defn.stage(column_name)
        if stage is None:
            return current
        names = [stage.name] + [s.name for s in stage.steps]
        i = names.index(current) + (1 if direction == "down" else -1)
        return names[max(0, min(i, len(names) - 1))]
    j = col + (1 if direction == "right" else -1)
    if not 0 <= j < len(columns):
        return current
    dest = columns[j]
    stage = defn.stage(dest)
    if owner is not None and stage is not None and stage.steps:
        row = next(i for i, s in enumerate(owner.steps) if s.name == current)
        return stage.steps[min(row, len(stage.steps) - 1)].name
    return dest


__all__ = ["CanvasView", "PALETTE_MIME"]
