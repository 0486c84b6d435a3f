"""Run state of one simulated orchestration run (kept apart from the definition).

The state is a handful of flat dictionaries keyed by element name, so that a snapshot is a
few C-level dict copies (``RunState.copy``). Every status change goes through
:func:`check_transition`: an illegal transition is a bug in the runtime and raises.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

# ------------------------------------------------------------------ status values (SPEC §1)

NOT_STARTED = "Not Started"
IN_PROGRESS = "In Progress"
COMPLETED = "Completed"
DISCONTINUED = "Discontinued"
ERROR = "Error"
CANCELED = "Canceled"
SUSPENDED = "Suspended"
ASSIGNED = "Assigned"

RUN_STATUSES = (IN_PROGRESS, COMPLETED, ERROR, CANCELED, SUSPENDED)
STAGE_STATUSES = (IN_PROGRESS, COMPLETED, DISCONTINUED, ERROR, CANCELED, SUSPENDED)
STEP_STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED, DISCONTINUED, ERROR, CANCELED)
WORK_ITEM_STATUSES = (ASSIGNED, COMPLETED)

# Allowed transitions per record kind. ``None`` is "no record yet" (a stage not reached).
_TRANSITIONS: dict[str, dict[str | None, frozenset[str]]] = {
    "run": {
        None: frozenset({IN_PROGRESS}),
        IN_PROGRESS: frozenset({COMPLETED, ERROR, CANCELED, SUSPENDED}),
        SUSPENDED: frozenset({IN_PROGRESS, CANCELED}),
    },
    "stage": {
        None: frozenset({IN_PROGRESS}),
        IN_PROGRESS: frozenset({COMPLETED, DISCONTINUED, ERROR, CANCELED, SUSPENDED}),
        SUSPENDED: frozenset({IN_PROGRESS, CANCELED}),
        # A decision or fault path can lead back to a stage that already ran: a new stage run.
        COMPLETED: frozenset({IN_PROGRESS}),
        ERROR: frozenset({IN_PROGRESS}),
        DISCONTINUED: frozenset({IN_PROGRESS}),
    },
    "step": {
        None: frozenset({NOT_STARTED}),
        NOT_STARTED: frozenset({IN_PROGRESS}),
        IN_PROGRESS: frozenset({COMPLETED, DISCONTINUED, ERROR, CANCELED}),
    },
    "work_item": {
        None: frozenset({ASSIGNED}),
        ASSIGNED: frozenset({COMPLETED}),
    },
}

# ------------------------------------------------------------------ history milestones (SPEC §1)

START_RUN, END_RUN, FAIL_RUN = "Start Run", "End Run", "Fail Run"
CANCEL_RUN, SUSPEND_RUN, RESUME_RUN = "Cancel Run", "Suspend Run", "Resume Run"
START_STAGE, END_STAGE, DISCONTINUE_STAGE, FAIL_STAGE = "Start Stage", "End Stage", "Discontinue Stage", "Fail Stage"
START_STEP, END_STEP, DISCONTINUE_STEP, FAIL_STEP = "Start Step", "End Step", "Discontinue Step", "Fail Step"
START_WORK_ITEM, END_WORK_ITEM, REASSIGN_WORK_ITEM = "Start Work Item", "End Work Item", "Reassign Work Item"
MILESTONES = (
    START_RUN, END_RUN, FAIL_RUN, CANCEL_RUN, SUSPEND_RUN, RESUME_RUN,
    START_STAGE, END_STAGE, DISCONTINUE_STAGE, FAIL_STAGE,
    START_STEP, END_STEP, DISCONTINUE_STEP, FAIL_STEP,
    START_WORK_ITEM, END_WORK_ITEM, REASSIGN_WORK_ITEM,
)


class IllegalTransition(RuntimeError):
    """A status change the rules do not allow — always a bug in the runtime."""


def check_transition(kind: str, name: str, old: str | None, new: str) -> None:
    """Raise IllegalTransition unless ``kind`` record ``name`` may go from ``old`` to ``new``."""
    allowed = _TRANSITIONS[kind].get(old, frozenset())
    if new not in allowed:
        raise IllegalTransition(f"{kind} {name}: {old or 'no status'} -> {new} is not allowed")


# ------------------------------------------------------------------ records


def _time_value(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else round(seconds, 3)


@dataclass(frozen=True)
class HistoryEntry:
    """One milestone of the run history. ``time`` is simulated seconds from the start."""

    seq: int
    time: int | float
    milestone: str
    element: str
    run_as: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "time": self.time, "milestone": self.milestone,
                "element": self.element, "run_as": self.run_as, "detail": self.detail}

    def __getitem__(self, key: str) -> Any:  # dict-like access for scripts
        return getattr(self, key)

    @property
    def label(self) -> str:
        """``"Milestone Element"`` — the form scenario ``expect.milestones`` uses."""
        return f"{self.milestone} {self.element}"


@dataclass(frozen=True)
class WorkItem:
    """An orchestration work item (interactive step). Replaced, never mutated, on change."""

    id: str
    step: str
    assignee: str | None
    assignee_type: str          # user | group | queue
    owner: str                  # who owns the record (SPEC §1 run-as)
    status: str = ASSIGNED
    completed_by: str | None = None
    outputs: dict[str, Any] | None = None
    created: int | float = 0
    completed: int | float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "step": self.step, "assignee": self.assignee,
                "assignee_type": self.assignee_type, "owner": self.owner, "status": self.status,
                "completed_by": self.completed_by, "outputs": dict(self.outputs or {}),
                "created": self.created, "completed": self.completed}


@dataclass(frozen=True)
class PendingEvent:
    """Something scheduled to happen at a simulated time.

    ``kind``: ``step_completion`` (an asynchronous background / MuleSoft step finishes and
    publishes a Flow Orchestration Event), ``work_item`` (the assignee completes the screen
    flow), ``set`` (a record / variable change from a scenario), ``publish`` (a manual
    Orchestration Event).
    """

    id: str
    time: int | float
    order: int
    kind: str
    element: str
    description: str
    payload: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.payload).get(key, default)


@dataclass
class RunState:
    """Everything that changes during a run. ``copy()`` is a cheap snapshot."""

    time: float = 0.0
    run_status: str | None = None
    current: str | None = None                     # the stage In Progress (or Suspended)
    stage_status: dict[str, str] = field(default_factory=dict)
    step_status: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)   # recorded flow outputs
    step_run_as: dict[str, str] = field(default_factory=dict)
    step_inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    step_error: dict[str, str] = field(default_factory=dict)
    work_items: dict[str, WorkItem] = field(default_factory=dict)
    open_item: dict[str, str] = field(default_factory=dict)          # step -> open work item id
    step_item: dict[str, str] = field(default_factory=dict)          # step -> its latest work item id
    step_event: dict[str, str] = field(default_factory=dict)         # step -> its pending event id
    fields: dict[str, Any] = field(default_factory=dict)             # variables, $Record, globals
    pending: dict[str, PendingEvent] = field(default_factory=dict)
    heap: list[tuple[float, int, str]] = field(default_factory=list)
    deferred: list[PendingEvent] = field(default_factory=list)       # delivered while suspended
    history: list[HistoryEntry] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)               # DecisionTaken, in order
    event_no: int = 0
    item_no: int = 0
    eval_runs: dict[str, int] = field(default_factory=dict)
    context_user: str = ""
    last_interactive_user: str | None = None
    # evaluation bookkeeping for the current stage (indices into its step list)
    dirty_start: set[int] = field(default_factory=set)
    dirty_complete: set[int] = field(default_factory=set)
    eval_start: set[int] = field(default_factory=set)
    eval_complete: set[int] = field(default_factory=set)
    stage_dirty: bool = False
    completed_count: int = 0
    needs_pass: bool = False
    target: str | None = None                      # where the path goes next (set, then routed)
    via: str = ""                                  # how the path got there (detail of Start Stage)
    loop_reason: str | None = None                 # set when a path loops without waiting

    def copy(self) -> "RunState":
        """A snapshot: containers copied, records (frozen) shared."""
        new = RunState.__new__(RunState)
        d = self.__dict__
        nd = new.__dict__
        for key, value in d.items():
            if isinstance(value, (dict, list, set)):
                nd[key] = value.copy()
            else:
                nd[key] = value
        return new

    # ---- pending events
    def schedule(self, time: float, kind: str, element: str, description: str,
                 payload: dict[str, Any] | None = None) -> PendingEvent:
        self.event_no += 1
        event = PendingEvent(f"E{self.event_no}", _time_value(time), self.event_no, kind, element,
                             description, tuple(sorted((payload or {}).items())))
        self.pending[event.id] = event
        heapq.heappush(self.heap, (float(event.time), event.order, event.id))
        return event

    def unschedule(self, event_id: str | None) -> PendingEvent | None:
        """Remove a pending event (the heap entry is dropped lazily)."""
        if event_id is None:
            return None
        return self.pending.pop(event_id, None)

    def next_event(self) -> PendingEvent | None:
        while self.heap and self.heap[0][2] not in self.pending:
            heapq.heappop(self.heap)
        return self.pending[self.heap[0][2]] if self.heap else None

    def pending_in_order(self) -> list[PendingEvent]:
        return sorted(self.pending.values(), key=lambda e: (float(e.time), e.order))

    def clear_pending(self) -> None:
        self.pending.clear()
        self.heap.clear()
        self.step_event.clear()
