"""``validate(defn)``: every diagnostic of SPEC §5 for a loaded definition.

The structural checks live in ``engine.checks`` (one small function per concern); the
availability analysis (``engine.analysis``) adds its diagnostics at the marked place below.
Diagnostics come back sorted by line, then code — deterministic for the same definition.
"""

from __future__ import annotations

import re

from .checks import CHECKS, Context
from .diagnostics import Diagnostic
from .model import Orchestration

__all__ = ["validate", "structural_diagnostics", "sort_diagnostics"]


def structural_diagnostics(defn: Orchestration) -> list[Diagnostic]:
    """The checks that need no dependency graph (names, references, flows, conditions, limits)."""
    ctx = Context(defn)
    found: list[Diagnostic] = []
    for check in CHECKS:
        found.extend(check(ctx))
    return found


def _natural(text: str | None) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by line (unknown lines last), code, field path, message; duplicates removed."""
    unique = {(d.severity, d.code, d.element, d.field, d.message, d.line): d for d in diagnostics}
    return sorted(unique.values(), key=lambda d: (d.line is None, d.line or 0, d.code, _natural(d.field), d.message))


def validate(defn: Orchestration) -> list[Diagnostic]:
    """All diagnostics for ``defn`` (never raises for bad content), sorted by line then code."""
    diagnostics = structural_diagnostics(defn)
    # ---- availability analysis (engineer C, engine.analysis): availability of automatic
    #      outputs, dependency cycles, never-starting steps / never-completing stages, unreachable
    from .analysis import analysis_diagnostics
    diagnostics.extend(analysis_diagnostics(defn))
    # ----
    return sort_diagnostics(diagnostics)
