"""Property tests over generated orchestrations (issue 3 quality bars)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.model import Orchestration, RequirementsCondition, StageStarts, StepCompleted
from engine.runtime import HistoryAdded, Simulation
from engine.runtime.conditions import requirements_hold
from engine.scenario_model import Scenario

FLOWS = [
    {"name": "Sync_Flow", "type": "autolaunched", "outputs": [{"name": "ok", "type": "Boolean"}],
     "simulate": {"outputs": {"ok": True}}},
    {"name": "Async_Flow", "type": "autolaunched", "elements": ["Wait"], "outputs": [{"name": "ok", "type": "Boolean"}],
     "simulate": {"outputs": {"ok": False}, "duration": "10m"}},
    {"name": "Failing_Flow", "type": "autolaunched", "simulate": {"error": "boom"}},
    {"name": "Mule", "type": "mulesoft"},
    {"name": "Screen", "type": "screen", "outputs": [{"name": "ok", "type": "Boolean"}],
     "simulate": {"outputs": {"ok": True}}},
    {"name": "Yes", "type": "evaluation", "simulate": {"result": True}},
    {"name": "No", "type": "evaluation", "simulate": {"result": False}},
    {"name": "Scripted", "type": "evaluation"},
]
KINDS = ["sync", "async", "failing", "mule", "interactive", "interactive_req"]


@st.composite
def orchestrations(draw) -> Orchestration:
    n_stages = draw(st.integers(1, 3))
    stages = []
    for si in range(n_stages):
        n_steps = draw(st.integers(1, 4))
        names = [f"S{si}_T{i}" for i in range(n_steps)]
        steps = []
        for i, name in enumerate(names):
            kind = draw(st.sampled_from(KINDS))
            step: dict = {"name": name}
            if kind.startswith("interactive"):
                step.update(type="interactive", action="Screen", record="001",
                            assignee={"type": draw(st.sampled_from(["user", "queue"])), "value": "someone"})
                if kind == "interactive_req":
                    other = draw(st.sampled_from(names))
                    step["complete"] = {"when": "requirements", "requirements": [
                        {"left": f"{other}.Status", "operator": "EqualTo", "right": "Completed"}]}
            elif kind == "mule":
                step.update(type="mulesoft", action="Mule")
            else:
                step.update(type="background",
                            action={"sync": "Sync_Flow", "async": "Async_Flow", "failing": "Failing_Flow"}[kind])
            start = draw(st.sampled_from(["stage", "after", "requirements", "evaluation"]))
            other = draw(st.sampled_from(names))
            if start == "after":
                step["start"] = {"when": "step_completed", "step": other}
            elif start == "requirements":
                step["start"] = {"when": "requirements", "logic": draw(st.sampled_from(["and", "or", "1 AND NOT 2"])),
                                 "requirements": [
                                     {"left": f"{other}.Status", "operator": "EqualTo", "right": "Completed"},
                                     {"left": f"{other}.Outputs.ok", "operator": "EqualTo", "right": False}]}
            elif start == "evaluation":
                step["start"] = {"when": "evaluation_flow", "flow": draw(st.sampled_from(["Yes", "No", "Scripted"]))}
            steps.append(step)
        stage: dict = {"name": f"S{si}", "steps": steps}
        if draw(st.booleans()):
            stage["complete"] = {"when": "requirements", "requirements": [
                {"left": f"{draw(st.sampled_from(names))}.Status", "operator": "EqualTo", "right": "Completed"}]}
        if si + 1 < n_stages and draw(st.booleans()):
            stage["fault"] = f"S{draw(st.integers(si + 1, n_stages - 1))}"
        stages.append(stage)
    return Orchestration.model_validate({"name": "Generated", "stages": stages, "flows": FLOWS})


def start_holds(sim: Simulation, step) -> bool:
    cond = step.start
    if isinstance(cond, StageStarts):
        return True
    if isinstance(cond, StepCompleted):
        return sim.value(f"{cond.step}.Status")[0] == "Completed"
    if isinstance(cond, RequirementsCondition):
        return requirements_hold(cond.logic, cond.requirements, sim.value)
    return cond.flow != "No"


STEP_STATUS_AFTER = {"Start Step": "In Progress", "End Step": "Completed", "Discontinue Step": "Discontinued",
                     "Fail Step": "Error"}
STAGE_STATUS_AFTER = {"Start Stage": "In Progress", "End Stage": "Completed", "Fail Stage": "Error",
                      "Discontinue Stage": "Discontinued"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orchestrations(), st.lists(st.booleans(), max_size=4), st.randoms(use_true_random=False))
def test_generated_runs_keep_the_invariants(defn, script, rnd):
    scenario = Scenario(evaluations={"Scripted": script} if script else {})
    sim = Simulation(defn, scenario)
    steps = {step.name: step for _, step in defn.iter_steps()}
    violations = []

    def watch(event):
        if isinstance(event, HistoryAdded) and event.entry.milestone == "Start Step":
            if not start_holds(sim, steps[event.entry.element]):
                violations.append(event.entry.element)

    sim.subscribe(watch)
    # deliver in a random (but reproducible) order to cover interleavings
    for _ in range(500):
        pending = sim.pending()
        running = [n for n, status in sim.statuses.steps.items() if status == "In Progress"]
        roll = rnd.random()
        if sim.statuses.run == "Suspended" and (roll < 0.5 or not pending):
            sim.resume()
            continue
        if not pending:
            break
        if running and roll < 0.05:
            sim.fail_step(rnd.choice(running), "generated failure")
        elif roll < 0.1:
            sim.suspend()
        else:
            sim.deliver(rnd.choice(pending).id)
    assert not violations, f"started before the condition held: {violations}"

    # terminates or is reported stuck
    assert sim.is_finished or sim.stuck, "neither finished nor stuck"
    history = sim.history
    assert [h.seq for h in history] == list(range(1, len(history) + 1))
    assert all(a.time <= b.time for a, b in zip(history, history[1:]))

    # every Start Step matched by exactly one End / Discontinue / Fail Step, or still running when stuck
    statuses = sim.statuses
    for name in steps:
        marks = [h.milestone for h in history if h.element == name and h.milestone in STEP_STATUS_AFTER]
        if marks:
            assert marks[0] == "Start Step"
            ends = marks[1:]
            assert len(ends) <= 1
            if not ends:
                assert statuses.steps[name] == "In Progress" and sim.stuck
        expected = STEP_STATUS_AFTER[marks[-1]] if marks else "Not Started"
        assert statuses.steps[name] == expected, name

    for stage in defn.stages:
        marks = [h.milestone for h in history if h.element == stage.name and h.milestone in STAGE_STATUS_AFTER]
        assert statuses.stages[stage.name] == (STAGE_STATUS_AFTER[marks[-1]] if marks else None)
    run_marks = [h.milestone for h in history if h.element == defn.name]
    assert statuses.run == {"End Run": "Completed", "Fail Run": "Error"}.get(run_marks[-1], "In Progress")

    # going back to any point equals a fresh run with the same actions up to that point
    actions = sim.actions
    back_to = rnd.randint(0, len(actions))
    sim.step_back(len(actions) - back_to)
    fresh = Simulation(defn, scenario)
    for action in actions[:back_to]:
        fresh.apply(action)
    assert [h.to_dict() for h in sim.history] == [h.to_dict() for h in fresh.history]
    assert sim.statuses == fresh.statuses
