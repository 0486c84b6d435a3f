"""Importing Salesforce orchestration metadata: real public files, legacy pilot forms, modern
elements, what the model cannot represent, and hostile XML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import engine
from engine.model import BackgroundStep, EvaluationFlowCondition, InteractiveStep, MuleSoftStep, RequirementsCondition, StepCompleted
from engine.salesforce import ENTITY_MESSAGE, MetadataError, import_flow
from tests.conftest import SALESFORCE_EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "salesforce"
ORCHESTRATIONS = ["Handle_User_Deactivation_auto", "User_deactivation_orchestration", "WorkGuidePlus_Test_Orchestration"]


def real(name: str) -> Path:
    path = SALESFORCE_EXAMPLES / f"{name}.flow-meta.xml"
    if not path.is_file():
        pytest.skip(f"real Salesforce examples not available ({SALESFORCE_EXAMPLES} is absent)")
    return path


@pytest.mark.parametrize("name", ORCHESTRATIONS)
def test_real_file_imports_with_every_step(name: str) -> None:
    path = real(name)
    result = import_flow(path)
    defn = result.definition
    assert defn.name == name
    assert sum(len(s.steps) for s in defn.stages) == path.read_text().count("<stageSteps>")
    assert all(d.severity != "error" for d in result.diagnostics)


def test_handle_user_deactivation_maps_every_feature() -> None:
    defn = import_flow(real("Handle_User_Deactivation_auto")).definition
    assert defn.api_version == 55 and defn.type == "autolaunched"
    assert [s.name for s in defn.stages] == ["Contact_Current_Owner", "Reassign_Opportunities"]
    first = defn.stages[0]
    assert first.next == "Did_User_Respond"
    assert isinstance(first.complete, EvaluationFlowCondition)
    assert first.complete.flow == "Evaluate_Stage_for_Completion"
    assert first.complete.inputs["DidUserRespondToMessage"].ref == \
        "Invite_Owner_to_Confirm_Interest.Outputs.booleanKeepAccountActive"
    invite = defn.step("Invite_Owner_to_Confirm_Interest")
    assert isinstance(invite, InteractiveStep)
    assert invite.assignee is not None and invite.assignee.ref == "curUser.Username"
    assert invite.record.ref == "curUser.Id"
    assert "ActionInput__RecordId" not in invite.inputs
    wait = defn.step("Wait_for_User_to_Respond")
    assert isinstance(wait, BackgroundStep) and wait.requires_async is True
    assert wait.start == StepCompleted(step="Invite_Owner_to_Confirm_Interest")
    decision = defn.decision("Did_User_Respond")
    assert decision.default == "Reassign_Opportunities" and decision.default_label == "User Didn't Respond"
    assert decision.outcomes[0].next == "end" and decision.outcomes[0].requirements[0].right is True
    curuser = defn.variable("curUser")
    assert curuser.type == "Record" and curuser.object == "User" and curuser.input


def test_evaluation_flow_beside_the_file_fills_the_library() -> None:
    defn = import_flow(real("Handle_User_Deactivation_auto")).definition
    flow = defn.flow("Evaluate_Stage_for_Completion")
    assert flow.type == "evaluation"
    assert [p.name for p in flow.inputs] == ["DidUserRespondToMessage", "DidWaitingPeriodElapse"]
    assert flow.outputs == []  # isOrchestrationConditionMet is the implied result
    assert [r.left for r in flow.simulate.result.requirements] == ["DidWaitingPeriodElapse", "DidUserRespondToMessage"]


def test_dangling_guid_step_reference_survives_and_is_reported() -> None:
    defn = import_flow(real("Handle_User_Deactivation_auto")).definition
    step = defn.step("Generate_Transition_Quip_Doc")
    assert step.start == StepCompleted(step="43b39932-ea5b-4476-bad0-05ba0a396a0a")
    found = [d for d in engine.validate(defn) if d.element == "Generate_Transition_Quip_Doc"]
    assert {d.code for d in found} & {"UNKNOWN_STEP", "UNKNOWN_REFERENCE"}
    assert any("43b39932" in d.message for d in found)


def test_record_trigger_and_start_filters_are_reported() -> None:
    result = import_flow(real("User_deactivation_orchestration"))
    defn = result.definition
    assert defn.type == "record_triggered"
    assert defn.trigger.object == "User" and defn.trigger.on == "create_or_update"
    warnings = [d for d in result.diagnostics if d.severity == "warning" and d.code == "UNSUPPORTED_METADATA"]
    assert any("filters" in d.message and d.line == 87 for d in warnings)


def test_missing_called_flows_become_placeholders_with_inferred_outputs() -> None:
    result = import_flow(real("WorkGuidePlus_Test_Orchestration"))
    flow = result.definition.flow("Test_Screen_Flow")
    assert flow.type == "screen"
    assert [p.name for p in flow.inputs] == ["testInput"] and [p.name for p in flow.outputs] == ["testOutput"]
    assert any(d.code == "UNKNOWN_FLOW" and d.element == "Test_Screen_Flow" for d in result.diagnostics)


def test_legacy_pilot_forms() -> None:
    result = import_flow(FIXTURES / "legacy" / "Legacy_Parallel_Approvals.flow-meta.xml")
    defn = result.definition
    manager = defn.step("Manager_Approval")
    assert isinstance(manager, InteractiveStep)
    assert manager.inputs == {} and manager.record.ref == "$Record.Id"   # value-less ActionInput__* dropped
    gated = defn.step("Finish_If_Both_Approve")
    assert isinstance(gated.start, EvaluationFlowCondition) and gated.start.flow == "Both_Approved_Check"
    assert gated.inputs == {"approvalResult": "approve"}
    assert isinstance(defn.step("Notify_Team"), BackgroundStep)
    assert defn.flow("Both_Approved_Check").type == "evaluation"  # AutoLaunchedFlow with the condition output
    legacy = [d for d in result.diagnostics if d.code == "LEGACY_METADATA"]
    assert any("ActionInput__OrchInstanceId" in d.message for d in legacy)
    assert any("entryActionType 'flow'" in d.message for d in legacy)
    assert all(d.severity == "info" for d in legacy)


def test_modern_elements() -> None:  # fixture unverified against an org (see its comment)
    result = import_flow(FIXTURES / "modern" / "Modern_Features.flow-meta.xml")
    defn = result.definition
    intake = defn.stage("Intake")
    assert intake.fault == "Handle_Failure" and intake.next == "Route"
    assert isinstance(intake.complete, RequirementsCondition) and intake.complete.logic == "1 AND (2 OR 3)"
    review = defn.step("Review")
    assert review.assignee.type == "group" and review.assignee.value == "Reviewers"
    assert isinstance(review.complete, RequirementsCondition)
    queue = defn.step("Queue_Task")
    assert queue.assignee.type == "queue" and queue.assignee.ref == "approverQueue"
    assert isinstance(queue.complete, EvaluationFlowCondition) and queue.complete.flow == "Done_Check"
    sync = defn.step("Sync_HR")
    assert isinstance(sync, MuleSoftStep) and sync.run_as == "last_interactive_user"
    assert isinstance(sync.start, RequirementsCondition) and sync.start.logic == "or"
    provision = defn.step("Provision_Accounts")
    assert provision.run_as == "last_interactive_user" and provision.inputs == {"count": 3}
    assert defn.flow("Provision_Flow").is_async and defn.flow("Review_Screen").type == "screen"
    assert defn.step("Log_Failure").requires_async is None  # redundant: its flow has a Wait
    assert defn.stage("Finish").next == "end"  # no connector and not the last stage
    assert defn.flow("Ready_Check").simulate.result.requirements[0].left == "approved"
    assert not [d for d in result.diagnostics if d.code == "UNSUPPORTED_METADATA"]


def test_what_the_model_cannot_hold_is_reported_with_its_line() -> None:
    result = import_flow(FIXTURES / "unsupported" / "Odd_Things.flow-meta.xml")
    warnings = {(d.line, d.element) for d in result.diagnostics if d.code == "UNSUPPORTED_METADATA"}
    expected_lines = {6, 13, 28, 35, 42, 57, 62, 68, 101, 113, 119, 120, 130}
    assert expected_lines <= {line for line, _ in warnings}
    texts = " ".join(d.message for d in result.diagnostics)
    for word in ("WasSet", "formulaExpression", "formulas", "constants", "textTemplates", "filters",
                 "Multipicklist", "collection", "outputConfigParams", "shouldLock", "stepApproval"):
        assert word in texts
    emptied = [d for d in engine.validate(result.definition) if d.element == "Approve"]
    assert any(d.severity == "error" for d in emptied)  # its only requirement was dropped: flagged, not hidden
    after = result.definition.step("After_Stage_A")
    assert isinstance(after.start, RequirementsCondition)  # a stage's status is not "after step"


@pytest.mark.parametrize("name", ["billion_laughs", "external_entity"])
def test_hostile_xml_is_refused_quickly(name: str) -> None:
    started = time.perf_counter()
    with pytest.raises(MetadataError) as info:
        import_flow(FIXTURES / "hostile" / f"{name}.flow-meta.xml")
    assert time.perf_counter() - started < 1.0
    assert ENTITY_MESSAGE in str(info.value)


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(MetadataError) as info:
        import_flow(FIXTURES / "hostile" / "malformed.flow-meta.xml")
    assert info.value.line == 7 and "not well-formed" in info.value.message


def test_a_plain_flow_is_not_an_orchestration() -> None:
    with pytest.raises(MetadataError, match="not an orchestration"):
        import_flow(FIXTURES / "hostile" / "not_an_orchestration.flow-meta.xml")


def test_library_reading_can_be_switched_off() -> None:
    result = import_flow(FIXTURES / "modern" / "Modern_Features.flow-meta.xml", library=False)
    assert result.definition.flows == []
    assert not [d for d in result.diagnostics if d.code == "UNKNOWN_FLOW"]


def test_called_flow_names_never_leave_the_folder(tmp_path: Path) -> None:
    source = (FIXTURES / "legacy" / "Legacy_Parallel_Approvals.flow-meta.xml").read_text()
    (tmp_path / "inner").mkdir()
    (tmp_path / "Outside.flow-meta.xml").write_text(
        (FIXTURES / "modern" / "Review_Screen.flow-meta.xml").read_text())
    path = tmp_path / "inner" / "Sneaky.flow-meta.xml"
    path.write_text(source.replace("Request_Approval_Screen", "../Outside"))
    flow = import_flow(path).definition.flow("../Outside")
    assert flow is not None and flow.elements == []  # a placeholder, not the file outside the folder
