"""The one place where engine callbacks become Qt signals.

``SimulationAdapter`` owns one ``engine.runtime.Simulation`` (of a definition snapshot),
subscribes to its plain callbacks and re-emits them as signals. It forwards the step-through
API calls and adds only what a panel needs around them: a *redo list* (actions undone by
stepping back, which Step Forward re-applies), user errors turned into a ``failed`` signal,
and one ``refreshed`` signal after every change. No simulation logic lives here.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from engine.model import Orchestration
from engine.runtime import (
    Action,
    ActionApplied,
    DecisionTaken,
    HistoryAdded,
    Simulation,
    SimulationError,
    StateRestored,
    StatusChanged,
)
from engine.scenario_model import Scenario


class SimulationAdapter(QObject):
    """Qt face of one simulated run."""

    history_added = Signal(object)           # engine HistoryEntry
    status_changed = Signal(str, str, object, str)   # element kind, element, old, new
    decision_taken = Signal(object)          # engine DecisionTaken
    action_applied = Signal(object)          # engine Action
    restored = Signal(int)                   # seq of the last history entry now shown
    refreshed = Signal()                     # after any change: re-read everything
    failed = Signal(str)                     # a request that did not fit the run (user error)

    def __init__(self, definition: Orchestration, scenario: Scenario | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.scenario = scenario
        self.sim = Simulation(definition, scenario)
        self.script_length = self.sim.position   # actions the scenario's script applied at the start
        self._future: list[Action] = []
        self.furthest_history = list(self.sim.history)  # of the furthest point reached (Forward can return)
        self._stops = {self.sim.position: len(self.sim.history)}   # action position -> history length
        self.refreshed.connect(self._track)  # first slot: runs before the panels re-read
        self._unsubscribe = self.sim.subscribe(self._on_engine_event)

    def _track(self) -> None:
        if not self._future:
            self.furthest_history = list(self.sim.history)
            for position in [p for p in self._stops if p > self.sim.position]:
                del self._stops[position]

    @property
    def stops(self) -> list[int]:
        """History lengths right after each action seen (the points the run can stop at)."""
        return sorted(set(self._stops.values()))

    def close(self) -> None:
        self._unsubscribe()

    # ------------------------------------------------------------------ engine → Qt

    def _on_engine_event(self, event: Any) -> None:
        if isinstance(event, HistoryAdded):
            self.history_added.emit(event.entry)
        elif isinstance(event, StatusChanged):
            self.status_changed.emit(event.element_kind, event.element, event.old, event.new)
        elif isinstance(event, DecisionTaken):
            self.decision_taken.emit(event)
        elif isinstance(event, ActionApplied):
            self._stops[self.sim.position] = len(self.sim.history)
            self.action_applied.emit(event.action)
        elif isinstance(event, StateRestored):
            self.restored.emit(event.seq)

    # ------------------------------------------------------------------ Qt → engine

    def _do(self, call: Callable[[], Any], *, keeps_future: bool = False) -> bool:
        """Run one step-through call; user errors become ``failed``; always refresh."""
        try:
            call()
        except SimulationError as exc:
            self.failed.emit(str(exc))
            return False
        if not keeps_future:
            self._future.clear()
        self.refreshed.emit()
        return True

    def deliver(self, event_id: str | None = None) -> bool:
        return self._do(lambda: self.sim.deliver(event_id))

    def complete_work_item(self, step: str, outputs: dict[str, Any] | None, user: str | None) -> bool:
        return self._do(lambda: self.sim.complete_work_item(step, outputs, user))

    def fail_step(self, step: str, message: str) -> bool:
        return self._do(lambda: self.sim.fail_step(step, message))

    def set_field(self, ref: str, value: Any) -> bool:
        return self._do(lambda: self.sim.set_field(ref, value))

    def publish_event(self) -> bool:
        return self._do(self.sim.publish_event)

    def reassign_work_item(self, step: str, assignee: str, assignee_type: str) -> bool:
        return self._do(lambda: self.sim.reassign_work_item(step, assignee, assignee_type))

    def suspend(self) -> bool:
        return self._do(self.sim.suspend)

    def resume(self) -> bool:
        return self._do(self.sim.resume)

    def cancel(self) -> bool:
        return self._do(self.sim.cancel)

    def run_to_end(self) -> bool:
        return self._do(self.sim.run_to_end)

    def run_until(self, stop: Callable[[], bool], limit: int = 10_000) -> int:
        """Deliver events in order until ``stop()`` holds after a delivery, the run ends or
        nothing is pending. Returns how many events were delivered."""
        count = 0
        try:
            while count < limit and not self.sim.is_finished and self.sim.pending():
                self.sim.deliver()
                count += 1
                if stop():
                    break
        except SimulationError as exc:
            self.failed.emit(str(exc))
        self._future.clear()
        self.refreshed.emit()
        return count

    # ------------------------------------------------------------------ travel in time

    @property
    def position(self) -> int:
        """Actions applied so far."""
        return self.sim.position

    @property
    def last_position(self) -> int:
        """The furthest position reachable with Step Forward."""
        return self.sim.position + len(self._future)

    def go_to_position(self, position: int) -> None:
        """Jump to any point between the start and ``last_position`` (back: replay from a
        checkpoint; forward: re-apply the actions undone earlier)."""
        position = max(0, min(position, self.last_position))
        current = self.sim.position
        if position < current:
            self._future[:0] = self.sim.actions[position:]
            self.sim.restore(position)
        elif position > current:
            forward, self._future = self._future[:position - current], self._future[position - current:]
            try:
                for action in forward:
                    self.sim.apply(action)
            except SimulationError as exc:  # cannot happen for a deterministic replay; be safe
                self._future.clear()
                self.failed.emit(str(exc))
        self.refreshed.emit()

    def step_back(self) -> None:
        self.go_to_position(self.sim.position - 1)

    def step_forward(self) -> None:
        self.go_to_position(self.sim.position + 1)

    def go_to_seq(self, seq: int) -> None:
        """Back to the point right after history entry ``seq`` appeared (Simulation.go_to)."""
        actions = self.sim.actions
        try:
            self.sim.go_to(seq)
        except SimulationError as exc:
            self.failed.emit(str(exc))
            return
        self._future[:0] = actions[self.sim.position:]
        self.refreshed.emit()

    def go_to_entry(self, seq: int) -> None:
        """The state right after the action that produced history entry ``seq`` of the furthest
        run reached (``seq`` 0: the start): back with ``Simulation.go_to``, forward by re-applying
        the undone actions until that entry exists."""
        seq = max(0, min(seq, len(self.furthest_history)))
        if seq <= len(self.sim.history):
            self.go_to_seq(seq) if seq else self.go_to_position(0)
            return
        steps = 0
        try:
            while steps < len(self._future) and len(self.sim.history) < seq:
                self.sim.apply(self._future[steps])
                steps += 1
        except SimulationError as exc:  # cannot happen for a deterministic replay; be safe
            self._future.clear()
            self.failed.emit(str(exc))
        del self._future[:steps]
        self.refreshed.emit()

    def reset(self) -> None:
        self.go_to_position(0)

    def replay(self, actions: list[Action]) -> int:
        """Apply ``actions`` again through the checked public API (after a definition change);
        stops at the first one that no longer fits. Returns how many were applied."""
        done = 0
        for action in actions:
            try:
                _replay_one(self.sim, action)
            except (SimulationError, KeyError):
                break
            done += 1
        self.refreshed.emit()
        return done


def _replay_one(sim: Simulation, action: Action) -> None:
    kind = action.kind
    if kind == "deliver":
        if not action.chosen:
            sim.deliver()
            return
        pending = sim.pending()
        same = [e for e in pending if e.id == action.event_id and e.element == action.element]
        same = same or [e for e in pending if e.element == action.element]
        if not same:
            raise SimulationError(f"no pending event for {action.element}")
        sim.deliver(same[0].id)
    elif kind == "complete_work_item":
        sim.complete_work_item(action.step or "", action.outputs, action.user)
    elif kind == "fail_step":
        sim.fail_step(action.step or "", action.message or "")
    elif kind == "set_field":
        sim.set_field(action.ref or "", action.value)
    elif kind == "reassign":
        sim.reassign_work_item(action.step or "", action.user or "", action.value or "user")
    elif kind == "publish":
        sim.publish_event()
    elif kind in ("suspend", "resume", "cancel"):
        getattr(sim, kind)()
    else:
        raise SimulationError(f"unknown action {kind}")
