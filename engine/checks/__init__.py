"""Structural checks behind ``engine.validate`` (SPEC §5 codes that need no dependency graph).

Each check is a small function ``check(ctx) -> Iterable[Diagnostic]``; ``CHECKS`` lists them
in a fixed order. A check reports through ``ctx.report(code, message, element, field)``, which
fills in the line from the loaded file.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..diagnostics import Diagnostic
from .context import Context
from . import conditions, flows, names, references, steps

Check = Callable[[Context], Iterable[Diagnostic]]

CHECKS: list[Check] = [
    names.check_names,
    names.check_duplicates,
    names.check_stages,
    references.check_targets,
    references.check_after_step,
    references.check_references,
    conditions.check_conditions,
    steps.check_steps,
    steps.check_run_context,
    flows.check_flow_library,
]

__all__ = ["CHECKS", "Check", "Context"]
