"""Keep a rehearsal as a regression test: the actions taken in the panel become a scenario
``script:`` and the outcome its ``expect:`` block, so ``orchestration simulate --check``
replays and checks it."""

from __future__ import annotations

from pathlib import Path

from engine.io import save_scenario
from engine.runtime import Simulation, simulate
from engine.scenario_model import Expectation, Scenario, ScriptAction


def scenario_from_run(sim: Simulation, name: str | None = None) -> tuple[Scenario, list[str]]:
    """The scenario that replays ``sim``'s choices, with ``expect`` filled from the outcome the
    command line will see (the run continued to its end with events delivered in order).

    Returns the scenario and notes for the user (unfinished or stuck runs)."""
    base = sim.scenario if sim.scenario is not None else Scenario()
    script = [ScriptAction.model_validate(entry) for entry in sim.script()]
    origin = f" starting from scenario {base.scenario}" if base != Scenario() else ""
    description = f"Rehearsed in the simulation panel{origin}: the script replays the choices made there."
    scenario = base.model_copy(update={"script": script, "expect": None, "description": description,
                                       "scenario": name or base.scenario})
    result = simulate(sim.definition, scenario)
    notes: list[str] = []
    if not sim.is_finished:
        notes.append("The run was not finished: the expect block records how it ends when the remaining "
                     "events are delivered in time order.")
    if result.stuck:
        notes.append(f"The run gets stuck ({result.stuck}); `simulate --check` reports a stuck run as a failure.")
    expect = Expectation(
        run=result.run,
        stages={k: v for k, v in result.stages.items() if v is not None},
        steps=dict(result.steps),
        milestones=result.milestones,
    )
    return scenario.model_copy(update={"expect": expect}), notes


def save_run_as_scenario(sim: Simulation, path: str | Path, name: str | None = None) -> list[str]:
    """Write the scenario of ``sim`` to ``path``; returns notes for the user."""
    scenario, notes = scenario_from_run(sim, name or scenario_name_for(path))
    save_scenario(scenario, path)
    return notes


def scenario_name_for(path: str | Path) -> str:
    """``quote_approval.rejected.scenario.yaml`` → ``rejected``; a valid API-name-like text."""
    stem = Path(path).name.split(".scenario")[0]
    part = stem.split(".")[-1] if "." in stem else stem
    cleaned = "".join(c if c.isalnum() else "_" for c in part).strip("_")
    return cleaned or "Scenario"
