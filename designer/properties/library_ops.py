"""Flow-library operations behind the library editor: where a flow / output is used, renaming an
output with every reference, and pushing a rewritten definition as element commands."""

from __future__ import annotations

from typing import Any

from engine.model import EvaluationFlowCondition, InteractiveStep, Orchestration

from ..commands import ReplaceElementCommand, macro
from ..document import DesignDocument


def flow_usages(defn: Orchestration, flow: str) -> list[str]:
    """Human-readable places that call ``flow`` (steps' actions, evaluation-flow conditions)."""
    found: list[str] = []

    def cond(c, where: str) -> None:
        if isinstance(c, EvaluationFlowCondition) and c.flow == flow:
            found.append(where)

    for stage in defn.stages:
        cond(stage.complete, f"completion condition of stage {stage.name}")
        for step in stage.steps:
            if step.action == flow:
                found.append(f"step {step.name} (its flow)")
            cond(step.start, f"start condition of step {step.name}")
            if isinstance(step, InteractiveStep):
                cond(step.complete, f"completion condition of step {step.name}")
    return found


def _output_refs(defn: Orchestration, flow: str, output: str) -> set[str]:
    return {f"{st.name}.Outputs.{output}" for _sg, st in defn.iter_steps() if st.action == flow}


def output_usages(defn: Orchestration, flow: str, output: str) -> list[str]:
    """Where ``<step>.Outputs.<output>`` of a step running ``flow`` is referenced."""
    from engine.refs import iter_sites

    refs = _output_refs(defn, flow, output)
    return [f"{site.element}: {site.field}" for site in iter_sites(defn) if site.ref.strip() in refs]


def _rewrite(node: Any, mapping: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rewrite(v, mapping) for v in node]
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("left", "ref") and isinstance(value, str) and value.strip() in mapping:
                out[key] = mapping[value.strip()]
            else:
                out[key] = _rewrite(value, mapping)
        return out
    return node


def with_output_renamed(defn: Orchestration, flow: str, old: str, new: str) -> Orchestration:
    """``defn`` with output ``old`` of ``flow`` called ``new``: the declaration, the simulated value
    and every ``<step>.Outputs.old`` reference of a step that runs ``flow``."""
    mapping = {ref: ref.rsplit(".", 1)[0] + "." + new for ref in _output_refs(defn, flow, old)}
    data = defn.model_dump()
    for f in data["flows"]:
        if f["name"] == flow:
            for p in f["outputs"]:
                if p["name"] == old:
                    p["name"] = new
            outputs = f["simulate"]["outputs"]
            if old in outputs:
                f["simulate"]["outputs"] = {new if k == old else k: v for k, v in outputs.items()}
    body = _rewrite({k: v for k, v in data.items() if k != "flows"}, mapping)
    data.update(body)
    result = Orchestration.model_validate(data)
    result._lines = dict(defn._lines)
    return result


def push_definition(doc: DesignDocument, new: Orchestration, text: str) -> int:
    """Push the element-level differences between the document and ``new`` as one undo step.

    Names must be the same in both (this is for edits that rewrite contents, not structure).
    Returns the number of elements changed."""
    old = doc.definition
    commands = []
    for so, sn in zip(old.stages, new.stages):
        if so.model_copy(update={"steps": []}) != sn.model_copy(update={"steps": []}):
            commands.append(("stage", so.name, sn))
        for to, tn in zip(so.steps, sn.steps):
            if to != tn:
                commands.append(("step", to.name, tn))
    for do, dn in zip(old.decisions, new.decisions):
        if do != dn:
            commands.append(("decision", do.name, dn))
    for fo, fn in zip(old.flows, new.flows):
        if fo != fn:
            commands.append(("flow", fo.name, fn))
    if not commands:
        return 0
    with macro(doc, text):
        for kind, name, element in commands:
            doc.undo_stack.push(ReplaceElementCommand(doc, kind, name, element))
    return len(commands)
