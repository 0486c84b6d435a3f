"""Availability analysis (SPEC §5): which automatic outputs exist where, on every run.

    an = engine.analysis.analyze(defn)            # build once per definition (cached)
    an.availability("Notify", "inputs")           # -> [Candidate(ref, group, status, reason)]
    an.status_of("Review.Outputs.ok", "Notify", "inputs")
    an.explain("Review.Outputs.ok", "Notify")     # text: why
    engine.analysis.diagnostics(defn)             # -> [Diagnostic] (merged into engine.validate)

Qt-free; networkx only. The rules are in docs/analysis.md.
"""

from __future__ import annotations

import weakref

from ..diagnostics import Diagnostic
from ..model import Orchestration
from . import reuse
from .candidates import Candidate
from .core import Analysis, Context, Verdict
from .reuse import condition_size

__all__ = ["Analysis", "Candidate", "Context", "Verdict", "analysis_diagnostics", "analyze", "diagnostics",
           "fingerprint"]

# id(defn) -> (weak reference to defn, fingerprint, analysis); a few recent definitions only.
_CACHE: dict[int, tuple[weakref.ref, int, Analysis]] = {}
_CACHE_SIZE = 8


def fingerprint(defn: Orchestration) -> int:
    """A cheap hash of what the analysis reads: names, targets, condition identities.

    Conditions count by identity (and size): an editor that replaces a condition object on
    change is seen; one that mutates a condition in place must pass ``fresh=True`` to
    :func:`analyze` (or hold its own :class:`Analysis`).
    """
    parts: list[object] = [defn.type, defn.start, len(defn.flows), tuple(v.name for v in defn.variables)]
    add = parts.append
    for stage in defn.stages:
        add((stage.name, stage.next, stage.fault, id(stage.complete), condition_size(stage.complete),
             len(stage.steps)))
        for st in stage.steps:
            # __dict__ lookups: getattr on a pydantic model's missing attribute is slow
            add((st.name, st.type, st.action, id(st.start), condition_size(st.start), st.start.__dict__.get("step"),
                 id(st.__dict__.get("complete")), id(st.inputs), len(st.inputs)))
    for decision in defn.decisions:
        add((decision.name, decision.default, len(decision.outcomes)))
        for outcome in decision.outcomes:
            add((outcome.next, outcome.logic, id(outcome.requirements), len(outcome.requirements)))
    for flow in defn.flows:
        add((flow.name, tuple(p.name for p in flow.outputs)))
    return hash(tuple(parts))


def analyze(defn: Orchestration, *, fresh: bool = False) -> Analysis:
    """The :class:`Analysis` of ``defn``; reused while ``defn``'s fingerprint is unchanged.
    A new one takes over the event graphs of stages unchanged since the previous analysis
    (``engine.analysis.reuse``) unless ``fresh``."""
    key = fingerprint(defn)
    if not fresh:
        cached = _CACHE.get(id(defn))
        if cached is not None and cached[0]() is defn and cached[1] == key:
            return cached[2]
    analysis = Analysis(defn, reuse=not fresh)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(defn)] = (weakref.ref(defn), key, analysis)
    return analysis


def diagnostics(defn: Orchestration) -> list[Diagnostic]:
    """Analysis diagnostics of ``defn``: OUTPUT_NEVER_AVAILABLE, OUTPUT_MAYBE_UNAVAILABLE,
    DEPENDENCY_CYCLE, STEP_NEVER_STARTS, STAGE_NEVER_COMPLETES, UNREACHABLE."""
    found = reuse.remembered(defn)
    if found is None:
        found = analyze(defn).diagnostics()
        reuse.remember(defn, found)
    return found


analysis_diagnostics = diagnostics  # the name engine.validate imports
