"""The flow library editor: rename with references, outputs, elements (sync/async), simulation, delete."""

from __future__ import annotations

import pytest

from designer.flow_library import FlowLibraryPanel
from engine.model import ConditionSpec, Ref

from test_properties_helpers import choose, shown, type_into


@pytest.fixture
def library(qtbot, document):
    return shown(qtbot, FlowLibraryPanel(document))


def test_lists_flows_with_type_and_sync_badge(library):
    texts = [library.list.item(i).text() for i in range(library.list.count())]
    assert texts[0].startswith("Review_Screen") and "screen flow" in texts[0]
    assert texts[1] == "Enrich_Flow  —  autolaunched flow · sync"


def test_renaming_a_flow_updates_the_steps_in_one_undo_step(qtbot, library, document):
    library.select("Review_Screen")
    type_into(qtbot, library.form.editors["name"].edit, "Review_Docs")
    defn = document.definition
    assert defn.flow("Review_Docs") is not None
    assert defn.step("Review").action == "Review_Docs" and defn.step("Approve_Step").action == "Review_Docs"
    assert library.current == "Review_Docs"
    document.undo_stack.undo()
    assert document.definition.step("Review").action == "Review_Screen"
    assert library.form.editors["name"].edit.text() == "Review_Screen"


def test_flow_name_clash_is_refused(qtbot, library, document):
    library.select("Review_Screen")
    type_into(qtbot, library.form.editors["name"].edit, "Enrich_Flow")
    assert "already has a flow" in library.form.editors["name"].error.text()
    assert document.undo_stack.count() == 0


def test_renaming_an_output_updates_references_in_one_undo_step(qtbot, library, document):
    library.select("Review_Screen")
    outputs = library.form.editors["outputs"]
    type_into(qtbot, outputs.rows[0][0], "isApproved")
    defn = document.definition
    assert defn.flow("Review_Screen").outputs[0].name == "isApproved"
    assert defn.step("Approve_Step").inputs["approved"] == Ref(ref="Review.Outputs.isApproved")
    assert defn.decision("Route").outcomes[0].requirements[0].left == "Review.Outputs.isApproved"
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    defn = document.definition
    assert defn.flow("Review_Screen").outputs[0].name == "approved"
    assert defn.decision("Route").outcomes[0].requirements[0].left == "Review.Outputs.approved"


def test_removing_a_used_output_says_where(library, document):
    library.select("Review_Screen")
    outputs = library.form.editors["outputs"]
    outputs.remove_param(0)
    assert "still used by" in outputs.error.text() and "Route" in outputs.error.text()
    assert document.definition.flow("Review_Screen").outputs[0].name == "approved"


def test_deleting_a_flow_in_use_says_where(library, document, monkeypatch):
    asked = []
    monkeypatch.setattr("designer.flow_library.confirm_delete", lambda _p, name, uses: asked.append(uses) or False)
    library.select("Review_Screen")
    assert library.delete_current() is False
    assert asked[0] == ["step Review (its flow)", "step Approve_Step (its flow)"]
    assert "still used by" in library.error.text()
    assert document.definition.flow("Review_Screen") is not None


def test_deleting_an_unused_flow_and_undo(library, document, monkeypatch):
    monkeypatch.setattr("designer.flow_library.confirm_delete", lambda *a: pytest.fail("not in use"))
    library.add_flow("evaluation")
    assert document.definition.flow("Evaluation_Flow").type == "evaluation"
    assert library.current == "Evaluation_Flow"
    assert "simulate.result" in library.form.editors
    assert library.delete_current() is True
    assert document.definition.flow("Evaluation_Flow") is None
    document.undo_stack.undo()
    assert document.definition.flow("Evaluation_Flow") is not None


def test_elements_decide_sync_or_async(library, document):
    library.select("Enrich_Flow")
    elements = library.form.editors["elements"]
    elements.boxes["Wait"].click()
    assert document.definition.flow("Enrich_Flow").elements == ["Wait"]
    assert "async" in elements.badge.text()
    assert library.list.item(1).text().endswith("· async")
    document.undo_stack.undo()
    assert document.definition.flow("Enrich_Flow").elements == []
    assert library.list.item(1).text().endswith("· sync")


def test_simulated_outputs_error_and_duration(qtbot, library, document):
    library.select("Review_Screen")
    form = library.form
    edit = form.editors["simulate.outputs"].edits["approved"]
    type_into(qtbot, edit, "perhaps")
    assert "true or false" in form.editors["simulate.outputs"].error.text()
    type_into(qtbot, edit, "true")
    assert document.definition.flow("Review_Screen").simulate.outputs == {"approved": True}
    type_into(qtbot, form.editors["simulate.duration"].edit, "two hours")
    assert "not a duration" in form.editors["simulate.duration"].error.text()
    type_into(qtbot, form.editors["simulate.duration"].edit, "2h")
    type_into(qtbot, form.editors["simulate.error"].edit, "Timeout")
    sim = document.definition.flow("Review_Screen").simulate
    assert (sim.duration, sim.error) == ("2h", "Timeout")
    for _ in range(3):
        document.undo_stack.undo()
    assert document.definition.flow("Review_Screen").simulate.outputs == {}
    assert form.editors["simulate.outputs"].edits["approved"].text() == ""


def test_evaluation_result_literal_or_condition_over_its_inputs(qtbot, library, document):
    name = library.add_flow("evaluation")
    form = library.form
    inputs = form.editors["inputs"]
    inputs.add_button.click()
    choose(inputs.rows[0][1], text="Boolean")
    result = form.editors["simulate.result"]
    choose(result.combo, "true")
    assert document.definition.flow(name).simulate.result is True
    choose(result.combo, "condition")
    res = document.definition.flow(name).simulate.result
    assert isinstance(res, ConditionSpec) and res.requirements[0].left == "input1"
    row = result.body.rows[0]
    type_into(qtbot, row.left.edit, "approved")
    assert "is not one of: input1" in row.left.error.text()
    assert "GreaterThan" not in [row.operator.itemData(i) for i in range(row.operator.count())]
    document.undo_stack.undo()
    assert document.definition.flow(name).simulate.result is True
    assert result.body is None


def test_install_adds_properties_and_flow_library_docks(qtbot, monkeypatch):
    from designer.main_window import MainWindow

    window = MainWindow(restore_layout=False)
    qtbot.addWidget(window)
    assert "PropertiesDock" in window.panels and "FlowLibraryDock" in window.panels
    assert "BasicPropertiesDock" not in window.panels
    window.document.mark_saved()
