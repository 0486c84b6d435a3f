"""Clipboard fragments as YAML, so copy/paste works between windows and with a text editor.

A fragment looks like a partial definition file::

    orchestration_fragment: 1
    stages: [...]      # whole stages with their steps
    steps: [...]       # loose steps (pasted into the current stage)
    decisions: [...]

A whole ``*.orchestration.yaml`` text pastes as its stages and decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from engine.model import Decision, Orchestration, Stage, Step, StepBase

from .naming import unique_name

MIME_TYPE = "application/x-orchestration-fragment"
_STEP_ADAPTER: TypeAdapter = TypeAdapter(Step)


@dataclass
class Fragment:
    stages: list[Stage] = field(default_factory=list)
    steps: list[StepBase] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.stages or self.steps or self.decisions)


def fragment_to_text(defn: Orchestration, names: list[str]) -> str | None:
    """YAML for the named elements; steps inside a copied stage travel with it."""
    stage_names = {n for n in names if defn.stage(n)}
    data: dict[str, Any] = {"orchestration_fragment": 1}
    stages = [s.model_dump(mode="json") for s in defn.stages if s.name in stage_names]
    steps = [st.model_dump(mode="json") for sg, st in defn.iter_steps()
             if st.name in names and sg.name not in stage_names]
    decisions = [d.model_dump(mode="json") for d in defn.decisions if d.name in names]
    if stages:
        data["stages"] = stages
    if steps:
        data["steps"] = steps
    if decisions:
        data["decisions"] = decisions
    if len(data) == 1:
        return None
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def fragment_from_text(text: str, taken: set[str]) -> Fragment:
    """Parse a fragment; give clashing names fresh ones (references inside follow).

    Raises ValueError with a user-facing message when the text is not a fragment."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"The clipboard does not hold orchestration elements ({exc.__class__.__name__}).") from None
    if not isinstance(data, dict):
        raise ValueError("The clipboard does not hold orchestration elements.")
    raw_stages = list(data.get("stages") or [])
    raw_steps = list(data.get("steps") or [])
    raw_decisions = list(data.get("decisions") or [])
    renames = _plan_renames(raw_stages, raw_steps, raw_decisions, set(taken))
    try:
        stages = [Stage.model_validate(_renamed(s, renames)) for s in raw_stages]
        steps = [_STEP_ADAPTER.validate_python(_renamed(s, renames)) for s in raw_steps]
        decisions = [Decision.model_validate(_renamed(d, renames)) for d in raw_decisions]
    except (ValidationError, TypeError) as exc:
        raise ValueError(f"The clipboard holds elements this orchestration cannot take: {exc}") from None
    return Fragment(stages, steps, decisions)


def _names(raw_stages: list, raw_steps: list, raw_decisions: list) -> list[str]:
    names: list[str] = []
    for s in raw_stages:
        if isinstance(s, dict):
            names.append(str(s.get("name")))
            names += [str(st.get("name")) for st in s.get("steps") or [] if isinstance(st, dict)]
    names += [str(s.get("name")) for s in raw_steps if isinstance(s, dict)]
    names += [str(d.get("name")) for d in raw_decisions if isinstance(d, dict)]
    return names


def _plan_renames(raw_stages: list, raw_steps: list, raw_decisions: list, taken: set[str]) -> dict[str, str]:
    renames: dict[str, str] = {}
    for name in _names(raw_stages, raw_steps, raw_decisions):
        if name in taken:
            fresh = unique_name(name, taken)
            renames[name] = fresh
            taken.add(fresh)
        else:
            taken.add(name)
    return renames


_TARGET_KEYS = {"name", "next", "fault", "default", "step"}
_REF_KEYS = {"left", "ref"}


def _renamed(node: Any, renames: dict[str, str]) -> Any:
    """Apply ``renames`` to names, targets and reference heads inside a raw fragment."""
    if not renames:
        return node
    if isinstance(node, list):
        return [_renamed(v, renames) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, str) and key in _TARGET_KEYS:
            out[key] = renames.get(value, value)
        elif isinstance(value, str) and key in _REF_KEYS:
            head, dot, rest = value.partition(".")
            out[key] = renames.get(head, head) + dot + rest
        elif key in ("inputs", "outputs") and isinstance(value, dict):
            out[key] = {k: _renamed(v, renames) for k, v in value.items()}
        else:
            out[key] = _renamed(value, renames)
    return out
