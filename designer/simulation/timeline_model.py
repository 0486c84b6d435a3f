"""The Gantt data of a run, built from its history: one row per step, bars from start to
end coloured by outcome, and one band per stage run. Plain Python (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.model import Orchestration

STEP_END = {"End Step": "Completed", "Fail Step": "Error", "Discontinue Step": "Discontinued"}
STAGE_END = {"End Stage": "Completed", "Fail Stage": "Error", "Discontinue Stage": "Discontinued"}
CANCELED = ("Cancel Run",)


@dataclass
class Bar:
    start: float
    end: float | None = None          # None: still running at ``now``
    outcome: str = "In Progress"
    run_as: str = ""
    detail: str = ""
    work_item: bool = False


@dataclass
class Row:
    name: str
    label: str
    kind: str                          # "stage" | "step"
    step_type: str = ""
    bars: list[Bar] = field(default_factory=list)
    reached: bool = True


@dataclass
class DecisionMark:
    time: float
    decision: str
    label: str
    target: str = ""


@dataclass
class Timeline:
    rows: list[Row]
    now: float
    end: float                          # right edge of the time axis (≥ now)
    decisions: list[DecisionMark]
    finished: bool


def build_timeline(defn: Orchestration, history: list, now: float, decisions: list = (),
                   finished: bool = False) -> Timeline:
    """Rows for every stage (with its step rows when the stage was reached)."""
    stage_bars: dict[str, list[Bar]] = {}
    step_bars: dict[str, list[Bar]] = {}
    for entry in history:
        m, name, t = entry.milestone, entry.element, float(entry.time)
        if m == "Start Stage":
            stage_bars.setdefault(name, []).append(Bar(t, detail=entry.detail))
        elif m in STAGE_END and stage_bars.get(name):
            _close(stage_bars[name][-1], t, STAGE_END[m])
        elif m == "Start Step":
            step_bars.setdefault(name, []).append(Bar(t, run_as=entry.run_as, detail=entry.detail))
        elif m in STEP_END and step_bars.get(name):
            _close(step_bars[name][-1], t, STEP_END[m])
            if m == "Fail Step" and entry.detail:
                step_bars[name][-1].detail = entry.detail
        elif m == "Start Work Item" and step_bars.get(name):
            step_bars[name][-1].work_item = True
        elif m in CANCELED:
            for bars in (*stage_bars.values(), *step_bars.values()):
                if bars and bars[-1].end is None:
                    _close(bars[-1], t, "Canceled")
    rows: list[Row] = []
    for stage in defn.stages:
        bars = stage_bars.get(stage.name, [])
        rows.append(Row(stage.name, stage.label or stage.name, "stage", bars=bars, reached=bool(bars)))
        if not bars:
            continue
        for step in stage.steps:
            sb = step_bars.get(step.name, [])
            rows.append(Row(step.name, step.label or step.name, "step", step.type, sb, reached=bool(sb)))
    marks = []
    for d in decisions:
        decision = defn.decision(d.decision)
        outcome = next((o for o in decision.outcomes if o.name == d.outcome), None) if decision else None
        if outcome is not None:
            label = outcome.display_label
        else:
            label = d.outcome or (decision.default_label if decision and decision.default_label else "Default")
        title = decision.label if decision and decision.label else d.decision
        marks.append(DecisionMark(float(d.time), d.decision, f"{title} → {label}", d.target))
    end = max([now] + [b.end or 0 for r in rows for b in r.bars])
    return Timeline(rows, float(now), float(end), marks, finished)


def _close(bar: Bar, t: float, outcome: str) -> None:
    bar.end, bar.outcome = t, outcome
