"""Who each step runs as (SPEC §1 "Run-as"), shown on Start Step and per step."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.runtime import APU, APU_SYSTEM, Simulation, simulate
from engine.scenario_model import Scenario

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
LAUNCHER = "launcher@example.com"
SCENARIO = Scenario(globals={"$User.Username": LAUNCHER})


def run_as(api: int, context: str = "system") -> dict[str, str]:
    defn = engine.load(FIXTURES / "runas.orchestration.yaml").model_copy(
        update={"api_version": api, "run_context": context})
    result = simulate(defn, SCENARIO)
    assert result.run == "Completed"
    starts = {h.element: h.run_as for h in result.history if h.milestone == "Start Step"}
    assert starts == result.run_as          # the history and the per-step query agree
    return starts


def test_api_60_and_later_runs_actions_as_the_automated_process_user():
    got = run_as(65)
    assert got == {
        "Sync_Before": APU, "Async_Before": APU, "Mule_Before": APU,
        "Approve": "approver@example.com",              # the screen flow: the completing user
        "Sync_After": APU,
        "Async_After": "approver@example.com",          # run_as: last_interactive_user
        "Mule_After": APU,
    }


def test_api_60_orchestration_entries_show_the_system_context():
    result = simulate(engine.load(FIXTURES / "runas.orchestration.yaml"), SCENARIO)
    assert result.history[0].run_as == APU_SYSTEM


def test_api_58_system_context_async_steps_run_as_the_apu_others_as_the_launching_user():
    got = run_as(58, "system")
    launcher = f"{LAUNCHER} (system context)"        # launched (or triggered) by this user
    for step in ("Sync_Before", "Mule_Before", "Sync_After", "Mule_After"):
        assert got[step] == launcher, step
    assert got["Async_Before"] == APU_SYSTEM
    assert got["Async_After"] == APU_SYSTEM              # last_interactive_user is API 60+ only


def test_api_58_user_context_async_keeps_the_orchestration_context():
    got = run_as(58, "user")
    user = f"{LAUNCHER} (user context)"
    assert got["Sync_Before"] == got["Async_Before"] == got["Mule_Before"] == user
    assert got["Sync_After"] == got["Async_After"] == got["Mule_After"] == user


@pytest.mark.parametrize("context", ["system", "user"])
def test_api_57_resumes_as_the_user_who_completed_the_work_item(context):
    got = run_as(57, context)
    assert got["Sync_Before"] == f"{LAUNCHER} ({context} context)"
    after = f"approver@example.com ({context} context)"
    assert got["Sync_After"] == after
    assert got["Mule_After"] == after
    assert got["Async_After"] == (APU_SYSTEM if context == "system" else after)


def test_work_item_completed_by_another_user_changes_last_interactive_user():
    sim = Simulation(engine.load(FIXTURES / "runas.orchestration.yaml"), SCENARIO)
    sim.complete_work_item("Approve", user="deputy@example.com")
    assert sim.run_as("Async_After") == "deputy@example.com"
    end = [h for h in sim.history if h.label == "End Work Item Approve"][0]
    assert end.run_as == "deputy@example.com"
    assert sim.work_items()[0].completed_by == "deputy@example.com"


def test_work_item_owner_is_the_user_or_the_apu_for_queues():
    result = simulate(engine.load(FIXTURES / "early_exit.orchestration.yaml"))
    item = result.work_items[0]
    assert item["assignee_type"] == "queue" and item["owner"] == APU
    start = [h for h in result.history if h.label == "Start Step Approve"][0]
    assert start.run_as == "Approvers.member@example.com"
    user_owned = simulate(engine.load(FIXTURES / "runas.orchestration.yaml")).work_items[0]
    assert user_owned["owner"] == "approver@example.com"
