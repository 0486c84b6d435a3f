"""Designer benchmark: open a 1,000-step orchestration fitted; an edit + re-validation + repaint.

    python benchmarks/bench_designer.py [--steps 1000]

Prints figures (targets: open + fit < 2 s; edit + validate + repaint < 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def big_definition(steps: int, per_stage: int = 20):
    """Stages of ``per_stage`` steps: chains of "after step", inputs referencing earlier outputs,
    a decision every 10 stages."""
    from engine.model import (BackgroundStep, Decision, Flow, FlowParameter, InteractiveStep, MuleSoftStep,
                              Orchestration, Outcome, Ref, Requirement, Stage, StepCompleted, Variable)

    stages, decisions = [], []
    n_stages = max(1, steps // per_stage)
    for s in range(n_stages):
        items = []
        for i in range(per_stage):
            name = f"S{s}_Step_{i}"
            start = StepCompleted(step=f"S{s}_Step_{i - 1}") if i % 4 else None
            kind = i % 3
            common = dict(name=name, label=f"Step {i} of stage {s}", inputs={"recordId": Ref(ref="recordId")})
            if start is not None:
                common["start"] = start
            if kind == 0:
                items.append(InteractiveStep(type="interactive", action="Screen_Flow",
                                             assignee={"type": "queue", "value": "Team_Queue"},
                                             record=Ref(ref="recordId"), **common))
            elif kind == 1:
                items.append(BackgroundStep(type="background", action="Auto_Flow", **common))
            else:
                items.append(MuleSoftStep(type="mulesoft", action="Mule_Action", **common))
        stage = Stage(name=f"Stage_{s}", label=f"Stage {s}", steps=items)
        if s % 10 == 9 and s + 1 < n_stages:
            stage = stage.model_copy(update={"next": f"Decide_{s}"})
            decisions.append(Decision(name=f"Decide_{s}", outcomes=[Outcome(
                name=f"Go_{s}", requirements=[Requirement(left=f"S{s}_Step_0.Outputs.approved", operator="EqualTo",
                                                           right=True)], next=f"Stage_{s + 1}")],
                default=f"Stage_{s + 1}"))
        stages.append(stage)
    flows = [Flow(name="Screen_Flow", type="screen", inputs=[FlowParameter(name="recordId")],
                  outputs=[FlowParameter(name="approved", type="Boolean")]),
             Flow(name="Auto_Flow", type="autolaunched", inputs=[FlowParameter(name="recordId")]),
             Flow(name="Mule_Action", type="mulesoft", inputs=[FlowParameter(name="recordId")])]
    return Orchestration(name="Big_Orchestration", variables=[Variable(name="recordId", input=True)],
                         stages=stages, decisions=decisions, flows=flows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    import tempfile

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from engine.io import save

    tmp = Path(tempfile.mkdtemp())
    os.environ["ORCHESTRATION_DESIGNER_SETTINGS"] = str(tmp / "settings.ini")
    os.environ["ORCHESTRATION_DESIGNER_RECOVERY_DIR"] = str(tmp / "recovery")
    path = tmp / "big.orchestration.yaml"
    save(big_definition(args.steps), path)
    app = QApplication.instance() or QApplication([])
    from designer.commands import SetFieldCommand
    from designer.main_window import MainWindow

    window = MainWindow(install_extensions=False, restore_layout=False)
    window.resize(1400, 900)
    window.show()
    QTest.qWait(50)

    started = time.perf_counter()
    window.files.open_path(path, ask_to_save=False)
    window.view.fit()
    window.view.viewport().repaint()
    opened = time.perf_counter() - started
    started = time.perf_counter()
    diagnostics = window.validator.validate_now()
    first_validation = time.perf_counter() - started
    steps = sum(len(s.steps) for s in window.document.definition.stages)
    print(f"orchestration: {steps} steps in {len(window.document.definition.stages)} stages, "
          f"{len(diagnostics)} diagnostics")
    print(f"open + layout + fit + first paint: {opened * 1000:.0f} ms  (target < 2000 ms)")
    print(f"first validation: {first_validation * 1000:.0f} ms")

    doc = window.document
    window.view.set_zoom(1.0)
    window.view.reveal("S25_Step_5")
    window.view.viewport().repaint()  # the scroll to the element is not part of the edit
    edits, validations = [], []
    for i in range(10):
        t0 = time.perf_counter()
        doc.undo_stack.push(SetFieldCommand(doc, "step", "S25_Step_5", "label", f"Renamed {i}"))
        t1 = time.perf_counter()
        window.validator.validate_now()
        t2 = time.perf_counter()
        window.view.viewport().repaint()
        t3 = time.perf_counter()
        edits.append(t3 - t0)
        print(f"  {(t1-t0)*1000:.0f} {(t2-t1)*1000:.0f} {(t3-t2)*1000:.0f}") if os.environ.get("BENCH_VERBOSE") else None
        validations.append(t2 - t1)
    flows = []  # a field the analysis reads: validated from scratch
    for i in range(10):
        t0 = time.perf_counter()
        doc.undo_stack.push(SetFieldCommand(doc, "step", "S25_Step_4", "action",
                                            "Mule_Action" if i % 2 == 0 else "Auto_Flow"))
        window.validator.validate_now()
        window.view.viewport().repaint()
        flows.append(time.perf_counter() - t0)
    structural = []
    for i in range(5):
        t0 = time.perf_counter()
        doc.undo_stack.undo() if i % 2 else doc.undo_stack.redo()
        from designer import editing
        editing.nudge(doc, "S25_Step_5", "down")
        window.validator.validate_now()
        window.view.viewport().repaint()
        structural.append(time.perf_counter() - t0)
    print(f"edit a field + re-validate + repaint: median {statistics.median(edits) * 1000:.0f} ms, "
          f"max {max(edits) * 1000:.0f} ms  (validation alone median {statistics.median(validations) * 1000:.0f} ms; "
          f"target < 100 ms)")
    print(f"edit the called flow + re-validate + repaint: median {statistics.median(flows) * 1000:.0f} ms, "
          f"max {max(flows) * 1000:.0f} ms")
    print(f"move a step (relayout) + re-validate + repaint: median {statistics.median(structural) * 1000:.0f} ms, "
          f"max {max(structural) * 1000:.0f} ms")
    doc.mark_saved()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
