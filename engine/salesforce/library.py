"""Fill a definition's flow library from the `*.flow-meta.xml` files beside an imported orchestration.

Only flows the orchestration calls are read. A called flow that is not there becomes a placeholder
of the right type whose inputs and outputs are inferred from how the orchestration uses it, with
an UNKNOWN_FLOW warning, so the definition stays usable in the designer and the simulator.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import (
    EVALUATION_OUTPUT,
    STEP_FLOW_TYPES,
    BackgroundStep,
    EvaluationFlowCondition,
    Flow,
    Orchestration,
    Ref,
    default_label,
)
from ..refs import iter_sites
from .evaluation_flow import recognise_result
from .reader import LEGACY, Reader, article
from .values import DATA_TYPES, FLOW_SUFFIX
from .xmlparse import MetadataError, Node, parse_file

PLACEHOLDER_NOTE = ("Not found beside the imported orchestration: a placeholder whose inputs and outputs "
                    "were inferred from how the orchestration uses it.")
PROCESS_TYPES = {"Flow": "screen", "AutoLaunchedFlow": "autolaunched", "EvaluationFlow": "evaluation"}
# Flow XML element → the element kind the model lists (Action, Subflow and Wait make a step async);
# names as the designer's flow library editor shows them.
ELEMENT_KINDS: dict[str, str] = {
    "actionCalls": "Action",
    "apexPluginCalls": "Action",
    "subflows": "Subflow",
    "waits": "Wait",
    "screens": "Screen",
    "decisions": "Decision",
    "assignments": "Assignment",
    "loops": "Loop",
    "recordCreates": "Create Records",
    "recordUpdates": "Update Records",
    "recordLookups": "Get Records",
    "recordDeletes": "Delete Records",
    "recordRollbacks": "Roll Back Records",
    "collectionProcessors": "Collection Processor",
    "transforms": "Transform",
    "customErrors": "Custom Error",
}
_OUTPUT_REF = re.compile(r"^([^.\s]+)\.Outputs\.([^.\s]+)(\.)?")


def fill_library(defn: Orchestration, path: Path, reader: Reader) -> Orchestration:
    """A copy of ``defn`` whose `flows` hold every flow it calls (read beside ``path`` or inferred)."""
    wanted = _called_flows(defn)
    folder = path.parent
    flows: list[Flow] = list(defn.flows)
    known = {f.name for f in flows}
    for name, kind in wanted.items():
        if name in known:
            continue
        flow = None
        candidate = _beside(folder, name)
        if candidate is not None and candidate.resolve() != path.resolve():
            flow = _read_flow(candidate, name, kind, reader)
        if flow is None:
            flow = _placeholder(defn, name, kind)
            reader.report("UNKNOWN_FLOW", "warning", f"flow {name!r} was not found beside the file; "
                          f"{article(kind)} {kind} placeholder was added (inputs and outputs inferred)", None, name)
        flows.append(flow)
        known.add(name)
    defn = defn.model_copy(update={"flows": flows})
    return _settle_async(defn)


def _beside(folder: Path, name: str) -> Path | None:
    """``<folder>/<name>.flow-meta.xml`` when it is a file there (a name never leaves the folder)."""
    if not name or any(c in name for c in "/\\\0") or name in (".", ".."):
        return None
    candidate = folder / f"{name}{FLOW_SUFFIX}"
    try:
        return candidate if candidate.is_file() else None
    except (OSError, ValueError):
        return None


def _called_flows(defn: Orchestration) -> dict[str, str]:
    """Flow name → the flow type its first use needs, in definition order."""
    wanted: dict[str, str] = {}

    def want(name: str | None, kind: str) -> None:
        if name and name not in wanted:
            wanted[name] = kind

    for stage in defn.stages:
        for step in stage.steps:
            want(step.action, STEP_FLOW_TYPES[step.type])
            for cond in (step.start, getattr(step, "complete", None)):
                if isinstance(cond, EvaluationFlowCondition):
                    want(cond.flow, "evaluation")
        if isinstance(stage.complete, EvaluationFlowCondition):
            want(stage.complete.flow, "evaluation")
    return wanted


def _read_flow(path: Path, name: str, kind: str, reader: Reader) -> Flow | None:
    try:
        root = parse_file(path)
    except MetadataError as exc:
        reader.warn(f"flow {name!r} beside the file could not be read: {exc.message}", None, name)
        return None
    process_type = root.text_of("processType") or "Flow"
    variables = root.all("variables")
    flow_type = PROCESS_TYPES.get(process_type)
    has_condition_output = any(v.text_of("name") == EVALUATION_OUTPUT and v.bool_of("isOutput") for v in variables)
    if kind == "evaluation" and flow_type == "autolaunched" and has_condition_output:
        reader.info(f"flow {name!r} is an AutoLaunchedFlow with {EVALUATION_OUTPUT} (pilot form); taken as an "
                    "evaluation flow", None, name, code=LEGACY)
        flow_type = "evaluation"
    if flow_type is None:
        reader.warn(f"flow {name!r} has processType {process_type!r}; taken as {kind}", None, name)
        flow_type = kind
    flow: dict = {"name": name, "type": flow_type}
    label = root.text_of("label")
    if label and label != default_label(name):
        flow["label"] = label
    if root.first("description") is not None:
        flow["description"] = root.first("description").raw_text  # type: ignore[union-attr]
    present = {c.tag for c in root.children}
    flow["elements"] = list(dict.fromkeys(k for tag, k in ELEMENT_KINDS.items() if tag in present))
    flow["inputs"] = [_parameter(v) for v in variables if v.bool_of("isInput")]
    flow["outputs"] = [_parameter(v) for v in variables if v.bool_of("isOutput")
                       and not (flow_type == "evaluation" and v.text_of("name") == EVALUATION_OUTPUT)]
    if flow_type == "evaluation":
        result = recognise_result(root)
        if result is not None:
            flow["simulate"] = {"result": result.model_dump()}
    return Flow.model_validate(flow)


def _parameter(node: Node) -> dict:
    param: dict = {"name": node.text_of("name") or "", "type": DATA_TYPES.get(node.text_of("dataType") or "", "Text")}
    if node.text_of("objectType"):
        param["object"] = node.text_of("objectType")
    return param


def _placeholder(defn: Orchestration, name: str, kind: str) -> Flow:
    inputs: dict[str, str] = {}
    callers: set[str] = set()
    for _, step in defn.iter_steps():
        if step.action == name:
            callers.add(step.name)
            for pname, value in step.inputs.items():
                inputs.setdefault(pname, _type_of(defn, value))
        for cond in (step.start, getattr(step, "complete", None)):
            if isinstance(cond, EvaluationFlowCondition) and cond.flow == name:
                for pname, value in cond.inputs.items():
                    inputs.setdefault(pname, _type_of(defn, value))
    for stage in defn.stages:
        if isinstance(stage.complete, EvaluationFlowCondition) and stage.complete.flow == name:
            for pname, value in stage.complete.inputs.items():
                inputs.setdefault(pname, _type_of(defn, value))
    outputs = _inferred_outputs(defn, callers) if kind != "evaluation" else {}
    return Flow(
        name=name,
        type=kind,  # type: ignore[arg-type]
        description=PLACEHOLDER_NOTE,
        inputs=[{"name": n, "type": t} for n, t in inputs.items()],  # type: ignore[misc]
        outputs=[{"name": n, "type": t} for n, t in outputs.items()],  # type: ignore[misc]
    )


def _type_of(defn: Orchestration, value: object) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Number"
    if isinstance(value, Ref):
        var = defn.variable(value.ref)
        if var is not None:
            return var.type
    return "Text"


def _inferred_outputs(defn: Orchestration, callers: set[str]) -> dict[str, str]:
    """`<Step>.Outputs.<var>` references to the calling steps; Boolean when compared with true/false."""
    outputs: dict[str, str] = {}
    compared: dict[str, object] = {}
    for req in _all_requirements(defn):
        compared.setdefault(req.left, req.right)
    for site in iter_sites(defn):
        match = _OUTPUT_REF.match(site.ref)
        if match and match.group(1) in callers:
            right = compared.get(site.ref)
            if match.group(3):  # <Step>.Outputs.<var>.<field>: the output is a record
                outputs[match.group(2)] = "Record"
            else:
                outputs.setdefault(match.group(2), _type_of(defn, right) if right is not None else "Text")
    return outputs


def _all_requirements(defn: Orchestration):
    for stage in defn.stages:
        for cond in [stage.complete] + [c for st in stage.steps for c in (st.start, getattr(st, "complete", None))]:
            yield from getattr(cond, "requirements", [])
    for decision in defn.decisions:
        for outcome in decision.outcomes:
            yield from outcome.requirements


def _settle_async(defn: Orchestration) -> Orchestration:
    """`requiresAsyncProcessing` true is redundant when the library flow is known to be asynchronous."""
    stages = []
    for stage in defn.stages:
        steps = []
        for step in stage.steps:
            if isinstance(step, BackgroundStep) and step.requires_async:
                flow = defn.flow(step.action)
                if flow is not None and flow.is_async and flow.description != PLACEHOLDER_NOTE:
                    step = step.model_copy(update={"requires_async": None})
            steps.append(step)
        stages.append(stage.model_copy(update={"steps": steps}))
    return defn.model_copy(update={"stages": stages})


__all__ = ["fill_library", "PLACEHOLDER_NOTE", "ELEMENT_KINDS"]
