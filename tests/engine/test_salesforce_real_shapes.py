"""Shapes found in public orchestration files and notes beyond the bundled examples (API 60+):
what the import keeps, and what it reports instead of dropping."""

from __future__ import annotations

from pathlib import Path

from engine.model import BackgroundStep, InteractiveStep
from engine.runtime import simulate
from engine.salesforce import export_files, import_flow
from engine.validate import validate

FIXTURE = Path(__file__).parent / "fixtures" / "salesforce" / "real_shapes" / "Typed_Flow_Steps.flow-meta.xml"


def test_flow_action_type_with_interactive_subtype_keeps_assignee_and_record() -> None:
    result = import_flow(FIXTURE)
    receive = result.definition.step("Receive")
    assert isinstance(receive, InteractiveStep)
    assert receive.assignee.ref == "receiverName" and receive.record.ref == "$Record.Id"
    check = result.definition.step("Check")  # no stepSubtype, but it has an assignee
    assert isinstance(check, InteractiveStep) and check.assignee.value == "checker@example.com"
    assert isinstance(result.definition.step("Stamp"), BackgroundStep)  # the bare pilot form, unchanged
    messages = " ".join(d.message for d in result.diagnostics if d.severity == "warning")
    assert "assignees only apply" not in messages and "does not match actionType" not in messages


def test_flow_typed_interactive_step_exports_as_interactive_with_its_assignee() -> None:
    defn = import_flow(FIXTURE).definition
    xml = export_files(defn)["force-app/main/default/flows/Typed_Flow_Steps.flow-meta.xml"]
    assert xml.count("<actionType>stepInteractive</actionType>") == 2
    assert "<elementReference>receiverName</elementReference>" in xml
    assert "<stringValue>checker@example.com</stringValue>" in xml


def test_output_assigned_to_a_variable_is_a_warning_naming_the_variable() -> None:
    result = import_flow(FIXTURE)
    found = [d for d in result.diagnostics if "lastVerdict" in d.message]
    assert found and found[0].severity == "warning" and found[0].element == "Check"
    assert "Check.Outputs.verdict" in found[0].message


def test_default_false_builder_flag_is_not_a_warning() -> None:
    result = import_flow(FIXTURE)
    flag = [d for d in result.diagnostics if "areMetricsLoggedToDataCloud" in d.message]
    assert flag and all(d.severity == "info" for d in flag)


FIELD_OF_OUTPUT = FIXTURE.parent / "record_output" / "Field_Of_Output.flow-meta.xml"


def test_a_field_of_a_record_output_is_a_valid_reference() -> None:
    defn = import_flow(FIELD_OF_OUTPUT).definition
    assert defn.flow("Find_User").output("lead").type == "Record"  # placeholder: inferred from the field read
    problems = [d for d in validate(defn) if d.severity == "error"]
    assert not [d for d in problems if d.code == "UNKNOWN_REFERENCE"], problems
    assert defn.step("Assess").assignee.ref == "Find_Lead.Outputs.lead.Username"


def test_a_field_of_a_missing_output_is_still_reported() -> None:
    defn = import_flow(FIELD_OF_OUTPUT).definition
    flows = [f.model_copy(update={"outputs": []}) if f.name == "Find_User" else f for f in defn.flows]
    broken = defn.model_copy(update={"flows": flows})
    assert any(d.code == "UNKNOWN_FLOW_OUTPUT" and "lead" in d.message for d in validate(broken))


def test_simulating_a_field_of_an_output_does_not_fail() -> None:
    result = simulate(import_flow(FIELD_OF_OUTPUT).definition, None)
    assert result.steps["Find_Lead"] == "Completed"


def test_stage_name_on_a_step_is_quiet_when_it_repeats_the_stage_and_reported_when_not() -> None:
    result = import_flow(FIXTURE)
    notes = {d.element: d.severity for d in result.diagnostics if "stageName" in d.message}
    assert notes == {"Receive": "info", "Stamp": "warning"}
