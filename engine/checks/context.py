"""What every structural check needs: the definition, name indexes and a reporter."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from ..model import Flow, Orchestration
from ..refs import NameIndex


class Context:
    """One validation run over ``defn``; lookups are built once."""

    def __init__(self, defn: Orchestration) -> None:
        self.defn = defn
        self.names = NameIndex(defn)
        self.flows: dict[str, Flow] = {}
        for flow in defn.flows:
            self.flows.setdefault(flow.name, flow)
        self.step_flows: dict[str, Flow | None] = {
            step.name: self.flows.get(step.action or "") for _, step in defn.iter_steps()
        }

    def report(self, code: str, message: str, element: str | None, field: str | None,
               severity: Severity | None = None) -> Diagnostic:
        """A diagnostic located at ``field`` (its line taken from the loaded file)."""
        return Diagnostic.make(code, message, element=element, field=field,
                               line=self.defn.line_of(field), severity=severity)

    def kind_of(self, name: str) -> str | None:
        """'stage', 'step', 'decision' or 'variable' for a name of the shared namespace."""
        if name in self.names.stages:
            return "stage"
        if name in self.names.decisions:
            return "decision"
        if name in self.names.steps:
            return "step"
        if name in self.names.variables:
            return "variable"
        return None
