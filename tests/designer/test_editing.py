"""Editing operations a user triggers from menus, shortcuts and the clipboard."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from designer import editing
from designer.naming import is_valid_name


def steps_of(document, stage):
    return [s.name for s in document.definition.stage(stage).steps]


def test_copy_is_yaml_and_paste_renames_clashes_keeping_internal_references(document):
    text = editing.copy_text(document, ["Intake"])
    data = yaml.safe_load(text)
    assert data["stages"][0]["name"] == "Intake"
    document.set_selection(["Reject"])
    pasted = editing.paste_text(document, text)
    assert pasted == ["Intake_2"]
    copy = document.definition.stage("Intake_2")
    assert [s.name for s in copy.steps] == ["Review_2", "Enrich_2"]
    assert copy.steps[1].start.step == "Review_2"  # the copy's "after step" follows the copy
    assert [s.name for s in document.definition.stages][-1] == "Intake_2"
    assert document.selection == ["Intake_2"]
    document.undo_stack.undo()
    assert document.definition.stage("Intake_2") is None


def test_paste_steps_into_the_current_stage_after_the_selected_step(document):
    text = editing.copy_text(document, ["Notify"])
    document.set_selection(["Review"])
    assert editing.paste_text(document, text) == ["Notify_2"]
    assert steps_of(document, "Intake") == ["Review", "Notify_2", "Enrich"]


def test_paste_of_garbage_is_a_message_not_a_crash(document):
    with pytest.raises(ValueError, match="clipboard"):
        editing.paste_text(document, "just: [some, yaml]")
    with pytest.raises(ValueError):
        editing.paste_text(document, "{{{{ not yaml")
    assert document.undo_stack.count() == 0


def test_clipboard_between_two_windows(qtbot, monkeypatch):
    from designer.files import FileController
    from designer.main_window import MainWindow

    monkeypatch.setattr(FileController, "ask", lambda *a: None)
    first = MainWindow(install_extensions=False, restore_layout=False)
    second = MainWindow(install_extensions=False, restore_layout=False)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    name = editing.add_step(first.document, "interactive")
    first.document.set_selection([name])
    first.actions["copy"].trigger()
    assert "Interactive_Step" in QGuiApplication.clipboard().text()
    second.actions["paste"].trigger()
    assert second.document.definition.step("Interactive_Step") is not None
    first.actions["cut"].trigger()
    assert first.document.definition.step(name) is None
    for w in (first, second):
        w.document.mark_saved()
        w.files.shutdown()


def test_duplicate_delete_and_undo(document):
    document.set_selection(["Enrich"])
    assert editing.duplicate(document, ["Enrich"]) == ["Enrich_2"]
    assert steps_of(document, "Intake") == ["Review", "Enrich", "Enrich_2"]
    assert editing.delete(document, ["Intake", "Review", "Route"]) == 2  # Review goes with Intake
    assert document.definition.stage("Intake") is None and document.definition.decision("Route") is None
    document.undo_stack.undo()
    assert steps_of(document, "Intake") == ["Review", "Enrich", "Enrich_2"]


def test_rename_checks_names(document):
    assert "not a valid API name" in editing.rename(document, "Review", "2bad")
    assert "already used" in editing.rename(document, "Review", "Enrich")
    assert editing.rename(document, "Review", "Check") is None
    assert document.definition.step("Enrich").start.step == "Check"


def test_nudge_moves_steps_and_stages(document):
    assert editing.nudge(document, "Review", "down")
    assert steps_of(document, "Intake") == ["Enrich", "Review"]
    assert editing.nudge(document, "Review", "right")
    assert "Review" in steps_of(document, "Approve")
    assert editing.nudge(document, "Reject", "left")
    assert [s.name for s in document.definition.stages] == ["Intake", "Reject", "Approve"]
    assert not editing.nudge(document, "Intake", "left")


def test_build_three_stage_orchestration_by_keyboard(window, qtbot):
    """What the issue asks a new user to do, through the window's actions."""
    doc = window.document
    for _ in range(2):
        window.actions["insert_stage"].trigger()
    assert len(doc.definition.stages) == 3
    for stage, kind in zip(doc.definition.stages, ("insert_interactive", "insert_background", "insert_mulesoft")):
        doc.set_selection([stage.name])
        window.actions[kind].trigger()
    assert [len(s.steps) for s in doc.definition.stages] == [1, 1, 1]
    assert all(is_valid_name(st.name) for _, st in doc.definition.iter_steps())
    count = doc.undo_stack.count()
    for _ in range(count):
        window.actions["undo"].trigger()
    assert [s.name for s in doc.definition.stages] == ["Stage_1"]
    assert not doc.is_modified()


def test_rename_in_place_with_f2(window, qtbot):
    doc = window.document
    window.show()
    name = editing.add_step(doc, "background")
    doc.set_selection([name])
    editor = window.edit.rename_in_place()
    assert editor is not None and editor.text() == name
    editor.setText("Load_Data")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert doc.definition.step("Load_Data") is not None


def test_find_selects_by_name_or_label(window):
    window.files.open_path(__import__("pathlib").Path(__file__).parent / "fixtures" / "small.orchestration.yaml")
    assert window.edit.find("approve_s") == "Approve_Step"
    assert window.document.selection == ["Approve_Step"]
    assert window.edit.find("nothing like this") is None


def test_shortcut_list_names_the_main_keys(window):
    from designer.shortcuts import shortcut_rows

    rows = dict((what, keys) for keys, what in shortcut_rows(window))
    assert rows["Rename"] == "F2"
    assert "Ctrl+F" in rows["Find Element…"]
    assert "Ctrl+Z" in rows["Undo"]


def test_minimal_properties_panel_edits_through_commands(window, qtbot):
    from designer.basic_properties import BasicPropertiesPanel

    panel = window.findChild(BasicPropertiesPanel)
    assert panel is not None
    doc = window.document
    doc.set_selection(["Stage_1"])
    assert panel.name_edit.text() == "Stage_1"
    panel.label_edit.setFocus()
    qtbot.keyClicks(panel.label_edit, "Intake")
    assert doc.definition.stage("Stage_1").label == "Intake"
    assert doc.undo_stack.count() == 1  # typing merges into one step
    panel.name_edit.setText("Intake")
    panel.name_edit.editingFinished.emit()
    assert doc.definition.stage("Intake") is not None


def test_delete_key_acts_on_the_canvas_not_on_text_fields(window, qtbot):
    from designer.basic_properties import BasicPropertiesPanel

    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    doc = window.document
    name = editing.add_step(doc, "background")
    doc.set_selection([name])
    panel = window.findChild(BasicPropertiesPanel)
    panel.description_edit.setFocus()
    qtbot.keyClick(panel.description_edit, Qt.Key.Key_Delete)
    assert doc.definition.step(name) is not None
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert doc.definition.step(name) is None


def test_escape_cancels_rename_in_place(window, qtbot):
    window.show()
    doc = window.document
    doc.set_selection(["Stage_1"])
    editor = window.edit.rename_in_place()
    editor.setText("Other_Name")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert doc.definition.stage("Stage_1") is not None and doc.undo_stack.count() == 0
