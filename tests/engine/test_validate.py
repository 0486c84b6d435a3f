"""Structural validation: each SPEC §5 code fires on a minimal file and stays silent on clean ones.

Each fixture in fixtures/validate/ starts with ``# expect: CODE element [line N]``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.diagnostics import SEVERITY
from engine.io import load, loads
from engine.model import Ref
from engine.validate import structural_diagnostics, validate
from tests.conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
EXPECT = re.compile(r"# expect: (?P<code>\S+) (?P<element>\S+)(?: line (?P<line>\d+))?")
CASES = sorted(p for p in FIXTURES.glob("*.orchestration.yaml") if EXPECT.match(p.read_text()))
STRUCTURAL_CODES = {
    "INVALID_NAME", "DUPLICATE_NAME", "NO_STAGES", "EMPTY_STAGE", "UNKNOWN_REFERENCE", "UNKNOWN_STEP",
    "STEP_IN_OTHER_STAGE", "TOO_MANY_REQUIREMENTS", "INVALID_LOGIC", "UNKNOWN_FLOW", "WRONG_FLOW_TYPE",
    "UNKNOWN_FLOW_INPUT", "UNKNOWN_FLOW_OUTPUT", "MISSING_ASSIGNEE", "MISSING_RECORD", "ASSIGNEE_IS_ID",
    "ASSIGNEE_CURRENT_USER", "RECORD_NOT_AVAILABLE", "INPUT_TOO_LONG", "INVALID_TARGET",
    "RUN_AS_NOT_APPLICABLE", "EVALUATION_OUTPUT_DISCARDED", "TYPE_MISMATCH",
}


def _definition(path: Path):
    defn = load(path)
    if path.name.startswith("input_too_long"):
        defn.stages[0].steps[0].inputs["body"] = "x" * 33_000
    return defn


def test_every_structural_code_has_a_fixture():
    covered = {EXPECT.match(p.read_text()).group("code") for p in CASES}
    assert covered == STRUCTURAL_CODES


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem.split(".")[0])
def test_code_fires_on_its_fixture(path):
    expect = EXPECT.match(path.read_text())
    found = validate(_definition(path))
    hits = [d for d in found if d.code == expect["code"]]
    assert hits, f"{expect['code']} not reported; got {[d.code for d in found]}"
    diag = hits[0]
    assert diag.element == expect["element"]
    assert diag.severity == SEVERITY[expect["code"]]
    assert diag.field and diag.message
    if expect["line"]:
        assert diag.line == int(expect["line"])
    # the fixture is otherwise clean: no other structural finding
    assert {d.code for d in structural_diagnostics(_definition(path))} == {expect["code"]}


def test_clean_minimal_file_is_silent():
    assert validate(load(FIXTURES / "clean_minimal.orchestration.yaml")) == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.orchestration.yaml")), ids=lambda p: p.name)
def test_bundled_examples_have_no_errors(path):
    found = validate(load(path))
    assert [d for d in found if d.severity == "error"] == []
    assert [d for d in structural_diagnostics(load(path))] == []  # not even a structural warning


def test_diagnostics_are_sorted_by_line_then_code_and_deterministic():
    path = FIXTURES / "clean_minimal.orchestration.yaml"
    defn = load(path)
    defn.stages[0].steps[0].action = "Missing_Flow"            # UNKNOWN_FLOW, line 8
    defn.stages[0].next = "Nowhere"                             # INVALID_TARGET, line of the stage
    defn.name = "Bad Name"                                      # INVALID_NAME, line 2
    first = validate(defn)
    assert first == validate(defn)
    lines = [d.line for d in first]
    assert lines == sorted(lines)
    assert [d.code for d in first][0] == "INVALID_NAME"


def test_exact_checks_below_use_structural_diagnostics():
    # validate() = structural checks + the availability analysis (engine.analysis); the exact
    # assertions below are about the structural part only, so analysis findings cannot blur them.
    defn = load(FIXTURES / "clean_minimal.orchestration.yaml")
    assert validate(defn) == structural_diagnostics(defn) == []


def test_definition_built_in_memory_has_no_lines_but_still_validates():
    defn = loads((FIXTURES / "unknown_step.orchestration.yaml").read_text()).definition
    defn._lines = {}
    [diag] = [d for d in validate(defn) if d.code == "UNKNOWN_STEP"]
    assert diag.line is None and diag.field == "stages[0].steps[1].start.step"


@pytest.mark.parametrize("name, ok", [
    ("A", True), ("Approve_Quote_2", True), ("a" * 80, True), ("a" * 81, False), ("2fast", False),
    ("_x", False), ("x_", False), ("x__y", False), ("has space", False), ("dash-ed", False), ("", False),
    ("ünï", False),
])
def test_api_name_rules(name, ok):
    defn = load(FIXTURES / "clean_minimal.orchestration.yaml")
    defn.stages[0].steps[0].name = name
    codes = {d.code for d in structural_diagnostics(defn)}
    assert ("INVALID_NAME" not in codes) == ok


def test_duplicate_names_share_a_namespace_but_flows_have_their_own():
    defn = load(FIXTURES / "clean_minimal.orchestration.yaml")
    defn.flows[0].name = "Do_It"          # a flow may share a step's name
    defn.stages[0].steps[0].action = "Do_It"
    assert structural_diagnostics(defn) == []
    defn.flows.append(defn.flows[0].model_copy())
    assert [d.code for d in structural_diagnostics(defn)] == ["DUPLICATE_NAME"]


def test_assignee_id_variants():
    defn = load(FIXTURES / "assignee_is_id.orchestration.yaml")
    assignee = defn.stages[0].steps[0].assignee
    for value, flagged in [("005Hs00000ABCDE", True), ("005Hs00000ABCDEFGH", True),
                           ("reviewer@example.com", False), ("Sales_Managers_Q", False)]:
        assignee.value = value
        assert ("ASSIGNEE_IS_ID" in {d.code for d in structural_diagnostics(defn)}) == flagged, value
    assignee.type, assignee.value = "queue", "00G5g000001AbCdEAK"
    assert "ASSIGNEE_IS_ID" not in {d.code for d in structural_diagnostics(defn)}  # only users need usernames


def test_record_refs_are_fine_in_record_triggered_orchestrations():
    defn = load(FIXTURES / "record_not_available.orchestration.yaml")
    defn.type = "record_triggered"
    assert "RECORD_NOT_AVAILABLE" not in {d.code for d in structural_diagnostics(defn)}


def test_type_mismatch_compatible_comparisons_are_silent():
    defn = load(FIXTURES / "type_mismatch.orchestration.yaml")
    reqs = defn.stages[0].steps[1].start.requirements
    reqs[0].right = True
    assert structural_diagnostics(defn) == []
    reqs[0].operator, reqs[0].right = "IsNull", False
    assert structural_diagnostics(defn) == []
    reqs[0].operator, reqs[0].right = "IsNull", "no"
    assert [d.code for d in structural_diagnostics(defn)] == ["TYPE_MISMATCH"]
    reqs[0].operator, reqs[0].right = "EqualTo", Ref(ref="First.Status")
    assert [d.code for d in structural_diagnostics(defn)] == ["TYPE_MISMATCH"]  # Boolean vs Status text


def test_evaluation_flow_calls_are_checked():
    defn = load(FIXTURES / "evaluation_output_discarded.orchestration.yaml")
    defn.flows[1].outputs.pop()                       # only isOrchestrationConditionMet left
    assert structural_diagnostics(defn) == []
    defn.stages[0].steps[0].start.inputs = {"missing": 1}
    assert [d.code for d in structural_diagnostics(defn)] == ["UNKNOWN_FLOW_INPUT"]
    defn.stages[0].steps[0].start.flow = "Do_It_Flow"
    assert {d.code for d in structural_diagnostics(defn)} == {"UNKNOWN_FLOW_INPUT", "WRONG_FLOW_TYPE"}


def test_targets_may_end_except_start_and_fault():
    defn = load(FIXTURES / "clean_minimal.orchestration.yaml")
    defn.stages[0].next = "end"
    assert structural_diagnostics(defn) == []
    defn.start = "end"
    assert [d.code for d in structural_diagnostics(defn)] == ["INVALID_TARGET"]


def test_assignee_variable_holding_an_id_is_flagged():
    defn = load(FIXTURES / "assignee_current_user.orchestration.yaml")
    defn.variables.append(defn.variables[0].model_copy(update={"name": "approver", "value": "0055g00000XyZ12AAB"}))
    defn.stages[0].steps[0].assignee.ref = "approver"
    assert [d.code for d in structural_diagnostics(defn)] == ["ASSIGNEE_IS_ID"]
    defn.variables[-1].value = "approver@example.com"
    assert structural_diagnostics(defn) == []


def test_a_draft_step_without_action_is_not_reported():
    defn = load(FIXTURES / "clean_minimal.orchestration.yaml")
    defn.stages[0].steps[0].action = None
    assert structural_diagnostics(defn) == []


def test_engine_validate_is_callable_however_it_was_imported():
    import engine
    import engine.validate  # noqa: F401  (binds the submodule on the package)

    defn = load(FIXTURES / "unknown_step.orchestration.yaml")
    assert "UNKNOWN_STEP" in [d.code for d in engine.validate(defn)]
