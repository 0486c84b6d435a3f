"""The step-through API: pending events, choices, going back, observers, the action log."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.runtime import (
    HistoryAdded,
    ReferenceRead,
    Simulation,
    SimulationError,
    StateRestored,
    StatusChanged,
    simulate,
)
from engine.scenario_model import Scenario

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def load(name: str):
    return engine.load(FIXTURES / f"{name}.orchestration.yaml")


def snapshot(sim: Simulation):
    return ([h.to_dict() for h in sim.history], sim.statuses, [(e.id, e.time) for e in sim.pending()], sim.time)


def test_pending_events_are_listed_in_delivery_order():
    sim = Simulation(load("runas"))
    pending = sim.pending()
    assert [(e.kind, e.element, e.time) for e in pending] == [
        ("step_completion", "Async_Before", 60), ("step_completion", "Mule_Before", 60),
        ("work_item", "Approve", 3600)]
    assert all(e.description for e in pending)


def test_delivering_a_later_event_first_explores_another_interleaving():
    sim = Simulation(load("early_exit"))
    work_item = [e for e in sim.pending() if e.kind == "work_item"][0]
    sim.deliver(work_item.id)               # the approver finishes before the check
    assert sim.time == 3600
    assert sim.statuses.steps["Approve"] == "Completed"
    sim.deliver()                            # the check's event (due at 5m) is delivered late
    assert sim.time == 3600                  # the clock never goes back
    # Never started after Approve; the stage's requirements now hold and discontinue it
    assert sim.statuses.steps["Never"] == "Discontinued"
    assert sim.statuses.stages["Decide"] == "Completed"


def test_complete_work_item_with_chosen_outputs_and_user():
    defn = engine.load(EXAMPLES / "employee_onboarding.orchestration.yaml")
    sim = Simulation(defn)
    step = sim.open_work_items()[0].step
    sim.complete_work_item(step, outputs={"approved": False}, user="someone@example.com")
    assert sim.work_items()[0].completed_by == "someone@example.com"
    assert sim.outputs(step) == {"approved": False}
    with pytest.raises(SimulationError):
        sim.complete_work_item(step)


def test_set_field_and_publish_event_reevaluate_the_stage():
    sim = Simulation(load("start_conditions"), Scenario(evaluations={"Gate": [False, False, False, True]}))
    runs = sim.evaluation_runs["Gate"]
    sim.publish_event()
    assert sim.evaluation_runs["Gate"] == runs + 1
    sim.set_field("flag", True)
    assert sim.statuses.steps["When_Flag"] == "Completed"
    with pytest.raises(SimulationError):
        sim.set_field("First.Status", "Completed")      # automatic outputs cannot be set
    with pytest.raises(SimulationError):
        sim.set_field("$Record.Industry", "Retail")     # not record-triggered


def test_fail_step_requires_an_in_progress_step():
    sim = Simulation(load("errors"))
    with pytest.raises(SimulationError):
        sim.fail_step("Later", "nope")
    sim.fail_step("Long_Job", "boom")
    assert sim.statuses.steps["Long_Job"] == "Error"


def test_step_back_restores_exactly_the_earlier_state():
    sim = Simulation(load("runas"))
    states = [snapshot(sim)]
    while sim.pending():
        sim.deliver()
        states.append(snapshot(sim))
    assert sim.is_finished
    for expected in reversed(states[:-1]):
        sim.step_back()
        assert snapshot(sim) == expected


def test_go_to_and_reset():
    sim = Simulation(load("runas"))
    start = snapshot(sim)
    sim.run_to_end()
    seq = [h.seq for h in sim.history if h.label == "End Step Approve"][0]
    sim.go_to(seq)
    assert sim.history[-1].seq >= seq and sim.history[seq - 1].label == "End Step Approve"
    assert sim.statuses.steps["Approve"] == "Completed"
    assert sim.statuses.steps["Async_After"] == "In Progress"
    sim.reset()
    assert snapshot(sim) == start
    sim.run_to_end()
    assert sim.is_finished


def test_step_back_then_a_different_choice_discards_the_old_future():
    sim = Simulation(load("early_exit"))
    sim.deliver()
    assert sim.is_finished
    sim.step_back()
    sim.complete_work_item("Approve")
    assert sim.statuses.steps["Approve"] == "Completed"
    assert [a.kind for a in sim.actions] == ["complete_work_item"]


def test_observers_receive_history_status_reads_and_restores():
    sim = Simulation(load("start_conditions"), Scenario(evaluations={"Gate": True}))
    seen = []
    unsubscribe = sim.subscribe(seen.append)
    sim.set_field("flag", True)
    sim.deliver()
    kinds = {type(e) for e in seen}
    assert {HistoryAdded, StatusChanged, ReferenceRead} <= kinds
    reads = [e for e in seen if isinstance(e, ReferenceRead)]
    assert ("start", "When_Flag", "flag", True) in [(r.point, r.element, r.ref, r.available) for r in reads]
    assert any(e.element == "First" and e.old == "In Progress" and e.new == "Completed"
               for e in seen if isinstance(e, StatusChanged))
    seen.clear()
    sim.step_back()
    assert [type(e) for e in seen] == [StateRestored]
    unsubscribe()
    sim.reset()
    assert len(seen) == 1


def test_reference_read_reports_unavailable_outputs():
    sim = Simulation(engine.load(EXAMPLES / "quote_approval.orchestration.yaml"),
                     engine.load_scenario(EXAMPLES / "quote_approval.scenario.yaml"))
    reads = []
    sim.subscribe(lambda e: reads.append(e) if isinstance(e, ReferenceRead) else None)
    sim.run_to_end()
    assert reads and all(isinstance(r.available, bool) for r in reads)
    assert {r.point for r in reads} <= {"start", "start_inputs", "inputs", "assignee", "record", "complete",
                                        "stage_complete", "decision"}


def test_action_log_saved_as_script_replays_the_same_run():
    defn = load("early_exit")
    sim = Simulation(defn)
    approve = [e for e in sim.pending() if e.kind == "work_item"][0]
    sim.deliver(approve.id)
    sim.run_to_end()
    script = sim.script()
    assert script == [{"deliver": approve.id, "element": "Approve"}]
    replayed = simulate(defn, Scenario(script=script))
    assert [h.to_dict() for h in sim.history] == [h.model_dump() for h in replayed.history]


def test_script_with_manual_actions_round_trips():
    defn = load("runas")
    sim = Simulation(defn)
    sim.deliver()
    sim.complete_work_item("Approve", outputs={}, user="other@example.com")
    sim.suspend()
    sim.deliver()
    sim.resume()
    sim.run_to_end()
    again = Simulation(defn, Scenario(script=sim.script()))
    again.run_to_end()
    assert [h.to_dict() for h in again.history] == [h.to_dict() for h in sim.history]


def test_suspend_holds_deliveries_until_resume():
    sim = Simulation(load("runas"))
    sim.suspend()
    assert sim.statuses.run == "Suspended" and sim.statuses.stages["Only"] == "Suspended"
    sim.deliver()
    assert sim.statuses.steps["Async_Before"] == "In Progress"     # stored, not processed
    sim.resume()
    assert sim.statuses.steps["Async_Before"] == "Completed"
    assert [h.milestone for h in sim.history if "Run" in h.milestone] == ["Start Run", "Suspend Run", "Resume Run"]


def test_cancel_matches_the_status_matrix():
    sim = Simulation(load("runas"))
    sim.cancel()
    st = sim.statuses
    assert st.run == "Canceled" and st.stages["Only"] == "Canceled"
    assert st.steps["Async_Before"] == "Canceled" and st.steps["Sync_After"] == "Not Started"
    assert st.steps["Sync_Before"] == "Completed"
    assert list(st.work_items.values()) == ["Completed"]
    assert sim.history[-1].milestone == "Cancel Run"
    assert sim.is_finished and sim.pending() == []
    with pytest.raises(SimulationError):
        sim.publish_event()


def test_the_definition_is_never_mutated():
    defn = load("errors")
    before = defn.model_dump()
    sim = Simulation(defn)
    sim.run_to_end()
    sim.reset()
    assert defn.model_dump() == before


def test_reassign_work_item_changes_assignee_owner_and_completer():
    sim = Simulation(load("runas"))
    sim.reassign_work_item("Approve", "Backup_Queue", "queue")
    item = sim.open_work_items()[0]
    assert (item.assignee, item.assignee_type, item.owner) == ("Backup_Queue", "queue", "Automated Process User")
    assert sim.history[-1].label == "Reassign Work Item Approve"
    sim.run_to_end()
    assert sim.work_items()[0].completed_by == "Backup_Queue.member@example.com"
    replay = simulate(load("runas"), Scenario(script=sim.script()))
    assert [h.model_dump() for h in replay.history] == [h.to_dict() for h in sim.history]


def test_recorded_script_survives_saving_and_loading_the_scenario():
    from engine.io import dumps_scenario, loads_scenario

    sim = Simulation(load("runas"))
    sim.deliver(sim.pending()[1].id)
    sim.complete_work_item("Approve", outputs={"ok": False}, user="x@example.com")
    sim.set_field("$User.Username", "someone@example.com")
    sim.publish_event()
    loaded = loads_scenario(dumps_scenario(Scenario(scenario="Recorded", script=sim.script())))
    assert loaded.ok, loaded.diagnostics
    replay = Simulation(load("runas"), loaded.scenario)
    assert [h.to_dict() for h in replay.history] == [h.to_dict() for h in sim.history]


def test_inputs_are_resolved_when_the_step_starts():
    sim = Simulation(load("errors"))
    assert sim.inputs("Tidy_Up") is None
    sim.run_to_end()
    assert sim.inputs("Tidy_Up") == {"failed": "Error"}     # the fault path reads the failed step's Status
