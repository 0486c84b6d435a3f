"""An independent audit of the runtime against SPEC §1, §4, §6, §7 (and the Salesforce notes).

Each fixture in fixtures/runtime_audit/ rehearses one rule; the expected statuses, milestone
order, simulated times and run-as users below were written from the SPEC, not from the
runtime's output. Scenario files carry the same expectations as `expect` blocks, so
`orchestration simulate ... --check` checks them too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.cli import main
from engine.runtime import Simulation, simulate
from engine.scenario_model import Scenario

AUDIT = Path(__file__).parent / "fixtures" / "runtime_audit"
APU = "Automated Process User"
APU_SYSTEM = "Automated Process User (system context)"
LAUNCHER = "launcher@example.com"


def load(name: str):
    return engine.load(AUDIT / f"{name}.orchestration.yaml")


def scenario(name: str) -> Scenario:
    return engine.load_scenario(AUDIT / f"{name}.scenario.yaml")


def at(result, milestone: str, element: str) -> int | float:
    """The time of the single ``milestone element`` entry."""
    found = [h.time for h in result.history if h.milestone == milestone and h.element == element]
    assert len(found) == 1, f"{milestone} {element}: {found}"
    return found[0]


def starts(result) -> dict[str, str]:
    return {h.element: h.run_as for h in result.history if h.milestone == "Start Step"}


# ------------------------------------------------------------------ every audit scenario --check


@pytest.mark.parametrize("path", sorted(AUDIT.glob("*.scenario.yaml")), ids=lambda p: p.name.split(".")[0])
def test_every_audit_scenario_passes_simulate_check(path, capsys):
    definition = AUDIT / path.name.replace(".scenario.yaml", ".orchestration.yaml")
    code = main(["simulate", str(definition), "--scenario", str(path), "--check"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "all expectations met" in out.out


# ------------------------------------------------------------------ durations and the clock (§2, §4)


def test_default_durations_are_0_sync_1m_async_and_mulesoft_1h_interactive_and_overrides_win():
    result = simulate(load("timing"), scenario("timing"))
    assert result.run == "Completed"
    assert (at(result, "Start Step", "Sync_Step"), at(result, "End Step", "Sync_Step")) == (0, 0)
    assert at(result, "End Step", "Async_Step") == 60            # Wait element → async, 1m
    assert at(result, "End Step", "Mule_Step") == 60             # MuleSoft is always async
    assert at(result, "End Step", "Slow_Step") == 1800           # scenario 30m beats the flow's 2h
    assert at(result, "End Work Item", "Review") == 3600         # interactive: 1h
    assert at(result, "Start Step", "Timed_Sync") == 3600
    assert at(result, "End Step", "Timed_Sync") == 3900          # flow simulate.duration 5m
    assert result.time == 3900


def test_equal_times_are_delivered_in_creation_order():
    result = simulate(load("timing"), scenario("timing"))
    at_one_minute = [h.label for h in result.history if h.time == 60]
    assert at_one_minute == ["End Step Async_Step", "End Step Mule_Step"]


# ------------------------------------------------------------------ evaluation passes (§6.3)


def test_evaluation_flow_runs_once_per_pass_and_passes_follow_events_and_completions():
    sim = Simulation(load("passes"), scenario("passes"))
    assert sim.evaluation_runs == {"Gate": 1}        # stage start: one pass (starting steps adds none)
    sim.deliver()                                     # 10m: Async_A ends → pass; Sync_B completes in it
    assert sim.time == 600 and sim.evaluation_runs == {"Gate": 3}
    sim.deliver()                                     # 20m: manual Orchestration Event → one pass
    assert sim.time == 1200 and sim.evaluation_runs == {"Gate": 4}
    sim.deliver()                                     # 30m: flag set → On_Flag completes → two passes
    assert sim.time == 1800 and sim.evaluation_runs == {"Gate": 6}
    assert sim.statuses.steps["On_Flag"] == "Completed"
    sim.deliver()                                     # 1h: work item → pass: Gate's 7th run is True
    assert sim.evaluation_runs == {"Gate": 7}
    assert sim.statuses.run == "Completed"
    result = sim.result()
    assert at(result, "Start Step", "Gated") == 3600
    assert at(result, "Start Step", "Sync_B") == 600


def test_starting_a_step_alone_does_not_cause_another_pass():
    # Watcher (listed first) needs Starter to be started; Starter starts later in the same
    # first pass, and a start alone does not cause another pass — so Watcher waits for the
    # next pass, the one Starter's completion causes at 1m.
    result = simulate(load("start_alone"))
    assert result.run == "Completed"
    assert at(result, "Start Step", "Starter") == 0
    assert at(result, "Start Step", "Watcher") == 60
    assert result.evaluation_runs == {"Never": 2}    # stage start + the 1m pass (stage ends in it)
    assert result.steps["Counter"] == "Not Started"


# ------------------------------------------------------------------ interactive completion (§1)


def test_interactive_steps_complete_by_requirements_and_by_evaluation_flow():
    result = simulate(load("interactive_completion"), scenario("interactive_completion"))
    assert result.run == "Completed"
    assert at(result, "End Step", "Review") == 1800 == at(result, "End Work Item", "Review")
    assert at(result, "End Step", "Sign_Off") == 2700 == at(result, "End Work Item", "Sign_Off")
    assert result.evaluation_runs == {"Signed": 2}
    assert [w["status"] for w in result.work_items] == ["Completed", "Completed"]
    # nobody completed the screen flows: the work items were closed with their steps
    assert [w["completed_by"] for w in result.work_items] == [None, None]


def test_a_completed_work_item_waits_for_a_non_default_completion_condition():
    sim = Simulation(load("interactive_completion"), Scenario(evaluations={"Signed": False}))
    sim.complete_work_item("Review", user="reviewer@example.com")
    assert sim.statuses.steps["Review"] == "In Progress"          # flag is still false
    assert [h.label for h in sim.history][-1] == "End Work Item Review"
    assert sim.outputs("Review") is None                          # outputs only once Completed
    before = len(sim.history)
    sim.set_field("flag", True)
    assert sim.statuses.steps["Review"] == "Completed"
    assert sim.outputs("Review") == {"note": "ok"}
    # the item is already Completed: only the step ends (no second End Work Item)
    assert [h.label for h in sim.history[before:before + 3]] == [
        "End Step Review", "End Stage By_Requirements", "Start Stage By_Evaluation"]


# ------------------------------------------------------------------ stage completion while steps run (§1 Errors)


def test_stage_completion_discontinues_running_steps_completes_work_items_and_leaves_not_started():
    result = simulate(load("early_exit"), scenario("early_exit"))
    assert result.stages == {"Handle": "Completed", "Close": "Completed"}
    assert result.steps["Long_Job"] == "Discontinued"
    assert result.steps["Review"] == "Discontinued"
    assert result.steps["After_Long"] == "Not Started"
    assert at(result, "Start Step", "On_Escalation") == 600      # $Record and $Record__Prior after the change
    assert at(result, "Discontinue Step", "Long_Job") == 1800
    assert at(result, "End Stage", "Handle") == 1800
    (item,) = result.work_items
    assert item["status"] == "Completed" and item["completed"] == 1800
    # the Long_Job completion at 2h was dropped: nothing happens after the run ends
    assert result.time == 1800 and result.run == "Completed"


# ------------------------------------------------------------------ errors and fault paths (§1, notes §4.6)


def test_background_error_without_fault_path_fails_stage_and_run():
    result = simulate(load("errors"), scenario("errors"))
    assert result.run == "Error"
    assert result.stages == {"Main": "Error", "Never_Reached": None}
    assert result.steps == {"Breaks": "Error", "Running": "Discontinued", "Review": "Discontinued",
                            "Not_Yet": "Not Started", "Done_Already": "Completed", "Later": "Not Started"}
    assert at(result, "Fail Step", "Breaks") == 600 == at(result, "Fail Run", "Errors")
    assert [w["status"] for w in result.work_items] == ["Completed"]   # background error: items Completed
    assert result.history[-1].label == "Fail Run Errors"


def test_interactive_error_continues_on_the_fault_path_and_leaves_work_items_assigned():
    result = simulate(load("fault_path"), scenario("fault_path"))
    assert result.run == "Completed"
    assert result.stages == {"Main": "Error", "Finish": None, "Recover": "Completed"}
    assert at(result, "Fail Step", "Approve") == 1200
    assert at(result, "Start Stage", "Recover") == 1200
    assert at(result, "End Run", "Fault_Path") == 1290              # MuleSoft flow: 90s
    assert [(w["step"], w["status"]) for w in result.work_items] == [
        ("Approve", "Assigned"), ("Second_Opinion", "Assigned")]
    assert "Fail Run Fault_Path" not in result.milestones


def test_the_same_error_without_a_fault_path_fails_the_run():
    defn = load("fault_path")
    main_stage = defn.stages[0].model_copy(update={"fault": None})
    defn = defn.model_copy(update={"stages": [main_stage, *defn.stages[1:]]})
    result = simulate(defn, scenario("fault_path"))
    assert result.run == "Error"
    assert result.milestones[-3:] == ["Discontinue Step Background_Job", "Fail Stage Main", "Fail Run Fault_Path"]
    assert result.stages["Recover"] is None


def test_a_failed_synchronous_step_fails_at_once():
    result = simulate(load("errors"), Scenario(steps={"Done_Already": {"error": "bad data"}}))
    assert result.run == "Error"
    assert at(result, "Fail Step", "Done_Already") == 0
    assert result.steps["Breaks"] == "Discontinued"


# ------------------------------------------------------------------ decisions and loops (§6.5)


@pytest.mark.parametrize("score, path", [
    (20, ["End Stage Assess", "Start Stage Big", "Start Step Big_Step", "End Step Big_Step", "End Stage Big",
          "End Run Decisions"]),
    (-1, ["End Stage Assess", "End Run Decisions"]),
    (5, ["End Stage Assess", "Start Stage Normal", "Start Step Normal_Step", "End Step Normal_Step",
         "End Stage Normal", "End Run Decisions"]),
])
def test_work_item_outputs_feed_the_decision_first_outcome_else_default(score, path):
    result = simulate(load("decisions"), Scenario(steps={"Score": {"outputs": {"score": score}}}))
    assert result.run == "Completed"
    assert result.milestones == ["Start Run Decisions", "Start Stage Assess", "Start Step Score",
                                 "Start Work Item Score", "End Work Item Score", "End Step Score", *path]
    assert result.outputs["Score"] == {"score": score}
    assert result.work_items[0]["completed_by"] == "Scoring_Queue.member@example.com"
    assert result.time == 3600


def test_step_through_work_item_outputs_choose_the_branch():
    sim = Simulation(load("decisions"))
    sim.complete_work_item("Score", outputs={"score": 11}, user="scorer@example.com")
    assert sim.statuses.stages == {"Assess": "Completed", "Big": "Completed", "Normal": None}
    assert [(d.decision, d.outcome, d.target) for d in sim.decisions] == [("Route", "High", "Big")]
    assert sim.history[-1].label == "End Run Decisions" and sim.time == 0


def test_a_loop_back_through_a_decision_runs_the_stage_again():
    result = simulate(load("loop"), scenario("loop"))
    stage_starts = [(h.time, h.detail) for h in result.history if h.milestone == "Start Stage"]
    assert stage_starts == [(0, "start"), (3600, "Check: default outcome (again)")]
    assert [h.time for h in result.history if h.milestone == "End Step"] == [3600, 7200]
    assert result.run == "Completed" and result.time == 7200


# ------------------------------------------------------------------ assignees and work items (§4)


def test_work_items_are_completed_by_the_user_or_a_group_queue_member_unless_completed_by():
    result = simulate(load("assignees"), scenario("assignees"))
    items = {w["step"]: (w["owner"], w["completed_by"], w["completed"]) for w in result.work_items}
    assert items == {
        "By_User": ("owner@example.com", "owner@example.com", 600),
        "By_Group": (APU, "Finance_Team.member@example.com", 1200),
        "By_Queue": (APU, "counsel@example.com", 1800),
        "By_Reference": ("boss@example.com", "boss@example.com", 2400),
    }
    assert starts(result) == {"By_User": "owner@example.com", "By_Group": "Finance_Team.member@example.com",
                              "By_Queue": "counsel@example.com", "By_Reference": "boss@example.com"}
    ends = {h.element: h.run_as for h in result.history if h.milestone == "End Work Item"}
    assert ends == starts(result)
    assert result.outputs["By_Queue"] == {"approved": False}


# ------------------------------------------------------------------ run-as (§1)

BEFORE = ("Sync_Before", "Async_Before", "Mule_Before")
AFTER = ("Sync_After", "Async_After", "Mule_After", "Async_As_Last", "Mule_As_Last")
CLOSER = "closer@example.com"


def expected_run_as(api: int, context: str) -> tuple[str, dict[str, str]]:
    """(orchestration at the end, Start Step run-as per step) as SPEC §1 states them."""
    if api >= 60:
        steps = {name: APU for name in BEFORE + AFTER}
        steps.update(Async_As_Last=CLOSER, Mule_As_Last=CLOSER, Approve=CLOSER, Sync_Later=APU)
        return APU_SYSTEM, steps
    before = f"{LAUNCHER} ({context} context)"
    after = f"{CLOSER} ({context} context)" if api <= 57 else before
    async_system = APU_SYSTEM if context == "system" else None
    steps = {"Sync_Before": before, "Async_Before": async_system or before, "Mule_Before": before,
             "Approve": CLOSER,
             "Sync_After": after, "Async_After": async_system or after, "Mule_After": after,
             "Async_As_Last": async_system or after, "Mule_As_Last": after,   # option ignored before API 60
             "Sync_Later": after}
    return after, steps


@pytest.mark.parametrize("api", [65, 60, 59, 58, 57])
@pytest.mark.parametrize("context", ["system", "user"])
def test_run_as_for_every_api_version_and_context(api, context):
    defn = load("runas").model_copy(update={"api_version": api, "run_context": context})
    result = simulate(defn, Scenario(globals={"$User.Username": LAUNCHER},
                                     steps={"Approve": {"completed_by": CLOSER}}))
    assert result.run == "Completed"
    orchestration, steps = expected_run_as(api, context)
    assert starts(result) == steps == result.run_as
    first = APU_SYSTEM if api >= 60 else f"{LAUNCHER} ({context} context)"
    assert result.history[0].run_as == first                       # Start Run
    assert result.history[-1].run_as == orchestration              # End Run
    second = next(h for h in result.history if h.label == "Start Stage Second")
    assert second.run_as == orchestration


# ------------------------------------------------------------------ --json and --check (§7)


def test_json_has_exactly_the_spec_keys_and_is_deterministic(simulate_json):
    data = simulate_json(AUDIT / "early_exit.orchestration.yaml", "--scenario", AUDIT / "early_exit.scenario.yaml")
    assert all(list(h) == ["seq", "time", "milestone", "element", "run_as", "detail"] for h in data["history"])
    assert [h["seq"] for h in data["history"]] == list(range(1, len(data["history"]) + 1))
    assert data["run"] == "Completed" and data["stages"]["Handle"] == "Completed"
    assert data["outputs"] == {}


def test_check_fails_on_a_wrong_status_or_milestone_and_names_the_difference(tmp_path, capsys):
    text = (AUDIT / "loop.scenario.yaml").read_text()
    bad = tmp_path / "bad.scenario.yaml"
    bad.write_text(text.replace("    - End Run Loop\n", "    - Start Stage Work\n    - End Run Loop\n")
                   .replace("run: Completed", "run: Error"))
    code = main(["simulate", str(AUDIT / "loop.orchestration.yaml"), "--scenario", str(bad), "--check"])
    err = capsys.readouterr().err
    assert code == 1
    assert "run: expected Error, got Completed" in err
    assert "milestones differ at #10: expected 'Start Stage Work', got 'End Run Loop'" in err


def test_expect_can_name_a_stage_not_reached():
    result = simulate(load("errors"), Scenario.model_validate({
        "steps": {"Breaks": {"error": "x"}},
        "expect": {"stages": {"Never_Reached": "not reached", "Main": "Error"}}}))
    assert result.mismatches == []
    result = simulate(load("errors"), Scenario.model_validate({"expect": {"stages": {"Never_Reached": "not reached"}}}))
    assert result.mismatches == ["stage Never_Reached: expected not reached, got Completed"]


def test_a_stuck_run_fails_check(tmp_path, capsys):
    # without the record change the stage never completes; the 2h job ends and nothing is left
    code = main(["simulate", str(AUDIT / "early_exit.orchestration.yaml"), "--check"])
    out = capsys.readouterr()
    assert code == 1
    assert "stuck" in out.err and "Handle" in out.err


# ------------------------------------------------------------------ suspend / resume / cancel (notes §4.8, §4.6)


def test_suspended_runs_hold_completions_until_resume_and_cancel_ends_everything():
    sim = Simulation(load("timing"), scenario("timing"))
    sim.suspend()
    assert sim.statuses.run == "Suspended" and sim.statuses.stages["Work"] == "Suspended"
    sim.deliver()                                    # Async_Step finishes at 1m: held
    assert sim.statuses.steps["Async_Step"] == "In Progress"
    sim.resume()
    assert sim.statuses.steps["Async_Step"] == "Completed"
    assert [h.label for h in sim.history[-3:]] == ["Suspend Run Timing", "Resume Run Timing", "End Step Async_Step"]
    sim.cancel()
    statuses = sim.statuses
    assert statuses.run == "Canceled" and statuses.stages == {"Work": "Canceled", "Wrap_Up": None}
    assert statuses.steps["Review"] == "Canceled" and statuses.steps["Timed_Sync"] == "Not Started"
    assert [h.label for h in sim.history[-3:]] == ["End Work Item Review", "End Stage Work", "Cancel Run Timing"]


def test_last_interactive_user_is_who_completed_the_most_recently_completed_interactive_step():
    result = simulate(load("last_interactive"), scenario("last_interactive"))
    assert result.mismatches == []
    assert at(result, "End Step", "Approve_A") == 1800
    assert result.run_as["Act_As_Last"] == "first@example.com"
    # A completed by its condition at 5m, before anyone completed its work item: B's user
    result = simulate(load("last_interactive"), Scenario(steps={"Approve_A": {"duration": "10m"},
                                                                "Approve_B": {"duration": "20m"}},
                                                         events=[{"at": "5m", "set": {"flag": True}}]))
    assert at(result, "End Step", "Approve_A") == 300
    assert result.run_as["Act_As_Last"] == "second@example.com"


def test_stage_completion_by_evaluation_flow_runs_it_once_per_pass():
    data = load("early_exit").model_dump(exclude_none=True)
    data["stages"][0]["complete"] = {"when": "evaluation_flow", "flow": "Case_Done"}
    data["flows"].append({"name": "Case_Done", "type": "evaluation"})
    defn = type(load("early_exit")).model_validate(data)
    # pass 1 at stage start (Quick completes in it) → pass 2 at once; the 10m record change → pass 3: True
    result = simulate(defn, Scenario(record={"Id": "500000000000001", "Priority": "Low"},
                                     evaluations={"Case_Done": [False, False, True]},
                                     events=[{"at": "10m", "set": {"$Record.Subject": "x"}}]))
    assert result.evaluation_runs == {"Case_Done": 3}
    assert at(result, "End Stage", "Handle") == 600
    assert result.steps["Long_Job"] == "Discontinued" and result.steps["After_Long"] == "Not Started"
    assert [w["status"] for w in result.work_items] == ["Completed"]


def test_api_57_resumes_as_the_completer_of_the_most_recently_completed_interactive_step():
    defn = load("last_interactive").model_copy(update={"api_version": 57, "run_context": "user"})
    result = simulate(defn, scenario("last_interactive"))
    # B's step completes at 20m (second@), A's at 30m (first@, who completed its work item at 10m)
    assert result.run_as["Act_As_Last"] == "first@example.com (user context)"
    assert result.history[-1].run_as == "first@example.com (user context)"


def test_evaluation_flow_results_come_from_script_then_condition_then_output_then_false():
    defn = load("evaluation_sources")
    result = simulate(defn)
    # Is_Approved reads Approve's output: unavailable (null) until Approve completes at 1h
    assert at(result, "Start Step", "By_Condition") == 3600
    assert at(result, "Start Step", "By_Output") == 0
    assert result.steps["By_Default"] == "Not Started" and result.stuck
    # passes: stage start (By_Output completes in it) → a second at once; 1h work item (By_Condition
    # completes in it) → a fourth at once. Is_Approved stops once its step has started.
    assert result.evaluation_runs == {"Is_Approved": 3, "Says_Nothing": 4, "Says_Yes": 1}
    result = simulate(defn, Scenario(evaluations={"Says_Nothing": True, "Is_Approved": [False]}))
    assert result.steps["By_Default"] == "Completed"
    assert result.steps["By_Condition"] == "Not Started"      # the script's last value repeats


def test_a_discontinued_steps_completion_causes_no_pass_later():
    data = load("early_exit").model_dump(exclude_none=True)
    data["stages"][1]["steps"][0]["start"] = {"when": "evaluation_flow", "flow": "Counted"}
    data["flows"].append({"name": "Counted", "type": "evaluation"})
    defn = type(load("early_exit")).model_validate(data)
    # Close starts at 30m (pass: run 1); Long_Job would have ended at 2h and Review at 1h —
    # both were discontinued, so nothing re-evaluates Close again
    result = simulate(defn, scenario("early_exit").model_copy(update={"expect": None}))
    assert result.evaluation_runs == {"Counted": 1}
    assert result.run == "In Progress" and result.stuck and result.time == 1800
