"""Steps of a run: starting, completing and failing them, work items, stage and run ends.

A mixin of ``Runner`` (engine/runtime/runner.py), split out to keep modules readable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import (
    EvaluationFlowCondition,
    InteractiveStep,
    RequirementsCondition,
    duration_seconds,
)
from . import runas
from .conditions import operand
from .state import (
    ASSIGNED, COMPLETED, DISCONTINUED, ERROR, IN_PROGRESS,
    DISCONTINUE_STAGE, DISCONTINUE_STEP, END_RUN, END_STAGE, END_STEP, END_WORK_ITEM,
    FAIL_RUN, FAIL_STAGE, FAIL_STEP, START_STEP, START_WORK_ITEM,
    WorkItem, _time_value,
)

DEFAULT_ASYNC = 60.0
DEFAULT_INTERACTIVE = 3600.0


class StepsMixin:
    """Step life cycle and the endings of stages and runs (SPEC §1 Errors, §6.3)."""

    # ================================================================== steps
    def _duration(self, step: Any, default: float) -> float:
        override = self.scenario.steps.get(step.name)
        if override is not None and override.duration is not None:
            return duration_seconds(override.duration)
        flow = self.ix.flow(step.action)
        if flow is not None and flow.simulate.duration is not None:
            return duration_seconds(flow.simulate.duration)
        return default

    def _behaviour(self, step: Any) -> tuple[dict[str, Any], str | None]:
        """(outputs, error) the step's flow returns: scenario override, else the flow's."""
        override = self.scenario.steps.get(step.name)
        flow = self.ix.flow(step.action)
        outputs = dict(flow.simulate.outputs) if flow else {}
        error = flow.simulate.error if flow else None
        if override is not None:
            if override.outputs is not None:
                outputs = dict(override.outputs)
            if override.error is not None:
                error = override.error
        return outputs, error

    def _start_step(self, stage: Any, i: int, step: Any) -> None:
        s = self.s
        name = step.name
        read = self.reader("inputs", name)
        s.step_inputs[name] = {k: operand(v, read) for k, v in step.inputs.items()}
        is_async = self.ix.is_async(step)
        outputs, error = self._behaviour(step)
        if isinstance(step, InteractiveStep):
            self._start_interactive(i, step, outputs, error)
            return
        run_as = runas.step_run_as(self.defn, step, is_async=is_async, context_user=s.context_user,
                                   last_interactive_user=s.last_interactive_user)
        s.step_run_as[name] = run_as
        kind = "MuleSoft" if step.type == "mulesoft" else "background, async" if is_async else "background, sync"
        self._set_step(name, IN_PROGRESS, START_STEP, run_as, f"{kind}: {step.action or '(no action)'}")
        if is_async:
            at = s.time + self._duration(step, DEFAULT_ASYNC)
            event = s.schedule(at, "step_completion", name, f"{name} finishes (Flow Orchestration Event)",
                               {"outputs": tuple(outputs.items()), "error": error})
            s.step_event[name] = event.id
            return
        s.time += self._duration(step, 0.0)
        if error:
            self._fail_step(name, error)
        else:
            self._complete_step(name, outputs)
        self._changed = True

    def _start_interactive(self, i: int, step: InteractiveStep, outputs: dict[str, Any], error: str | None) -> None:
        s = self.s
        name = step.name
        kind = step.assignee.type if step.assignee else "user"
        assignee: Any = None
        if step.assignee is not None:
            assignee = step.assignee.value
            if step.assignee.ref:
                assignee = self.reader("assignee", name)(step.assignee.ref)[0]
        if step.record is not None:
            operand(step.record, self.reader("record", name))
        override = self.scenario.steps.get(name)
        completer = override.completed_by if override and override.completed_by else None
        if completer is None and assignee:
            completer = str(assignee) if kind == "user" else f"{assignee}.member@example.com"
        run_as = runas.step_run_as(self.defn, step, is_async=True, context_user=s.context_user,
                                   last_interactive_user=s.last_interactive_user, completer=completer)
        s.step_run_as[name] = run_as
        self._set_step(name, IN_PROGRESS, START_STEP, run_as, f"interactive: {step.action or '(no screen flow)'}")
        if not assignee:
            self._fail_step(name, "the work item has no assignee")
            self._changed = True
            return
        s.item_no += 1
        item = WorkItem(f"WI{s.item_no}", name, str(assignee), kind, runas.work_item_owner(kind, str(assignee)),
                        created=_time_value(s.time))
        self._status("work_item", item.id, None, ASSIGNED)
        s.work_items[item.id] = item
        s.open_item[name] = item.id
        s.step_item[name] = item.id
        self._log(START_WORK_ITEM, name, item.owner, f"{item.id} assigned to {assignee} ({kind})")
        at = s.time + self._duration(step, DEFAULT_INTERACTIVE)
        event = s.schedule(at, "work_item", name, f"{completer} completes {item.id} ({name})",
                           {"item": item.id, "user": completer, "outputs": tuple(outputs.items()), "error": error})
        s.step_event[name] = event.id
        if isinstance(step.complete, RequirementsCondition):
            s.dirty_complete.add(i)
        elif isinstance(step.complete, EvaluationFlowCondition):
            s.eval_complete.add(i)

    def _complete_step(self, name: str, outputs: dict[str, Any] | None, run_as: str | None = None,
                       detail: str = "") -> None:
        s = self.s
        if outputs is not None:
            s.outputs[name] = dict(outputs)
        s.unschedule(s.step_event.pop(name, None))
        if isinstance(self.ix.steps[name].step, InteractiveStep):
            # SPEC §1: "the user who completed the most recently completed interactive step",
            # and (API ≤ 57) "after an interactive step completes the run resumes as the user
            # who completed the work item" — both when the step completes (with a completion
            # condition that can be after its work item was completed); a step completed before
            # anyone completed its work item changes neither.
            item = s.work_items.get(s.step_item.get(name, ""))
            if item is not None and item.completed_by:
                s.last_interactive_user = item.completed_by
                if runas.resumes_as_completer(self.defn):
                    s.context_user = item.completed_by
        self._set_step(name, COMPLETED, END_STEP, run_as or s.step_run_as.get(name), detail)

    def _close_work_item(self, item_id: str, user: str | None, detail: str, outputs: dict[str, Any] | None = None) -> None:
        s = self.s
        item = s.work_items[item_id]
        self._status("work_item", item_id, item.status, COMPLETED)
        s.work_items[item_id] = replace(item, status=COMPLETED, completed_by=user, outputs=outputs,
                                        completed=_time_value(s.time))
        if s.open_item.get(item.step) == item_id:
            del s.open_item[item.step]
        self._log(END_WORK_ITEM, item.step, user or self._ctx(), f"{item_id} {detail}")

    def _fail_step(self, name: str, message: str) -> None:
        s = self.s
        info = self.ix.steps[name]
        stage = self.ix.stages[info.stage]
        interactive = isinstance(info.step, InteractiveStep)
        s.unschedule(s.step_event.pop(name, None))
        s.step_error[name] = message
        self._set_step(name, ERROR, FAIL_STEP, s.step_run_as.get(name), message)
        self._changed = True
        for other in stage.steps:
            if s.step_status.get(other.name) == IN_PROGRESS:
                self._discontinue(other.name, "its stage failed")
        # background / MuleSoft step error: open work items become Completed (notes §4.6);
        # after an interactive step error they stay Assigned
        self._close_stage_items(stage, "closed: the stage failed", close=not interactive)
        self._set_stage(stage.name, ERROR)
        self._log(FAIL_STAGE, stage.name, detail=f"{name} failed: {message}")
        s.current = None
        if stage.fault:
            s.target, s.via = stage.fault, f"fault path of {stage.name}"
        else:
            self._fail_run(f"{name} failed: {message}")

    def _discontinue(self, name: str, detail: str) -> None:
        s = self.s
        s.unschedule(s.step_event.pop(name, None))
        self._set_step(name, DISCONTINUED, DISCONTINUE_STEP, detail=detail)

    def _close_stage_items(self, stage: Any, detail: str, close: bool = True) -> None:
        """The stage is over: complete its open work items in step order (End Work Item
        each), or with ``close`` False leave them Assigned; either way they are no longer open."""
        s = self.s
        for step in stage.steps:
            item = s.open_item.get(step.name)
            if item is not None and close and s.work_items[item].status == ASSIGNED:
                self._close_work_item(item, None, detail)
            s.open_item.pop(step.name, None)

    def _complete_stage(self, stage: Any) -> None:
        s = self.s
        for step in stage.steps:
            if s.step_status.get(step.name) == IN_PROGRESS:
                self._discontinue(step.name, "its stage completed")
        self._close_stage_items(stage, "closed: its stage completed")
        self._set_stage(stage.name, COMPLETED)
        self._log(END_STAGE, stage.name)
        s.current = None
        s.target, s.via = self.defn.next_of(stage), f"after {stage.name}"

    # ================================================================== run end
    def _finish(self) -> None:
        s = self.s
        s.current = None
        s.target = None
        s.needs_pass = False
        s.clear_pending()
        s.deferred.clear()

    def _end_run(self) -> None:
        self._set_run(COMPLETED)
        self._log(END_RUN, self.defn.name)
        self._finish()

    def _fail_run(self, detail: str) -> None:
        self._set_run(ERROR)
        self._log(FAIL_RUN, self.defn.name, detail=detail)
        self._finish()

    def _orchestration_error(self, message: str) -> None:
        """An error outside any step (bad path target): running stage Discontinued, items stay Assigned."""
        s = self.s
        name = s.current
        if name is not None and s.stage_status.get(name) == IN_PROGRESS:
            for step in self.ix.stages[name].steps:
                if s.step_status.get(step.name) == IN_PROGRESS:
                    self._discontinue(step.name, "the orchestration failed")
            self._close_stage_items(self.ix.stages[name], "", close=False)
            self._set_stage(name, DISCONTINUED)
            self._log(DISCONTINUE_STAGE, name, detail=message)
        self._fail_run(message)

