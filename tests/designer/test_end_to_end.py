"""What a new user does (issue 5, "Done means"): build a three-stage orchestration by dragging from
the palette, undo all of it and redo it, save, reopen it identically, and never lose work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from designer.files import FileController
from designer.recovery import orphaned_entries
from engine.io import dumps, load

from window_helpers import leave_recovery_as_crashed

B = QMessageBox.StandardButton
STEP_KINDS = ("interactive", "background", "mulesoft")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def new_window(qtbot):
    from designer.main_window import MainWindow

    w = MainWindow(install_extensions=False, restore_layout=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def drag_from_palette(window, kind: str, scene_pos: QPointF) -> str:
    """Drag the palette entry ``kind`` onto the canvas at ``scene_pos`` through the view's drag
    and drop handlers (what a real drag delivers); returns the new element's name."""
    palette = window.palette
    entry = next(palette.item(i) for i in range(palette.count())
                 if palette.item(i).data(Qt.ItemDataRole.UserRole) == kind)
    mime = palette.mimeData([entry])
    view = window.view
    view.centerOn(scene_pos)
    target = view.mapFromScene(scene_pos)
    assert view.viewport().rect().contains(target)
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(target, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, none)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(target, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, none)
    view.dragMoveEvent(move)
    assert move.isAccepted(), f"the canvas refuses a {kind} at {scene_pos}"
    assert window.scene.drop_indicator.isVisible()  # the user sees where it will land
    before = set(window.document.taken_names())
    view.dropEvent(QDropEvent(QPointF(target), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, none))
    assert not window.scene.drop_indicator.isVisible()
    (name,) = set(window.document.taken_names()) - before
    assert window.document.selection == [name]
    return name


def right_of_last_stage(window) -> QPointF:
    boxes = sorted(window.scene.layout.stages.values(), key=lambda b: b.rect.x)
    r = boxes[-1].rect
    return QPointF(r.right + 20, r.y + 100)


def bottom_of_stage(window, stage: str) -> QPointF:
    r = window.scene.layout.stages[stage].rect
    return QPointF(r.x + r.w / 2, r.bottom - 6)


def canvas_of(window) -> dict[str, tuple[str, float, float]]:
    """What the canvas shows: every element item, its kind and position."""
    return {item.name: (item.kind, item.pos().x(), item.pos().y()) for item in window.scene.element_items()}


def assert_canvas_mirrors_document(window) -> None:
    defn = window.document.definition
    assert set(window.scene.stage_items) == {s.name for s in defn.stages}
    assert set(window.scene.step_items) == {st.name for _, st in defn.iter_steps()}
    assert set(window.scene.decision_items) == {d.name for d in defn.decisions}


def build_three_stages(window) -> list[str]:
    """Two stages dragged after the first, then a step of each type dragged into each stage;
    returns the snapshots (YAML) after every gesture, the starting point first."""
    snapshots = [dumps(window.document.definition)]
    stages = [window.document.definition.stages[0].name]
    for _ in range(2):
        stages.append(drag_from_palette(window, "stage", right_of_last_stage(window)))
        snapshots.append(dumps(window.document.definition))
    for stage in stages:
        for kind in STEP_KINDS:
            name = drag_from_palette(window, kind, bottom_of_stage(window, stage))
            assert window.document.definition.step(name).type == kind
            snapshots.append(dumps(window.document.definition))
    defn = window.document.definition
    assert [s.name for s in defn.stages] == stages
    assert [[st.type for st in s.steps] for s in defn.stages] == [list(STEP_KINDS)] * 3
    assert_canvas_mirrors_document(window)
    return snapshots


def test_build_by_dragging_undo_redo_save_and_reopen_identically(window, qtbot, tmp_path):
    window.resize(1400, 900)
    window.show()
    snapshots = build_three_stages(window)
    doc = window.document
    assert doc.undo_stack.count() == len(snapshots) - 1  # one undo step per gesture

    for expected in reversed(snapshots[:-1]):  # undo it all, one gesture at a time
        window.actions["undo"].trigger()
        assert dumps(doc.definition) == expected
        assert_canvas_mirrors_document(window)
    assert not doc.is_modified() and not window.actions["undo"].isEnabled()
    for expected in snapshots[1:]:
        window.actions["redo"].trigger()
        assert dumps(doc.definition) == expected
    assert_canvas_mirrors_document(window)

    path = tmp_path / "built.orchestration.yaml"
    assert window.files.save_as(path)
    assert not doc.is_modified() and window.windowTitle().startswith("built.orchestration.yaml")
    built, shown = doc.definition, canvas_of(window)
    assert window.close()  # saved: no prompt (the fixture fails the test on any dialog)

    again = new_window(qtbot)
    assert again.files.open_path(path)
    assert again.document.definition == built
    assert dumps(again.document.definition) == snapshots[-1]
    assert canvas_of(again) == shown
    assert not again.document.is_modified()
    assert load(path) == built


def test_closing_with_unsaved_work_asks_and_save_keeps_it(window, monkeypatch, qtbot, tmp_path):
    window.resize(1400, 900)
    window.show()
    path = tmp_path / "work.orchestration.yaml"
    assert window.files.save_as(path)
    added = drag_from_palette(window, "background", bottom_of_stage(window, "Stage_1"))
    asked = []

    def ask(self, title, text, buttons, default):
        asked.append(title)
        return answers.pop(0)

    answers = [B.Cancel, B.Save]
    monkeypatch.setattr(FileController, "ask", ask)
    assert not window.close()  # Cancel: the window and the work stay
    assert window.isVisible() and window.document.definition.step(added) is not None
    assert window.close()      # Save: written, then closed
    assert asked == ["Unsaved changes", "Unsaved changes"]
    assert load(path).step(added) is not None


def test_crash_recovery_restores_unsaved_work_in_a_new_window(window, monkeypatch, qtbot):
    window.resize(1400, 900)
    window.show()
    build_three_stages(window)
    built, shown = window.document.definition, canvas_of(window)
    assert window.files.autosave()
    # the process crashes: its recovery file stays behind, owned by a process that is gone
    leave_recovery_as_crashed(window, "crashed")

    asked = []

    def ask(self, title, text, buttons, default):
        asked.append(title)
        return B.Yes

    monkeypatch.setattr(FileController, "ask", ask)
    second = new_window(qtbot)
    assert second.files.offer_recovery()
    assert asked == ["Restore unsaved work?"]
    assert second.document.definition == built
    assert canvas_of(second) == shown
    assert second.document.is_modified() and second.document.path is None  # never saved: still unsaved
    assert orphaned_entries() == []
    second.document.mark_saved()
    second.files.shutdown()
