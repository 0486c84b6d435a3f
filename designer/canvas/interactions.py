"""Drag interactions: small objects with ``move(pos)``, ``finish(pos)``, ``cancel()``.

They show a drop indicator while moving and push commands (through ``designer.editing``) when
finished. Tests drive them directly with scene coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF

from .. import editing
from .items import StageItem, StepCardItem

PALETTE_KINDS = ("stage", "interactive", "background", "mulesoft", "decision")


@dataclass(frozen=True)
class DropTarget:
    """Where a drop lands: a step slot (stage, index), a stage slot (index), or after a stage."""

    kind: str                 # "step" | "stage" | "decision"
    stage: str | None
    index: int
    line: tuple[QPointF, QPointF]


def step_target(scene, pos: QPointF) -> DropTarget | None:
    """The slot between step cards nearest to ``pos`` in the stage column under it."""
    lay = scene.layout
    stage = lay.stage_at(pos.x(), pos.y())
    if stage is None:
        return None
    box = lay.stages[stage]
    index = lay.insert_index(stage, pos.y())
    m = lay.metrics
    cards = sorted((b for b in lay.steps.values() if b.stage == stage), key=lambda b: b.index)
    if not cards:
        y = box.rect.y + m.header_h + m.pad / 2
    elif index < len(cards):
        y = cards[index].rect.y - m.card_gap / 2
    else:
        y = cards[-1].rect.bottom + m.card_gap / 2
    x0 = box.rect.x + m.pad
    return DropTarget("step", stage, index, (QPointF(x0, y), QPointF(x0 + m.card_w, y)))


def stage_target(scene, pos: QPointF) -> DropTarget:
    """The gap between stage columns nearest to ``pos`` (index among the stages)."""
    lay = scene.layout
    boxes = sorted(lay.stages.values(), key=lambda b: b.rect.x)
    index = lay.column_index(pos.x())
    m = lay.metrics
    right = next((b for b in boxes if pos.x() < b.rect.x + b.rect.w / 2), None)
    if not boxes:
        x = m.margin + 80
        top, bottom = lay.spine_y - 60, lay.spine_y + 200
    else:
        x = right.rect.x - m.column_gap / 2 if right is not None else boxes[-1].rect.right + m.column_gap / 2
        top = min(b.rect.y for b in boxes)
        bottom = max(b.rect.bottom for b in boxes)
    return DropTarget("stage", None, index, (QPointF(x, top), QPointF(x, bottom)))


def decision_target(scene, pos: QPointF) -> DropTarget:
    """A decision goes on the path after the stage whose column is left of ``pos``."""
    lay = scene.layout
    left = [b for b in lay.stages.values() if b.rect.x + b.rect.w / 2 < pos.x()]
    after = max(left, key=lambda b: b.rect.x) if left else None
    m = lay.metrics
    if after is None:
        x = (lay.start.right if lay.start else m.margin) + m.column_gap * 0.3
    else:
        x = after.rect.right + m.column_gap / 2
    y = lay.spine_y
    return DropTarget("decision", after.name if after else None, 0,
                      (QPointF(x, y - m.decision_size / 2), QPointF(x, y + m.decision_size / 2)))


class PaletteDropInteraction:
    """Dragging a palette entry (``stage``, a step type, or ``decision``) over the canvas."""

    def __init__(self, scene, kind: str) -> None:
        if kind not in PALETTE_KINDS:
            raise ValueError(f"unknown palette entry {kind!r}")
        self.scene = scene
        self.kind = kind
        self.target: DropTarget | None = None

    def _target(self, pos: QPointF) -> DropTarget | None:
        if self.kind == "stage":
            return stage_target(self.scene, pos)
        if self.kind == "decision":
            return decision_target(self.scene, pos)
        return step_target(self.scene, pos)

    def move(self, pos: QPointF) -> bool:
        """Update the indicator; returns whether a drop here would be accepted."""
        self.target = self._target(pos)
        if self.target is None:
            self.scene.drop_indicator.hide()
            return False
        self.scene.drop_indicator.show_line(*self.target.line)
        return True

    def finish(self, pos: QPointF) -> str | None:
        """Drop: create the element; returns its name (None when dropped nowhere)."""
        self.move(pos)
        self.scene.drop_indicator.hide()
        target = self.target
        doc = self.scene.document
        if target is None:
            return None
        if self.kind == "stage":
            return editing.add_stage(doc, target.index)
        if self.kind == "decision":
            return editing.add_decision(doc, target.stage or "")
        return editing.add_step(doc, self.kind, target.stage, target.index)

    def cancel(self) -> None:
        self.scene.drop_indicator.hide()


class StepDragInteraction:
    """Dragging a step card: reorder within its stage or move to another stage."""

    def __init__(self, scene, name: str, start: QPointF) -> None:
        self.scene = scene
        self.name = name
        self.start = start
        item = scene.step_items.get(name)
        self.item: StepCardItem | None = item
        self.origin = item.pos() if item is not None else QPointF()
        if item is not None:
            item.setOpacity(0.85)
            item.setZValue(50)
        self.target: DropTarget | None = None

    def move(self, pos: QPointF) -> bool:
        if self.item is not None:
            self.item.setPos(self.origin + (pos - self.start))
        self.target = step_target(self.scene, pos)
        if self.target is None:
            self.scene.drop_indicator.hide()
            return False
        self.scene.drop_indicator.show_line(*self.target.line)
        return True

    def finish(self, pos: QPointF) -> bool:
        self.move(pos)
        self._restore()
        if self.target is None:
            self._put_back()
            return False
        moved = editing.move_step(self.scene.document, self.name, self.target.stage or "", self.target.index)
        if not moved:
            self._put_back()
        return moved

    def cancel(self) -> None:
        self._restore()
        self._put_back()

    def _restore(self) -> None:
        self.scene.drop_indicator.hide()
        if self.item is not None:
            self.item.setOpacity(1.0)
            self.item.setZValue(0)

    def _put_back(self) -> None:
        """Nothing moved: the card goes back to its place (the layout is unchanged)."""
        if self.item is not None:
            self.item.setPos(self.origin)


class StageDragInteraction:
    """Dragging a stage by its header to another column."""

    def __init__(self, scene, name: str, start: QPointF) -> None:
        self.scene = scene
        self.name = name
        self.item: StageItem | None = scene.stage_items.get(name)
        if self.item is not None:
            self.item.setOpacity(0.6)
        self.target: DropTarget | None = None

    def move(self, pos: QPointF) -> bool:
        self.target = stage_target(self.scene, pos)
        self.scene.drop_indicator.show_line(*self.target.line)
        return True

    def finish(self, pos: QPointF) -> bool:
        self.move(pos)
        self.cancel()
        assert self.target is not None
        return editing.move_stage(self.scene.document, self.name, self.target.index)

    def cancel(self) -> None:
        self.scene.drop_indicator.hide()
        if self.item is not None:
            self.item.setOpacity(1.0)
