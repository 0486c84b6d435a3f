"""The canvas mirrors the document; palette drops and drags become undoable edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent

from designer.canvas.interactions import PaletteDropInteraction, StageDragInteraction, StepDragInteraction
from designer.canvas.overlay import OverlayState
from designer.canvas.scene import CanvasScene
from designer.canvas.view import PALETTE_MIME, CanvasView


def make_scene(document):
    return CanvasScene(document)


def below(scene, name, dy=10):
    r = scene.layout.steps[name].rect
    return QPointF(r.x + r.w / 2, r.bottom + dy)


def above(scene, name, dy=10):
    r = scene.layout.steps[name].rect
    return QPointF(r.x + r.w / 2, r.y + dy)


def shown_view(qtbot, scene, width=1400, height=900):
    """The scene in a shown view of ``width`` × ``height`` at 100 %."""
    view = CanvasView(scene)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    view.set_zoom(1.0)
    return view


def steps_of(document, stage):
    return [s.name for s in document.definition.stage(stage).steps]


def test_scene_has_an_item_per_element_and_follows_undo(document):
    scene = make_scene(document)
    assert set(scene.stage_items) == {"Intake", "Approve", "Reject"}
    assert set(scene.step_items) == {"Review", "Enrich", "Approve_Step", "Notify"}
    assert set(scene.decision_items) == {"Route"}
    kinds = {e.kind for e in scene.layout.edges}
    assert {"start", "next", "outcome", "default", "after"} <= kinds
    first = scene.step_items["Review"]
    document.undo_stack.push(__import__("designer.commands", fromlist=["x"]).RemoveStepCommand(document, "Notify"))
    assert "Notify" not in scene.step_items
    assert scene.step_items["Review"] is first  # unchanged cards are reused
    document.undo_stack.undo()
    assert "Notify" in scene.step_items


def test_palette_drop_of_a_step_lands_where_the_indicator_shows(document):
    scene = make_scene(document)
    drop = PaletteDropInteraction(scene, "background")
    pos = below(scene, "Approve_Step")
    assert drop.move(pos)
    assert scene.drop_indicator.isVisible()
    name = drop.finish(pos)
    assert not scene.drop_indicator.isVisible()
    assert steps_of(document, "Approve") == ["Approve_Step", name]
    assert document.definition.step(name).type == "background"
    assert document.selection == [name]
    assert name in scene.step_items
    document.undo_stack.undo()
    assert steps_of(document, "Approve") == ["Approve_Step"]


def test_palette_drop_outside_any_stage_is_refused(document):
    scene = make_scene(document)
    drop = PaletteDropInteraction(scene, "interactive")
    assert not drop.move(QPointF(-500, -500))
    assert drop.finish(QPointF(-500, -500)) is None
    assert document.undo_stack.count() == 0


def test_new_names_are_unique_and_valid(document):
    scene = make_scene(document)
    names = [PaletteDropInteraction(scene, "mulesoft").finish(below(scene, "Notify")) for _ in range(3)]
    assert names == ["MuleSoft_Step", "MuleSoft_Step_2", "MuleSoft_Step_3"]


def test_palette_drop_of_a_stage_between_columns(document):
    scene = make_scene(document)
    intake = scene.layout.stages["Intake"].rect
    route = scene.layout.decisions["Route"].rect
    pos = QPointF(intake.right + 10, intake.y + 100)  # just right of the first column
    name = PaletteDropInteraction(scene, "stage").finish(pos)
    assert [s.name for s in document.definition.stages][1] == name
    assert route is not None


def test_palette_drop_of_a_decision_goes_on_the_path(document):
    scene = make_scene(document)
    approve = scene.layout.stages["Approve"].rect
    name = PaletteDropInteraction(scene, "decision").finish(QPointF(approve.right + 20, scene.layout.spine_y))
    defn = document.definition
    assert defn.stage("Approve").next == name
    assert defn.decision(name).default == "Reject"  # where Approve used to lead
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.definition.stage("Approve").next is None and document.definition.decision(name) is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_view_accepts_a_palette_drop_event(document, qtbot):
    scene = make_scene(document)
    view = shown_view(qtbot, scene)
    view.centerOn(scene.step_items["Notify"])
    mime = QMimeData()
    mime.setData(PALETTE_MIME, b"interactive")
    target = view.mapFromScene(below(scene, "Notify"))
    from PySide6.QtGui import QDragEnterEvent

    enter = QDragEnterEvent(target, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dragEnterEvent(enter)
    drop = QDropEvent(QPointF(target), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    view.dropEvent(drop)
    assert steps_of(document, "Reject") == ["Notify", "Interactive_Step"]


def test_drag_step_to_another_stage_and_within_a_stage(document):
    scene = make_scene(document)
    start = above(scene, "Enrich", 30)
    drag = StepDragInteraction(scene, "Enrich", start)
    assert drag.move(above(scene, "Notify", 5))
    assert drag.finish(above(scene, "Notify", 5))
    assert steps_of(document, "Reject") == ["Enrich", "Notify"]
    assert steps_of(document, "Intake") == ["Review"]
    drag = StepDragInteraction(scene, "Notify", above(scene, "Notify", 30))
    assert drag.finish(above(scene, "Enrich", 5))
    assert steps_of(document, "Reject") == ["Notify", "Enrich"]
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert steps_of(document, "Intake") == ["Review", "Enrich"]


def test_dropping_a_step_where_it_was_changes_nothing(document):
    scene = make_scene(document)
    drag = StepDragInteraction(scene, "Review", above(scene, "Review", 30))
    assert not drag.finish(above(scene, "Review", 30))
    assert document.undo_stack.count() == 0
    assert scene.step_items["Review"].pos().y() == scene.layout.steps["Review"].rect.y


def test_drag_by_mouse_events_on_the_view(document, qtbot):
    scene = make_scene(document)
    view = shown_view(qtbot, scene, width=1600)
    view.centerOn(scene.layout.stages["Intake"].rect.x + 600, 300)
    start = view.mapFromScene(above(scene, "Enrich", 30))
    end = view.mapFromScene(above(scene, "Review", 5))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import QEvent

    for p in (start + QPoint(0, -10), end):
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(p), view.viewport().mapToGlobal(QPointF(p)),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        view.mouseMoveEvent(move)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert steps_of(document, "Intake") == ["Enrich", "Review"]


def test_drag_stage_to_reorder(document):
    scene = make_scene(document)
    reject = scene.layout.stages["Reject"].rect
    intake = scene.layout.stages["Intake"].rect
    drag = StageDragInteraction(scene, "Reject", QPointF(reject.x + 20, reject.y + 10))
    assert drag.finish(QPointF(intake.x + 10, intake.y + 10))
    assert [s.name for s in document.definition.stages] == ["Reject", "Intake", "Approve"]


def test_selection_follows_both_ways(document):
    scene = make_scene(document)
    document.set_selection(["Review", "Intake"])
    assert scene.step_items["Review"].isSelected() and scene.stage_items["Intake"].isSelected()
    scene.clearSelection()
    scene.step_items["Notify"].setSelected(True)
    assert document.selection == ["Notify"]


def test_keyboard_navigation_and_moving(document, qtbot):
    scene = make_scene(document)
    view = CanvasView(scene)
    qtbot.addWidget(view)
    document.set_selection(["Review"])
    assert view.navigate("down") == "Enrich"
    assert view.navigate("up") == "Review"
    assert view.navigate("right") == "Route"
    assert view.navigate("right") == "Approve"
    assert view.navigate("down") == "Approve_Step"
    document.set_selection(["Review"])
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert steps_of(document, "Intake") == ["Enrich", "Review"]


def test_problem_badges_and_overlay(document):
    from engine.diagnostics import Diagnostic

    scene = make_scene(document)
    scene.set_diagnostics([Diagnostic.make("UNKNOWN_FLOW", "no flow X", element="Enrich")])
    assert scene.step_items["Enrich"].worst_severity() == "warning"
    assert "no flow X" in scene.step_items["Enrich"].toolTip()
    assert scene.step_items["Review"].worst_severity() is None
    scene.set_overlay({"Review": OverlayState(status="In Progress", color="#1b73e8"), "Reject": OverlayState(dimmed=True)})
    assert scene.stage_items["Reject"].opacity() < 1
    assert scene.step_items["Review"].overlay.status == "In Progress"
    scene.set_overlay(None)
    assert scene.stage_items["Reject"].opacity() == 1 and scene.step_items["Review"].overlay is None
    assert document.undo_stack.count() == 0


def test_zoom_and_fit(document, qtbot):
    scene = make_scene(document)
    view = CanvasView(scene)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.fit()
    b = scene.layout.bounds
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.width() >= b.w * 0.98
    z = view.zoom()
    view.zoom_in()
    assert view.zoom() > z
    view.set_zoom(100)
    assert view.zoom() == 4.0


def test_stage_drop_follows_the_picture_when_the_path_differs_from_the_file_order(document):
    # Route leads to Approve or Reject; make the path go Intake → Reject → Approve instead
    from designer.commands import SetFieldCommand

    document.undo_stack.push(SetFieldCommand(document, "stage", "Intake", "next", "Reject"))
    document.undo_stack.push(SetFieldCommand(document, "stage", "Reject", "next", "Approve"))
    scene = make_scene(document)
    assert scene.layout.columns[:3] == ["Intake", "Reject", "Approve"]
    reject = scene.layout.stages["Reject"].rect
    name = PaletteDropInteraction(scene, "stage").finish(QPointF(reject.x + 5, reject.y + 50))
    stages = [s.name for s in document.definition.stages]
    assert stages.index(name) == stages.index("Reject") - 1  # just before Reject in the file


def test_an_edit_that_moves_nothing_updates_only_its_card(document):
    from designer.commands import SetFieldCommand

    scene = make_scene(document)
    laid_out = scene.layout
    card, stage = scene.step_items["Enrich"], scene.stage_items["Intake"]
    document.undo_stack.push(SetFieldCommand(document, "step", "Enrich", "label", "Enrich the account"))
    assert scene.step_items["Enrich"] is card and card.step.label == "Enrich the account"
    assert stage.stage is document.definition.stage("Intake")
    assert scene.layout is laid_out  # no relayout for a label
    # "after step X" draws an arrow: that edit lays out again and the arrow goes
    assert any(e.kind == "after" and e.target == "Enrich" for e in scene.layout.edges)
    document.undo_stack.push(SetFieldCommand(document, "step", "Enrich", "start", {"when": "stage_starts"}))
    assert scene.layout is not laid_out
    assert not any(e.kind == "after" and e.target == "Enrich" for e in scene.layout.edges)
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert card.step.label is None and any(e.kind == "after" and e.target == "Enrich" for e in scene.layout.edges)
