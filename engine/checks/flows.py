"""Checks on the flow library: EVALUATION_OUTPUT_DISCARDED, simulated outputs the flow does not
declare (UNKNOWN_FLOW_OUTPUT) and simulated results over inputs it does not have (UNKNOWN_REFERENCE)."""

from __future__ import annotations

from typing import Iterable

from ..diagnostics import Diagnostic
from ..model import EVALUATION_OUTPUT, ConditionSpec, Ref
from .context import Context


def check_flow_library(ctx: Context) -> Iterable[Diagnostic]:
    for fi, flow in enumerate(ctx.defn.flows):
        fp = f"flows[{fi}]"
        if flow.type == "evaluation":
            for oi, output in enumerate(flow.outputs):
                if output.name != EVALUATION_OUTPUT:
                    yield ctx.report("EVALUATION_OUTPUT_DISCARDED", f"evaluation flow {flow.name} declares output "
                                     f"{output.name!r}; Salesforce keeps only {EVALUATION_OUTPUT} and discards "
                                     "the others", flow.name, f"{fp}.outputs[{oi}]")
        declared = {p.name for p in flow.outputs}
        for key in flow.simulate.outputs:
            if flow.type == "evaluation" and key != EVALUATION_OUTPUT and key not in declared:
                yield ctx.report("EVALUATION_OUTPUT_DISCARDED", f"evaluation flow {flow.name} simulates output "
                                 f"{key!r}; only the result (simulate.result) counts", flow.name,
                                 f"{fp}.simulate.outputs.{key}")
            elif key not in declared and flow.type != "evaluation":
                yield ctx.report("UNKNOWN_FLOW_OUTPUT", f"flow {flow.name} simulates output {key!r}, which it does "
                                 "not declare in outputs", flow.name, f"{fp}.simulate.outputs.{key}")
        result = flow.simulate.result
        if isinstance(result, ConditionSpec):
            inputs = {p.name for p in flow.inputs}
            for ri, req in enumerate(result.requirements):
                rp = f"{fp}.simulate.result.requirements[{ri}]"
                names = [(req.left, f"{rp}.left")]
                if isinstance(req.right, Ref):
                    names.append((req.right.ref, f"{rp}.right.ref"))
                for name, field in names:
                    if name not in inputs:
                        yield ctx.report("UNKNOWN_REFERENCE", f"the simulated result of {flow.name} tests {name!r}, "
                                         "which is not one of its inputs", flow.name, field)
