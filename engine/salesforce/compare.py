"""What a Salesforce round trip keeps: a normalised view of a definition for comparisons.

Export → import keeps stages, steps, conditions, assignees, records, inputs, decisions,
variables, trigger, API version, labels and descriptions. It does not keep the flow library's
simulated behaviour (outputs, durations, errors), nor library flows other than generated
evaluation flows, nor `run_context` unless it is `user`; and it writes defaults explicitly, so
this view compares *effective* values (labels, `next`, `start`, `requires_async`).
"""

from __future__ import annotations

from typing import Any

from ..model import BackgroundStep, Orchestration
from .values import DEFAULT_OUTCOME_LABEL


def comparable(defn: Orchestration) -> dict[str, Any]:
    """The parts of ``defn`` a Salesforce round trip must keep, with implied values made explicit."""
    data = defn.model_dump(exclude={"flows", "schema_version"})
    data["label"] = defn.display_label
    data["start"] = defn.start_target()
    for stage, sdata in zip(defn.stages, data["stages"]):
        sdata["label"] = stage.display_label
        sdata["next"] = defn.next_of(stage)
        for step, tdata in zip(stage.steps, sdata["steps"]):
            tdata["label"] = step.display_label
            if isinstance(step, BackgroundStep):
                tdata["requires_async"] = step.runs_async(defn.flow(step.action))
    for decision, ddata in zip(defn.decisions, data["decisions"]):
        ddata["label"] = decision.display_label
        ddata["default_label"] = decision.default_label or DEFAULT_OUTCOME_LABEL
        for outcome, odata in zip(decision.outcomes, ddata["outcomes"]):
            odata["label"] = outcome.display_label
    for var in data["variables"]:
        if isinstance(var.get("value"), float) and var["value"].is_integer():
            var["value"] = int(var["value"])
    return data


def evaluation_results(defn: Orchestration) -> dict[str, Any]:
    """Generated evaluation flows' conditions by flow name (these do round-trip)."""
    from .evaluation_flow import needs_generation

    return {f.name: f.simulate.result.model_dump() for f in defn.flows if needs_generation(f)}  # type: ignore[union-attr]
