"""Events and user actions of a run: delivery, work items, record changes, suspend /
resume / cancel, and the checks behind the step-through API's error messages.

A mixin of ``Runner`` (engine/runtime/runner.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import WorkItemCompleted
from . import runas
from .events import Action
from .index import field_head
from .state import (
    ASSIGNED, CANCELED, CANCEL_RUN, END_STAGE, IN_PROGRESS, REASSIGN_WORK_ITEM, RESUME_RUN, SUSPENDED,
    SUSPEND_RUN,
    PendingEvent, _time_value,
)
from .stuck import describe_stuck


class SimulationError(ValueError):
    """A step-through request that does not fit the run's current state (a user error)."""


class ActionsMixin:
    """Applies pending events and logged user actions."""

    # ================================================================== events and actions
    def _apply_event(self, event: PendingEvent) -> None:
        s = self.s
        if event.kind == "step_completion":
            name = event.element
            if s.step_status.get(name) == IN_PROGRESS:
                s.step_event.pop(name, None)
                if event.get("error"):
                    self._fail_step(name, event.get("error"))
                else:
                    self._complete_step(name, dict(event.get("outputs") or ()))
        elif event.kind == "work_item":
            self._work_item_done(event)
        elif event.kind == "set":
            for ref, value in event.get("set") or ():
                self._set_field(ref, value)
        s.needs_pass = True

    def _work_item_done(self, event: PendingEvent) -> None:
        s = self.s
        name, item_id = event.element, event.get("item")
        item = s.work_items.get(item_id)
        if item is None or item.status != ASSIGNED or s.step_status.get(name) != IN_PROGRESS:
            return
        s.step_event.pop(name, None)
        if event.get("error"):
            self._fail_step(name, event.get("error"))
            return
        user = event.get("user") or item.assignee
        outputs = dict(event.get("outputs") or ())
        self._close_work_item(item_id, user, f"completed by {user}", outputs)
        step = self.ix.steps[name].step
        if isinstance(step.complete, WorkItemCompleted):
            self._complete_step(name, outputs, run_as=user)
        else:
            s.outputs[name] = outputs          # readable once the step is Completed

    def _set_field(self, ref: str, value: Any) -> None:
        s = self.s
        ref = ref.strip()
        if ref.startswith("$Record."):
            prior = "$Record__Prior." + ref.split(".", 1)[1]
            s.fields[prior] = s.fields.get(ref)
            self._mark(("field", "$Record__Prior"))
        s.fields[ref] = value
        self._mark(("field", field_head(ref)))

    def apply(self, action: Action) -> None:
        """Apply one logged action (the same code path for live actions and replay)."""
        s = self.s
        kind = action.kind
        if kind == "deliver":
            event = s.pending.get(action.event_id or "") if action.chosen else s.next_event()
            if event is None:
                raise SimulationError(f"no pending event {action.event_id or ''}".strip())
            s.unschedule(event.id)
            if s.step_event.get(event.element) == event.id:
                del s.step_event[event.element]
            s.time = max(s.time, float(event.time))
            self._handle(event)
        elif kind == "complete_work_item":
            item_id = s.open_item[action.step or ""]
            event = s.pending.get(s.step_event.get(action.step or "", ""))
            payload = dict(event.payload) if event is not None else {"item": item_id}
            s.unschedule(s.step_event.pop(action.step or "", None))
            payload["error"] = None
            if action.outputs is not None:
                payload["outputs"] = tuple(action.outputs.items())
            if action.user is not None:
                payload["user"] = action.user
            self._handle(PendingEvent("manual", _time_value(s.time), 0, "work_item", action.step or "",
                                      "work item completed", tuple(sorted(payload.items()))))
        elif kind == "fail_step":
            self._fail_step(action.step or "", action.message or "failed")
            self.settle()
        elif kind == "set_field":
            self._set_field(action.ref or "", action.value)
            if s.run_status == IN_PROGRESS:
                s.needs_pass = True
                self.settle()
        elif kind == "publish":
            self._handle(PendingEvent("manual", _time_value(s.time), 0, "publish", self.defn.name, "publish"))
        elif kind == "suspend":
            self._suspend()
        elif kind == "resume":
            self._resume()
        elif kind == "cancel":
            self._cancel()
        elif kind == "reassign":
            self._reassign(action.step or "", action.user or "", action.value or "user")
        else:
            raise SimulationError(f"unknown action {kind!r}")

    def _handle(self, event: PendingEvent) -> None:
        if self.s.run_status == SUSPENDED:
            self.s.deferred.append(event)          # stored; processed on resume (notes §4.8)
            return
        self._apply_event(event)
        self.settle()

    def _suspend(self) -> None:
        s = self.s
        self._set_run(SUSPENDED)
        if s.current is not None:
            self._set_stage(s.current, SUSPENDED)
        self._log(SUSPEND_RUN, self.defn.name)

    def _resume(self) -> None:
        s = self.s
        self._set_run(IN_PROGRESS)
        if s.current is not None:
            self._set_stage(s.current, IN_PROGRESS)
        self._log(RESUME_RUN, self.defn.name)
        held, s.deferred = s.deferred, []
        for event in held:
            if s.run_status == IN_PROGRESS:
                self._apply_event(event)
                self.settle()
        s.needs_pass = True
        self.settle()

    def _reassign(self, step: str, assignee: str, kind: str) -> None:
        """The work item goes to another user / group / queue (Reassign Work Item). Its
        scheduled completion stays; the completing user becomes the new assignee unless the
        scenario names ``completed_by``."""
        s = self.s
        item = s.work_items[s.open_item[step]]
        owner = runas.work_item_owner(kind, assignee)
        s.work_items[item.id] = replace(item, assignee=assignee, assignee_type=kind, owner=owner)
        override = self.scenario.steps.get(step)
        if not (override and override.completed_by):
            completer = assignee if kind == "user" else f"{assignee}.member@example.com"
            event = s.pending.get(s.step_event.get(step, ""))
            if event is not None:
                payload = dict(event.payload)
                payload["user"] = completer
                s.pending[event.id] = replace(event, payload=tuple(sorted(payload.items())),
                                              description=f"{completer} completes {item.id} ({step})")
        self._log(REASSIGN_WORK_ITEM, step, owner, f"{item.id} reassigned to {assignee} ({kind})")

    def _cancel(self) -> None:
        s = self.s
        name = s.current
        if name is not None:
            stage = self.ix.stages[name]
            self._close_stage_items(stage, "closed: the run was canceled")
            for step in stage.steps:
                if s.step_status.get(step.name) == IN_PROGRESS:
                    self._set_step(step.name, CANCELED, None)
            self._set_stage(name, CANCELED)
            self._log(END_STAGE, name, detail="the run was canceled")
        self._set_run(CANCELED)
        self._log(CANCEL_RUN, self.defn.name)
        self._finish()

    # ================================================================== checks for the public API
    def check_status(self, allowed: str | tuple[str, ...], what: str) -> None:
        allowed = (allowed,) if isinstance(allowed, str) else allowed
        if self.s.run_status not in allowed:
            raise SimulationError(f"cannot {what}: the run is {self.s.run_status}")

    def check_running(self) -> None:
        self.check_status((IN_PROGRESS, SUSPENDED), "act")

    def check_open_item(self, step: str) -> None:
        self.check_running()
        if step not in self.s.open_item:
            raise SimulationError(f"{step} has no open work item")

    def check_can_fail(self, step: str) -> None:
        self.check_status(IN_PROGRESS, f"fail {step}")
        if self.s.step_status.get(step) != IN_PROGRESS:
            raise SimulationError(f"{step} is not In Progress, so it cannot fail")

    def check_settable(self, ref: str) -> None:
        self.check_running()
        kind = self.ix.resolve(ref.strip()).kind
        if kind not in ("variable", "record", "global"):
            raise SimulationError(f"{ref} is not a variable, record field or global that can be set")
        if kind == "record" and self.defn.type != "record_triggered":
            raise SimulationError("$Record exists only in record-triggered orchestrations")

    def pick_event(self, event_id: str | None) -> PendingEvent:
        self.check_running()
        event = self.s.pending.get(event_id) if event_id is not None else self.s.next_event()
        if event is None:
            raise SimulationError(f"no pending event {event_id}" if event_id else "no pending event")
        return event

    def action_from_script(self, entry: Any) -> Action:
        """A scenario ``script:`` entry as an Action (checked against the current state)."""
        if entry.deliver is not None:
            if entry.deliver == "next":
                event = self.pick_event(None)
                return Action("deliver", event_id=event.id, element=event.element)
            event = self.s.pending.get(entry.deliver)
            if event is None or (entry.element and event.element != entry.element):
                event = next((e for e in self.s.pending_in_order() if e.element == entry.element), None)
            if event is None:
                raise SimulationError(f"script: no pending event {entry.deliver} ({entry.element or '?'})")
            return Action("deliver", event_id=event.id, element=event.element, chosen=True)
        if entry.complete is not None:
            self.check_open_item(entry.complete)
            return Action("complete_work_item", step=entry.complete, outputs=entry.outputs, user=entry.user)
        if entry.reassign is not None:
            self.check_open_item(entry.reassign)
            return Action("reassign", step=entry.reassign, user=entry.user or "", value=entry.assignee_type)
        if entry.fail is not None:
            self.check_can_fail(entry.fail)
            return Action("fail_step", step=entry.fail, message=entry.message or "failed")
        if entry.set is not None:
            (ref, value), = list(entry.set.items())[:1] or [("", None)]
            self.check_settable(ref)
            return Action("set_field", ref=ref, value=value)
        for kind in ("publish", "suspend", "resume", "cancel"):
            if getattr(entry, kind):
                return Action(kind)
        raise SimulationError("empty script entry")

    def stuck_reason(self) -> str | None:
        s = self.s
        if s.loop_reason:
            return s.loop_reason
        if s.run_status != IN_PROGRESS or s.pending or s.target is not None:
            return None
        return describe_stuck(self)

