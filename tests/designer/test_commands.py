"""Every undo command: do → undo → redo gives back exactly the definitions a user saw."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from designer import commands as c
from engine.model import BackgroundStep, Decision, Flow, MuleSoftStep, Outcome, Stage, Variable


def roundtrip(doc, command):
    before = doc.definition
    was_modified = doc.is_modified()
    doc.undo_stack.push(command)
    after = doc.definition
    assert after != before, "the command changed nothing"
    assert doc.is_modified()
    doc.undo_stack.undo()
    assert doc.definition == before
    assert doc.is_modified() == was_modified
    doc.undo_stack.redo()
    assert doc.definition == after
    return after


def stage_names(doc):
    return [s.name for s in doc.definition.stages]


def step_names(doc, stage):
    return [s.name for s in doc.definition.stage(stage).steps]


def test_insert_stage(document):
    after = roundtrip(document, c.InsertStageCommand(document, 1, Stage(name="Middle")))
    assert [s.name for s in after.stages] == ["Intake", "Middle", "Approve", "Reject"]


def test_remove_stage_takes_its_steps_and_undo_restores_them(document):
    after = roundtrip(document, c.RemoveStageCommand(document, "Intake"))
    assert after.stage("Intake") is None and after.step("Review") is None
    document.undo_stack.undo()
    assert step_names(document, "Intake") == ["Review", "Enrich"]


def test_move_stage(document):
    roundtrip(document, c.MoveStageCommand(document, "Reject", 0))
    assert stage_names(document) == ["Reject", "Intake", "Approve"]


def test_insert_step(document):
    roundtrip(document, c.InsertStepCommand(document, "Approve", 0, MuleSoftStep(name="Sync", type="mulesoft")))
    assert step_names(document, "Approve") == ["Sync", "Approve_Step"]


def test_remove_step(document):
    roundtrip(document, c.RemoveStepCommand(document, "Review"))
    assert step_names(document, "Intake") == ["Enrich"]


def test_move_step_between_stages(document):
    roundtrip(document, c.MoveStepCommand(document, "Enrich", "Reject", 0))
    assert step_names(document, "Reject") == ["Enrich", "Notify"]
    assert step_names(document, "Intake") == ["Review"]


def test_move_step_within_stage(document):
    roundtrip(document, c.MoveStepCommand(document, "Enrich", "Intake", 0))
    assert step_names(document, "Intake") == ["Enrich", "Review"]


def test_insert_and_remove_decision(document):
    roundtrip(document, c.InsertDecisionCommand(document, 0, Decision(name="Gate", outcomes=[Outcome(name="Yes")])))
    assert document.definition.decision("Gate") is not None
    roundtrip(document, c.RemoveDecisionCommand(document, "Route"))
    assert document.definition.decision("Route") is None


def test_set_field_on_step_validates_and_undoes(document):
    after = roundtrip(document, c.SetFieldCommand(document, "step", "Review", "assignee.value", "boss@example.com"))
    assert after.step("Review").assignee.value == "boss@example.com"


def test_set_field_nested_condition_and_orchestration(document):
    roundtrip(document, c.SetFieldCommand(document, "step", "Enrich", "start", {"when": "stage_starts"}))
    assert document.definition.step("Enrich").start.when == "stage_starts"
    roundtrip(document, c.SetFieldCommand(document, "orchestration", None, "api_version", 58))
    assert document.definition.api_version == 58
    assert len(document.definition.stages) == 3  # top-level edits keep the stages


def test_set_field_rejects_invalid_value_before_pushing(document):
    with pytest.raises(ValidationError):
        c.SetFieldCommand(document, "step", "Enrich", "run_as", "the_janitor")
    assert document.undo_stack.count() == 0


def test_set_field_merges_typing_into_one_undo_step(document):
    for text in ("R", "Re", "Rev"):
        document.undo_stack.push(c.SetFieldCommand(document, "stage", "Intake", "label", text, merge=True))
    assert document.undo_stack.count() == 1
    assert document.definition.stage("Intake").label == "Rev"
    document.undo_stack.undo()
    assert document.definition.stage("Intake").label is None


def test_replace_element_changes_step_type(document):
    new = BackgroundStep(name="Notify", type="background", action="Enrich_Flow")
    after = roundtrip(document, c.ReplaceElementCommand(document, "step", "Notify", new))
    assert after.step("Notify").type == "background"


def test_rename_updates_references_and_undo_restores_them(document):
    renamed = []
    document.element_renamed.connect(lambda old, new: renamed.append((old, new)))
    after = roundtrip(document, c.RenameCommand(document, "Review", "First_Review"))
    assert after.step("First_Review") is not None
    assert after.step("Enrich").start.step == "First_Review"
    assert after.decision("Route").outcomes[0].requirements[0].left == "First_Review.Outputs.approved"
    assert after.step("Approve_Step").inputs["approved"].ref == "First_Review.Outputs.approved"
    assert renamed == [("Review", "First_Review"), ("First_Review", "Review"), ("Review", "First_Review")]


def test_rename_stage_updates_path_targets(document):
    after = roundtrip(document, c.RenameCommand(document, "Approve", "Grant"))
    assert after.decision("Route").outcomes[0].next == "Grant"


def test_library_items(document):
    roundtrip(document, c.InsertItemCommand(document, "variable", 1, Variable(name="amount", type="Number")))
    assert document.definition.variable("amount") is not None
    roundtrip(document, c.RemoveItemCommand(document, "flow", "Enrich_Flow"))
    assert document.definition.flow("Enrich_Flow") is None
    roundtrip(document, c.InsertItemCommand(document, "flow", 0, Flow(name="New_Flow", type="autolaunched")))


def test_replace_definition(document):
    from engine.model import Orchestration

    roundtrip(document, c.ReplaceDefinitionCommand(document, Orchestration(name="Other", stages=[Stage(name="S")])))
    assert document.definition.name == "Other"


def test_macro_is_one_undo_step(document):
    with c.macro(document, "Two things"):
        document.undo_stack.push(c.RemoveStepCommand(document, "Notify"))
        document.undo_stack.push(c.RemoveStageCommand(document, "Reject"))
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert step_names(document, "Reject") == ["Notify"]


def test_signals_carry_names(document, qtbot):
    seen = []
    document.step_moved.connect(lambda *a: seen.append(("moved", *a)))
    document.step_added.connect(lambda *a: seen.append(("added", *a)))
    document.step_changed.connect(lambda *a: seen.append(("changed", *a)))
    with qtbot.waitSignal(document.changed):
        document.undo_stack.push(c.MoveStepCommand(document, "Enrich", "Reject", 1))
    document.undo_stack.push(c.SetFieldCommand(document, "step", "Enrich", "label", "Enrich data"))
    assert seen == [("moved", "Enrich", "Intake", "Reject", 1), ("changed", "Enrich")]


def test_selection_is_not_undoable(document):
    document.set_selection(["Review"])
    document.undo_stack.push(c.SetFieldCommand(document, "step", "Review", "label", "x"))
    document.set_selection(["Intake"])
    document.undo_stack.undo()
    assert document.selection == ["Intake"]
    assert document.undo_stack.count() == 1


def test_definition_snapshots_are_not_mutated(document):
    snapshot = document.definition
    document.undo_stack.push(c.RemoveStepCommand(document, "Review"))
    assert snapshot.step("Review") is not None
