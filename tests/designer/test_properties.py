"""The properties panel driven like a user: type, pick, choose — and the document follows (and back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.commands import SetFieldCommand
from designer.properties.panel import PropertiesPanel
from engine.model import Ref

from test_properties_helpers import choose, items, shown, type_into


@pytest.fixture
def panel(qtbot, document):
    return shown(qtbot, PropertiesPanel(document))


def test_nothing_selected_shows_the_orchestration(panel, document):
    assert panel.binding.kind == "orchestration"
    assert panel.editor("name").edit.text() == "Small_Approval"


def test_typing_a_label_sets_it_and_undo_shows_the_old_one(qtbot, panel, document):
    document.set_selection(["Intake"])
    edit = panel.editor("label").edit
    type_into(qtbot, edit, "Intake and checks")
    assert document.definition.stage("Intake").label == "Intake and checks"
    document.undo_stack.undo()
    assert document.definition.stage("Intake").label is None
    assert edit.text() == ""


def test_field_descriptions_are_tooltips(panel, document):
    document.set_selection(["Enrich"])
    assert "Who the action runs as" in panel.editor("run_as").toolTip()


def test_panel_follows_commands_pushed_elsewhere(panel, document):
    document.set_selection(["Intake"])
    document.undo_stack.push(SetFieldCommand(document, "stage", "Intake", "description", "Checks first"))
    assert panel.editor("description").edit.toPlainText() == "Checks first"
    document.undo_stack.undo()
    assert panel.editor("description").edit.toPlainText() == ""


def test_renaming_a_step_updates_every_reference_in_one_undo_step(qtbot, panel, document):
    document.set_selection(["Review"])
    type_into(qtbot, panel.editor("name").edit, "First_Review")
    defn = document.definition
    assert defn.step("First_Review") is not None
    assert defn.step("Enrich").start.step == "First_Review"
    assert defn.step("Approve_Step").inputs["approved"] == Ref(ref="First_Review.Outputs.approved")
    assert defn.decision("Route").outcomes[0].requirements[0].left == "First_Review.Outputs.approved"
    assert panel.heading.text().replace("\u200b", "").count("First_Review") == 1
    document.undo_stack.undo()
    defn = document.definition
    assert defn.step("Review") is not None and defn.step("Enrich").start.step == "Review"
    assert defn.decision("Route").outcomes[0].requirements[0].left == "Review.Outputs.approved"
    assert panel.editor("name").edit.text() == "Review"


def test_renaming_a_stage_updates_status_references(qtbot, panel, document):
    document.undo_stack.push(SetFieldCommand(document, "decision", "Route", "outcomes[0].requirements[0].left",
                                             "Intake.Status"))
    document.set_selection(["Intake"])
    type_into(qtbot, panel.editor("name").edit, "Intake_Stage")
    assert document.definition.decision("Route").outcomes[0].requirements[0].left == "Intake_Stage.Status"
    document.undo_stack.undo()
    assert document.definition.decision("Route").outcomes[0].requirements[0].left == "Intake.Status"


def test_an_invalid_or_taken_name_is_refused_inline(qtbot, panel, document):
    document.set_selection(["Review"])
    before = document.undo_stack.count()
    type_into(qtbot, panel.editor("name").edit, "Bad__Name")
    assert "not a valid API name" in panel.editor("name").error.text()
    assert panel.editor("name").error.isVisible()
    type_into(qtbot, panel.editor("name").edit, "Enrich")
    assert "already used" in panel.editor("name").error.text()
    assert document.undo_stack.count() == before


def test_orchestration_type_record_triggered_with_object(qtbot, panel, document):
    editor = panel.editor("type")
    choose(editor.combo, "record_triggered")
    assert document.definition.type == "record_triggered"
    assert editor.trigger_box.isVisible()
    assert "needs the object" in editor.error.text()
    type_into(qtbot, editor.object_edit, "Account")
    choose(editor.on_combo, "update")
    assert document.definition.trigger.object == "Account"
    assert document.definition.trigger.on == "update"
    for _ in range(3):
        document.undo_stack.undo()
    assert document.definition.type == "autolaunched" and document.definition.trigger is None
    assert not editor.trigger_box.isVisible()


def test_run_context_says_it_only_matters_for_old_api_versions(panel, document):
    note = panel.editor("run_context").note.text()
    assert "59" in note and "Automated Process User" in note
    panel.editor("api_version").spin.setValue(58)
    assert document.definition.api_version == 58
    assert panel.editor("run_context").note.text().startswith("API 58")
    document.undo_stack.undo()
    assert document.definition.api_version == 65


def test_effective_run_as_is_explained_for_the_api_version(panel, document):
    document.set_selection(["Enrich"])
    text = panel.editor("run_as").explanation.text
    assert text() == "API 65: runs as the Automated Process User (system context)."
    choose(panel.editor("run_as").combo, "last_interactive_user")
    assert document.definition.step("Enrich").run_as == "last_interactive_user"
    assert "most recently completed interactive step" in text()
    document.undo_stack.push(SetFieldCommand(document, "orchestration", None, "api_version", 58))
    document.undo_stack.push(SetFieldCommand(document, "flow", "Enrich_Flow", "elements", ["Action"]))
    assert text().startswith("API 58, system context, async: the Automated Process User in system context")
    assert "ignored" in text()
    document.undo_stack.undo()
    assert text().startswith("API 58, system context, sync:")
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.definition.step("Enrich").run_as == "automated_process_user"


def test_variables_table_add_rename_type_and_undo(qtbot, panel, document):
    table = panel.editor("variables")
    table.add_button.click()
    assert [v.name for v in document.definition.variables] == ["recordId", "Variable_1"]
    row = table.rows[1]
    type_into(qtbot, row.name_edit, "Manager")
    row = table.rows[1]
    choose(row.type_combo, text="Record")
    row = table.rows[1]
    type_into(qtbot, row.object_edit, "User")
    var = document.definition.variable("Manager")
    assert (var.type, var.object) == ("Record", "User")
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.definition.variable("Manager").type == "Text"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [v.name for v in document.definition.variables] == ["recordId"]
    assert len(table.rows) == 1


def test_variable_default_value_is_parsed_by_type(qtbot, panel, document):
    row = panel.editor("variables").rows[0]
    choose(row.type_combo, text="Number")
    row = panel.editor("variables").rows[0]
    type_into(qtbot, row.value_edit, "twelve")
    assert "not a number" in panel.editor("variables").error.text()
    assert document.definition.variable("recordId").value is None
    type_into(qtbot, row.value_edit, "12")
    assert document.definition.variable("recordId").value == 12


def test_stage_next_and_fault_paths(panel, document):
    document.set_selection(["Approve"])
    nxt, fault = panel.editor("next"), panel.editor("fault")
    assert "Approve" not in items(nxt.combo)
    assert "end" not in items(fault.combo)
    choose(fault.combo, "Reject")
    choose(nxt.combo, "end")
    stage = document.definition.stage("Approve")
    assert (stage.next, stage.fault) == ("end", "Reject")
    document.undo_stack.undo()
    document.undo_stack.undo()
    stage = document.definition.stage("Approve")
    assert (stage.next, stage.fault) == (None, None)
    assert nxt.combo.currentData() is None


def test_called_flow_is_chosen_among_flows_of_the_right_type(panel, document):
    document.set_selection(["Review"])
    chooser = panel.editor("action")
    assert [d for d in items(chooser.combo) if d and d != "__new__"] == ["Review_Screen"]
    document.set_selection(["Enrich"])
    chooser = panel.editor("action")
    assert [d for d in items(chooser.combo) if d and d != "__new__"] == ["Enrich_Flow"]
    assert chooser.badge.text() == "sync"


def test_new_flow_is_created_on_the_spot_in_one_undo_step(panel, document):
    document.set_selection(["Notify"])
    choose(panel.editor("action").combo, "__new__")
    defn = document.definition
    assert defn.step("Notify").action == "MuleSoft_Action"
    assert defn.flow("MuleSoft_Action").type == "mulesoft"
    document.undo_stack.undo()
    assert document.definition.flow("MuleSoft_Action") is None
    assert document.definition.step("Notify").action == "Notify_Action"


def test_input_mapping_from_declared_inputs_literal_and_resource(qtbot, panel, document):
    document.set_selection(["Review"])
    inputs = panel.editor("inputs")
    assert list(inputs.rows) == ["approved"]
    editor = inputs.rows["approved"]
    type_into(qtbot, editor.line, "maybe")
    assert "true or false" in editor.error.text()
    assert document.definition.step("Review").inputs == {}
    type_into(qtbot, editor.line, "false")
    assert document.definition.step("Review").inputs == {"approved": False}
    choose(editor.mode, "ref")
    assert editor.stack.currentWidget() is editor.resource
    type_into(qtbot, editor.resource.edit, "recordId")
    assert document.definition.step("Review").inputs == {"approved": Ref(ref="recordId")}
    document.undo_stack.undo()
    assert document.definition.step("Review").inputs == {"approved": False}
    assert editor.stack.currentWidget() is editor.literal
    assert editor.line.text() == "false"
    choose(editor.mode, "ref")
    choose(editor.mode, "literal")
    type_into(qtbot, editor.line, "")
    assert document.definition.step("Review").inputs == {}   # an empty value removes the mapping
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.definition.step("Review").inputs == {}


def test_undeclared_input_is_flagged(panel, document):
    document.undo_stack.push(SetFieldCommand(document, "step", "Review", "inputs.stray", "x"))
    document.set_selection(["Review"])
    editor = panel.editor("inputs").rows["stray"]
    assert "has no input stray" in editor.error.text()


def test_assignee_type_value_and_record_id_refused(qtbot, panel, document):
    document.set_selection(["Review"])
    assignee = panel.editor("assignee")
    choose(assignee.type_combo, "queue")
    assert document.definition.step("Review").assignee.type == "queue"
    choose(assignee.type_combo, "user")
    type_into(qtbot, assignee.literal, "005000000000001AAA")
    assert "record Id" in assignee.error.text()
    assert document.definition.step("Review").assignee.value == "reviewer@example.com"
    choose(assignee.mode, "ref")
    type_into(qtbot, assignee.resource.edit, "recordId")
    a = document.definition.step("Review").assignee
    assert (a.type, a.value, a.ref) == ("user", None, "recordId")
    document.undo_stack.undo()
    assert assignee.stack.currentWidget() is assignee.literal
    assert assignee.literal.text() == "reviewer@example.com"
    document.undo_stack.undo()
    assert document.definition.step("Review").assignee.type == "queue"
    assert assignee.type_combo.currentData() == "queue"


def test_changing_step_type_asks_before_dropping_and_undo_restores(panel, document, monkeypatch):
    asked = []
    monkeypatch.setattr("designer.properties.step_fields.confirm_type_change",
                        lambda _parent, name, new_type, lost: asked.append((name, new_type, lost)) or False)
    document.set_selection(["Enrich"])
    choose(panel.editor("type").combo, "mulesoft")
    assert asked == [("Enrich", "mulesoft", ["the called autolaunched flow (Enrich_Flow)"])]
    assert document.definition.step("Enrich").type == "background"      # refused: nothing changed
    assert panel.editor("type").combo.currentData() == "background"
    assert not document.undo_stack.canUndo()

    monkeypatch.setattr("designer.properties.step_fields.confirm_type_change", lambda *a: True)
    choose(panel.editor("type").combo, "mulesoft")
    step = document.definition.step("Enrich")
    assert step.type == "mulesoft" and step.start.step == "Review" and step.action is None
    assert "assignee" not in panel.editors and "requires_async" not in panel.editors
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.definition.step("Enrich") == small_step(document, "Enrich")
    assert "requires_async" in panel.editors


def small_step(document, name):
    from engine.io import load
    return load(Path(__file__).parent / "fixtures" / "small.orchestration.yaml").step(name)


def test_changing_type_keeps_run_as_and_a_fitting_flow_without_asking(panel, document, monkeypatch):
    monkeypatch.setattr("designer.properties.step_fields.confirm_type_change",
                        lambda *a: pytest.fail("nothing is lost: no question"))
    document.undo_stack.push(SetFieldCommand(document, "step", "Notify", "run_as", "last_interactive_user"))
    document.undo_stack.push(SetFieldCommand(document, "step", "Notify", "action", None))
    document.set_selection(["Notify"])
    choose(panel.editor("type").combo, "background")
    step = document.definition.step("Notify")
    assert (step.type, step.run_as) == ("background", "last_interactive_user")
    assert panel.editor("run_as").combo.currentData() == "last_interactive_user"


def test_interactive_to_background_lists_assignee_record_and_flow(panel, document, monkeypatch):
    asked = []
    monkeypatch.setattr("designer.properties.step_fields.confirm_type_change",
                        lambda _p, _n, _t, lost: asked.extend(lost) or True)
    document.set_selection(["Review"])
    choose(panel.editor("type").combo, "background")
    assert asked == ["the called screen flow (Review_Screen)", "the assignee (user reviewer@example.com)",
                     "the context record (recordId)"]
    step = document.definition.step("Review")
    assert step.type == "background" and step.start.when == "stage_starts"
    assert "run_as" in panel.editors
