"""Bad input in the designer: a broken file, hostile metadata, a wrong value typed in a field,
a save that fails. Each gets a clear message naming where; nothing is lost — the document keeps
its last valid state, the undo stack stays sane and unsaved work stays marked unsaved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from designer.files import FileController
from designer.flow_library import FlowLibraryPanel
from designer.properties.panel import PropertiesPanel
from engine.io import dumps

from test_properties_helpers import shown, type_into

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.orchestration.yaml"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
FLOW_NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
B = QMessageBox.StandardButton


@pytest.fixture
def warnings(monkeypatch):
    found: list[tuple[str, str]] = []
    monkeypatch.setattr(FileController, "warn", lambda self, title, text: found.append((title, text)))
    return found


@pytest.fixture
def edited(window, warnings):
    """A window with SMALL open and one unsaved edit."""
    assert window.files.open_path(SMALL)
    window.document.set_selection([])
    from designer import editing

    editing.add_stage(window.document)
    assert window.document.is_modified()
    return window


# ---------------------------------------------------------------------------------------- opening


@pytest.mark.parametrize("name, content, needle", [
    ("binary.orchestration.yaml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "line 1: the file is not UTF-8"),
    ("empty.orchestration.yaml", b"", "empty"),
    ("list.orchestration.yaml", b"- a\n- b\n", "mapping of keys"),
    ("truncated.orchestration.yaml", SMALL.read_bytes()[:300] + b"\n      - {name: [Cut", "line 17: YAML syntax error"),
    ("happy.scenario.yaml", (EXAMPLES / "quote_approval.scenario.yaml").read_bytes(), "this is a scenario file"),
])
def test_an_unreadable_file_is_refused_and_the_open_document_kept(edited, warnings, tmp_path, name, content, needle):
    window = edited
    before, undo_count = dumps(window.document.definition), window.document.undo_stack.count()
    path = tmp_path / name
    path.write_bytes(content)
    assert not window.files.open_path(path, ask_to_save=False)
    title, text = warnings[-1]
    assert title == "Cannot open file" and name in text and needle in text
    assert dumps(window.document.definition) == before
    assert window.document.undo_stack.count() == undo_count and window.document.is_modified()


def test_a_folder_is_refused_by_name(window, warnings, tmp_path):
    assert not window.files.open_path(tmp_path, ask_to_save=False)
    assert "is a folder" in warnings[-1][1]


def test_a_partly_readable_file_opens_what_it_can_and_undo_cannot_go_past_it(window, warnings, tmp_path):
    path = tmp_path / "partial.orchestration.yaml"
    path.write_text(SMALL.read_text().replace("type: mulesoft", "type: teleport"))
    assert window.files.open_path(path)
    assert warnings[-1][0] == "File opened with problems" and "teleport" in warnings[-1][1]
    assert window.document.definition.step("Review") is not None
    assert window.document.undo_stack.count() == 0 and not window.document.undo_stack.canUndo()


# ---------------------------------------------------------------------------------------- import


@pytest.mark.parametrize("content, needle", [
    (f"<?xml version='1.0'?>\n<Flow {FLOW_NS}>\n<processType>Flow</processType>\n</Flow>\n", "not an orchestration"),
    ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>\n'
     f"<Flow {FLOW_NS}><label>&a;</label></Flow>\n", "refused for safety"),
    (f"<?xml version='1.0'?>\n<Flow {FLOW_NS}>\n  <label>Cut", "Truncated.flow-meta.xml:3: not well-formed XML"),
    ("name: Not_XML\n", "not XML"),
    ("", "the file is empty"),
])
def test_bad_metadata_is_refused_and_the_document_kept(edited, tmp_path, content, needle):
    window = edited
    actions = window.extensions.get("designer.salesforce_actions")
    if actions is None:
        from designer.salesforce_actions import SalesforceActions

        actions = SalesforceActions(window)
    messages: list[tuple[str, str]] = []
    actions.warn = lambda title, text: messages.append((title, text))
    actions.inform = lambda title, text: messages.append((title, text))
    window.files.ask = lambda *args: B.Discard
    before, undo_count = dumps(window.document.definition), window.document.undo_stack.count()
    path = tmp_path / "Truncated.flow-meta.xml"
    path.write_text(content)
    assert not actions.import_metadata(path)
    assert messages and messages[-1][0] == "Cannot import" and needle in messages[-1][1]
    assert dumps(window.document.definition) == before
    assert window.document.undo_stack.count() == undo_count and window.document.is_modified()


# ---------------------------------------------------------------------------------------- typing


@pytest.fixture
def panel(qtbot, document):
    return shown(qtbot, PropertiesPanel(document))


@pytest.mark.parametrize("selection, text, needle", [
    ([], "2 Bad", "not a valid API name"),
    (["Intake"], "Intake stage", "not a valid API name"),
    (["Route"], "_Route", "not a valid API name"),
    (["Review"], "", "name"),
])
def test_an_invalid_api_name_is_refused_inline(qtbot, panel, document, selection, text, needle):
    document.set_selection(selection)
    before = dumps(document.definition)
    editor = panel.editor("name")
    type_into(qtbot, editor.edit, text)
    assert needle in editor.error.text() and editor.error.isVisible()
    assert dumps(document.definition) == before and document.undo_stack.count() == 0


def test_api_version_spin_box_takes_no_text_and_no_out_of_range_number(qtbot, panel, document):
    spin = panel.editor("api_version").spin
    before = document.definition.api_version
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "abc")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert document.definition.api_version == before and document.undo_stack.count() == 0
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "5")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert document.definition.api_version >= 20


@pytest.mark.parametrize("text, needle", [("-5m", "not a duration"), ("5 minutes", "not a duration"),
                                          ("1e400d", "not a duration")])
def test_a_bad_simulated_duration_is_refused_and_the_last_value_kept(qtbot, document, text, needle):
    library = shown(qtbot, FlowLibraryPanel(document))
    library.select("Enrich_Flow")
    editor = library.form.editors["simulate.duration"]
    type_into(qtbot, editor.edit, "2h")
    count = document.undo_stack.count()
    type_into(qtbot, editor.edit, text)
    assert needle in editor.error.text()
    assert document.definition.flow("Enrich_Flow").simulate.duration == "2h"
    assert document.undo_stack.count() == count
    document.undo_stack.undo()
    assert document.definition.flow("Enrich_Flow").simulate.duration is None


# ---------------------------------------------------------------------------------------- saving


def test_a_failed_save_says_where_and_keeps_the_work_unsaved(edited, warnings, tmp_path):
    window = edited
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert not window.files.save_as(blocker / "inside.orchestration.yaml")
    title, text = warnings[-1]
    assert title == "Cannot save" and "a_file is a file, not a folder" in text and "Save As" in text
    assert window.document.is_modified() and window.isWindowModified()
    assert window.document.path == SMALL  # still the file it was opened from


def test_a_save_failing_midway_leaves_the_file_whole_and_the_work_unsaved(edited, warnings, tmp_path, monkeypatch):
    window = edited
    target = tmp_path / "mine.orchestration.yaml"
    target.write_bytes(SMALL.read_bytes())

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert not window.files.save_as(target)
    assert "No space left on device" in warnings[-1][1]
    assert target.read_bytes() == SMALL.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.orchestration.yaml"]
    assert window.document.is_modified()
    monkeypatch.undo()
    assert window.files.save_as(target)
    assert not window.document.is_modified() and target.read_bytes() != SMALL.read_bytes()


def test_closing_when_the_save_fails_keeps_the_window_open(edited, warnings, tmp_path, monkeypatch):
    window = edited
    monkeypatch.setattr(FileController, "ask", lambda *args: B.Save)
    window.document.set_path(tmp_path / "gone" / "x.orchestration.yaml")
    assert not window.files.maybe_save()
    assert "does not exist" in warnings[-1][1]
    assert window.document.is_modified()


def test_export_image_to_a_missing_folder_is_reported(edited, tmp_path, monkeypatch):
    window = edited
    shown_messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown_messages.append(text))
    assert not window.export_image(str(tmp_path / "nowhere" / "canvas.svg"))
    assert shown_messages == [f"cannot write {tmp_path / 'nowhere' / 'canvas.svg'}: "
                              f"the folder {tmp_path / 'nowhere'} does not exist"]
    assert window.export_image(str(tmp_path / "canvas"), ".png")
    assert (tmp_path / "canvas.png").stat().st_size > 0


# ---------------------------------------------------------------------------------------- simulation, export


def test_a_definition_loaded_as_scenario_is_refused_in_the_banner(window, tmp_path):
    from designer.simulation import install
    from engine.io import load

    path = EXAMPLES / "quote_approval.orchestration.yaml"
    window.document.reset(load(path), path)
    controller = install(window)
    controller.panel.restart()
    assert not controller.session.load_scenario_file(path)
    assert "this is an orchestration definition" in controller.panel.error.text()
    assert controller.session.adapter is not None  # the run shown before is still there


def test_duplicate_step_names_stop_the_run_with_a_reason(window):
    from designer.simulation import install
    from engine.io import load

    defn = load(SMALL)
    defn.stages[0].steps[1].name = "Review"  # as a hand-edited file can have it
    window.document.reset(defn, None)
    controller = install(window)
    controller.panel.restart()
    assert controller.session.adapter is None
    assert "two steps are named Review" in controller.panel.error.text()
    assert [s.name for s in window.document.definition.stages[0].steps] == ["Review", "Review"]


def test_salesforce_export_into_a_file_names_the_blocker(window, tmp_path):
    from designer.salesforce_actions import SalesforceActions

    window.files.open_path(SMALL)
    actions = SalesforceActions(window)
    messages: list[tuple[str, str]] = []
    actions.warn = lambda title, text: messages.append((title, text))
    actions.confirm = lambda title, text: True
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert not actions.export_project(blocker / "project")
    assert messages[-1][0] == "Cannot export" and "a_file is a file, not a folder" in messages[-1][1]


def test_a_file_with_duplicate_names_opens_and_draws(window, tmp_path):
    path = tmp_path / "dup.orchestration.yaml"
    path.write_text("name: Dup\nstages:\n  - name: A\n    next: A\n    steps: [{name: S, type: background, action: F}]\n"
                    "  - name: A\n    steps: [{name: S, type: background, action: F},"
                    " {name: T, type: background, action: F}]\n"
                    "decisions:\n  - {name: A, default: end}\n")
    assert window.files.open_path(path)
    assert set(window.scene.stage_items) == {"A"} and set(window.scene.step_items) == {"S"}
    window.validator.validate_now()
    codes = {window.problems.topLevelItem(i).text(2) for i in range(window.problems.topLevelItemCount())}
    assert "DUPLICATE_NAME" in codes
    assert len(window.document.definition.stages) == 2  # nothing dropped: saving keeps both
