"""Analysis diagnostics on one fixture per case family: exactly these, nothing more."""

from __future__ import annotations

import pytest

import engine
from engine.analysis import analyze, diagnostics
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "engine" / "fixtures" / "analysis"
ANALYSIS_CODES = {"OUTPUT_NEVER_AVAILABLE", "OUTPUT_MAYBE_UNAVAILABLE", "DEPENDENCY_CYCLE",
                  "STEP_NEVER_STARTS", "STAGE_NEVER_COMPLETES", "UNREACHABLE"}

EXPECTED = {
    "later_stage": {
        ("OUTPUT_NEVER_AVAILABLE", "Pack_Box", "stages[0].steps[0].inputs.tracking.ref"),
        ("OUTPUT_NEVER_AVAILABLE", "Pack_Box", "stages[0].steps[0].inputs.shipStatus.ref"),
    },
    "later_stage_start": {
        ("OUTPUT_NEVER_AVAILABLE", "Wait_For_Ship", "stages[0].steps[1].start.requirements[0].left"),
        ("STEP_NEVER_STARTS", "Wait_For_Ship", "stages[0].steps[1].start"),
        ("STAGE_NEVER_COMPLETES", "Pack", "stages[0].complete"),
    },
    "concurrent": {
        ("OUTPUT_MAYBE_UNAVAILABLE", "Notify", "stages[0].steps[1].inputs.approved.ref"),
    },
    "early_complete": {
        ("OUTPUT_MAYBE_UNAVAILABLE", "Setup", "stages[1].steps[0].inputs.legalOk.ref"),
        ("OUTPUT_MAYBE_UNAVAILABLE", "Provision", "stages[1].complete.requirements[0].left"),
    },
    "implied": {
        ("OUTPUT_MAYBE_UNAVAILABLE", "Both", "stages[0].steps[2].inputs.b.ref"),
        ("OUTPUT_MAYBE_UNAVAILABLE", "Either", "stages[0].steps[3].inputs.a.ref"),
    },
    "cycle": {
        ("DEPENDENCY_CYCLE", "Ping", "stages[0].steps[1].start"),
        ("STEP_NEVER_STARTS", "Ping", "stages[0].steps[1].start"),
        ("STEP_NEVER_STARTS", "Pong", "stages[0].steps[2].start"),
        ("STAGE_NEVER_COMPLETES", "Play", "stages[0].complete"),
    },
    "loop": {
        ("OUTPUT_MAYBE_UNAVAILABLE", "Write", "stages[0].steps[0].inputs.comments.ref"),
        ("OUTPUT_MAYBE_UNAVAILABLE", "Write", "stages[0].steps[0].inputs.lastReview.ref"),
    },
    "decision_guard": {
        ("OUTPUT_MAYBE_UNAVAILABLE", "Route", "decisions[0].outcomes[1].requirements[0].left"),
    },
    "branches": {
        ("UNREACHABLE", "Orphan", "stages[4]"),
        ("UNREACHABLE", "Never_Used", "decisions[1]"),
        ("OUTPUT_MAYBE_UNAVAILABLE", "Report", "stages[3].steps[0].inputs.fast.ref"),
        ("OUTPUT_MAYBE_UNAVAILABLE", "Report", "stages[3].steps[0].inputs.slowStatus.ref"),
    },
}


def load(name: str):
    return engine.load(FIXTURES / f"{name}.orchestration.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gets_exactly_the_expected_diagnostics(name):
    found = {(d.code, d.element, d.field) for d in diagnostics(load(name))}
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_the_analysis_diagnostics_with_lines(name):
    found = [d for d in engine.validate(load(name)) if d.code in ANALYSIS_CODES]
    assert {(d.code, d.element, d.field) for d in found} == EXPECTED[name]
    assert all(d.line is not None for d in found)


def test_severities_follow_the_spec():
    by_code = {d.code: d.severity for name in EXPECTED for d in diagnostics(load(name))}
    assert by_code == {"OUTPUT_NEVER_AVAILABLE": "error", "OUTPUT_MAYBE_UNAVAILABLE": "warning",
                       "DEPENDENCY_CYCLE": "error", "STEP_NEVER_STARTS": "error",
                       "STAGE_NEVER_COMPLETES": "error", "UNREACHABLE": "error"}


def test_cycle_is_named_in_order():
    cycle = [d for d in diagnostics(load("cycle")) if d.code == "DEPENDENCY_CYCLE"]
    assert "Ping → Pong → Ping" in cycle[0].message
    assert cycle[0].line == 13


def test_messages_give_the_reason():
    messages = {d.field: d.message for d in diagnostics(load("later_stage"))}
    assert "stage Ship starts after this stage" in messages["stages[0].steps[0].inputs.shipStatus.ref"]
    concurrent = diagnostics(load("concurrent"))[0].message
    assert "Review runs concurrently with this step" in concurrent
    never = {d.code: d.message for d in diagnostics(load("later_stage_start"))}
    assert "Ship.Status EqualTo Completed" in never["STEP_NEVER_STARTS"]
    assert "Wait_For_Ship" in never["STAGE_NEVER_COMPLETES"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.orchestration.yaml")), ids=lambda p: p.name)
def test_bundled_examples_have_no_analysis_diagnostics(path):
    assert diagnostics(engine.load(path)) == []


def test_analysis_is_cached_until_the_definition_changes():
    defn = load("concurrent")
    first = analyze(defn)
    assert analyze(defn) is first
    defn.stages[0].steps[1].start = engine.model.StepCompleted(step="Review")
    second = analyze(defn)
    assert second is not first
    assert diagnostics(defn) == []  # Notify now waits for Review


REAL_ORCHESTRATIONS = ("User_deactivation_orchestration", "WorkGuidePlus_Test_Orchestration")


@pytest.mark.parametrize("name", REAL_ORCHESTRATIONS)
def test_real_salesforce_orchestrations_have_no_analysis_diagnostics(name):
    from tests.conftest import SALESFORCE_EXAMPLES

    path = SALESFORCE_EXAMPLES / f"{name}.flow-meta.xml"
    if not path.exists():
        pytest.skip(f"real Salesforce examples not available at {SALESFORCE_EXAMPLES}")
    importer = pytest.importorskip("engine.salesforce.importer")
    assert diagnostics(importer.import_flow(path).definition) == []
