"""Plain objects the runtime hands to observers, and the user actions it records.

Observers (``Simulation.subscribe(callback)``) receive one of these dataclasses per
notification; they never receive Qt objects and must not mutate the simulation from inside
the callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .state import HistoryEntry


@dataclass(frozen=True)
class HistoryAdded:
    """A milestone was appended to the history."""

    entry: HistoryEntry
    kind: str = "history_added"


@dataclass(frozen=True)
class StatusChanged:
    """A status changed. ``element_kind``: run | stage | step | work_item.

    ``old`` is None for a record that did not exist (a stage reached for the first time).
    For the run, ``element`` is the orchestration name; for a work item, its id.
    """

    element_kind: str
    element: str
    old: str | None
    new: str
    kind: str = "status_changed"


@dataclass(frozen=True)
class StateRestored:
    """The simulation jumped to an earlier point (step back, go to, reset).

    ``seq`` is the seq of the last history entry now shown (0 when the history is empty).
    Observers should re-read ``history``, ``statuses`` and ``pending()``.
    """

    seq: int
    kind: str = "state_restored"


@dataclass(frozen=True)
class ReferenceRead:
    """A condition, input, assignee, record or decision read a resource reference.

    ``point`` is the reference point kind of ``engine.refs`` (start, start_inputs, inputs,
    assignee, record, complete, stage_complete, decision); ``element`` the step, stage or
    decision holding it; ``available`` whether the value existed at run time (SPEC §1
    automatic-output availability); ``value`` what was read (None when unavailable).
    """

    point: str
    element: str
    ref: str
    available: bool
    value: Any = None
    kind: str = "reference_read"


@dataclass(frozen=True)
class DecisionTaken:
    """A decision chose a branch: ``outcome`` is the outcome's name, None for the default."""

    decision: str
    outcome: str | None
    target: str
    time: int | float
    kind: str = "decision_taken"


@dataclass(frozen=True)
class ActionApplied:
    """One user-level action finished (after all its milestones): a good moment to refresh."""

    action: "Action"
    kind: str = "action_applied"


@dataclass(frozen=True)
class Action:
    """One recorded user action; the action log replays a session deterministically.

    ``kind``: deliver (``event_id``; ``element`` for readability; ``chosen`` False when the
    next event in time order was taken), complete_work_item (``step``, ``outputs``, ``user``),
    fail_step (``step``, ``message``), set_field (``ref``, ``value``), reassign (``step``,
    ``user`` = the new assignee, ``value`` = user / group / queue), publish, suspend, resume,
    cancel.
    """

    kind: str
    event_id: str | None = None
    element: str | None = None
    chosen: bool = False
    step: str | None = None
    outputs: dict[str, Any] | None = None
    user: str | None = None
    message: str | None = None
    ref: str | None = None
    value: Any = None

    def to_script(self) -> dict[str, Any]:
        """This action as a scenario ``script:`` entry (see ``ScriptAction``)."""
        if self.kind == "deliver":
            out: dict[str, Any] = {"deliver": self.event_id if self.chosen else "next"}
            if self.chosen and self.element:
                out["element"] = self.element
            return out
        if self.kind == "complete_work_item":
            out = {"complete": self.step}
            if self.outputs is not None:
                out["outputs"] = dict(self.outputs)
            if self.user is not None:
                out["user"] = self.user
            return out
        if self.kind == "fail_step":
            return {"fail": self.step, "message": self.message or ""}
        if self.kind == "set_field":
            return {"set": {self.ref: self.value}}
        if self.kind == "reassign":
            return {"reassign": self.step, "user": self.user, "assignee_type": self.value}
        return {self.kind: True}


ObserverEvent = HistoryAdded | StatusChanged | StateRestored | ReferenceRead | DecisionTaken | ActionApplied

__all__ = ["HistoryAdded", "StatusChanged", "StateRestored", "ReferenceRead", "DecisionTaken", "ActionApplied",
           "Action", "ObserverEvent"]
