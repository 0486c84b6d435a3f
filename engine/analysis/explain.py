"""Why a reference is (or is not) available at a point: text for ``validate --explain``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from ..refs import iter_sites
from .paths import START

if TYPE_CHECKING:  # pragma: no cover
    from .core import Analysis, Context

DEFAULT_POINT = {"step": "inputs", "stage": "stage_complete", "decision": "decision"}


def _event_text(event: tuple[str, str]) -> str:
    kind, name = event
    return {"enter": f"stage {name} starts", "start": f"{name} starts", "done": f"{name} completes",
            "complete": f"stage {name} completes", "ext": f"{name} completes"}[kind]


def points_for(an: "Analysis", ref: str, element: str) -> list[str]:
    """The points where ``element`` references ``ref``, else the element's usual point."""
    points = []
    for site in iter_sites(an.defn):
        if site.element == element and site.ref.strip() == ref.strip() and site.point not in points:
            points.append(site.point)
    if points:
        return points
    if element in an.home:
        return [DEFAULT_POINT["step"]]
    if element in an.paths.stages:
        return [DEFAULT_POINT["stage"]]
    if element in an.paths.decisions:
        return [DEFAULT_POINT["decision"]]
    raise ValueError(f"{element!r} is not a step, stage or decision of {an.defn.name}")


def explain(an: "Analysis", ref: str, element: str, point: str | None = None) -> str:
    """A few lines: the verdict, its reason, and the happens-before facts behind it."""
    points = [point] if point else points_for(an, ref, element)
    return "\n\n".join(_explain_one(an, ref, element, p) for p in points)


def outcome_for(an: "Analysis", ref: str, element: str, point: str) -> int | None:
    """At a decision: the first outcome whose requirements read ``ref`` (None elsewhere)."""
    if point != "decision":
        return None
    for site in iter_sites(an.defn):
        if site.element == element and site.point == "decision" and site.ref.strip() == ref.strip():
            return int(site.field.split(".outcomes[", 1)[1].split("]", 1)[0])
    return None


def _explain_one(an: "Analysis", ref: str, element: str, point: str) -> str:
    outcome = outcome_for(an, ref, element, point)
    ctx = an.context(element, point, outcome)
    resolved = an.resolve(ref)
    verdict = an.verdict(resolved, ctx)
    where = point if outcome is None else f"decision, outcome {outcome + 1}"
    lines = [f"{resolved.text} at {element} ({where}): {verdict.status}", f"  {verdict.reason}"]
    if resolved.kind == "step_output" and resolved.owner in an.home:
        lines += _step_facts(an, resolved.owner, ctx, verdict.status)
    elif resolved.kind in ("stage_status", "step_status"):
        stage = resolved.owner if resolved.kind == "stage_status" else an.home.get(resolved.owner or "")
        if stage:
            lines += _stage_facts(an, stage, ctx)
    return "\n".join(lines)


def _chain(g: nx.DiGraph, source, target) -> list[str]:
    try:
        path = nx.shortest_path(g, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    out = []
    for u, v in zip(path, path[1:]):
        out.append(f"    {_event_text(u)} → {_event_text(v)}: {g.edges[u, v].get('why', '')}")
    return out


def _step_facts(an: "Analysis", step: str, ctx: "Context", status: str) -> list[str]:
    stage = an.home[step]
    lines: list[str] = []
    ev = an.stage_events.get(ctx.node)
    bit = an.bit[step]
    if ctx.event is not None and ev is not None:
        local = ("done", step) if stage == ctx.node else ("ext", step)
        if status == "guaranteed" and ev.anc.get(ctx.event, 0) & bit:
            lines.append("  happens before, on every run:")
            lines += _chain(ev.g, local, ctx.event)
            return lines
        if stage == ctx.node and status != "guaranteed":
            after = _chain(ev.g, ctx.event, local)
            if after:
                lines.append(f"  {step} can only complete after this point:")
                lines += after
            elif status == "maybe":
                lines.append(f"  no start or completion condition orders {step} before {_event_text(ctx.event)}")
            return lines
    if status == "guaranteed" and ctx.outcome is not None and not an.entry.get(ctx.node, 0) & bit:
        lines.append(f"  the outcome demands {step}.Status EqualTo Completed, so this read matters only then")
        return lines
    if status == "guaranteed":
        lines.append(f"  every path from the start to {ctx.node} passes a point where {step} is Completed:")
        lines.append("    " + " → ".join(an.paths.dominator_chain(ctx.node)))
        done = an.stage_events[stage]
        chain = _chain(done.g, ("done", step), done.complete)
        if chain:
            lines.append(f"  stage {stage} completes only after {step}:")
            lines += chain
        return lines
    return lines + _stage_facts(an, stage, ctx)


def _stage_facts(an: "Analysis", stage: str, ctx: "Context") -> list[str]:
    paths = an.paths
    node = ctx.node
    if stage == node:
        return []
    if stage in paths.dominators(node):
        return ["  every path from the start to here passes it: " + " → ".join(paths.dominator_chain(node))]
    g = paths.g
    avoiding = g.subgraph(n for n in g if n != stage)
    lines = []
    try:
        path = nx.shortest_path(avoiding, START, node)
        lines.append("  a path that avoids it: " + " → ".join(["start", *path[1:]]))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        pass
    for source, target, text in ((node, stage, "it comes after this point"),
                                 (stage, node, "a path leads from it back here")):
        try:
            path = nx.shortest_path(g, source, target)
            lines.append(f"  {text}: " + " → ".join(path))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            pass
    return lines


def parse_request(text: str) -> tuple[str, str, str | None]:
    """``REF@ELEMENT[:POINT]`` → (ref, element, point); ValueError with a usable message."""
    from ..refs import Point

    points = Point.__args__  # type: ignore[attr-defined]
    ref, sep, rest = text.rpartition("@")
    if not sep or not ref.strip() or not rest.strip():
        raise ValueError(f"--explain {text!r}: write REF@ELEMENT, e.g. Review.Outputs.approved@Notify")
    element, _, point = rest.partition(":")
    point = point.strip() or None
    if point is not None and point not in points:
        raise ValueError(f"--explain {text!r}: unknown point {point!r}; use one of {', '.join(points)}")
    return ref.strip(), element.strip(), point


def explain_requests(defn, requests: list[str]) -> list[dict]:
    """``validate --explain``: one dict per (request, point) with status, reason and text.

    Raises ValueError (a one-line message) for a malformed request or an unknown element.
    """
    from . import analyze

    an = analyze(defn)
    out = []
    for text in requests:
        ref, element, point = parse_request(text)
        for p in [point] if point else points_for(an, ref, element):
            candidate = an.status_of(ref, element, p, outcome_for(an, ref, element, p))
            out.append({"ref": ref, "element": element, "point": p, "status": candidate.status,
                        "reason": candidate.reason, "text": explain(an, ref, element, p)})
    return out
