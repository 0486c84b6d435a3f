"""The step-through API (SPEC §6): ``Simulation(defn, scenario)``.

Every user-level action (deliver an event, complete a work item, fail a step, set a field,
publish an event, suspend / resume / cancel) is applied to the run and appended to the
*action log*. Going back (``step_back``, ``go_to``, ``reset``) restores the nearest
checkpoint (a cheap ``RunState.copy()`` taken every ``checkpoint_every`` actions) and
replays the logged actions after it — the run is deterministic, so replay gives exactly
the same state. The action log can be saved as a scenario ``script:`` (``script()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..model import Orchestration
from ..scenario_model import Scenario
from .events import Action, ActionApplied, StateRestored
from .index import DefinitionIndex
from .runner import Runner, SimulationError
from .state import (
    COMPLETED,
    IN_PROGRESS,
    SUSPENDED,
    HistoryEntry,
    PendingEvent,
    RunState,
    WorkItem,
)

Observer = Callable[[Any], None]


@dataclass(frozen=True)
class Statuses:
    """Statuses at one point of the run. ``stages[name]`` is None for a stage not reached;
    a step of a stage not reached is ``Not Started``."""

    run: str
    stages: dict[str, str | None]
    steps: dict[str, str]
    work_items: dict[str, str]

    def __getitem__(self, key: str) -> Any:  # statuses["steps"] works too
        return getattr(self, key)


def _refuse_duplicates(defn: Orchestration) -> None:
    """Run state is kept by name: two stages, steps or decisions of one name cannot be simulated."""
    kinds = {"stage": [s.name for s in defn.stages],
             "step": [st.name for s in defn.stages for st in s.steps],
             "decision": [d.name for d in defn.decisions]}
    for kind, names in kinds.items():
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise SimulationError(f"two {kind}s are named {name}; rename one before simulating")
            seen.add(name)


class Simulation:
    """A simulated run of ``defn`` that can be driven step by step.

    Construction starts the run (``Start Run``, the first stage and its first evaluation
    pass) and applies the scenario's ``script`` actions, if any. Nothing here mutates the
    definition or the scenario.
    """

    def __init__(self, defn: Orchestration, scenario: Scenario | dict[str, Any] | None = None, *,
                 checkpoint_every: int = 16) -> None:
        if isinstance(scenario, dict):
            scenario = Scenario.model_validate(scenario)
        self.definition = defn
        self.scenario = scenario if scenario is not None else Scenario()
        _refuse_duplicates(defn)
        self._index = DefinitionIndex(defn)
        self._observers: list[Observer] = []
        self._muted = False
        self._every = max(1, checkpoint_every)
        self._runner = Runner(defn, self.scenario, self._index, self._notify)
        self._runner.start()
        self._actions: list[Action] = []
        self._hist_len: list[int] = [len(self._runner.s.history)]
        self._checkpoints: dict[int, RunState] = {0: self._runner.s.copy()}
        for number, entry in enumerate(self.scenario.script, 1):
            try:
                if entry.set is not None and len(entry.set) > 1:
                    for ref, value in entry.set.items():
                        self._apply(self._runner.action_from_script(entry.model_copy(update={"set": {ref: value}})))
                else:
                    self._apply(self._runner.action_from_script(entry))
            except SimulationError as exc:
                error = SimulationError(f"script entry {number}: {exc}")
                error.script_entry = number  # type: ignore[attr-defined]  # 1-based, for a file line
                raise error from None

    # ------------------------------------------------------------------ observers
    def subscribe(self, callback: Observer) -> Callable[[], None]:
        """Call ``callback(event)`` for every HistoryAdded, StatusChanged, ReferenceRead,
        StateRestored and ActionApplied event; returns a function that unsubscribes."""
        self._observers.append(callback)
        self._runner.observed = True

        def unsubscribe() -> None:
            if callback in self._observers:
                self._observers.remove(callback)
            self._runner.observed = bool(self._observers)

        return unsubscribe

    def _notify(self, event: Any) -> None:
        if self._muted:
            return
        for callback in list(self._observers):
            callback(event)

    # ------------------------------------------------------------------ inspection
    @property
    def history(self) -> list[HistoryEntry]:
        """The milestones so far (a copy)."""
        return list(self._runner.s.history)

    @property
    def statuses(self) -> Statuses:
        s = self._runner.s
        stages = {name: s.stage_status.get(name) for name in self._index.stages}
        steps = {name: s.step_status.get(name, "Not Started") for name in self._index.steps}
        items = {wid: wi.status for wid, wi in s.work_items.items()}
        return Statuses(s.run_status or IN_PROGRESS, stages, steps, items)

    @property
    def time(self) -> int | float:
        """The simulated clock, in seconds from the start of the run."""
        t = self._runner.s.time
        return int(t) if float(t).is_integer() else t

    @property
    def current_stage(self) -> str | None:
        return self._runner.s.current

    @property
    def is_finished(self) -> bool:
        """The run ended: Completed, Error or Canceled."""
        return self._runner.s.run_status not in (IN_PROGRESS, SUSPENDED)

    @property
    def stuck(self) -> str | None:
        """Why the run cannot progress (no pending event, stage cannot move), else None."""
        return self._runner.stuck_reason()

    @property
    def decisions(self) -> list[Any]:
        """The decisions taken so far (``DecisionTaken``: decision, outcome or None, target, time)."""
        return list(self._runner.s.decisions)

    @property
    def actions(self) -> list[Action]:
        """The action log (a copy): what the user did, in order."""
        return list(self._actions)

    @property
    def evaluation_runs(self) -> dict[str, int]:
        """How many times each evaluation flow has run so far."""
        return dict(sorted(self._runner.s.eval_runs.items()))

    def pending(self) -> list[PendingEvent]:
        """Pending events in delivery order (time, creation order)."""
        if self.is_finished:
            return []
        return self._runner.s.pending_in_order()

    def open_work_items(self) -> list[WorkItem]:
        """Work items still Assigned whose step is In Progress, in creation order."""
        s = self._runner.s
        return [s.work_items[i] for i in sorted(s.open_item.values(), key=lambda x: int(x[2:]))
                if s.work_items[i].status == "Assigned"]

    def work_items(self) -> list[WorkItem]:
        """Every work item created so far, in creation order."""
        return list(self._runner.s.work_items.values())

    def run_as(self, step: str) -> str | None:
        """Who ``step`` ran (or runs) as — the ``run_as`` of its Start Step; None if not started."""
        return self._runner.s.step_run_as.get(step)

    def outputs(self, step: str) -> dict[str, Any] | None:
        """The outputs of ``step`` once it is Completed (None before)."""
        s = self._runner.s
        if s.step_status.get(step) != COMPLETED:
            return None
        return dict(s.outputs.get(step, {}))

    def inputs(self, step: str) -> dict[str, Any] | None:
        """The input values ``step``'s flow received when it started (None before)."""
        values = self._runner.s.step_inputs.get(step)
        return dict(values) if values is not None else None

    def value(self, ref: str) -> tuple[Any, bool]:
        """The current value of a resource reference and whether it is available."""
        return self._runner.read(ref)

    # ------------------------------------------------------------------ actions
    def deliver(self, event_id: str | None = None) -> PendingEvent:
        """Deliver the next pending event (time, creation order) or the one chosen by id.

        Delivering a later event first is how interleavings are explored; the clock never
        goes backwards. Raises SimulationError when there is nothing (or no such event).
        """
        event = self._runner.pick_event(event_id)
        self._apply(Action("deliver", event_id=event.id, element=event.element, chosen=event_id is not None))
        return event

    def complete_work_item(self, step: str, outputs: dict[str, Any] | None = None,
                           user: str | None = None) -> None:
        """The assignee completes ``step``'s screen flow now, returning ``outputs``
        (default: the scenario's / flow's simulated outputs) as ``user`` (default: the
        scenario's ``completed_by``, else the assignee)."""
        self._runner.check_open_item(step)
        self._apply(Action("complete_work_item", step=step,
                           outputs=dict(outputs) if outputs is not None else None, user=user))

    def fail_step(self, step: str, message: str = "Failed in the simulator") -> None:
        """Make the In Progress ``step`` fail now with ``message`` (Fail Step …)."""
        self._runner.check_can_fail(step)
        self._apply(Action("fail_step", step=step, message=message))

    def set_field(self, ref: str, value: Any) -> None:
        """Change a record field or variable (``$Record.Industry``, ``recordId``) now; the
        current stage is re-evaluated."""
        self._runner.check_settable(ref)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise SimulationError(f"{ref}: a value is text, a number, true/false or null")
        self._apply(Action("set_field", ref=ref, value=value))

    def publish_event(self) -> None:
        """Publish a manual Orchestration Event now: the current stage is re-evaluated."""
        self._runner.check_running()
        self._apply(Action("publish"))

    def suspend(self) -> None:
        """Suspend the run: no new steps start; deliveries are held until ``resume``."""
        self._runner.check_status(IN_PROGRESS, "suspend")
        self._apply(Action("suspend"))

    def resume(self) -> None:
        """Resume a suspended run: held deliveries are processed, then the stage re-evaluated."""
        self._runner.check_status(SUSPENDED, "resume")
        self._apply(Action("resume"))

    def reassign_work_item(self, step: str, assignee: str, assignee_type: str = "user") -> None:
        """Reassign ``step``'s open work item to a user (username), group or queue now."""
        self._runner.check_open_item(step)
        if assignee_type not in ("user", "group", "queue") or not assignee:
            raise SimulationError("reassign to a user, group or queue with a name")
        self._apply(Action("reassign", step=step, user=assignee, value=assignee_type))

    def cancel(self) -> None:
        """Cancel the run (In Progress or Suspended)."""
        self._runner.check_status((IN_PROGRESS, SUSPENDED), "cancel")
        self._apply(Action("cancel"))

    def run_to_end(self, max_events: int = 100_000) -> int:
        """Deliver pending events in order until the run ends, is stuck, is suspended with
        nothing left, or ``max_events`` were delivered. Returns how many were delivered."""
        count = 0
        while count < max_events and not self.is_finished and self._runner.s.loop_reason is None:
            if self._runner.s.next_event() is None:
                break
            self.deliver()
            count += 1
        return count

    def apply(self, action: Action) -> None:
        """Apply a logged action (e.g. one of another simulation's ``actions``) as the next action."""
        self._apply(action)

    def _apply(self, action: Action) -> None:
        self._runner.apply(action)
        self._actions.append(action)
        self._hist_len.append(len(self._runner.s.history))
        n = len(self._actions)
        if n % self._every == 0:
            self._checkpoints[n] = self._runner.s.copy()
        self._notify(ActionApplied(action))

    # ------------------------------------------------------------------ going back
    @property
    def position(self) -> int:
        """How many actions have been applied (0 = just started)."""
        return len(self._actions)

    def step_back(self, n: int = 1) -> None:
        """Undo the last ``n`` actions (the later actions are discarded)."""
        self.restore(max(0, len(self._actions) - n))

    def reset(self) -> None:
        """Back to the start of the run (before any action, including script actions)."""
        self.restore(0)

    def go_to(self, seq: int) -> None:
        """Back to the earliest point whose history contains entry ``seq`` (the state right
        after the action that produced it); ``seq`` 0 resets."""
        if seq > len(self._runner.s.history):
            raise SimulationError(f"history entry {seq} does not exist yet")
        for k, length in enumerate(self._hist_len):
            if length >= seq:
                self.restore(k)
                return

    def restore(self, position: int) -> None:
        """Go to the state after the first ``position`` actions (replay from a checkpoint)."""
        if not 0 <= position <= len(self._actions):
            raise SimulationError(f"position {position} is outside 0..{len(self._actions)}")
        base = max(k for k in self._checkpoints if k <= position)
        replay = self._actions[base:position]
        self._muted = True
        try:
            self._runner.s = self._checkpoints[base].copy()
            for action in replay:
                self._runner.apply(action)
        finally:
            self._muted = False
        del self._actions[position:]
        del self._hist_len[position + 1:]
        for k in [k for k in self._checkpoints if k > position]:
            del self._checkpoints[k]
        history = self._runner.s.history
        self._notify(StateRestored(history[-1].seq if history else 0))

    # ------------------------------------------------------------------ results
    def script(self) -> list[dict[str, Any]]:
        """The action log as scenario ``script:`` entries (trailing automatic deliveries,
        which ``simulate`` repeats anyway, are left out)."""
        actions = list(self._actions)
        while actions and actions[-1].kind == "deliver" and not actions[-1].chosen:
            actions.pop()
        return [a.to_script() for a in actions]

    def result(self) -> "SimulationResult":
        """The current state as a SimulationResult (the ``simulate --json`` data)."""
        from .result import build_result

        return build_result(self)


from .result import SimulationResult  # noqa: E402  (type reference for result())
