"""Running an evaluation flow in the simulator (SPEC §1 "Evaluation flow", §4 scenarios).

The result comes from, in order: the scenario's ``evaluations`` script for the flow (the
n-th run returns the n-th value; the last value repeats), the flow's ``simulate.result``
(a literal, or a condition over the flow's own inputs), its simulated
``isOrchestrationConditionMet`` output, else False. Evaluation flows run in system context.
"""

from __future__ import annotations

from typing import Any, Callable

from ..model import EVALUATION_OUTPUT, ConditionSpec, Flow, Ref
from .conditions import requirements_hold

Reader = Callable[[str], tuple[Any, bool]]


def run_evaluation_flow(flow: Flow | None, name: str, inputs: dict[str, Any], run: int,
                        script: list[bool] | bool | None, read: Reader) -> bool:
    """The Boolean ``isOrchestrationConditionMet`` of the ``run``-th run (1-based) of ``name``."""
    if script is not None:
        values = script if isinstance(script, list) else [script]
        if values:
            return bool(values[min(run, len(values)) - 1])
    if flow is None:
        return False
    result = flow.simulate.result
    if isinstance(result, bool):
        return result
    if isinstance(result, ConditionSpec):
        def read_input(text: str) -> tuple[Any, bool]:
            if text in inputs:
                return inputs[text], True
            return read(text)

        return requirements_hold(result.logic, result.requirements, read_input)
    value = flow.simulate.outputs.get(EVALUATION_OUTPUT)
    return value is True


__all__ = ["run_evaluation_flow", "Ref"]
