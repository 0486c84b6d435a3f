"""API names: validity, unique new names, and renaming an element everywhere it is referenced."""

from __future__ import annotations

import re
from typing import Any

from engine.checks.names import MAX_NAME_LENGTH, name_problem
from engine.model import Orchestration

# Keys whose value names a stage / decision / step exactly (path targets, "after step X").
_TARGET_KEYS = {"next", "fault", "default", "start", "step"}
# Keys whose value is a resource reference (``Step.Outputs.x``, ``Stage.Status``, ``var``).
_REF_KEYS = {"left", "ref"}
# Keys naming a flow of the library.
_FLOW_KEYS = {"action", "flow"}


def is_valid_name(name: str) -> bool:
    """Letters, digits, underscores; starts with a letter; no trailing or double underscore; ≤ 80."""
    return name_problem(name) is None


def sanitize_name(text: str) -> str:
    """Turn a label into a plausible API name (``Collect docs`` → ``Collect_docs``)."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", text.strip()).strip("_")
    name = re.sub(r"_+", "_", name)
    if not name or not name[0].isalpha():
        name = "X_" + name if name else "X"
    return name[:MAX_NAME_LENGTH].rstrip("_")


def element_names(defn: Orchestration) -> set[str]:
    """Names in the shared namespace: stages, steps, decisions, variables."""
    names = {s.name for s in defn.stages} | {d.name for d in defn.decisions}
    names |= {st.name for _, st in defn.iter_steps()}
    names |= {v.name for v in defn.variables}
    return names


def unique_name(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base_2``, ``base_3`` …, always a valid API name."""
    base = sanitize_name(base)
    if base not in taken:
        return base
    stem = re.sub(r"_\d+$", "", base) or base
    n = 2
    while f"{stem}_{n}" in taken:
        n += 1
    return f"{stem}_{n}"


def numbered_name(prefix: str, taken: set[str], start: int = 1) -> str:
    """The first of ``{prefix}{start}``, ``{prefix}{start + 1}`` … not in ``taken``."""
    n = start
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _rewrite_ref(text: str, old: str, new: str) -> str:
    head, dot, rest = text.partition(".")
    return new + dot + rest if head.strip() == old else text


def _rewrite(node: Any, old: str, new: str, flow: bool) -> Any:
    if isinstance(node, list):
        return [_rewrite(v, old, new, flow) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, str):
            if flow and key in _FLOW_KEYS and value == old:
                value = new
            elif not flow and key in _TARGET_KEYS and value == old:
                value = new
            elif not flow and key in _REF_KEYS:
                value = _rewrite_ref(value, old, new)
            out[key] = value
        elif key in ("inputs", "outputs") and isinstance(value, dict):
            out[key] = {k: _rewrite(v, old, new, flow) for k, v in value.items()}
        else:
            out[key] = _rewrite(value, old, new, flow)
    return out


def renamed(defn: Orchestration, old: str, new: str, *, flow: bool = False) -> Orchestration:
    """A copy of ``defn`` where element (or, with ``flow``, library flow) ``old`` is called ``new``
    and every reference to it (targets, after-step, resource references) follows."""
    data = defn.model_dump()
    if flow:
        for f in data["flows"]:
            if f["name"] == old:
                f["name"] = new
    else:
        for coll in ("stages", "decisions", "variables"):
            for item in data[coll]:
                if item["name"] == old:
                    item["name"] = new
        for stage in data["stages"]:
            for step in stage["steps"]:
                if step["name"] == old:
                    step["name"] = new
    body = {k: v for k, v in data.items() if k != "flows"}
    data.update(_rewrite(body, old, new, flow))
    result = Orchestration.model_validate(data)
    result._lines = dict(defn._lines)
    return result
