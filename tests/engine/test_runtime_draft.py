"""draft_scenario: generated sample values let an imported or bundled definition be rehearsed at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.io import dumps_scenario, load, loads_scenario
from engine.runtime import check_scenario, draft_scenario, simulate
from engine.salesforce import import_flow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
REAL = Path("/work/shared/examples/salesforce")
FIXTURES = Path(__file__).parent / "fixtures" / "salesforce"


def _orchestrations(paths) -> list[Path]:
    """The flow files that are orchestrations (evaluation / screen flows sit beside them)."""
    return [p for p in sorted(paths) if "<processType>Orchestrator</processType>" in p.read_text(errors="replace")]


REAL_FILES = _orchestrations(REAL.glob("*.flow-meta.xml")) if REAL.is_dir() else []
FIXTURE_FILES = _orchestrations(p for p in FIXTURES.rglob("*.flow-meta.xml") if "hostile" not in p.parts)
MISSING = ("no assignee", "has no value", "no record")


def _imported(path: Path):
    return import_flow(path).definition


def _assert_rehearsable(defn) -> None:
    scenario = draft_scenario(defn)
    result = simulate(defn, scenario)
    failures = [h for h in result.history if h.milestone.startswith("Fail")]
    assert not any(word in h.detail for h in failures for word in MISSING), [h.detail for h in failures]
    if result.run == "Error":
        assert result.time > 0, "the draft run ended in Error at +0s"
    assert result.run in ("Completed", "In Progress"), result.run


@pytest.mark.skipif(not REAL_FILES, reason="real Salesforce examples not present")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_org_file_runs_with_its_draft(path):
    _assert_rehearsable(_imported(path))


@pytest.mark.skipif(not (REAL / "Handle_User_Deactivation_auto.flow-meta.xml").exists(),
                    reason="real Salesforce examples not present")
def test_user_deactivation_reaches_its_second_stage_and_stops_at_the_real_defect():
    defn = _imported(REAL / "Handle_User_Deactivation_auto.flow-meta.xml")
    scenario = draft_scenario(defn)
    # the placeholder's Boolean output is given the value the evaluation flow's condition compares with
    assert scenario.steps["Invite_Owner_to_Confirm_Interest"].outputs == {"booleanKeepAccountActive": False}
    result = simulate(defn, scenario)
    assert result.stages["Contact_Current_Owner"] == "Completed"
    assert result.run_as["Reassign_Account_Ownership"] == "manager@example.com"
    assert "43b39932" in result.stuck  # the file's own broken "after step" reference


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_imported_fixture_runs_with_its_draft(path):
    _assert_rehearsable(_imported(path))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.orchestration.yaml")), ids=lambda p: p.name)
def test_bundled_examples_complete_with_their_draft(path):
    defn = load(path)
    assert simulate(defn, draft_scenario(defn)).run == "Completed"


def test_record_owner_used_as_assignee_gets_a_username():
    defn = _record_owner_definition()
    scenario = draft_scenario(defn)
    assert scenario.record["Owner.Username"] == "owner@example.com"
    assert scenario.record["Id"] == "001000000000001AAA"
    assert simulate(defn).run == "Error"  # without values: no assignee at +0s
    result = simulate(defn, scenario)
    assert result.run == "Completed"
    assert result.run_as["Review"] == "owner@example.com"


def test_inputs_get_values_by_type_and_defaults_are_kept():
    from engine.model import Orchestration

    defn = Orchestration.model_validate({
        "name": "Inputs", "variables": [
            {"name": "note", "input": True},
            {"name": "amount", "type": "Number", "input": True},
            {"name": "urgent", "type": "Boolean", "input": True},
            {"name": "due", "type": "Date", "input": True},
            {"name": "account", "type": "Record", "object": "Account", "input": True},
            {"name": "caseId", "input": True},
            {"name": "given", "input": True, "value": "kept"},
            {"name": "internal"},
        ],
        "stages": [{"name": "S", "steps": [{"name": "B", "type": "background"}]}],
    })
    variables = draft_scenario(defn).variables
    assert variables == {"note": "note (sample)", "amount": 1, "urgent": True, "due": "2026-01-01",
                         "account": "001000000000001AAA", "caseId": variables["caseId"]}
    assert len(variables["caseId"]) == 18


def test_placeholder_flow_output_read_as_assignee_is_filled_flat():
    path = FIXTURES / "real_shapes" / "record_output" / "Field_Of_Output.flow-meta.xml"
    defn = import_flow(path).definition
    scenario = draft_scenario(defn)
    assert scenario.steps["Find_Lead"].outputs == {"lead.Username": "lead@example.com"}
    assert simulate(defn, scenario).run == "Completed"


def test_draft_is_deterministic_described_and_round_trips_without_warnings():
    defn = _record_owner_definition()
    first, second = draft_scenario(defn), draft_scenario(defn)
    assert dumps_scenario(first) == dumps_scenario(second)
    assert "generated" in first.description.lower()
    again = loads_scenario(dumps_scenario(first)).scenario
    assert again == first
    assert check_scenario(defn, first) == []


def _record_owner_definition():
    from engine.model import Orchestration

    return Orchestration.model_validate({
        "name": "Owner_Review", "type": "record_triggered", "trigger": {"object": "Account", "on": "create"},
        "stages": [{"name": "S", "steps": [{
            "name": "Review", "type": "interactive", "action": "Review_Screen",
            "assignee": {"type": "user", "ref": "$Record.Owner.Username"}, "record": {"ref": "$Record.Id"},
        }]}],
        "flows": [{"name": "Review_Screen", "type": "screen"}],
    })
