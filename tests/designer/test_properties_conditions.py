"""Start / completion conditions, requirements with logic, evaluation flows, decision outcomes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from designer.commands import InsertItemCommand, SetFieldCommand
from designer.properties.panel import PropertiesPanel
from engine.model import Flow, FlowParameter, Ref

from test_properties_helpers import choose, items, shown, type_into


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    def unexpected(*args):
        raise AssertionError(f"unexpected confirmation: {args[1:]}")

    monkeypatch.setattr("designer.resource_picker.confirm_never", unexpected)


@pytest.fixture
def panel(qtbot, document):
    return shown(qtbot, PropertiesPanel(document))


def test_start_condition_offers_the_four_choices(panel, document):
    document.set_selection(["Review"])
    assert items(panel.editor("start").combo) == ["stage_starts", "step_completed", "requirements", "evaluation_flow"]
    assert items(panel.editor("complete").combo) == ["work_item_completed", "requirements", "evaluation_flow"]
    document.set_selection(["Intake"])
    assert items(panel.editor("complete").combo) == ["all_steps_completed", "requirements", "evaluation_flow"]


def test_after_step_offers_only_siblings_and_refuses_a_cycle(panel, document):
    document.set_selection(["Review"])
    start = panel.editor("start")
    choose(start.combo, "step_completed")
    # Enrich (the only sibling) already waits for Review: no choice is possible
    assert "No sibling step can be waited for" in start.error.text()
    assert document.definition.step("Review").start.when == "stage_starts"
    document.set_selection(["Enrich"])
    body = panel.editor("start").body
    assert items(body.combo) == ["Review"]
    # force the cycle through the editor: Review waits for Enrich, then Enrich is offered Review
    document.undo_stack.push(SetFieldCommand(document, "step", "Enrich", "start", {"when": "stage_starts"}))
    document.undo_stack.push(SetFieldCommand(document, "step", "Review", "start",
                                             {"when": "step_completed", "step": "Enrich"}))
    choose(panel.editor("start").combo, "step_completed")
    assert "No sibling step" in panel.editor("start").error.text()


def test_after_step_choice_that_closes_a_cycle_says_why(qtbot, document):
    from designer.commands import InsertStepCommand
    from engine.model import BackgroundStep

    document.undo_stack.push(InsertStepCommand(document, "Intake", 2, BackgroundStep(
        name="Archive", type="background", start={"when": "step_completed", "step": "Enrich"})))
    panel = PropertiesPanel(document)
    qtbot.addWidget(panel)
    document.set_selection(["Review"])
    choose(panel.editor("start").combo, "step_completed")
    # Enrich waits for Review and Archive for Enrich: neither is possible for Review
    assert document.definition.step("Review").start.when == "stage_starts"
    document.undo_stack.push(SetFieldCommand(document, "step", "Archive", "start", {"when": "stage_starts"}))
    choose(panel.editor("start").combo, "step_completed")
    assert document.definition.step("Review").start.step == "Archive"
    body = panel.editor("start").body
    choose(body.combo, "Enrich")
    assert "Enrich already waits for Review" in body.error.text()
    assert "Review → " not in body.error.text() or "cycle" in body.error.text() or "never" in body.error.text()
    assert document.definition.step("Review").start.step == "Archive"
    document.undo_stack.undo()
    assert document.definition.step("Review").start.when == "stage_starts"


def test_requirements_rows_operator_by_type_and_undo(qtbot, panel, document):
    document.set_selection(["Approve"])
    complete = panel.editor("complete")
    choose(complete.combo, "requirements")
    reqs = complete.body
    assert len(reqs.rows) == 1
    row = reqs.rows[0]
    type_into(qtbot, row.left.edit, "Approve_Step.Status")
    assert document.definition.stage("Approve").complete.requirements[0].left == "Approve_Step.Status"
    ops = items(row.operator)
    assert "GreaterThan" not in ops and "EqualTo" in ops
    row = reqs.rows[0]
    assert "Completed" in [row.right.literal.itemText(i) for i in range(row.right.literal.count())]
    type_into(qtbot, row.right.line, "Done")
    assert "not a step status" in row.right.error.text()
    type_into(qtbot, row.right.line, "Completed")
    assert document.definition.stage("Approve").complete.requirements[0].right == "Completed"
    choose(row.operator, "NotEqualTo")
    assert document.definition.stage("Approve").complete.requirements[0].operator == "NotEqualTo"
    for _ in range(3):
        document.undo_stack.undo()
    assert document.definition.stage("Approve").complete.requirements[0].left == ""
    document.undo_stack.undo()
    assert document.definition.stage("Approve").complete.when == "all_steps_completed"
    assert panel.editor("complete").body_when == "all_steps_completed"


def test_choosing_a_resource_whose_type_rejects_the_operator_picks_one_that_fits(qtbot, panel, document):
    document.set_selection(["Approve"])
    document.undo_stack.push(SetFieldCommand(document, "stage", "Approve", "complete", {
        "when": "requirements", "requirements": [{"left": "recordId", "operator": "StartsWith", "right": "001"}]}))
    row = panel.editor("complete").body.rows[0]
    type_into(qtbot, row.left.edit, "Review.Outputs.approved")
    req = document.definition.stage("Approve").complete.requirements[0]
    assert (req.left, req.operator) == ("Review.Outputs.approved", "EqualTo")
    assert "StartsWith" not in items(panel.editor("complete").body.rows[0].operator)


def test_at_most_ten_requirements(panel, document):
    document.set_selection(["Approve"])
    choose(panel.editor("complete").combo, "requirements")
    reqs = panel.editor("complete").body
    for _ in range(12):
        reqs.add_button.click()
    assert len(document.definition.stage("Approve").complete.requirements) == 10
    assert len(reqs.rows) == 10
    assert not reqs.add_button.isEnabled()
    reqs.rows[3].remove_button.click()
    assert len(document.definition.stage("Approve").complete.requirements) == 9
    assert reqs.add_button.isEnabled()


def test_custom_logic_is_parsed_live_and_only_valid_text_is_kept(qtbot, panel, document):
    document.set_selection(["Approve"])
    choose(panel.editor("complete").combo, "requirements")
    reqs = panel.editor("complete").body
    reqs.add_button.click()
    reqs.add_button.click()
    logic = reqs.logic
    choose(logic.combo, "custom")
    assert document.definition.stage("Approve").complete.logic == "1 AND 2 AND 3"
    assert not logic.custom.isHidden()
    logic.custom.setFocus()
    logic.custom.selectAll()
    qtbot.keyClicks(logic.custom, "1 AND (2 OR")
    assert "ends too early" in logic.error.text()          # live, before Enter
    qtbot.keyClick(logic.custom, Qt.Key.Key_Return)               # Enter: refused, not stored
    assert document.definition.stage("Approve").complete.logic == "1 AND 2 AND 3"
    type_into(qtbot, logic.custom, "1 AND (2 OR 4)")
    assert "does not exist" in logic.error.text()
    type_into(qtbot, logic.custom, "1 AND (2 OR 3)")
    assert logic.error.text() == ""
    assert document.definition.stage("Approve").complete.logic == "1 AND (2 OR 3)"
    document.undo_stack.undo()
    assert document.definition.stage("Approve").complete.logic == "1 AND 2 AND 3"
    assert logic.custom.text() == "1 AND 2 AND 3"
    choose(logic.combo, "or")
    assert document.definition.stage("Approve").complete.logic == "or"
    assert logic.custom.isHidden()


def test_removing_a_requirement_shows_that_custom_logic_no_longer_fits(panel, document):
    document.set_selection(["Approve"])
    document.undo_stack.push(SetFieldCommand(document, "stage", "Approve", "complete", {
        "when": "requirements", "logic": "1 OR 2", "requirements": [
            {"left": "recordId", "operator": "IsNull", "right": False},
            {"left": "Approve_Step.Status", "operator": "EqualTo", "right": "Completed"}]}))
    reqs = panel.editor("complete").body
    reqs.rows[1].remove_button.click()
    assert "does not exist" in reqs.logic.error.text()


def test_evaluation_flow_condition_maps_the_flows_inputs(qtbot, panel, document):
    document.undo_stack.push(InsertItemCommand(document, "flow", 3, Flow(
        name="Ready_Check", type="evaluation", inputs=[FlowParameter(name="approved", type="Boolean")])))
    document.set_selection(["Notify"])
    start = panel.editor("start")
    choose(start.combo, "evaluation_flow")
    assert document.definition.step("Notify").start.flow == "Ready_Check"
    body = start.body
    assert [d for d in items(body.chooser.combo) if d != "__new__"] == ["Ready_Check"]
    editor = body.inputs.rows["approved"]
    choose(editor.mode, "ref")
    type_into(qtbot, editor.resource.edit, "Review.Outputs.approved")
    assert document.definition.step("Notify").start.inputs == {"approved": Ref(ref="Review.Outputs.approved")}
    choose(body.chooser.combo, "__new__")
    assert document.definition.step("Notify").start.flow == "Evaluation_Flow"
    assert document.definition.flow("Evaluation_Flow").type == "evaluation"
    document.undo_stack.undo()
    assert document.definition.step("Notify").start.flow == "Ready_Check"
    document.undo_stack.undo()
    assert document.definition.step("Notify").start.inputs == {}


def test_interactive_completion_condition(panel, document):
    document.set_selection(["Review"])
    choose(panel.editor("complete").combo, "requirements")
    assert document.definition.step("Review").complete.when == "requirements"
    document.undo_stack.undo()
    assert document.definition.step("Review").complete.when == "work_item_completed"


def test_decision_outcomes_add_move_remove_and_default(panel, document):
    document.set_selection(["Route"])
    outcomes = panel.editor("outcomes")
    outcomes.add_button.click()
    assert [o.name for o in document.definition.decision("Route").outcomes] == ["Approved", "Outcome_2"]
    outcomes.boxes[1].up.click()
    assert [o.name for o in document.definition.decision("Route").outcomes] == ["Outcome_2", "Approved"]
    assert outcomes.boxes[0].title().startswith("Outcome 1: Outcome_2")
    choose(outcomes.boxes[1].next.combo, "Reject")
    assert document.definition.decision("Route").outcomes[1].next == "Reject"
    choose(panel.editor("default").combo, "end")
    assert document.definition.decision("Route").default == "end"
    outcomes.boxes[0].drop.click()
    assert [o.name for o in document.definition.decision("Route").outcomes] == ["Approved"]
    for _ in range(3):
        document.undo_stack.undo()
    assert [o.name for o in document.definition.decision("Route").outcomes] == ["Outcome_2", "Approved"]
    assert document.definition.decision("Route").default == "Reject"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [o.name for o in document.definition.decision("Route").outcomes] == ["Approved"]
    assert len(outcomes.boxes) == 1


def test_outcome_requirements_use_the_decision_point(qtbot, panel, document, monkeypatch):
    asked = []
    monkeypatch.setattr("designer.resource_picker.confirm_never", lambda _p, ref, why: asked.append((ref, why)))
    document.set_selection(["Route"])
    row = panel.editor("outcomes").boxes[0].requirements.rows[0]
    assert row.left.source.point == "decision"
    type_into(qtbot, row.left.edit, "Reject.Status")
    # Reject starts only after the decision: never available, refused without the override
    assert "never available" in row.left.error.text().lower()
    assert asked and asked[0][0] == "Reject.Status" and "after this decision" in asked[0][1]
    assert document.definition.decision("Route").outcomes[0].requirements[0].left == "Review.Outputs.approved"


def test_after_step_refuses_a_cycle_through_a_status_requirement(panel, document):
    # Enrich starts when Review.Status is Completed (a requirement, not "after step")...
    document.undo_stack.push(SetFieldCommand(document, "step", "Enrich", "start", {
        "when": "requirements", "requirements": [{"left": "Review.Status", "operator": "EqualTo",
                                                  "right": "Completed"}]}))
    document.set_selection(["Review"])
    choose(panel.editor("start").combo, "step_completed")
    # ...so Review cannot wait for Enrich either
    assert document.definition.step("Review").start.when == "stage_starts"
    assert "No sibling step can be waited for" in panel.editor("start").error.text()


def test_outcome_name_must_be_an_api_name(qtbot, panel, document):
    document.set_selection(["Route"])
    box = panel.editor("outcomes").boxes[0]
    type_into(qtbot, box.name.edit, "Not valid!")
    assert "not a valid API name" in box.name.error.text()
    type_into(qtbot, box.name.edit, "Yes_Approved")
    assert document.definition.decision("Route").outcomes[0].name == "Yes_Approved"
    document.undo_stack.undo()
    assert panel.editor("outcomes").boxes[0].name.edit.text() == "Approved"


def test_type_mismatch_is_shown_on_the_row(panel, document):
    document.undo_stack.push(SetFieldCommand(document, "stage", "Approve", "complete", {
        "when": "requirements", "requirements": [
            {"left": "Review.Outputs.approved", "operator": "EqualTo", "right": "yes"}]}))
    document.set_selection(["Approve"])
    row = panel.editor("complete").body.rows[0]
    assert "Type mismatch" in row.right.error.text() and "'yes'" in row.right.error.text()
    document.undo_stack.push(SetFieldCommand(document, "stage", "Approve", "complete.requirements[0].right", True))
    assert row.right.error.text() == ""


def test_a_new_outcome_opens_the_picker_and_its_blank_row_is_a_todo_not_an_error(panel, document):
    from designer.problems import run_validation

    document.set_selection(["Route"])
    panel.editor("outcomes").add_button.click()
    row = panel.editor("outcomes").boxes[1].requirements.rows[0]
    assert row.left.picker is not None and row.left.picker.isVisible()   # the next step: choose a resource
    assert row.left.error.text() == ""
    blank = [d for d in run_validation(document.definition) if d.element == "Route"]
    assert [(d.severity, d.message) for d in blank] == [
        ("info", "Route: outcome 2, requirement 1 has no resource yet: choose the resource to test")]
    panel.set_diagnostics(blank)
    assert "#d93025" not in panel.problems.text()                          # not shown in red
    dialog = row.left.picker
    dialog.tree.setCurrentItem(dialog.items["Review.Outputs.approved"])
    dialog.choose_current()
    assert document.definition.decision("Route").outcomes[1].requirements[0].left == "Review.Outputs.approved"
    assert not [d for d in run_validation(document.definition) if d.element == "Route"]


def test_choosing_requirements_completion_opens_the_picker_on_the_first_row(panel, document):
    document.set_selection(["Approve"])
    choose(panel.editor("complete").combo, "requirements")
    row = panel.editor("complete").body.rows[0]
    assert row.left.picker is not None and row.left.picker.isVisible()
    row.left.picker.close()
    panel.editor("complete").body.add_button.click()
    assert panel.editor("complete").body.rows[0].left.picker.isVisible()   # still the first blank row
