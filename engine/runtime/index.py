"""A static index of one definition for the runtime: lookups and condition dependencies.

Re-evaluation is driven by what changed: each condition of a stage (a step's start
condition, an interactive step's completion condition, the stage completion condition)
is indexed under the *keys* it reads — ``("status", element)`` for a stage / step status or
a step's outputs (outputs appear when the status becomes Completed) and ``("field", head)``
for variables, ``$Record`` and globals. A change to a key marks only its dependents dirty.
Evaluation-flow conditions are not pure (scripted results change run by run), so they are
evaluated on every pass instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..model import (
    BackgroundStep,
    EvaluationFlowCondition,
    Flow,
    InteractiveStep,
    MuleSoftStep,
    Orchestration,
    Ref,
    RequirementsCondition,
    Stage,
    StepCompleted,
)
from ..refs import NameIndex, ResolvedRef, resolve_ref

Key = tuple[str, str]


@dataclass(frozen=True)
class StepInfo:
    stage: str
    index: int
    step: Any


def field_head(ref: str) -> str:
    """The key head of a variable / record / global reference (``$Record.Industry`` → ``$Record``)."""
    return ref.strip().split(".", 1)[0]


def step_is_async(step: Any, flow: Flow | None) -> bool:
    """Interactive and MuleSoft: always; background: legacy flag when set, else ``flow`` (its action's)."""
    if isinstance(step, (InteractiveStep, MuleSoftStep)):
        return True
    return step.runs_async(flow)


class DefinitionIndex:
    """Lookups by name and the dependency index of a definition (never mutated)."""

    def __init__(self, defn: Orchestration) -> None:
        self.defn = defn
        self.names = NameIndex(defn)
        self.stages: dict[str, Stage] = {}
        for stage in defn.stages:
            self.stages.setdefault(stage.name, stage)
        self.decisions = {d.name: d for d in reversed(defn.decisions)}
        self.flows: dict[str, Flow] = {f.name: f for f in reversed(defn.flows)}
        self.steps: dict[str, StepInfo] = {}
        for stage in defn.stages:
            for i, step in enumerate(stage.steps):
                self.steps.setdefault(step.name, StepInfo(stage.name, i, step))
        self._resolved: dict[str, ResolvedRef] = {}
        # key -> stage -> [(condition kind, step index)]; stage conditions use index -1
        self.dependents: dict[Key, dict[str, list[tuple[str, int]]]] = {}
        for stage in self.stages.values():
            self._index_stage(stage)

    # ---- references
    def resolve(self, text: str) -> ResolvedRef:
        ref = self._resolved.get(text)
        if ref is None:
            ref = self._resolved[text] = resolve_ref(self.defn, text, names=self.names)
        return ref

    def key_of(self, text: str) -> Key | None:
        ref = self.resolve(text)
        if ref.kind in ("stage_status", "step_status", "step_output"):
            return ("status", ref.owner or "")
        if ref.kind in ("variable", "record", "global"):
            return ("field", field_head(text))
        return None

    # ---- flows
    def flow(self, name: str | None) -> Flow | None:
        return self.flows.get(name) if name else None

    def is_async(self, step: Any) -> bool:
        return step_is_async(step, self.flow(step.action))

    # ---- dependencies
    def _index_stage(self, stage: Stage) -> None:
        for i, step in enumerate(stage.steps):
            for key in condition_keys(self, step.start):
                self._add(key, stage.name, ("start", i))
            if isinstance(step, InteractiveStep):
                for key in condition_keys(self, step.complete):
                    self._add(key, stage.name, ("complete", i))
        for key in condition_keys(self, stage.complete):
            self._add(key, stage.name, ("stage", -1))

    def _add(self, key: Key, stage: str, dependent: tuple[str, int]) -> None:
        bucket = self.dependents.setdefault(key, {}).setdefault(stage, [])
        if dependent not in bucket:
            bucket.append(dependent)


def condition_refs(cond: Any) -> Iterator[str]:
    """Reference texts a condition reads (requirements both sides, evaluation-flow inputs)."""
    if isinstance(cond, RequirementsCondition):
        for req in cond.requirements:
            yield req.left
            if isinstance(req.right, Ref):
                yield req.right.ref
    elif isinstance(cond, EvaluationFlowCondition):
        for value in cond.inputs.values():
            if isinstance(value, Ref):
                yield value.ref


def condition_keys(index: DefinitionIndex, cond: Any) -> set[Key]:
    keys: set[Key] = set()
    if isinstance(cond, StepCompleted):
        keys.add(("status", cond.step))
    for text in condition_refs(cond):
        key = index.key_of(text)
        if key is not None:
            keys.add(key)
    return keys
