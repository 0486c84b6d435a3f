"""The design document: one orchestration definition, its undo stack, its file, its selection.

The definition is treated as immutable: every mutation builds a new ``Orchestration`` (shallow
copies of the touched lists/elements), so anyone may keep ``document.definition`` as a snapshot
(the simulation panel does). Mutation methods do not touch the undo stack: commands
(``designer.commands``) call them in ``redo``/``undo``; panels push commands.

Every mutation emits one fine-grained past-tense signal carrying stable names, then ``changed``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from pydantic import BaseModel

from engine.model import Decision, Flow, Orchestration, Stage, StepBase, Variable

from . import naming
from .fields import get_field, with_field

# Element kinds addressed by (kind, name). "orchestration" ignores the name.
KINDS = ("orchestration", "stage", "step", "decision", "flow", "variable")
LIBRARY = {"flow": "flows", "variable": "variables"}


def empty_definition(name: str = "New_Orchestration") -> Orchestration:
    """What File → New shows: one stage, ready for steps."""
    return Orchestration(name=name, stages=[Stage(name="Stage_1")])


class DesignDocument(QObject):
    """Owns the definition, the undo stack, the path, the modified state and the selection."""

    stage_added = Signal(str, int)            # name, index
    stage_removed = Signal(str)               # name
    stage_changed = Signal(str)               # name (settings; not its steps)
    stage_moved = Signal(str, int)            # name, new index
    step_added = Signal(str, str, int)        # step, stage, index
    step_removed = Signal(str, str)           # step, stage it was in
    step_changed = Signal(str)                # step
    step_moved = Signal(str, str, str, int)   # step, from stage, to stage, new index
    decision_added = Signal(str, int)         # name, index
    decision_removed = Signal(str)
    decision_changed = Signal(str)
    library_changed = Signal(str, str)        # "flow" | "variable", name
    orchestration_changed = Signal()          # top-level fields (name, label, type, start …)
    element_renamed = Signal(str, str)        # old, new (references already follow)
    definition_replaced = Signal()            # everything may have changed
    changed = Signal()                        # after any of the above
    selection_changed = Signal(list)          # selected names (ordered; last = current)
    modified_changed = Signal(bool)
    path_changed = Signal(object)             # Path | None

    def __init__(self, definition: Orchestration | None = None, path: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._defn = definition if definition is not None else empty_definition()
        self._path = Path(path) if path else None
        self._selection: list[str] = []
        self._dirty = False  # modified without an undoable edit (e.g. a restored recovery file)
        self.load_diagnostics: list = []  # what the loader reported when the file was opened
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(self._dirty or not clean)

    # ------------------------------------------------------------------ state

    @property
    def definition(self) -> Orchestration:
        return self._defn

    @property
    def path(self) -> Path | None:
        return self._path

    def set_path(self, path: Path | str | None) -> None:
        self._path = Path(path) if path else None
        self.path_changed.emit(self._path)

    def is_modified(self) -> bool:
        return self._dirty or not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self._dirty = False
        self.undo_stack.setClean()
        self.modified_changed.emit(self.is_modified())

    def mark_dirty(self) -> None:
        """Modified although nothing is on the undo stack (a recovered or imported definition)."""
        self._dirty = True
        self.modified_changed.emit(True)

    def title(self) -> str:
        return self._path.name if self._path else f"{self._defn.name} (unsaved)"

    # ------------------------------------------------------------------ selection (never undoable)

    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def set_selection(self, names: Iterable[str]) -> None:
        names = [n for n in dict.fromkeys(names) if self.kind_of(n) is not None]
        if names != self._selection:
            self._selection = names
            self.selection_changed.emit(list(names))

    def current(self) -> str | None:
        return self._selection[-1] if self._selection else None

    # ------------------------------------------------------------------ lookups

    def kind_of(self, name: str) -> str | None:
        """``stage``, ``step``, ``decision`` or ``variable`` for a name in the shared namespace."""
        d = self._defn
        if d.stage(name):
            return "stage"
        if d.decision(name):
            return "decision"
        if d.step(name):
            return "step"
        if d.variable(name):
            return "variable"
        return None

    def element(self, kind: str, name: str | None = None) -> BaseModel:
        """The element ``(kind, name)``; KeyError when absent."""
        d = self._defn
        found: BaseModel | None
        if kind == "orchestration":
            found = d
        elif kind == "stage":
            found = d.stage(name or "")
        elif kind == "step":
            found = d.step(name or "")
        elif kind == "decision":
            found = d.decision(name or "")
        elif kind == "flow":
            found = d.flow(name)
        elif kind == "variable":
            found = d.variable(name or "")
        else:
            raise KeyError(kind)
        if found is None:
            raise KeyError(f"{kind} {name!r}")
        return found

    def get_field(self, kind: str, name: str | None, path: str) -> Any:
        return get_field(self.element(kind, name), path)

    def with_field(self, kind: str, name: str | None, path: str, value: Any) -> BaseModel:
        """A validated copy of the element with one field changed (raises on an invalid value)."""
        return with_field(self.element(kind, name), path, value)

    def taken_names(self) -> set[str]:
        return naming.element_names(self._defn)

    def unique_name(self, base: str) -> str:
        return naming.unique_name(base, self.taken_names())

    # ------------------------------------------------------------------ internal helpers

    def _set(self, defn: Orchestration) -> None:
        defn._lines = self._defn._lines
        self._defn = defn

    def _stage_index(self, name: str) -> int:
        for i, s in enumerate(self._defn.stages):
            if s.name == name:
                return i
        raise KeyError(f"stage {name!r}")

    def _step_pos(self, name: str) -> tuple[int, int]:
        for si, s in enumerate(self._defn.stages):
            for ti, st in enumerate(s.steps):
                if st.name == name:
                    return si, ti
        raise KeyError(f"step {name!r}")

    def _with_stages(self, stages: list[Stage]) -> None:
        self._set(self._defn.model_copy(update={"stages": stages}))

    def _with_stage_steps(self, stages: list[Stage], index: int, steps: list) -> None:
        stages[index] = stages[index].model_copy(update={"steps": steps})

    def _done(self) -> None:
        self.changed.emit()

    def _drop_from_selection(self, name: str) -> None:
        if name in self._selection:
            self.set_selection([n for n in self._selection if n != name])

    # ------------------------------------------------------------------ stages

    def insert_stage(self, index: int, stage: Stage) -> None:
        stages = list(self._defn.stages)
        index = max(0, min(index, len(stages)))
        stages.insert(index, stage)
        self._with_stages(stages)
        self.stage_added.emit(stage.name, index)
        self._done()

    def remove_stage(self, name: str) -> tuple[int, Stage]:
        """Remove a stage (with its steps); returns (index, stage) for undo."""
        index = self._stage_index(name)
        stages = list(self._defn.stages)
        stage = stages.pop(index)
        self._with_stages(stages)
        for step in stage.steps:
            self._drop_from_selection(step.name)
        self._drop_from_selection(name)
        self.stage_removed.emit(name)
        self._done()
        return index, stage

    def move_stage(self, name: str, index: int) -> int:
        """Move a stage to ``index`` (in the list after removal); returns the old index."""
        old = self._stage_index(name)
        stages = list(self._defn.stages)
        stage = stages.pop(old)
        index = max(0, min(index, len(stages)))
        stages.insert(index, stage)
        self._with_stages(stages)
        self.stage_moved.emit(name, index)
        self._done()
        return old

    def replace_stage(self, name: str, stage: Stage) -> Stage:
        """Replace a stage's settings; its steps are kept. Returns the old stage."""
        index = self._stage_index(name)
        stages = list(self._defn.stages)
        old = stages[index]
        stages[index] = stage.model_copy(update={"steps": old.steps})
        self._with_stages(stages)
        self._emit_replaced("stage", old.name, stage.name)
        return old

    # ------------------------------------------------------------------ steps

    def insert_step(self, stage_name: str, index: int, step: StepBase) -> None:
        si = self._stage_index(stage_name)
        stages = list(self._defn.stages)
        steps = list(stages[si].steps)
        index = max(0, min(index, len(steps)))
        steps.insert(index, step)
        self._with_stage_steps(stages, si, steps)
        self._with_stages(stages)
        self.step_added.emit(step.name, stage_name, index)
        self._done()

    def remove_step(self, name: str) -> tuple[str, int, StepBase]:
        """Remove a step; returns (stage name, index, step) for undo."""
        si, ti = self._step_pos(name)
        stages = list(self._defn.stages)
        steps = list(stages[si].steps)
        step = steps.pop(ti)
        self._with_stage_steps(stages, si, steps)
        self._with_stages(stages)
        self._drop_from_selection(name)
        self.step_removed.emit(name, stages[si].name)
        self._done()
        return stages[si].name, ti, step

    def move_step(self, name: str, stage_name: str, index: int) -> tuple[str, int]:
        """Move a step to ``stage_name`` at ``index`` (after removal); returns (old stage, old index)."""
        si, ti = self._step_pos(name)
        stages = list(self._defn.stages)
        from_stage = stages[si].name
        steps = list(stages[si].steps)
        step = steps.pop(ti)
        self._with_stage_steps(stages, si, steps)
        di = next(i for i, s in enumerate(stages) if s.name == stage_name)
        dest = list(stages[di].steps)
        index = max(0, min(index, len(dest)))
        dest.insert(index, step)
        self._with_stage_steps(stages, di, dest)
        self._with_stages(stages)
        self.step_moved.emit(name, from_stage, stage_name, index)
        self._done()
        return from_stage, ti

    def replace_step(self, name: str, step: StepBase) -> StepBase:
        """Replace a step (any field, even its type); returns the old step."""
        si, ti = self._step_pos(name)
        stages = list(self._defn.stages)
        steps = list(stages[si].steps)
        old = steps[ti]
        steps[ti] = step
        self._with_stage_steps(stages, si, steps)
        self._with_stages(stages)
        self._emit_replaced("step", old.name, step.name)
        return old

    # ------------------------------------------------------------------ decisions

    def insert_decision(self, index: int, decision: Decision) -> None:
        decisions = list(self._defn.decisions)
        index = max(0, min(index, len(decisions)))
        decisions.insert(index, decision)
        self._set(self._defn.model_copy(update={"decisions": decisions}))
        self.decision_added.emit(decision.name, index)
        self._done()

    def remove_decision(self, name: str) -> tuple[int, Decision]:
        decisions = list(self._defn.decisions)
        index = next(i for i, d in enumerate(decisions) if d.name == name)
        decision = decisions.pop(index)
        self._set(self._defn.model_copy(update={"decisions": decisions}))
        self._drop_from_selection(name)
        self.decision_removed.emit(name)
        self._done()
        return index, decision

    def replace_decision(self, name: str, decision: Decision) -> Decision:
        decisions = list(self._defn.decisions)
        index = next(i for i, d in enumerate(decisions) if d.name == name)
        old = decisions[index]
        decisions[index] = decision
        self._set(self._defn.model_copy(update={"decisions": decisions}))
        self._emit_replaced("decision", old.name, decision.name)
        return old

    # ------------------------------------------------------------------ library: flows, variables

    def insert_item(self, kind: str, index: int, item: Flow | Variable) -> None:
        """Insert a flow or variable (``kind`` ``flow`` | ``variable``)."""
        coll = LIBRARY[kind]
        items = list(getattr(self._defn, coll))
        index = max(0, min(index, len(items)))
        items.insert(index, item)
        self._set(self._defn.model_copy(update={coll: items}))
        self.library_changed.emit(kind, item.name)
        self._done()

    def remove_item(self, kind: str, name: str) -> tuple[int, Flow | Variable]:
        coll = LIBRARY[kind]
        items = list(getattr(self._defn, coll))
        index = next(i for i, it in enumerate(items) if it.name == name)
        item = items.pop(index)
        self._set(self._defn.model_copy(update={coll: items}))
        self.library_changed.emit(kind, name)
        self._done()
        return index, item

    def replace_item(self, kind: str, name: str, item: Flow | Variable) -> Flow | Variable:
        coll = LIBRARY[kind]
        items = list(getattr(self._defn, coll))
        index = next(i for i, it in enumerate(items) if it.name == name)
        old = items[index]
        items[index] = item
        self._set(self._defn.model_copy(update={coll: items}))
        self.library_changed.emit(kind, item.name)
        self._done()
        return old

    # ------------------------------------------------------------------ orchestration, generic

    def replace_orchestration_settings(self, settings: Orchestration) -> Orchestration:
        """Take the top-level fields of ``settings`` (keeps stages, decisions, flows, variables)."""
        old = self._defn
        keep = {k: getattr(old, k) for k in ("stages", "decisions", "flows", "variables")}
        self._set(settings.model_copy(update=keep))
        self.orchestration_changed.emit()
        self._done()
        return old

    def replace_element(self, kind: str, name: str | None, new: BaseModel) -> BaseModel:
        """Replace any element by (kind, name); returns the old one. What SetFieldCommand uses."""
        if kind == "orchestration":
            return self.replace_orchestration_settings(new)  # type: ignore[arg-type]
        if kind == "stage":
            return self.replace_stage(name or "", new)  # type: ignore[arg-type]
        if kind == "step":
            return self.replace_step(name or "", new)  # type: ignore[arg-type]
        if kind == "decision":
            return self.replace_decision(name or "", new)  # type: ignore[arg-type]
        return self.replace_item(kind, name or "", new)  # type: ignore[arg-type]

    def rename_element(self, old: str, new: str, *, kind: str | None = None) -> Orchestration:
        """Rename a stage/step/decision/variable (or a ``kind="flow"``) and every reference to it.

        Returns the definition before the rename (what undo restores)."""
        before = self._defn
        self._set(naming.renamed(before, old, new, flow=kind == "flow"))
        if old in self._selection:
            self._selection = [new if n == old else n for n in self._selection]
        self.element_renamed.emit(old, new)
        self._done()
        if old in self._selection or new in self._selection:
            self.selection_changed.emit(self.selection)
        return before

    def restore_after_rename(self, before: Orchestration, current: str, original: str) -> None:
        """Undo of a rename: restore ``before`` and announce ``current`` → ``original``."""
        self._set(before)
        self._selection = [original if n == current else n for n in self._selection]
        self.element_renamed.emit(current, original)
        self._done()

    def replace_definition(self, defn: Orchestration) -> Orchestration:
        """Swap the whole definition (import, paste of a whole orchestration, undo of those)."""
        old = self._defn
        self._defn = defn
        self._selection = [n for n in self._selection if self.kind_of(n)]
        self.definition_replaced.emit()
        self._done()
        self.selection_changed.emit(self.selection)
        return old

    def reset(self, defn: Orchestration, path: Path | None = None, diagnostics: list | None = None) -> None:
        """Load a different file into this document: clears undo history and selection."""
        self.undo_stack.clear()
        self._dirty = False
        self.load_diagnostics = list(diagnostics or [])
        self._selection = []
        self._defn = defn
        self.set_path(path)
        self.definition_replaced.emit()
        self._done()
        self.selection_changed.emit([])
        self.undo_stack.setClean()
        self.modified_changed.emit(self.is_modified())

    def _emit_replaced(self, kind: str, old_name: str, new_name: str) -> None:
        if old_name != new_name:
            self.element_renamed.emit(old_name, new_name)
        elif kind == "stage":
            self.stage_changed.emit(new_name)
        elif kind == "step":
            self.step_changed.emit(new_name)
        elif kind == "decision":
            self.decision_changed.emit(new_name)
        self._done()
