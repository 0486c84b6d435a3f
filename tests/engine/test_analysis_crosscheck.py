"""Cross-check of the analysis against the simulator (issue 4 quality bar).

Over generated orchestrations and random delivery orders (plus random step failures, so
fault paths run too): whenever the simulator reads a reference the analysis called
*guaranteed* at that point, it is available; whenever the analysis said *never*, it is not.

Guaranteed answers at re-evaluated conditions (a step's start requirements, an interactive
completion condition, a stage completion condition) are checked at the evaluation where the
condition held: the analysis treats the other demanded requirements as guards (``A.Status
EqualTo Completed AND A.Outputs.ok EqualTo true`` reads the output only when it matters).
*Never* answers are checked at every read.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analysis import Analysis
from engine.model import Orchestration, Ref
from engine.scenario_model import Scenario

runtime = pytest.importorskip("engine.runtime")

GUARDED_POINTS = {"start", "complete", "stage_complete"}
# A deeper run: ANALYSIS_CROSSCHECK_EXAMPLES=3000 python -m pytest tests/engine/test_analysis_crosscheck.py
EXAMPLES = int(os.environ.get("ANALYSIS_CROSSCHECK_EXAMPLES", "200"))
MAX_ACTIONS = 60

FLOWS = [
    {"name": "Sync", "type": "autolaunched", "inputs": [{"name": "a"}, {"name": "b"}],
     "outputs": [{"name": "out"}], "simulate": {"outputs": {"out": 1}}},
    {"name": "Async", "type": "autolaunched", "elements": ["Action"], "inputs": [{"name": "a"}, {"name": "b"}],
     "outputs": [{"name": "out"}], "simulate": {"outputs": {"out": 1}}},
    {"name": "Screen", "type": "screen", "inputs": [{"name": "a"}, {"name": "b"}],
     "outputs": [{"name": "out"}], "simulate": {"outputs": {"out": 1}}},
    {"name": "Mule", "type": "mulesoft", "inputs": [{"name": "a"}, {"name": "b"}],
     "outputs": [{"name": "out"}], "simulate": {"outputs": {"out": 1}}},
    {"name": "Eval", "type": "evaluation", "inputs": [{"name": "a"}], "simulate": {"result": True}},
]
STEP_KINDS = [("background", "Sync"), ("background", "Async"), ("interactive", "Screen"), ("mulesoft", "Mule")]


@st.composite
def orchestrations(draw) -> dict:
    n_stages = draw(st.integers(1, 4))
    shape = [draw(st.integers(1, 4)) for _ in range(n_stages)]
    stages = [f"G{i}" for i in range(n_stages)]
    steps = [f"S{i}_{j}" for i in range(n_stages) for j in range(shape[i])]
    n_decisions = draw(st.integers(0, 2))
    decisions = [f"D{k}" for k in range(n_decisions)]
    targets = stages + decisions + ["end"]
    pool = [f"{s}.Status" for s in stages] + [f"{s}.Status" for s in steps] + [f"{s}.Outputs.out" for s in steps]

    def near(i: int, j: int | None) -> list[str]:
        """Steps a realistic author references from step j of stage i: earlier siblings and
        steps of earlier stages (other references still come from the whole pool)."""
        earlier = [f"S{a}_{b}" for a in range(i) for b in range(shape[a])]
        siblings = [f"S{i}_{b}" for b in range(j if j is not None else shape[i])]
        return earlier + siblings or steps

    def ref(i: int, j: int | None) -> str:
        if draw(st.booleans()):
            return draw(st.sampled_from(pool))
        owner = draw(st.sampled_from(near(i, j)))
        return draw(st.sampled_from([f"{owner}.Outputs.out", f"{owner}.Status"]))

    def requirement(i: int, j: int | None) -> dict:
        kind = draw(st.integers(0, 4))
        if kind <= 2:  # mostly satisfiable: a nearby step Completed, or its output set
            owner = draw(st.sampled_from(near(i, j)))
            if kind == 2:
                return {"left": f"{owner}.Outputs.out", "operator": "EqualTo", "right": 1}
            return {"left": f"{owner}.Status", "operator": "EqualTo", "right": "Completed"}
        left = ref(i, j)
        if left.endswith(".Status"):
            values = ["Completed", "In Progress", "Not Started"] if left[0] == "S" else ["In Progress", "Completed"]
            return {"left": left, "operator": "EqualTo", "right": draw(st.sampled_from(values))}
        op, right = draw(st.sampled_from([("EqualTo", 1), ("IsNull", False), ("NotEqualTo", 2)]))
        return {"left": left, "operator": op, "right": right}

    def requirements(i: int, j: int | None) -> dict:
        reqs = [requirement(i, j) for _ in range(draw(st.integers(1, 3)))]
        logic = draw(st.sampled_from(["and", "and", "or"] + (["1 AND (2 OR 3)", "(1 OR 2) AND 3"]
                                                             if len(reqs) == 3 else [])))
        return {"when": "requirements", "logic": logic, "requirements": reqs}

    def condition(kind: str, i: int, j: int | None) -> dict:
        if kind == "requirements":
            return requirements(i, j)
        return {"when": "evaluation_flow", "flow": "Eval", "inputs": {"a": {"ref": ref(i, j)}}}

    data_stages = []
    for i, name in enumerate(stages):
        rows = []
        for j in range(shape[i]):
            step_type, action = draw(st.sampled_from(STEP_KINDS))
            step: dict = {"name": f"S{i}_{j}", "type": step_type, "action": action,
                          "inputs": {"a": {"ref": ref(i, j)}, "b": {"ref": ref(i, j)}}}
            start = draw(st.sampled_from(["stage_starts", "stage_starts", "step_completed", "requirements",
                                          "evaluation_flow"]))
            if start == "step_completed":
                choices = near(i, j) if draw(st.integers(0, 3)) else steps
                step["start"] = {"when": "step_completed", "step": draw(st.sampled_from(choices))}
            elif start != "stage_starts":
                step["start"] = condition(start, i, j)
            if step_type == "interactive":
                step["assignee"] = {"type": "user", "value": "worker@example.com"}
                step["record"] = "001000000000001"
                complete = draw(st.sampled_from(["work_item_completed", "work_item_completed", "requirements",
                                                 "evaluation_flow"]))
                if complete != "work_item_completed":
                    step["complete"] = condition(complete, i, j)
            rows.append(step)
        stage: dict = {"name": name, "steps": rows}
        complete = draw(st.sampled_from(["all_steps_completed", "all_steps_completed", "requirements",
                                         "evaluation_flow"]))
        if complete != "all_steps_completed":
            stage["complete"] = condition(complete, i, None)
        if draw(st.integers(0, 3)) == 0:
            stage["next"] = draw(st.sampled_from(targets))
        if draw(st.booleans()):
            stage["fault"] = draw(st.sampled_from(stages + decisions))
        data_stages.append(stage)
    data_decisions = []
    last = n_stages - 1
    for name in decisions:
        outcomes = [{"name": f"{name}_O{k}", "requirements": [requirement(last, None)
                                                              for _ in range(draw(st.integers(1, 2)))],
                     "next": draw(st.sampled_from(targets))} for k in range(draw(st.integers(1, 2)))]
        data_decisions.append({"name": name, "outcomes": outcomes, "default": draw(st.sampled_from(targets))})
    return {"name": "Generated", "stages": data_stages, "decisions": data_decisions, "flows": FLOWS}


class Checker:
    """Watches one simulation and records every read that contradicts the analysis."""

    def __init__(self, an: Analysis) -> None:
        self.an = an
        self.mismatches: list[str] = []
        self.checked = 0
        self.checked_never = 0
        self._verdicts: dict[tuple[str, str, str], str] = {}
        self._buffers: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        self._last: tuple[str, str] | None = None

    def status(self, ref: str, element: str, point: str, outcome: int | None = None) -> str | None:
        key = (ref, element, point, outcome)
        if key not in self._verdicts:
            resolved = self.an.resolve(ref)
            self._verdicts[key] = (self.an.verdict(resolved, self.an.context(element, point, outcome)).status
                                   if resolved.is_automatic_output else None)
        return self._verdicts[key]

    def __call__(self, event) -> None:
        if isinstance(event, runtime.ReferenceRead):
            key = (event.point, event.element)
            if self._last != key:
                self._buffers[key] = []
            self._last = key
            status = self.status(event.ref, event.element, event.point)
            if status == "never":
                self.checked_never += 1
            if status == "never" and event.available:
                self.mismatches.append(f"never but available: {event.ref} at {event.element} ({event.point})")
            if event.point == "decision":
                self._buffers[key].append((event.ref, event.available))
            if status == "guaranteed":
                if event.point in GUARDED_POINTS:
                    self._buffers[key].append((event.ref, event.available))
                else:
                    self._check(event.ref, event.element, event.point, event.available)
            return
        self._last = None
        if isinstance(event, runtime.DecisionTaken):
            self._decided(event.decision, event.outcome)
        if isinstance(event, runtime.StatusChanged):
            if event.element_kind == "step" and event.old == "Not Started":
                self._flush(("start", event.element))
            elif event.element_kind == "step" and event.new == "Completed":
                self._flush(("complete", event.element))
            elif event.element_kind == "stage" and event.new == "Completed":
                self._flush(("stage_complete", event.element))
            if event.element_kind in ("step", "stage"):
                for point in ("start", "complete", "stage_complete"):
                    self._buffers.pop((point, event.element), None)

    def _decided(self, name: str, outcome: str | None) -> None:
        """Reads of the outcome that held are checked with that outcome's guards."""
        reads = self._buffers.pop(("decision", name), [])
        decision = next(d for d in self.an.defn.decisions if d.name == name)
        if outcome is None:
            return
        offset = 0
        for k, candidate in enumerate(decision.outcomes):
            count = sum(1 + isinstance(r.right, Ref) for r in candidate.requirements)
            if candidate.name == outcome:
                for ref, available in reads[offset:offset + count]:
                    if self.status(ref, name, "decision", k) == "guaranteed":
                        self._check(ref, name, f"decision outcome {k + 1}", available)
                return
            offset += count

    def _flush(self, key: tuple[str, str]) -> None:
        for ref, available in self._buffers.pop(key, []):
            self._check(ref, key[1], key[0], available)

    def _check(self, ref: str, element: str, point: str, available: bool) -> None:
        self.checked += 1
        if not available:
            self.mismatches.append(f"guaranteed but unavailable: {ref} at {element} ({point})")


def drive(defn: Orchestration, scenario: Scenario, rng: random.Random, checker: Checker,
          fail_rate: float = 0.15) -> None:
    """One run: random pending events delivered, and now and then a running step fails."""
    sim = runtime.Simulation(defn, scenario)
    sim.subscribe(checker)
    for _ in range(MAX_ACTIONS):
        if sim.is_finished or sim.stuck:
            break
        pending = sim.pending()
        running = [n for n, s in sim.statuses.steps.items() if s == "In Progress"]
        if running and rng.random() < fail_rate:
            try:
                sim.fail_step(rng.choice(running), "generated failure")
            except runtime.SimulationError:
                pass
            continue
        if not pending:
            break
        sim.deliver(rng.choice(pending).id)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=orchestrations(), seed=st.integers(0, 2**32 - 1),
       evaluations=st.lists(st.booleans(), min_size=1, max_size=4))
def test_simulator_agrees_with_the_analysis(data, seed, evaluations):
    defn = Orchestration.model_validate(data)
    an = Analysis(defn)
    an.diagnostics()  # never raises on generated content
    scenario = Scenario(evaluations={"Eval": evaluations + [True]})  # eventually true: fewer stuck runs
    checker = Checker(an)
    rng = random.Random(seed)
    for _ in range(2):  # two delivery orders per definition
        drive(defn, scenario, rng, checker)
    assert not checker.mismatches, "\n".join(checker.mismatches[:5])


def test_the_cross_check_sees_guaranteed_reads():
    """The harness must actually compare something (a chain: every read is guaranteed)."""
    defn = Orchestration.model_validate({
        "name": "Chain", "flows": FLOWS, "stages": [
            {"name": "G0", "steps": [
                {"name": "A", "type": "background", "action": "Async"},
                {"name": "B", "type": "background", "action": "Sync", "start": {"when": "step_completed", "step": "A"},
                 "inputs": {"a": {"ref": "A.Outputs.out"}, "b": {"ref": "G0.Status"}}}]},
            {"name": "G1", "steps": [
                {"name": "C", "type": "background", "action": "Sync", "inputs": {"a": {"ref": "B.Outputs.out"}}}]}]})
    checker = Checker(Analysis(defn))
    drive(defn, Scenario(), random.Random(1), checker, fail_rate=0.0)
    assert checker.checked == 3 and not checker.mismatches


@pytest.mark.parametrize("name", ["employee_onboarding", "incident_response", "quote_approval"])
def test_bundled_examples_agree_with_the_simulator(name):
    from tests.conftest import EXAMPLES

    defn_path = EXAMPLES / f"{name}.orchestration.yaml"
    scenario_path = EXAMPLES / f"{name}.scenario.yaml"
    if not defn_path.exists():
        pytest.skip(f"{defn_path.name} is not bundled")
    import engine

    defn = engine.load(defn_path)
    scenario = engine.load_scenario(scenario_path) if scenario_path.exists() else Scenario()
    checker = Checker(Analysis(defn))
    for seed in range(5):
        drive(defn, scenario, random.Random(seed), checker, fail_rate=0.1 if seed else 0.0)
    assert checker.checked > 0
    assert not checker.mismatches, "\n".join(checker.mismatches[:5])
