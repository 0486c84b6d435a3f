"""`orchestration simulate` (SPEC §7): output, exit codes, determinism, bundled examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
EXAMPLE_SCENARIOS = sorted(EXAMPLES.glob("*.scenario.yaml"))


def definition_for(scenario: Path) -> Path:
    stem = scenario.name.split(".")[0]
    exact = EXAMPLES / f"{stem}.orchestration.yaml"
    if exact.exists():
        return exact
    # e.g. quote_approval_rejected.scenario.yaml → quote_approval.orchestration.yaml
    candidates = [p for p in EXAMPLES.glob("*.orchestration.yaml") if stem.startswith(p.name.split(".")[0])]
    assert candidates, f"no definition for {scenario.name}"
    return max(candidates, key=lambda p: len(p.name))


@pytest.mark.parametrize("scenario", EXAMPLE_SCENARIOS, ids=lambda p: p.name)
def test_every_bundled_example_scenario_passes_check(scenario, capsys):
    code = main(["simulate", str(definition_for(scenario)), "--scenario", str(scenario), "--check"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "all expectations met" in out.out


def test_json_output_has_the_spec_shape_and_is_byte_identical(simulate_json):
    data = simulate_json(FIXTURES / "start_conditions.orchestration.yaml",
                         "--scenario", FIXTURES / "start_conditions.scenario.yaml")
    assert data["run"] == "Completed"
    assert set(data["history"][0]) == {"seq", "time", "milestone", "element", "run_as", "detail"}
    assert data["history"][0]["milestone"] == "Start Run"


def test_json_is_identical_across_processes():
    cmd = [sys.executable, "-m", "engine", "simulate", str(EXAMPLES / "quote_approval.orchestration.yaml"),
           "--scenario", str(EXAMPLES / "quote_approval.scenario.yaml"), "--json"]
    runs = [subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0]


def test_human_output_is_a_timeline(capsys):
    assert main(["simulate", str(FIXTURES / "start_conditions.orchestration.yaml"),
                 "--scenario", str(FIXTURES / "start_conditions.scenario.yaml")]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "End Step" in ln and "First" in ln)
    assert line.startswith("+10m") and "Automated Process User" in line
    assert "Run: Completed at +30m" in out


def test_stuck_run_exits_1_with_the_reason(capsys):
    assert main(["simulate", str(FIXTURES / "ping_pong.orchestration.yaml")]) == 1
    out = capsys.readouterr()
    assert "Pong waits for Ping, which waits for Pong" in out.out + out.err


def test_failed_expectation_exits_1_and_says_what_differs(tmp_path, capsys):
    scenario = tmp_path / "wrong.scenario.yaml"
    scenario.write_text("scenario: Wrong\nexpect:\n  run: Error\n  steps: {First: Error}\n"
                        "evaluations: {Gate: true}\nevents:\n  - {at: 1m, set: {flag: true}}\n")
    assert main(["simulate", str(FIXTURES / "start_conditions.orchestration.yaml"),
                 "--scenario", str(scenario), "--check"]) == 1
    err = capsys.readouterr().err
    assert "run: expected Error, got Completed" in err
    assert "step First: expected Error, got Completed" in err


def test_milestone_expectations_are_compared_in_order(tmp_path, capsys):
    scenario = tmp_path / "m.scenario.yaml"
    scenario.write_text("expect:\n  milestones: [Start Run Ping_Pong, Start Stage Rally, End Step Serve]\n")
    assert main(["simulate", str(FIXTURES / "ping_pong.orchestration.yaml"), "--scenario", str(scenario),
                 "--check"]) == 1
    err = capsys.readouterr().err
    assert "milestones differ at #3: expected 'End Step Serve', got 'Start Step Serve'" in err


@pytest.mark.parametrize("content", ["stages: [unclosed", "scenario: X\nsteps: {A: {duration: soon}}\n"])
def test_unreadable_scenario_exits_2_with_a_line(tmp_path, capsys, content):
    scenario = tmp_path / "bad.scenario.yaml"
    scenario.write_text(content)
    assert main(["simulate", str(FIXTURES / "ping_pong.orchestration.yaml"), "--scenario", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "bad.scenario.yaml" in err and "Traceback" not in err


def test_missing_definition_exits_2(capsys):
    assert main(["simulate", "no/such/file.orchestration.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_scenario_naming_unknown_steps_and_flows_gets_warnings(tmp_path, capsys):
    scenario = tmp_path / "stale.scenario.yaml"
    scenario.write_text("steps: {Gone: {duration: 1h}}\nevaluations: {Quick_Flow: true}\n"
                        "events:\n  - {at: 1m, set: {Serve.Status: Completed}}\n")
    assert main(["simulate", str(FIXTURES / "ping_pong.orchestration.yaml"), "--scenario", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert "stale.scenario.yaml:1: warning UNKNOWN_STEP" in err and "Gone" in err
    assert "warning WRONG_FLOW_TYPE" in err
    assert "stale.scenario.yaml:4: warning UNKNOWN_REFERENCE event 1 sets Serve.Status" in err


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "+0s"), (45, "+45s"), (300, "+5m"), (90, "+1m30s"), (3900, "+1h05m"), (97200, "+1d03h00m"),
])
def test_times_are_shown_from_the_start_of_the_run(seconds, text):
    from engine.runtime import format_time

    assert format_time(seconds) == text


def test_json_with_check_keeps_stdout_pure_json(capsys):
    scenario = EXAMPLES / "quote_approval.scenario.yaml"
    assert main(["simulate", str(EXAMPLES / "quote_approval.orchestration.yaml"), "--scenario", str(scenario),
                 "--json", "--check"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["run"] == "Completed"
    assert "all expectations met" in out.err
