"""The simulation panel driven like a user would: step, act as assignees, deliver out of order,
travel back and forth, save the rehearsal as a scenario that `simulate --check` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.io import load, load_scenario
from engine.runtime import simulate
from tests.conftest import EXAMPLES

from test_simulation_helpers import open_example, step_to_end

FIXTURES = Path(__file__).parent / "fixtures"


def snapshot(sim):
    return (sim.statuses, sim.history, [(e.kind, e.element, e.time) for e in sim.pending()], sim.time)


def test_step_through_example_to_the_end(window):
    ctl = open_example(window, "employee_onboarding")
    panel = ctl.panel
    step_to_end(panel, 50)
    sim = ctl.session.adapter.sim
    expected = simulate(load(EXAMPLES / "employee_onboarding.orchestration.yaml"),
                        load_scenario(EXAMPLES / "employee_onboarding.scenario.yaml"))
    assert sim.statuses.run == "Completed" == expected.run
    assert sim.statuses.steps == expected.steps
    assert "Run Completed" in panel.status_line.text()
    assert panel.history.model.rowCount() == len(expected.history)
    overlay = window.scene.overlay()
    assert overlay["Prepare"].status == "Completed" and overlay["Welcome"].status == "Completed"
    assert all(overlay[s].status == "Completed" for s in expected.steps)
    assert ctl.path_layer.edge_count() >= 3  # start → Prepare → Welcome → end


def test_overlay_mid_run_marks_current_stage_work_items_and_unreached(window):
    ctl = open_example(window, "quote_approval")
    overlay = window.scene.overlay()
    assert overlay["Approval"].status == "In Progress" and "▶" in overlay["Approval"].marker
    assert "✉" in overlay["Manager_Approval"].marker          # an open work item
    assert overlay["Finalize"].dimmed and overlay["Rework"].dimmed   # not reached
    assert overlay["Needs_Approval"].status == "Taken"
    assert overlay["Approval_Outcome"].dimmed
    assert ctl.panel.work_guide.items.topLevelItemCount() == 1


@pytest.mark.parametrize("approved, stage_taken, stage_skipped", [(False, "Rework", "Finalize"),
                                                                  (True, "Finalize", "Rework")])
def test_work_item_outputs_decide_the_branch(window, approved, stage_taken, stage_skipped):
    ctl = open_example(window, "quote_approval")
    guide = ctl.panel.work_guide
    assert guide.select_step("Manager_Approval")
    checkbox = guide.outputs.editors["approved"]
    checkbox.setChecked(approved)
    guide.user.setEditText("deputy.manager@example.com")
    guide.complete_button.click()
    sim = ctl.session.adapter.sim
    assert sim.outputs("Manager_Approval")["approved"] is approved
    item = next(w for w in sim.work_items() if w.step == "Manager_Approval")
    assert item.completed_by == "deputy.manager@example.com"
    ctl.panel.actions["run_to_end"].trigger()
    assert sim.statuses.stages[stage_taken] == "Completed"
    assert sim.statuses.stages[stage_skipped] is None
    assert ("Approval_Outcome", stage_taken) in {(d.decision, d.target) for d in sim.decisions}
    assert window.scene.overlay()[stage_skipped].dimmed


def test_fail_work_item_fails_the_stage(window):
    ctl = open_example(window, "quote_approval")
    guide = ctl.panel.work_guide
    guide.select_step("Manager_Approval")
    guide.fail_message.setText("Screen flow crashed")
    guide.fail_button.click()
    sim = ctl.session.adapter.sim
    assert sim.statuses.steps["Manager_Approval"] == "Error"
    assert sim.statuses.run == "Error"
    assert window.scene.overlay()["Manager_Approval"].status == "Error"


def _run_until_two_pending(ctl):
    panel = ctl.panel
    for _ in range(20):
        if len(ctl.session.adapter.sim.pending()) >= 2:
            return ctl.session.adapter.sim.pending()
        panel.step()
    pytest.fail("never two pending events")


def test_deliver_events_out_of_order(window):
    ctl = open_example(window, "incident_response", scenario=False)
    first, second = _run_until_two_pending(ctl)[:2]
    events = ctl.panel.events
    events.refresh()
    assert events.queue.topLevelItemCount() >= 2
    assert events.select_event(second.id)
    events.deliver_button.click()
    sim = ctl.session.adapter.sim
    assert [e.id for e in sim.pending()][:1] == [first.id]         # the earlier one still waits
    assert sim.actions[-1].chosen and sim.actions[-1].event_id == second.id
    assert sim.time == second.time                                  # the clock jumped to it


def test_make_async_step_fail_from_events(window):
    ctl = open_example(window, "incident_response", scenario=False)
    pending = _run_until_two_pending(ctl)
    completion = next(e for e in pending if e.kind == "step_completion")
    events = ctl.panel.events
    events.select_event(completion.id)
    events.fail_message.setText("Mail server down")
    events.fail_button.click()
    assert ctl.session.adapter.sim.statuses.steps[completion.element] == "Error"


def test_step_back_and_forth_gives_identical_states(window):
    ctl = open_example(window, "employee_onboarding")
    panel = ctl.panel
    adapter = ctl.session.adapter
    states = [snapshot(adapter.sim)]
    while panel.actions["step"].isEnabled():
        panel.step()
        states.append(snapshot(adapter.sim))
    n = len(states) - 1
    assert n >= 4 and states[-1][0].run == "Completed"
    for k in range(n, 0, -1):
        panel.actions["back"].trigger()
        assert snapshot(adapter.sim) == states[k - 1]
    assert not panel.actions["back"].isEnabled() and panel.actions["forward"].isEnabled()
    assert panel.scrubber.maximum() == len(states[-1][1])  # the whole history reached, even from the start
    panel.scrubber.setValue(len(states[n - 1][1]))       # forward to a milestone: right after its action
    assert snapshot(adapter.sim) == states[n - 1]
    panel.scrubber.setValue(len(states[1][1]))
    assert snapshot(adapter.sim) == states[1]
    for k in range(2, n + 1):
        panel.actions["forward"].trigger()
        assert snapshot(adapter.sim) == states[k]
    assert not panel.actions["forward"].isEnabled()
    assert ctl.panel.history.model.rowCount() == len(states[-1][1])


def test_scrubber_moves_over_history_entries_and_says_where(window):
    ctl = open_example(window, "employee_onboarding")
    panel, adapter = ctl.panel, ctl.session.adapter
    panel.run_to_end()
    history = list(adapter.sim.history)
    assert panel.scrubber.maximum() == panel.scrubber.value() == len(history)
    last = history[-1]
    assert panel.position_label.text().startswith(f"#{last.seq} of {len(history)} · ")
    assert f"{last.milestone} {last.element}" in panel.position_label.text()
    target = next(h for h in history if h.milestone == "End Step" and h.element == "Create_Accounts")
    panel.scrubber.setValue(target.seq)                  # jump back to that milestone
    now = adapter.sim.history
    assert len(now) >= target.seq and now[target.seq - 1] == target
    assert len(now) < len(history) and panel.scrubber.maximum() == len(history)
    assert adapter.sim.statuses.steps[target.element] == "Completed"
    assert len(panel.scrubber.stops) == adapter.last_position + 1 and panel.scrubber.stops[-1] == len(history)
    assert panel.scrubber.value() in panel.scrubber.stops           # it lands on a tick (the end of an action)
    before = adapter.position
    panel.scrubber.setValue(panel.scrubber.value() - 1)  # one notch left: the previous action
    assert adapter.position == before - 1
    panel.scrubber.setSliderDown(True)                   # dragging only previews
    panel.scrubber.setValue(len(history))
    assert panel.position_label.text().startswith("→ #") and adapter.position == before - 1
    panel.scrubber.setSliderDown(False)
    panel.scrubber.sliderReleased.emit()
    assert adapter.sim.history == history and not panel.actions["forward"].isEnabled()


def test_save_scenario_passes_simulate_check(window, tmp_path):
    from engine.cli import main

    ctl = open_example(window, "incident_response", scenario=False)
    first, second = _run_until_two_pending(ctl)[:2]
    ctl.panel.events.select_event(second.id)
    ctl.panel.events.deliver_button.click()
    ctl.panel.run_to_end()
    target = tmp_path / "incident_response.rehearsal.scenario.yaml"
    assert ctl.save_scenario(str(target)) == str(target)
    saved = load_scenario(target)
    assert saved.script and saved.script[0].deliver is not None
    assert saved.expect.run == ctl.session.adapter.sim.statuses.run
    assert "--check" in ctl.panel.notice.text()
    defn = EXAMPLES / "incident_response.orchestration.yaml"
    assert main(["simulate", str(defn), "--scenario", str(target), "--check"]) == 0


def test_saved_scenario_of_unfinished_run_with_work_item_choice(window, tmp_path):
    from engine.cli import main

    ctl = open_example(window, "quote_approval")
    guide = ctl.panel.work_guide
    guide.select_step("Manager_Approval")
    guide.outputs.editors["approved"].setChecked(False)
    guide.complete_button.click()
    target = tmp_path / "quote_approval.rejected.scenario.yaml"
    ctl.save_scenario(str(target))
    saved = load_scenario(target)
    assert saved.scenario == "rejected"
    assert saved.script[0].complete == "Manager_Approval" and saved.script[0].outputs["approved"] is False
    assert saved.expect.stages["Rework"] == "Completed"
    assert "not finished" in ctl.panel.notice.text()
    defn = EXAMPLES / "quote_approval.orchestration.yaml"
    assert main(["simulate", str(defn), "--scenario", str(target), "--check"]) == 0


def test_editing_the_definition_restarts_the_run_with_a_notice(window):
    from designer.commands import SetFieldCommand

    ctl = open_example(window, "employee_onboarding")
    ctl.panel.step()
    ctl.panel.step()
    before = ctl.session.adapter.sim
    window.document.undo_stack.push(SetFieldCommand(window.document, "stage", "Welcome", "label", "Day one"))
    after = ctl.session.adapter.sim
    assert after is not before and after.definition is window.document.definition
    assert "definition changed" in ctl.panel.notice.text()
    assert after.position == before.position       # the two deliveries were replayed
    assert after.history == before.history


def test_history_filter_and_click_selects_element(window):
    ctl = open_example(window, "employee_onboarding")
    ctl.panel.run_to_end()
    history = ctl.panel.history
    total = history.proxy.rowCount()
    history.filter.setText("Create_Accounts")
    assert 0 < history.proxy.rowCount() < total
    index = history.proxy.index(0, 2)
    history.table.clicked.emit(index)
    assert window.document.selection == ["Create_Accounts"]


def test_breakpoint_stops_the_run_when_its_stage_starts(window):
    ctl = open_example(window, "employee_onboarding")
    window.document.set_selection(["Welcome"])
    assert ctl.toggle_breakpoint() is True
    assert "●" in window.scene.overlay()["Welcome"].marker
    ctl.panel.actions["run_to_breakpoint"].trigger()
    sim = ctl.session.adapter.sim
    assert sim.current_stage == "Welcome" and not sim.is_finished
    assert sim.history[-1].element in {"Welcome", "Plan_First_Week"}


def test_stuck_run_is_explained_in_a_banner(window):
    from designer.simulation import install

    path = FIXTURES / "simulation_ping_pong.orchestration.yaml"
    window.document.reset(load(path), path)
    ctl = install(window)
    ctl.panel.restart()
    assert ctl.panel.stuck.isVisibleTo(ctl.panel)
    assert "Ping waits for Pong, which waits for Ping" in ctl.panel.stuck.text()
    assert not ctl.panel.actions["step"].isEnabled()


def test_set_record_field_and_publish(window):
    ctl = open_example(window, "quote_approval")
    events = ctl.panel.events
    events.ref.setEditText("$Record.Discount")
    events.value.setText("5")
    events.set_button.click()
    sim = ctl.session.adapter.sim
    assert sim.value("$Record.Discount")[0] == 5
    events.publish_button.click()
    assert [a.kind for a in sim.actions[-2:]] == ["set_field", "publish"]
    assert ctl.panel.error.text() == ""


def test_user_error_shows_in_banner_not_traceback(window):
    ctl = open_example(window, "employee_onboarding")
    ctl.panel.events.ref.setEditText("Not_A_Thing")
    ctl.panel.events.value.setText("x")
    ctl.panel.events.set_button.click()
    assert "Not_A_Thing" in ctl.panel.error.text()


def test_exports_history_and_timeline(window, tmp_path):
    import json

    ctl = open_example(window, "quote_approval")
    ctl.panel.run_to_end()
    csv_path, json_path = tmp_path / "h.csv", tmp_path / "h.json"
    ctl.export_history(str(csv_path))
    ctl.export_history(str(json_path))
    rows = csv_path.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "seq,time,milestone,element,run_as,detail"
    assert len(rows) == 1 + len(ctl.session.adapter.sim.history)
    assert json.loads(json_path.read_text())["history"][0]["milestone"] == "Start Run"
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    ctl.export_timeline(str(png))
    ctl.export_timeline(str(svg))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Manager approval" in text


def test_installed_by_the_main_window(qtbot, monkeypatch):
    from designer.main_window import MainWindow

    w = MainWindow(restore_layout=False)
    qtbot.addWidget(w)
    assert "SimulationDock" in w.panels
    texts = [a.text() for a in w.menus["simulate"].actions()]
    assert any("Breakpoint" in t for t in texts) and any("Scenario" in t for t in texts)
    w.document.mark_saved()


def test_opening_another_file_stops_the_run(window):
    ctl = open_example(window, "quote_approval")
    assert ctl.session.active
    other = EXAMPLES / "employee_onboarding.orchestration.yaml"
    window.document.reset(load(other), other)
    assert not ctl.session.active and ctl.session.scenario is None
    assert window.scene.overlay() is None
    assert ctl.panel.scenario_box.findText("employee_onboarding.scenario.yaml") > 0


def test_canvas_context_menu_offers_breakpoints(window):
    from PySide6.QtCore import QPointF

    from designer.simulation import install

    ctl = install(window)
    assert ctl.add_context_actions in window.context_menu_hooks
    menu = window.edit.context_menu(QPointF(10, 10), "Stage_1")
    action = next(a for a in menu.actions() if a.text() == "Set Breakpoint")
    menu.close()
    action.trigger()
    assert "Stage_1" in ctl.session.breakpoints
    assert "●" in window.scene.overlay()["Stage_1"].marker
    menu = window.edit.context_menu(QPointF(10, 10), "Stage_1")
    assert "Remove Breakpoint" in [a.text() for a in menu.actions()]
    menu.close()


def test_adapter_turns_engine_callbacks_into_signals(qtbot):
    from designer.simulation.adapter import SimulationAdapter

    adapter = SimulationAdapter(load(EXAMPLES / "employee_onboarding.orchestration.yaml"),
                                load_scenario(EXAMPLES / "employee_onboarding.scenario.yaml"))
    seen = []
    adapter.history_added.connect(lambda entry: seen.append(entry.milestone))
    with qtbot.waitSignals([adapter.status_changed, adapter.action_applied, adapter.refreshed], timeout=1000):
        assert adapter.deliver()
    assert "End Work Item" in seen
    with qtbot.waitSignal(adapter.restored, timeout=1000):
        adapter.step_back()
    with qtbot.waitSignal(adapter.failed, timeout=1000) as blocker:
        assert not adapter.deliver("E999")
    assert "E999" in blocker.args[0]
    adapter.close()


def test_reassign_suspend_resume_and_cancel(window):
    ctl = open_example(window, "quote_approval")
    guide = ctl.panel.work_guide
    guide.select_step("Manager_Approval")
    guide.reassign_type.setCurrentText("user")
    guide.reassign_to.setText("regional.manager@example.com")
    guide.reassign_button.click()
    sim = ctl.session.adapter.sim
    assert sim.open_work_items()[0].assignee == "regional.manager@example.com"
    assert sim.history[-1].milestone == "Reassign Work Item"
    ctl.panel.actions["suspend"].trigger()
    assert sim.statuses.run == "Suspended" and ctl.panel.actions["resume"].isEnabled()
    ctl.panel.actions["resume"].trigger()
    ctl.panel.actions["cancel"].trigger()
    assert sim.statuses.run == "Canceled"
    assert not ctl.panel.actions["step"].isEnabled()
