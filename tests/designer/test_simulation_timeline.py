"""The timeline data and the canvas overlay computed from a run (no window needed)."""

from __future__ import annotations

from engine.io import load, load_scenario
from engine.layout import START_NODE
from engine.runtime import Simulation
from tests.conftest import EXAMPLES


def quote_run(to_end: bool = True) -> Simulation:
    sim = Simulation(load(EXAMPLES / "quote_approval.orchestration.yaml"),
                     load_scenario(EXAMPLES / "quote_approval.scenario.yaml"))
    if to_end:
        sim.run_to_end()
    return sim


def test_timeline_rows_bars_and_decisions():
    from designer.simulation.timeline_model import build_timeline

    sim = quote_run()
    t = build_timeline(sim.definition, sim.history, sim.time, sim.decisions, sim.is_finished)
    names = [(r.kind, r.name) for r in t.rows]
    assert names[:2] == [("stage", "Assess"), ("step", "Check_Discount")]
    assert ("stage", "Rework") in names and ("step", "Revise_Quote") not in names   # not reached: no step rows
    rows = {r.name: r for r in t.rows}
    assert not rows["Rework"].reached
    manager = rows["Manager_Approval"].bars[0]
    assert (manager.start, manager.end, manager.outcome) == (0, 10800, "Completed")
    assert manager.work_item and manager.run_as == "sales.manager@example.com"
    assert [m.decision for m in t.decisions] == ["Needs_Approval", "Approval_Outcome"]
    assert t.finished and t.end == sim.time


def test_running_step_has_an_open_bar():
    from designer.simulation.timeline_model import build_timeline

    sim = quote_run(to_end=False)
    t = build_timeline(sim.definition, sim.history, sim.time, sim.decisions)
    bar = next(r for r in t.rows if r.name == "Manager_Approval").bars[0]
    assert bar.end is None and bar.outcome == "In Progress"


def test_taken_edges_follow_the_decisions():
    from designer.simulation.overlay import taken_edges

    sim = quote_run()
    edges = taken_edges(sim)
    assert {(START_NODE, "Assess"), ("Assess", "Needs_Approval"), ("Needs_Approval", "Approval"),
            ("Approval_Outcome", "Finalize"), ("Finalize", "end")} <= edges
    assert not any(target == "Rework" for _source, target in edges)


def test_timeline_picture_export(qtbot, tmp_path):
    from designer.simulation.timeline_model import build_timeline
    from designer.simulation.timeline_view import TimelineWidget, export_timeline
    from PySide6.QtGui import QImage

    sim = quote_run()
    t = build_timeline(sim.definition, sim.history, sim.time, sim.decisions, True)
    export_timeline(t, tmp_path / "t.png", 1000)
    image = QImage(str(tmp_path / "t.png"))
    assert image.width() == 2000 and image.height() > 200    # drawn at 2x for crisp zoom
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_timeline(t)
    assert widget.minimumHeight() == image.height() // 2
