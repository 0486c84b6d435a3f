"""The shared auto layout: columns along the path, cards inside stages, routed edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.layout import END_NODE, START_NODE, column_order, layout
from engine.model import (BackgroundStep, Decision, InteractiveStep, Orchestration, Outcome, Stage,
                          StepCompleted)

SMALL = Path(__file__).parent.parent / "designer" / "fixtures" / "small.orchestration.yaml"


def stage(name, *steps, **kw):
    return Stage(name=name, steps=[BackgroundStep(name=s, type="background") for s in steps], **kw)


def test_columns_follow_the_path_not_the_file_order():
    defn = Orchestration(name="X", start="C", stages=[stage("A", "a", next="end"), stage("B", "b", next="A"),
                                                     stage("C", "c", next="B")])
    assert column_order(defn) == ["C", "B", "A"]


def test_decision_branches_come_before_their_join_and_unreachable_last():
    defn = Orchestration(
        name="X",
        stages=[stage("First", "f", next="D"), stage("Join", "j", next="end"), stage("Left", "l", next="Join"),
                stage("Right", "r", next="Join"), stage("Orphan", "o")],
        decisions=[Decision(name="D", outcomes=[Outcome(name="L", next="Left")], default="Right")])
    order = column_order(defn)
    assert order[:2] == ["First", "D"]
    assert order.index("Join") > max(order.index("Left"), order.index("Right"))
    assert order[-1] == "Orphan"


def test_loops_do_not_break_the_order():
    defn = Orchestration(name="X", stages=[stage("A", "a"), stage("B", "b", next="A")])
    assert column_order(defn) == ["A", "B"]
    result = layout(defn)
    back = [e for e in result.edges if e.source == "B" and e.target == "A"]
    assert back and back[0].points[1][1] > result.stages["A"].rect.bottom  # routed underneath


def test_cards_stack_inside_their_stage_without_overlap():
    from engine.io import load

    result = layout(load(SMALL))
    for box in result.steps.values():
        outer = result.stages[box.stage].rect
        assert outer.x < box.rect.x and box.rect.right < outer.right
        assert outer.y < box.rect.y and box.rect.bottom < outer.bottom
    rects = sorted((b.rect for b in result.steps.values() if b.stage == "Intake"), key=lambda r: r.y)
    assert rects[0].bottom < rects[1].y
    columns = sorted(result.stages.values(), key=lambda b: b.rect.x)
    assert all(a.rect.right < b.rect.x for a, b in zip(columns, columns[1:]))


def test_edges_kinds_labels_and_fault_paths():
    defn = Orchestration(
        name="X",
        stages=[Stage(name="A", fault="Recover", steps=[
            InteractiveStep(name="a1", type="interactive"),
            BackgroundStep(name="a2", type="background", start=StepCompleted(step="a1"))], next="D"),
            stage("B", "b"), stage("Recover", "r", next="end")],
        decisions=[Decision(name="D", outcomes=[Outcome(name="Yes", label="Approved", next="B")], default="end")])
    result = layout(defn)
    kinds = {(e.source, e.target): (e.kind, e.label) for e in result.edges}
    assert kinds[(START_NODE, "A")] == ("start", None)
    assert kinds[("A", "Recover")] == ("fault", "Fault")
    assert kinds[("D", "B")] == ("outcome", "Approved")
    assert kinds[("D", "end")] == ("default", "Default")
    assert kinds[("a1", "a2")][0] == "after"
    assert END_NODE == "$end" and result.end is not None


def test_dangling_targets_are_skipped_not_fatal():
    defn = Orchestration(name="X", stages=[stage("A", "a", next="Nowhere", fault="Missing")])
    result = layout(defn)
    assert {e.target for e in result.edges} == {"A"}


def test_empty_definition_and_drop_helpers():
    result = layout(Orchestration(name="X"))
    assert result.columns == [] and result.bounds.w > 0
    big = layout(Orchestration(name="Y", stages=[stage("A", "a1", "a2"), stage("B")]))
    a = big.stages["A"].rect
    assert big.stage_at(a.x + 5, a.y + 200) == "A"
    assert big.insert_index("A", big.steps["a2"].rect.y + 1) == 1
    assert big.insert_index("A", big.steps["a2"].rect.bottom + 50) == 2
    assert big.column_index(a.x - 10) == 0 and big.column_index(big.stages["B"].rect.right + 10) == 2


@pytest.mark.parametrize("steps", [1000])
def test_large_layout_is_quick(steps):
    import time

    defn = Orchestration(name="Big", stages=[stage(f"S{i}", *[f"s{i}_{j}" for j in range(20)])
                                             for i in range(steps // 20)])
    started = time.perf_counter()
    layout(defn)
    assert time.perf_counter() - started < 1.0


def test_layout_is_qt_free():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = "import sys, engine.layout; assert 'PySide6' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
