"""``simulate(defn, scenario)`` and its result — the data of ``orchestration simulate --json``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import Orchestration
from ..scenario_model import Expectation, Scenario

if TYPE_CHECKING:  # pragma: no cover
    from .simulation import Simulation

NOT_REACHED = "not reached"


class HistoryRecord(BaseModel):
    """One history entry (SPEC §7 ``history`` item). Also readable like a dict."""

    model_config = ConfigDict(frozen=True)
    seq: int
    time: int | float = Field(description="Simulated seconds from the start of the run.")
    milestone: str
    element: str
    run_as: str
    detail: str = ""

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    @property
    def label(self) -> str:
        return f"{self.milestone} {self.element}"


class SimulationResult(BaseModel):
    """Where a simulated run ended. ``to_dict()`` / ``to_json()`` give the SPEC §7 object;
    ``stuck``, ``evaluation_runs``, ``run_as``, ``time`` and ``mismatches`` are extra (not in
    the JSON)."""

    run: str
    stages: dict[str, str | None] = Field(description="Stage statuses; None for a stage not reached.")
    steps: dict[str, str]
    work_items: list[dict[str, Any]] = Field(default_factory=list)
    outputs: dict[str, dict[str, Any]] = Field(default_factory=dict)
    history: list[HistoryRecord] = Field(default_factory=list)
    stuck: str | None = Field(None, description="Why the run cannot progress, when it is stuck.")
    evaluation_runs: dict[str, int] = Field(default_factory=dict)
    run_as: dict[str, str] = Field(default_factory=dict, description="Who each started step ran as.")
    time: int | float = 0
    mismatches: list[str] = Field(
        default_factory=list, description="simulate(): what differs from the scenario's expect block (and stuck).")

    def to_dict(self) -> dict[str, Any]:
        """The ``simulate --json`` object (SPEC §7)."""
        return {
            "run": self.run,
            "stages": dict(self.stages),
            "steps": dict(self.steps),
            "work_items": [dict(w) for w in self.work_items],
            "outputs": {k: dict(v) for k, v in self.outputs.items()},
            "history": [h.model_dump() for h in self.history],
        }

    def __getitem__(self, key: str) -> Any:
        """``result["run"]`` — the same keys as the JSON object (and the extra fields)."""
        return getattr(self, key)

    def to_json(self) -> str:
        """The ``simulate --json`` text: deterministic (same inputs, same bytes)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @property
    def milestones(self) -> list[str]:
        """``"Milestone Element"`` strings in order (what ``expect.milestones`` lists)."""
        return [h.label for h in self.history]

    def check(self, expect: Expectation | None) -> list[str]:
        """Mismatches between this result and ``expect`` (empty when everything matches)."""
        problems: list[str] = []
        if self.stuck:
            problems.append(f"the run is stuck: {self.stuck}")
        if expect is None:
            return problems
        if expect.run is not None and expect.run != self.run:
            problems.append(f"run: expected {expect.run}, got {self.run}")
        for name, status in expect.stages.items():
            if name not in self.stages:
                problems.append(f"stage {name}: no such stage")
            elif (self.stages[name] or NOT_REACHED) != status:
                problems.append(f"stage {name}: expected {status}, got {self.stages[name] or NOT_REACHED}")
        for name, status in expect.steps.items():
            if name not in self.steps:
                problems.append(f"step {name}: no such step")
            elif self.steps[name] != status:
                problems.append(f"step {name}: expected {status}, got {self.steps[name]}")
        if expect.milestones is not None and list(expect.milestones) != self.milestones:
            got = self.milestones
            index = next((i for i, (a, b) in enumerate(zip(expect.milestones, got)) if a != b),
                         min(len(expect.milestones), len(got)))
            want = expect.milestones[index] if index < len(expect.milestones) else "(end)"
            have = got[index] if index < len(got) else "(end)"
            problems.append(f"milestones differ at #{index + 1}: expected {want!r}, got {have!r}")
        return problems


def build_result(sim: "Simulation") -> SimulationResult:
    statuses = sim.statuses
    outputs = {}
    for name, status in statuses.steps.items():
        if status == "Completed":
            values = sim.outputs(name)
            if values:
                outputs[name] = values
    runner_state = sim._runner.s  # noqa: SLF001 — same package
    return SimulationResult.model_construct(
        run=statuses.run,
        stages=statuses.stages,
        steps=statuses.steps,
        work_items=[w.to_dict() for w in sim.work_items()],
        outputs=outputs,
        history=[HistoryRecord.model_construct(**h.to_dict()) for h in sim.history],
        stuck=sim.stuck,
        evaluation_runs=sim.evaluation_runs,
        run_as=dict(runner_state.step_run_as),
        time=sim.time,
        mismatches=[],
    )


def simulate(defn: Orchestration, scenario: Scenario | dict[str, Any] | None = None, *,
             max_events: int = 100_000) -> SimulationResult:
    """Run ``defn`` with ``scenario`` (its script first, then every pending event in order)
    to the end and return the result. Deterministic."""
    from .simulation import Simulation

    sim = Simulation(defn, scenario)
    delivered = sim.run_to_end(max_events=max_events)
    result = sim.result()
    if delivered >= max_events and not sim.is_finished and sim.pending():
        result.stuck = (f"stopped after {max_events} events with events still pending "
                        "(does the path loop through asynchronous steps?)")
    result.mismatches = result.check(sim.scenario.expect)
    return result
