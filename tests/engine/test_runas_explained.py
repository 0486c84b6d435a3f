"""The effective run-as in words (what the properties panel shows) agrees with the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.runtime import APU, APU_SYSTEM, simulate
from engine.runtime.runas import explain_run_as
from engine.scenario_model import Scenario

FIXTURE = Path(__file__).parent / "fixtures" / "runtime" / "runas.orchestration.yaml"
SCENARIO = Scenario(globals={"$User.Username": "launcher@example.com"})


def definition(api: int, context: str = "system"):
    return engine.load(FIXTURE).model_copy(update={"api_version": api, "run_context": context})


def explained(api: int, context: str = "system") -> dict[str, str]:
    defn = definition(api, context)
    return {step.name: explain_run_as(defn, step) for _, step in defn.iter_steps()}


def test_api_60_and_later():
    text = explained(65)
    assert text["Sync_Before"] == "API 65: runs as the Automated Process User (system context)."
    assert text["Mule_Before"] == text["Sync_Before"]
    assert text["Approve"] == "The screen flow runs as the user who completes the work item."
    assert text["Async_After"].startswith("API 65: runs as the user who completed the most recently completed "
                                          "interactive step of the run (the Automated Process User when none")


def test_api_58_system_context():
    text = explained(58, "system")
    assert text["Sync_Before"] == "API 58, system context, sync: runs in system context, like the orchestration."
    assert text["Async_Before"] == "API 58, system context, async: the Automated Process User in system context."
    assert "user who launched it, in system context" in text["Mule_Before"]
    assert text["Async_After"].endswith("The run-as choice applies only from API 60: it is ignored here.")


def test_api_57_says_the_run_resumes_as_the_completing_user():
    text = explained(57, "user")
    assert text["Sync_After"].startswith("API 57, user context, sync: runs as the running user in user context")
    assert text["Sync_After"].endswith("the run resumes as the user who completed its work item.")


@pytest.mark.parametrize(("api", "context"), [(65, "system"), (58, "system"), (58, "user"), (57, "system")])
def test_names_the_automated_process_user_exactly_where_the_simulator_runs_as_it(api, context):
    defn = definition(api, context)
    ran_as = simulate(defn, SCENARIO).run_as
    for name, text in explained(api, context).items():
        says_apu = "Automated Process User" in text.split(" (")[0]  # not in a parenthesis, a fallback
        assert says_apu == (ran_as[name] in (APU, APU_SYSTEM)), (name, text, ran_as[name])
