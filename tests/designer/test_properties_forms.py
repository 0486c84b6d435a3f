"""Every form builds for every element of real files, and renames reach every kind of reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.commands import SetFieldCommand
from designer.document import DesignDocument
from designer.flow_library import FlowLibraryPanel
from designer.properties.panel import PropertiesPanel
from engine.io import load
from engine.model import Ref
from engine.validate import validate

from test_properties_helpers import type_into

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "resources" / "examples").glob("*.orchestration.yaml")) + [
    Path(__file__).parent / "fixtures" / "properties" / "long_names.orchestration.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_element_gets_a_form_and_the_library_every_flow(qtbot, path):
    doc = DesignDocument(load(path))
    panel = PropertiesPanel(doc)
    library = FlowLibraryPanel(doc)
    qtbot.addWidget(panel)
    qtbot.addWidget(library)
    defn = doc.definition
    names = [s.name for s in defn.stages] + [st.name for _, st in defn.iter_steps()] + [d.name for d in defn.decisions]
    for name in names:
        doc.set_selection([name])
        assert panel.binding.name == name
        assert panel.editor("name").edit.text() == name
    for flow in defn.flows:
        library.select(flow.name)
        assert library.form.editors["name"].edit.text() == flow.name
    assert doc.undo_stack.count() == 0          # looking changes nothing
    assert doc.definition == defn


def test_long_names_form_flags_the_never_available_requirement(qtbot):
    doc = DesignDocument(load(FILES[-1]))
    panel = PropertiesPanel(doc)
    qtbot.addWidget(panel)
    doc.set_selection(["Sync_To_ERP"])
    rows = panel.editor("start").body.rows
    assert "stage Ship starts after this stage" in rows[1].left.error.text()
    assert rows[0].left.error.text() == ""     # maybe: accepted, marked by its icon and tooltip
    assert "maybe available" in rows[0].left.edit.toolTip()


def test_renaming_a_step_reaches_evaluation_inputs_and_after_step(qtbot, document):
    document.undo_stack.push(SetFieldCommand(document, "step", "Notify", "start", {
        "when": "evaluation_flow", "flow": "Enrich_Flow", "inputs": {"x": {"ref": "Approve_Step.Status"}}}))
    panel = PropertiesPanel(document)
    qtbot.addWidget(panel)
    document.set_selection(["Approve_Step"])
    type_into(qtbot, panel.editor("name").edit, "Final_Approval")
    assert document.definition.step("Notify").start.inputs == {"x": Ref(ref="Final_Approval.Status")}
    unknown = [d for d in validate(document.definition) if d.code in ("UNKNOWN_REFERENCE", "UNKNOWN_STEP")]
    assert unknown == []
    document.undo_stack.undo()
    assert document.definition.step("Notify").start.inputs == {"x": Ref(ref="Approve_Step.Status")}


def test_the_panel_lists_the_problems_of_the_shown_element(qtbot, monkeypatch):
    from designer.files import FileController
    from designer.main_window import MainWindow

    monkeypatch.setattr(FileController, "ask", lambda *a: pytest.fail(f"unexpected dialog {a}"))
    window = MainWindow(restore_layout=False)
    qtbot.addWidget(window)
    window.files.open_path(FILES[-1])
    panel = window.extensions["designer.properties"]["properties"]
    window.document.set_selection(["Sync_To_ERP"])
    window.validator.validate_now()
    assert not panel.problems.isHidden()
    assert "Ship.Status is never available" in panel.problems.text().replace("\u200b", "")
    window.document.set_selection(["Ship"])
    assert panel.problems.isHidden()
    window.document.mark_saved()
