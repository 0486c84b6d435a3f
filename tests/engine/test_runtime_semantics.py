"""The runtime's semantics (SPEC §1, §6): start conditions, passes, completion, errors, routing."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.model import Orchestration
from engine.runtime import Simulation, simulate
from engine.scenario_model import Scenario

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"


def load(name: str) -> Orchestration:
    return engine.load(FIXTURES / f"{name}.orchestration.yaml")


def entries(result, milestone: str, element: str):
    return [h for h in result.history if h.milestone == milestone and h.element == element]


def time_of(result, milestone: str, element: str):
    found = entries(result, milestone, element)
    assert len(found) == 1, f"{milestone} {element}: {len(found)} entries"
    return found[0].time


def chain_orchestration(order: list[str], with_watcher: bool = True) -> Orchestration:
    """A → B → C synchronous chain (steps listed in ``order``), plus a Watcher whose
    evaluation flow counts the passes."""
    after = {"A": None, "B": "A", "C": "B"}
    steps = []
    if with_watcher:
        steps.append({"name": "Watcher", "type": "background", "action": "Quick",
                      "start": {"when": "evaluation_flow", "flow": "Never_True"}})
    for name in order:
        step = {"name": name, "type": "background", "action": "Quick"}
        if after[name]:
            step["start"] = {"when": "step_completed", "step": after[name]}
        steps.append(step)
    return Orchestration.model_validate({
        "name": "Chain", "stages": [{"name": "S", "steps": steps,
                                      "complete": {"when": "requirements", "requirements": [
                                          {"left": "C.Status", "operator": "EqualTo", "right": "Completed"}]}}],
        "flows": [{"name": "Quick", "type": "autolaunched"},
                  {"name": "Never_True", "type": "evaluation", "simulate": {"result": False}}],
    })


# ------------------------------------------------------------------ start conditions


def test_each_start_condition_starts_its_step_when_it_first_holds():
    result = simulate(load("start_conditions"), engine.load_scenario(FIXTURES / "start_conditions.scenario.yaml"))
    assert result.run == "Completed"
    assert time_of(result, "Start Step", "First") == 0            # when the stage starts
    assert time_of(result, "End Step", "First") == 600            # async flow, 10m
    assert time_of(result, "Start Step", "After_First") == 600    # after another step completes
    assert time_of(result, "Start Step", "When_Flag") == 1800     # requirements met by the 30m record change
    assert time_of(result, "Start Step", "When_Gate") == 600      # evaluation flow's third run returns True
    assert result.evaluation_runs == {"Gate": 3}


def test_evaluation_flow_runs_once_per_pass_and_a_new_pass_follows_only_a_completion():
    # Stage start: pass 1 (Gate run 1). First completes at 10m: pass 2 (run 2) starts and
    # completes After_First, so pass 3 follows at once (run 3 → True). Nothing else reruns it.
    result = simulate(load("start_conditions"), Scenario(evaluations={"Gate": [False, False, True]}))
    assert result.evaluation_runs["Gate"] == 3
    labels = [h.label for h in result.history if h.time == 600]
    assert labels == ["End Step First", "Start Step After_First", "End Step After_First",
                      "Start Step When_Gate", "End Step When_Gate"]


def test_without_the_record_change_the_requirements_step_never_starts_and_the_run_is_stuck():
    result = simulate(load("start_conditions"), Scenario(evaluations={"Gate": True}))
    assert result.steps["When_Flag"] == "Not Started"
    assert result.run == "In Progress"
    assert "When_Flag waits for requirements flag EqualTo true (now false)" in result.stuck


def test_synchronous_chain_in_list_order_completes_in_one_pass():
    sim = Simulation(chain_orchestration(["A", "B", "C"]))
    assert sim.is_finished
    # pass 1 runs the whole chain (and Watcher's flow once); its stage-completion check
    # (C Completed) then holds, so no second pass runs the evaluation flow again
    assert sim.evaluation_runs == {"Never_True": 1}
    assert len({h.time for h in sim.history}) == 1


def test_synchronous_chain_in_reverse_list_order_needs_a_pass_per_link():
    sim = Simulation(chain_orchestration(["C", "B", "A"]))
    assert sim.is_finished
    assert sim.evaluation_runs == {"Never_True": 3}    # one pass per link
    assert [h.label for h in sim.history if h.milestone == "End Step"] == ["End Step A", "End Step B", "End Step C"]


# ------------------------------------------------------------------ asynchronous steps


def test_async_steps_complete_in_time_order_then_creation_order():
    defn = Orchestration.model_validate({
        "name": "Race", "stages": [{"name": "S", "steps": [
            {"name": "Slow", "type": "background", "action": "Slow"},
            {"name": "Fast", "type": "background", "action": "Fast"},
            {"name": "Tie_1", "type": "mulesoft", "action": "Mule"},
            {"name": "Tie_2", "type": "mulesoft", "action": "Mule"},
        ]}],
        "flows": [{"name": "Slow", "type": "autolaunched", "elements": ["Wait"], "simulate": {"duration": "2h"}},
                  {"name": "Fast", "type": "autolaunched", "elements": ["Action"], "simulate": {"duration": "30m"}},
                  {"name": "Mule", "type": "mulesoft"}],
    })
    result = simulate(defn)
    ends = [(h.element, h.time) for h in result.history if h.milestone == "End Step"]
    assert ends == [("Tie_1", 60), ("Tie_2", 60), ("Fast", 1800), ("Slow", 7200)]


def test_legacy_requires_async_flag_wins_over_the_flow_elements():
    defn = Orchestration.model_validate({
        "name": "Legacy", "stages": [{"name": "S", "steps": [
            {"name": "Forced_Async", "type": "background", "action": "Plain", "requires_async": True},
            {"name": "Forced_Sync", "type": "background", "action": "Waits", "requires_async": False},
        ]}],
        "flows": [{"name": "Plain", "type": "autolaunched"},
                  {"name": "Waits", "type": "autolaunched", "elements": ["Wait"]}],
    })
    result = simulate(defn)
    assert time_of(result, "End Step", "Forced_Async") == 60
    assert time_of(result, "End Step", "Forced_Sync") == 0


def test_scenario_duration_overrides_the_flow_duration():
    result = simulate(load("start_conditions"),
                      Scenario(steps={"First": {"duration": "2h"}}, evaluations={"Gate": True},
                               events=[{"at": "1m", "set": {"flag": True}}]))
    assert time_of(result, "End Step", "First") == 7200


# ------------------------------------------------------------------ stage completion


def test_stage_completion_discontinues_running_steps_and_completes_their_work_items():
    result = simulate(load("early_exit"))
    assert result.stages == {"Decide": "Completed", "Done": "Completed"}
    assert result.steps["Approve"] == "Discontinued"
    assert result.steps["Never"] == "Not Started"
    assert result.work_items[0]["status"] == "Completed"
    labels = [h.label for h in result.history if h.time == 300][:4]
    assert labels == ["End Step Quick_Check", "Discontinue Step Approve", "End Work Item Approve",
                      "End Stage Decide"]


def test_interactive_completion_condition_completes_the_step_and_its_work_item():
    defn = Orchestration.model_validate({
        "name": "Watch", "type": "record_triggered", "trigger": {"object": "Case"},
        "stages": [{"name": "S", "steps": [
            {"name": "Handle", "type": "interactive", "action": "Screen",
             "assignee": {"type": "user", "value": "agent@example.com"}, "record": {"ref": "$Record.Id"},
             "complete": {"when": "requirements", "requirements": [
                 {"left": "$Record.Status", "operator": "EqualTo", "right": "Closed"}]}}]}],
        "flows": [{"name": "Screen", "type": "screen", "simulate": {"duration": "1d"}}],
    })
    scenario = Scenario(record={"Id": "500000000000001", "Status": "New"},
                        events=[{"at": "3h", "set": {"$Record.Status": "Closed"}}])
    result = simulate(defn, scenario)
    assert result.run == "Completed"
    assert [h.label for h in result.history if h.time == 10800][:2] == ["End Step Handle", "End Work Item Handle"]
    assert result.work_items[0]["status"] == "Completed"


# ------------------------------------------------------------------ errors


def test_failed_step_with_a_fault_path_discontinues_siblings_and_continues_on_the_fault_path():
    result = simulate(load("errors"))
    assert result.run == "Completed"
    assert result.stages == {"Work": "Error", "Recover": "Completed"}
    assert result.steps["Breaks"] == "Error"
    assert result.steps["Long_Job"] == "Discontinued"
    assert result.steps["Later"] == "Not Started"
    labels = [h.label for h in result.history]
    i = labels.index("Fail Step Breaks")
    assert labels[i:i + 4] == ["Fail Step Breaks", "Discontinue Step Long_Job", "Fail Stage Work", "Start Stage Recover"]


def test_failed_step_without_a_fault_path_fails_the_run():
    defn = load("errors").model_copy(deep=True)
    defn.stages[0].fault = None
    result = simulate(defn)
    assert result.run == "Error"
    assert result.stages == {"Work": "Error", "Recover": None}
    assert [h.label for h in result.history][-4:] == [
        "Fail Step Breaks", "Discontinue Step Long_Job", "Fail Stage Work", "Fail Run Errors"]


def test_background_error_completes_open_work_items_but_interactive_error_leaves_them_assigned():
    defn = load("errors")
    sim = Simulation(defn)
    sim.fail_step("Long_Job", "boom")                 # background step error
    assert [w.status for w in sim.work_items()] == ["Completed"]
    sim = Simulation(defn)
    sim.fail_step("Review", "screen flow failed")    # interactive step error
    assert [w.status for w in sim.work_items()] == ["Assigned"]
    assert sim.statuses.steps["Review"] == "Error"
    assert sim.statuses.stages["Work"] == "Error"


def test_scenario_error_on_an_async_step_fails_it_when_it_finishes():
    result = simulate(load("early_exit"), Scenario(steps={"Quick_Check": {"error": "callout failed"}}))
    assert result.run == "Error"
    assert time_of(result, "Fail Step", "Quick_Check") == 300
    assert result.steps["Approve"] == "Discontinued"
    assert result.work_items[0]["status"] == "Completed"


# ------------------------------------------------------------------ decisions and outputs


@pytest.mark.parametrize(("amount", "tier", "stage"), [
    (5000, "silver", "Big"), (500, "silver", "Medium"), (10, "gold", "Medium"), (10, "silver", "Small"),
])
def test_decision_takes_the_first_outcome_that_holds_else_the_default(amount, tier, stage):
    result = simulate(load("routing"), Scenario(variables={"amount": amount},
                                                steps={"Score": {"outputs": {"tier": tier}}}))
    reached = [name for name, status in result.stages.items() if status]
    assert reached == ["Intake", stage]
    assert result.outputs["Score"] == {"tier": tier}


def test_step_outputs_are_unavailable_until_the_step_completes():
    sim = Simulation(load("early_exit"))
    assert sim.value("Quick_Check.Outputs.ok") == (None, False)
    assert sim.value("Quick_Check.Status") == ("In Progress", True)
    assert sim.value("Wrap_Up.Status") == (None, False)          # its stage has not started
    sim.deliver()
    assert sim.value("Quick_Check.Outputs.ok") == (True, True)


# ------------------------------------------------------------------ stuck


def test_stuck_run_names_which_steps_wait_on_what():
    result = simulate(load("ping_pong"))
    assert result.run == "In Progress"
    assert "Pong waits for Ping, which waits for Pong" in result.stuck
    assert "Ping waits for Pong, which waits for Ping" in result.stuck


def test_decision_loop_without_waiting_is_reported_not_hung():
    defn = Orchestration.model_validate({
        "name": "Loop", "stages": [{"name": "S", "next": "S", "steps": [{"name": "T", "type": "background"}]}],
    })
    sim = Simulation(defn)
    assert sim.stuck and "loops" in sim.stuck


def test_stage_completion_discontinues_all_running_steps_before_closing_their_work_items():
    interactive = {"type": "interactive", "action": "Screen", "record": "001",
                   "assignee": {"type": "user", "value": "a@example.com"}}
    defn = Orchestration.model_validate({
        "name": "Phases", "stages": [{"name": "S", "complete": {"when": "requirements", "requirements": [
            {"left": "Check.Status", "operator": "EqualTo", "right": "Completed"}]}, "steps": [
            {"name": "Check", "type": "mulesoft", "action": "Mule"},
            {"name": "B", **interactive}, {"name": "C", **interactive}]}],
        "flows": [{"name": "Mule", "type": "mulesoft"}, {"name": "Screen", "type": "screen"}],
    })
    result = simulate(defn)
    assert [h.label for h in result.history if h.time == 60] == [
        "End Step Check", "Discontinue Step B", "Discontinue Step C", "End Work Item B", "End Work Item C",
        "End Stage S", "End Run Phases"]


def test_after_an_interactive_step_error_its_work_item_stays_assigned_but_is_not_open():
    sim = Simulation(load("errors"))
    sim.fail_step("Review", "screen flow failed")
    assert sim.open_work_items() == []
    assert [w.status for w in sim.work_items()] == ["Assigned"]


def test_a_path_looping_through_asynchronous_steps_stops_at_the_event_limit():
    defn = Orchestration.model_validate({
        "name": "Forever", "stages": [{"name": "S", "next": "S", "steps": [{"name": "T", "type": "mulesoft"}]}]})
    result = simulate(defn, max_events=50)
    assert result.run == "In Progress"
    assert "stopped after 50 events" in result.stuck
    assert [h.label for h in result.history].count("Start Stage S") == 51   # entered again after each pass


def test_simulate_reports_mismatches_with_the_scenario_expectations():
    result = simulate(load("ping_pong"), {"expect": {"run": "Completed", "steps": {"Serve": "Completed"}}})
    assert result.mismatches[0].startswith("the run is stuck: stage Rally cannot progress")
    assert result.mismatches[1:] == ["run: expected Completed, got In Progress"]


def test_a_stage_reached_again_starts_a_fresh_stage_run():
    sim = Simulation(load("rework_loop"))
    sim.complete_work_item("Review_Doc", outputs={"approved": False})
    assert sim.current_stage == "Rework"
    assert sim.value("Review_Doc.Outputs.approved") == (False, True)
    sim.deliver()                                     # Fix_Doc finishes: back to Review
    assert sim.current_stage == "Review"
    assert sim.statuses.steps["Review_Doc"] == "In Progress"
    assert sim.value("Review_Doc.Outputs.approved") == (None, False)   # the earlier visit's outputs are gone
    sim.complete_work_item("Review_Doc", outputs={"approved": True})
    sim.run_to_end()
    assert sim.statuses.run == "Completed"
    assert sim.inputs("Publish_Doc") == {"approvedBy": True}
    starts = [h for h in sim.history if h.label == "Start Stage Review"]
    assert [h.detail for h in starts] == ["start", "after Rework (again)"]
    assert [w.status for w in sim.work_items()] == ["Completed", "Completed"]


def test_decisions_taken_are_recorded_and_observed():
    sim = Simulation(load("rework_loop"))
    seen = []
    sim.subscribe(seen.append)
    sim.complete_work_item("Review_Doc", outputs={"approved": False})
    sim.deliver()
    sim.complete_work_item("Review_Doc", outputs={"approved": True})
    taken = [(d.decision, d.outcome, d.target) for d in sim.decisions]
    assert taken == [("Approved", None, "Rework"), ("Approved", "Yes", "Publish")]
    assert [e for e in seen if e.kind == "decision_taken"] == sim.decisions
    sim.step_back()
    assert len(sim.decisions) == 1
