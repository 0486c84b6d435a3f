"""An editor re-validates after every edit: analysis diagnostics are reused only when an edit
cannot change them (a label, a description), and are always what a fresh analysis finds."""

from __future__ import annotations

import engine
from engine.analysis import diagnostics, reuse
from engine.analysis.core import Analysis
from engine.model import StageStarts
from engine.validate import validate
from tests.conftest import ROOT

CYCLE = ROOT / "tests" / "engine" / "fixtures" / "analysis" / "cycle.orchestration.yaml"


def edit_step(defn, step_name: str, /, **update):
    """What the designer does: copy only the touched step, its stage and the definition."""
    stages = []
    for stage in defn.stages:
        steps = [st.model_copy(update=update) if st.name == step_name else st for st in stage.steps]
        stages.append(stage.model_copy(update={"steps": steps}) if steps != list(stage.steps) else stage)
    edited = defn.model_copy(update={"stages": stages})
    edited._lines = defn._lines
    return edited


def fresh(defn):
    """What an analysis from scratch finds (nothing remembered from earlier definitions)."""
    remembered = reuse._last, reuse._stages
    reuse._last = reuse._stages = None
    try:
        return Analysis(defn).diagnostics()  # reuse=False: built from scratch
    finally:
        reuse._last, reuse._stages = remembered


def test_a_label_edit_reuses_the_diagnostics_and_they_stay_right():
    defn = engine.load(CYCLE)
    before = diagnostics(defn)
    assert {d.code for d in before} >= {"DEPENDENCY_CYCLE", "STEP_NEVER_STARTS"}
    relabelled = edit_step(defn, "Ping", label="Ping the other side", description="now with words")
    assert diagnostics(relabelled) == before == fresh(relabelled)
    assert validate(relabelled) == validate(defn)


def test_an_edit_the_analysis_reads_is_analysed_again():
    defn = engine.load(CYCLE)
    assert any(d.code == "DEPENDENCY_CYCLE" for d in diagnostics(defn))
    broken_cycle = edit_step(defn, "Ping", start=StageStarts())
    found = diagnostics(broken_cycle)
    assert not any(d.code == "DEPENDENCY_CYCLE" for d in found)
    assert found == fresh(broken_cycle)
    renamed_flow = edit_step(defn, "Serve", action="Other_Flow")
    assert diagnostics(renamed_flow) == fresh(renamed_flow)


def test_definitions_from_different_files_are_never_mixed_up():
    a, b = engine.load(CYCLE), engine.load(CYCLE)
    diagnostics(a)
    shifted = edit_step(b, "Ping", label="x")
    shifted._lines = {k: v + 100 for k, v in b._lines.items()}  # same content, other lines
    assert diagnostics(shifted) == fresh(shifted)
    assert all(d.line is None or d.line > 100 for d in diagnostics(shifted))


def test_unchanged_stages_keep_their_event_graphs_and_the_result_is_the_same():
    from engine.analysis import analyze

    defn = engine.load(ROOT / "tests" / "engine" / "fixtures" / "analysis" / "branches.orchestration.yaml")
    first = analyze(defn, fresh=True)
    step = defn.stages[3].steps[0]
    edited = edit_step(defn, step.name, inputs={})  # what the analysis reads, in one stage
    second = analyze(edited)
    assert second.stage_events[defn.stages[0].name] is first.stage_events[defn.stages[0].name]
    assert second.stage_events[defn.stages[3].name] is not first.stage_events[defn.stages[3].name]
    assert second.diagnostics() == fresh(edited)
    assert {d.element for d in second.diagnostics()} != {d.element for d in first.diagnostics()}
    renamed = edit_step(defn, defn.stages[0].steps[0].name, name="Brand_New_Name")  # names change: all rebuilt
    third = analyze(renamed)
    assert third.stage_events[defn.stages[1].name] is not first.stage_events[defn.stages[1].name]
    assert third.diagnostics() == fresh(renamed)
