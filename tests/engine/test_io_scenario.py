"""Scenario files: load, diagnostics with lines, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.io import LoadError, dumps_scenario, load, load_scenario, loads_scenario, save_scenario
from tests.conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "io"
SCENARIOS = sorted(EXAMPLES.glob("*.scenario.yaml"))


def test_every_example_has_a_scenario():
    definitions = {p.name.split(".")[0] for p in EXAMPLES.glob("*.orchestration.yaml")}
    assert {p.name.split(".")[0] for p in SCENARIOS} == definitions


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_example_scenarios_load_and_round_trip(path, tmp_path):
    scenario = load_scenario(path)
    assert scenario.expect is not None
    save_scenario(scenario, tmp_path / "s.yaml")
    assert load_scenario(tmp_path / "s.yaml") == scenario
    assert dumps_scenario(load_scenario(tmp_path / "s.yaml")) == (tmp_path / "s.yaml").read_text()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_example_scenarios_name_real_steps_and_stages(path):
    scenario = load_scenario(path)
    defn = load(EXAMPLES / path.name.replace(".scenario.", ".orchestration."))
    steps = {step.name for _, step in defn.iter_steps()}
    assert set(scenario.steps) <= steps
    assert set(scenario.expect.steps) <= steps
    assert set(scenario.expect.stages) <= {s.name for s in defn.stages}
    assert set(scenario.variables) <= {v.name for v in defn.variables if v.input}


def test_scenario_typo_reports_key_and_line():
    result = loads_scenario((FIXTURES / "typo.scenario.yaml").read_text())
    [diag] = result.diagnostics
    assert diag.code == "SCHEMA_ERROR" and diag.line == 4
    assert "complted_by" in diag.message and "did you mean 'completed_by'" in diag.message
    assert diag.element == "Review"
    assert result.scenario is not None and "Review" in result.scenario.steps


def test_scenario_dates_and_yes_stay_text():
    result = loads_scenario("variables:\n  when: 2026-01-01\n  answer: yes\n  flag: true\n")
    assert result.scenario.variables == {"when": "2026-01-01", "answer": "yes", "flag": True}


def test_load_scenario_raises_for_missing_file(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_scenario(tmp_path / "missing.scenario.yaml")
