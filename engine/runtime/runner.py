"""The semantics of a run (SPEC §6): stages, evaluation passes, steps, errors, events.

``Runner`` owns a ``RunState`` and changes it only through the methods below; the public
``Simulation`` wraps it with the action log and going back. See docs/simulation.md for the
rules and for every ambiguity resolved here.
"""

from __future__ import annotations

import heapq
from typing import Any, Callable

from ..model import (
    END,
    AllStepsCompleted,
    EvaluationFlowCondition,
    Orchestration,
    RequirementsCondition,
    StageStarts,
    StepCompleted,
    duration_seconds,
)
from ..scenario_model import Scenario
from . import runas
from .actions import ActionsMixin, SimulationError
from .conditions import operand, requirements_hold
from .evaluation import run_evaluation_flow
from .events import DecisionTaken, HistoryAdded, ReferenceRead, StatusChanged
from .index import DefinitionIndex
from .state import (
    COMPLETED, IN_PROGRESS, NOT_STARTED, START_RUN, START_STAGE,
    HistoryEntry, RunState, _time_value, check_transition,
)
from .steps import StepsMixin

__all__ = ["Runner", "SimulationError"]

MAX_ROUTES_PER_ACTION = 1_000


class _Cursor:
    __slots__ = ("heap", "cursor")

    def __init__(self, heap: list[int]) -> None:
        self.heap = heap
        self.cursor = -1


class Runner(StepsMixin, ActionsMixin):
    """Applies the orchestration semantics to a RunState."""

    def __init__(self, defn: Orchestration, scenario: Scenario, index: DefinitionIndex,
                 notify: Callable[[Any], None]) -> None:
        self.defn = defn
        self.scenario = scenario
        self.ix = index
        self.notify = notify
        self.observed = False
        self.s = RunState()
        self._cursors: dict[str, _Cursor | None] = {"start": None, "complete": None}
        self._changed = False

    # ================================================================== bookkeeping
    def _ctx(self) -> str:
        return runas.orchestration_run_as(self.defn, self.s.context_user)

    def _log(self, milestone: str, element: str, run_as: str | None = None, detail: str = "") -> None:
        s = self.s
        entry = HistoryEntry(len(s.history) + 1, _time_value(s.time), milestone, element,
                             run_as if run_as is not None else self._ctx(), detail)
        s.history.append(entry)
        if self.observed:
            self.notify(HistoryAdded(entry))

    def _status(self, kind: str, name: str, old: str | None, new: str) -> None:
        check_transition(kind, name, old, new)
        if self.observed:
            self.notify(StatusChanged(kind, name, old, new))

    def _set_run(self, new: str) -> None:
        self._status("run", self.defn.name, self.s.run_status, new)
        self.s.run_status = new

    def _set_stage(self, name: str, new: str) -> None:
        self._status("stage", name, self.s.stage_status.get(name), new)
        self.s.stage_status[name] = new
        self._mark(("status", name))

    def _set_step(self, name: str, new: str, milestone: str | None, run_as: str | None = None,
                  detail: str = "") -> None:
        s = self.s
        old = s.step_status.get(name)
        self._status("step", name, old, new)
        s.step_status[name] = new
        if milestone:
            self._log(milestone, name, run_as, detail)
        info = self.ix.steps[name]
        if info.stage == s.current:
            s.stage_dirty = True
            if new == COMPLETED:
                s.completed_count += 1
            if old == NOT_STARTED:
                s.eval_start.discard(info.index)
                s.dirty_start.discard(info.index)
            if old == IN_PROGRESS:
                s.eval_complete.discard(info.index)
                s.dirty_complete.discard(info.index)
        self._mark(("status", name))

    def _mark(self, key: tuple[str, str]) -> None:
        """Mark the current stage's conditions that read ``key`` for re-evaluation."""
        s = self.s
        by_stage = self.ix.dependents.get(key)
        if not by_stage or s.current is None:
            return
        for kind, i in by_stage.get(s.current, ()):
            if kind == "stage":
                s.stage_dirty = True
                continue
            (s.dirty_start if kind == "start" else s.dirty_complete).add(i)
            cursor = self._cursors[kind]
            if cursor is not None and i > cursor.cursor:
                heapq.heappush(cursor.heap, i)

    # ================================================================== reading
    def read(self, text: str) -> tuple[Any, bool]:
        """(value, available) of a resource reference now (SPEC §1 availability)."""
        s = self.s
        ref = self.ix.resolve(text)
        kind = ref.kind
        if kind == "stage_status":
            value = s.stage_status.get(ref.owner or "")
            return value, value is not None
        if kind == "step_status":
            value = s.step_status.get(ref.owner or "")
            return value, value is not None
        if kind == "step_output":
            if s.step_status.get(ref.owner or "") != COMPLETED:
                return None, False
            outputs = s.outputs.get(ref.owner or "", {})
            value = outputs.get(ref.member or "")
            for part in (ref.path.split(".") if ref.path else []):  # a field of a record output
                value = value.get(part) if isinstance(value, dict) else None
            if value is None and ref.path:  # a scenario gives record fields flat: {lead.Username: ...}
                value = outputs.get(f"{ref.member}.{ref.path}")
            return value, True
        if kind == "record" and self.defn.type != "record_triggered":
            return None, False
        if kind in ("variable", "record", "global"):
            return s.fields.get(ref.text), True
        return None, False

    def reader(self, point: str, element: str) -> Callable[[str], tuple[Any, bool]]:
        if not self.observed:
            return self.read

        def read(text: str) -> tuple[Any, bool]:
            value, available = self.read(text)
            self.notify(ReferenceRead(point, element, text, available, value))
            return value, available

        return read

    # ================================================================== run start / routing
    def start(self) -> None:
        s, sc = self.s, self.scenario
        s.context_user = runas.initial_context_user(self.defn, sc.launching_user)
        for var in self.defn.variables:
            s.fields[var.name] = var.value
        s.fields.update(sc.variables)
        for key, value in sc.record.items():
            s.fields[f"$Record.{key}"] = value
        if "Id" in sc.record:
            s.fields["$Record"] = sc.record["Id"]
        s.fields["$User.Username"] = sc.launching_user
        s.fields.update(sc.globals)
        for ev in sc.events:
            at = duration_seconds(ev.at)
            if ev.set is not None:
                what = ", ".join(f"{k} = {v!r}" for k, v in ev.set.items())
                s.schedule(at, "set", ", ".join(ev.set), f"set {what}", {"set": tuple(ev.set.items())})
            else:
                s.schedule(at, "publish", self.defn.name, "publish an Orchestration Event")
        self._set_run(IN_PROGRESS)
        self._log(START_RUN, self.defn.name, detail=f"launched by {sc.launching_user}")
        s.target, s.via = self.defn.start_target(), "start"
        self.settle()

    def settle(self) -> None:
        """Route and evaluate until the run waits for an event (or ends)."""
        s = self.s
        routes = 0
        while s.run_status == IN_PROGRESS:
            if s.target is not None:
                target, s.target = s.target, None
                routes += 1
                if routes > MAX_ROUTES_PER_ACTION:
                    s.loop_reason = (f"the path loops without waiting: {MAX_ROUTES_PER_ACTION} stages "
                                     f"were entered in one step (last: {target})")
                    return
                self._route(target)
            elif s.needs_pass and s.current is not None and s.stage_status.get(s.current) == IN_PROGRESS:
                self._passes()
            else:
                s.needs_pass = False
                return

    def _route(self, target: str) -> None:
        via = self.s.via
        seen: set[str] = set()
        while target != END:
            if target in self.ix.stages:
                self._enter_stage(target, via)
                return
            decision = self.ix.decisions.get(target)
            if decision is None or target in seen:
                why = "loops between decisions" if decision else "is not a stage or decision"
                self._orchestration_error(f"the path leads to {target}, which {why}")
                return
            seen.add(target)
            read = self.reader("decision", decision.name)
            taken = next((o for o in decision.outcomes if requirements_hold(o.logic, o.requirements, read)), None)
            target = taken.next if taken else decision.default
            via = f"{decision.name}: {taken.name if taken else 'default outcome'}"
            record = DecisionTaken(decision.name, taken.name if taken else None, target, _time_value(self.s.time))
            self.s.decisions.append(record)
            if self.observed:
                self.notify(record)
        self._end_run()

    def _enter_stage(self, name: str, via: str) -> None:
        s = self.s
        stage = self.ix.stages[name]
        s.current = name
        s.dirty_start, s.dirty_complete, s.eval_start, s.eval_complete = set(), set(), set(), set()
        s.completed_count = 0
        old = s.stage_status.get(name)
        self._set_stage(name, IN_PROGRESS)
        self._log(START_STAGE, name, detail=via if old is None else f"{via} (again)")
        for i, step in enumerate(stage.steps):
            if step.name in s.step_status:           # a new stage run: fresh step records
                for table in (s.step_status, s.outputs, s.step_run_as, s.step_inputs, s.step_error,
                              s.open_item, s.step_item):
                    table.pop(step.name, None)
            self._status("step", step.name, None, NOT_STARTED)
            s.step_status[step.name] = NOT_STARTED
            (s.eval_start if isinstance(step.start, EvaluationFlowCondition) else s.dirty_start).add(i)
        s.stage_dirty = True
        s.needs_pass = True

    # ================================================================== evaluation pass
    def _live(self, name: str) -> bool:
        s = self.s
        return s.current == name and s.stage_status.get(name) == IN_PROGRESS and s.run_status == IN_PROGRESS

    def _passes(self) -> None:
        s = self.s
        name = s.current
        while name is not None and self._live(name):
            s.needs_pass = False
            if not self._pass(name):
                break

    def _pass(self, name: str) -> bool:
        """One evaluation pass; True when a step completed or failed during it."""
        s = self.s
        stage = self.ix.stages[name]
        self._changed = False
        self._ordered("complete", s.dirty_complete, s.eval_complete, stage, self._check_completion)
        if not self._live(name):
            return False
        self._ordered("start", s.dirty_start, s.eval_start, stage, self._check_start)
        if not self._live(name):
            return False
        if s.stage_dirty or isinstance(stage.complete, EvaluationFlowCondition):
            s.stage_dirty = False
            if self._stage_complete_holds(stage):
                self._complete_stage(stage)
                return False
        return self._changed

    def _ordered(self, kind: str, dirty: set[int], always: set[int], stage: Any,
                 check: Callable[[Any, int], None]) -> None:
        """Check the dirty and always-evaluated conditions in list order, once each; a
        condition dirtied during the pass is checked in it only if it comes later."""
        if not dirty and not always:
            return
        cursor = _Cursor(sorted(dirty | always))
        self._cursors[kind] = cursor
        try:
            while cursor.heap:
                i = heapq.heappop(cursor.heap)
                if i <= cursor.cursor:
                    continue
                cursor.cursor = i
                dirty.discard(i)
                check(stage, i)
                if not self._live(stage.name):
                    return
        finally:
            self._cursors[kind] = None

    def _check_start(self, stage: Any, i: int) -> None:
        step = stage.steps[i]
        if self.s.step_status.get(step.name) != NOT_STARTED:
            return
        cond = step.start
        if isinstance(cond, StageStarts):
            holds = True
        elif isinstance(cond, StepCompleted):
            holds = self.s.step_status.get(cond.step) == COMPLETED
        elif isinstance(cond, RequirementsCondition):
            holds = requirements_hold(cond.logic, cond.requirements, self.reader("start", step.name))
        else:
            holds = self._evaluate_flow(cond, "start_inputs", step.name)
        if holds:
            self._start_step(stage, i, step)

    def _check_completion(self, stage: Any, i: int) -> None:
        step = stage.steps[i]
        if self.s.step_status.get(step.name) != IN_PROGRESS:
            return
        cond = step.complete
        if isinstance(cond, RequirementsCondition):
            holds = requirements_hold(cond.logic, cond.requirements, self.reader("complete", step.name))
        elif isinstance(cond, EvaluationFlowCondition):
            holds = self._evaluate_flow(cond, "complete", step.name)
        else:
            return
        if holds:
            item = self.s.open_item.get(step.name)
            self._complete_step(step.name, None, detail="completion condition met")
            if item:
                self._close_work_item(item, None, "completed with its step")
            self._changed = True

    def _stage_complete_holds(self, stage: Any) -> bool:
        cond = stage.complete
        if isinstance(cond, AllStepsCompleted):
            return self.s.completed_count >= len(stage.steps)
        if isinstance(cond, RequirementsCondition):
            return requirements_hold(cond.logic, cond.requirements, self.reader("stage_complete", stage.name))
        return self._evaluate_flow(cond, "stage_complete", stage.name)

    def _evaluate_flow(self, cond: EvaluationFlowCondition, point: str, element: str) -> bool:
        s = self.s
        read = self.reader(point, element)
        inputs = {name: operand(value, read) for name, value in cond.inputs.items()}
        s.eval_runs[cond.flow] = runs = s.eval_runs.get(cond.flow, 0) + 1
        return run_evaluation_flow(self.ix.flow(cond.flow), cond.flow, inputs, runs,
                                   self.scenario.evaluations.get(cond.flow), self.read)

