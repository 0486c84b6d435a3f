"""INVALID_NAME, DUPLICATE_NAME, NO_STAGES, EMPTY_STAGE."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic
from ..model import END
from .context import Context

MAX_NAME_LENGTH = 80
_NAME_CHARS = re.compile(r"^[A-Za-z0-9_]*$")


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid API name, or None when it is (SPEC §1)."""
    if not name:
        return "it is empty"
    if not _NAME_CHARS.match(name):
        bad = next(ch for ch in name if not (ch.isascii() and (ch.isalnum() or ch == "_")))
        return f"it contains {bad!r}; use only letters, digits and underscores"
    if not name[0].isalpha():
        return "it must start with a letter"
    if name.endswith("_"):
        return "it must not end with an underscore"
    if "__" in name:
        return "it must not contain two underscores in a row"
    if len(name) > MAX_NAME_LENGTH:
        return f"it is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}"
    return None


def named_elements(ctx: Context) -> Iterator[tuple[str, str, str]]:
    """(kind, name, field path) of every element with an API name."""
    defn = ctx.defn
    yield "orchestration", defn.name, "name"
    for i, var in enumerate(defn.variables):
        yield "variable", var.name, f"variables[{i}].name"
    for si, stage in enumerate(defn.stages):
        yield "stage", stage.name, f"stages[{si}].name"
        for ti, step in enumerate(stage.steps):
            yield "step", step.name, f"stages[{si}].steps[{ti}].name"
    for di, decision in enumerate(defn.decisions):
        yield "decision", decision.name, f"decisions[{di}].name"
        for oi, outcome in enumerate(decision.outcomes):
            yield "outcome", outcome.name, f"decisions[{di}].outcomes[{oi}].name"
    for fi, flow in enumerate(defn.flows):
        yield "flow", flow.name, f"flows[{fi}].name"


def check_names(ctx: Context) -> Iterable[Diagnostic]:
    for kind, name, field in named_elements(ctx):
        problem = name_problem(name)
        if problem:
            yield ctx.report("INVALID_NAME", f"{kind} name {name!r} is not a valid API name: {problem}", name, field)
        elif kind in ("stage", "decision") and name.lower() == END:
            yield ctx.report("INVALID_NAME", f"{kind} name {name!r} is reserved: `end` marks the end of the path", name, field)


def check_duplicates(ctx: Context) -> Iterable[Diagnostic]:
    """Stages, steps, decisions and variables share one namespace; flows and outcomes have their own."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, name, field in named_elements(ctx):
        if kind == "orchestration" or not name:
            continue
        if kind == "flow":
            space = "flows"
        elif kind == "outcome":
            space = field.split(".")[0]  # outcomes are unique within their decision
        else:
            space = "elements"
        seen = first.setdefault((space, name), (kind, field))
        if seen[1] == field:
            continue
        first_line = ctx.defn.line_of(seen[1])
        where = f" (line {first_line})" if first_line else ""
        yield ctx.report("DUPLICATE_NAME", f"{kind} name {name!r} is already used by a {seen[0]}{where}; "
                         "API names must be unique", name, field)


def check_stages(ctx: Context) -> Iterable[Diagnostic]:
    defn = ctx.defn
    if not defn.stages:
        yield ctx.report("NO_STAGES", "the orchestration has no stages; add at least one stage", defn.name, "stages")
    for si, stage in enumerate(defn.stages):
        if not stage.steps:
            yield ctx.report("EMPTY_STAGE", f"stage {stage.name} has no steps; add at least one step",
                             stage.name, f"stages[{si}]")
