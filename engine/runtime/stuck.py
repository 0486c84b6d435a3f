"""Why a run cannot progress: which steps wait on what (e.g. "Pong waits for Ping, which
waits for Pong")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import (
    AllStepsCompleted,
    EvaluationFlowCondition,
    InteractiveStep,
    RequirementsCondition,
    StepCompleted,
)
from .conditions import describe_requirements, logic_error
from .state import COMPLETED, IN_PROGRESS, NOT_STARTED

if TYPE_CHECKING:  # pragma: no cover
    from .runner import Runner


def _after_chain(runner: "Runner", step: Any) -> str:
    """``A waits for B, which waits for C, which ended Error`` …"""
    s, ix = runner.s, runner.ix
    text = f"{step.name} waits for {step.start.step}"
    seen = {step.name}
    current = step.start.step
    while True:
        info = ix.steps.get(current)
        if info is None:
            return text + ", which does not exist"
        if info.stage != s.current:
            return text + f", which is in stage {info.stage}, not this one"
        status = s.step_status.get(current)
        if status != NOT_STARTED:
            return text + f", which is {status}" if status != IN_PROGRESS else text + ", which is still In Progress"
        if current in seen:
            return text
        seen.add(current)
        cond = info.step.start
        if isinstance(cond, StepCompleted):
            text += f", which waits for {cond.step}"
            current = cond.step
            continue
        return text + f", which waits for {_start_text(runner, info.step)}"


def _condition_text(runner: "Runner", cond: Any) -> str:
    if isinstance(cond, RequirementsCondition):
        error = logic_error(cond.logic, len(cond.requirements))
        if error:
            return f"requirements with unusable logic ({error})"
        return "requirements " + describe_requirements(cond.logic, cond.requirements, runner.read)
    if isinstance(cond, EvaluationFlowCondition):
        runs = runner.s.eval_runs.get(cond.flow, 0)
        return f"evaluation flow {cond.flow} to return True (it ran {runs} time{'s' if runs != 1 else ''})"
    return "its condition"


def _start_text(runner: "Runner", step: Any) -> str:
    return _condition_text(runner, step.start)


def describe_stuck(runner: "Runner") -> str:
    """The reason the current stage cannot progress (called when nothing is pending)."""
    s, ix = runner.s, runner.ix
    if s.current is None:
        return "the run has no stage in progress and nothing pending"
    stage = ix.stages[s.current]
    waits: list[str] = []
    for step in stage.steps:
        status = s.step_status.get(step.name)
        if status == NOT_STARTED:
            if isinstance(step.start, StepCompleted):
                waits.append(_after_chain(runner, step))
            else:
                waits.append(f"{step.name} waits for {_start_text(runner, step)}")
        elif status == IN_PROGRESS and isinstance(step, InteractiveStep):
            if step.name in s.open_item:
                waits.append(f"{step.name} waits for its work item to be completed")
            else:
                waits.append(f"{step.name} waits for its completion {_condition_text(runner, step.complete)}")
    cond = stage.complete
    if isinstance(cond, AllStepsCompleted):
        missing = [f"{st.name} ({s.step_status.get(st.name)})" for st in stage.steps
                   if s.step_status.get(st.name) != COMPLETED]
        waits.append(f"stage {stage.name} completes only when all its steps are Completed; not Completed: "
                     + (", ".join(missing) or "none, but step names repeat, so the count never matches"))
    else:
        waits.append(f"stage {stage.name} waits for {_condition_text(runner, cond)}")
    return f"stage {stage.name} cannot progress: " + "; ".join(waits)
