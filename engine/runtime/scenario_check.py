"""Warnings about a scenario that does not fit its definition (names nothing, sets nothing).

They never stop a simulation: a scenario that names a step the definition no longer has
simply has no effect there, but the user most likely wants to know.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Orchestration, line_in
from ..refs import NameIndex, resolve_ref
from ..scenario_model import Scenario


def check_scenario(defn: Orchestration, scenario: Scenario,
                   lines: dict[str, int] | None = None) -> list[Diagnostic]:
    """Warnings for scenario entries that name no step, flow, stage or settable field.

    ``lines`` maps field paths of the scenario file (``steps.Review``) to 1-based lines, as
    ``engine.io_yaml.read_yaml`` gives them; warnings then carry their line.
    """
    names = NameIndex(defn)
    flows = {f.name: f for f in defn.flows}
    found: list[Diagnostic] = []

    def warn(code: str, message: str, field: str, element: str | None = None) -> None:
        found.append(Diagnostic.make(code, message, element=element, field=field, severity="warning",
                                     line=line_in(lines or {}, field)))

    for step in scenario.steps:
        if step not in names.steps:
            warn("UNKNOWN_STEP", f"the scenario sets up step {step}, which the orchestration does not have",
                 f"steps.{step}", step)
    for flow in scenario.evaluations:
        if flow not in flows:
            warn("UNKNOWN_FLOW", f"the scenario scripts evaluation flow {flow}, which is not in the flow library",
                 f"evaluations.{flow}", flow)
        elif flows[flow].type != "evaluation":
            warn("WRONG_FLOW_TYPE", f"the scenario scripts {flow}, which is a {flows[flow].type} flow, "
                 "not an evaluation flow", f"evaluations.{flow}", flow)
    if scenario.record and defn.type != "record_triggered":
        warn("RECORD_NOT_AVAILABLE", "the scenario gives a $Record, but the orchestration is not record-triggered",
             "record")
    for i, event in enumerate(scenario.events):
        for ref in event.set or {}:
            kind = resolve_ref(defn, ref, names=names).kind
            if kind not in ("variable", "record", "global"):
                warn("UNKNOWN_REFERENCE", f"event {i + 1} sets {ref}, which is not a variable, $Record field "
                     "or global", f"events[{i}].set")
    if scenario.expect is not None:
        for stage in scenario.expect.stages:
            if stage not in names.stages:
                warn("UNKNOWN_REFERENCE", f"expect names stage {stage}, which does not exist",
                     f"expect.stages.{stage}", stage)
        for step in scenario.expect.steps:
            if step not in names.steps:
                warn("UNKNOWN_STEP", f"expect names step {step}, which does not exist", f"expect.steps.{step}", step)
    return found
