"""The remaining editors, each: edit through the widget → document changed → undo → widget follows."""

from __future__ import annotations

import pytest

from designer.flow_library import FlowLibraryPanel
from designer.properties.panel import PropertiesPanel

from test_properties_helpers import choose, shown


@pytest.fixture
def panel(qtbot, document):
    return shown(qtbot, PropertiesPanel(document), size=None)


def test_description_is_multiline_and_undoable(panel, document):
    document.set_selection(["Intake"])
    edit = panel.editor("description").edit
    edit.setPlainText("First line\nsecond line")
    edit.editing_finished.emit()   # focus leaves the field
    assert document.definition.stage("Intake").description == "First line\nsecond line"
    document.undo_stack.undo()
    assert edit.toPlainText() == ""


def test_requires_async_overrides_the_badge(panel, document):
    document.set_selection(["Enrich"])
    choose(panel.editor("requires_async").combo, True)
    assert document.definition.step("Enrich").requires_async is True
    assert panel.editor("action").badge.text() == "async"
    document.undo_stack.undo()
    assert document.definition.step("Enrich").requires_async is None
    assert panel.editor("action").badge.text() == "sync"
    assert panel.editor("requires_async").combo.currentData() is None


def test_run_context_and_first_element(panel, document):
    choose(panel.editor("run_context").combo, "user")
    choose(panel.editor("start").combo, "Route")
    assert (document.definition.run_context, document.definition.start) == ("user", "Route")
    document.undo_stack.undo()
    assert panel.editor("start").combo.currentData() is None
    document.undo_stack.undo()
    assert document.definition.run_context == "system"
    assert panel.editor("run_context").combo.currentData() == "system"


def test_variable_input_flag_and_delete(panel, document):
    table = panel.editor("variables")
    table.rows[0].input_box.click()
    assert document.definition.variable("recordId").input is False
    table.rows[0].remove.click()
    assert document.definition.variables == []
    document.undo_stack.undo()
    assert table.rows[0].input_box.isChecked() is False
    document.undo_stack.undo()
    assert table.rows[0].input_box.isChecked() is True


def test_flow_type_and_parameter_type(qtbot, document):
    library = FlowLibraryPanel(document)
    qtbot.addWidget(library)
    library.select("Review_Screen")
    choose(library.form.editors["inputs"].rows[0][1], text="Number")
    assert document.definition.flow("Review_Screen").inputs[0].type == "Number"
    choose(library.form.editors["type"].combo, "evaluation")
    assert document.definition.flow("Review_Screen").type == "evaluation"
    assert "simulate.result" in library.form.editors
    document.undo_stack.undo()
    assert "simulate.result" not in library.form.editors
    document.undo_stack.undo()
    assert library.form.editors["inputs"].rows[0][1].currentText() == "Boolean"
