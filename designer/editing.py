"""Editing operations behind gestures, menus and shortcuts: each pushes commands (macros for
several) and sets the selection. Qt-free apart from the document/commands it drives."""

from __future__ import annotations

from engine.model import (
    END,
    STEP_CLASSES,
    Decision,
    Outcome,
    Stage,
    StepBase,
)

from .clipboard import fragment_from_text, fragment_to_text
from .commands import (
    InsertDecisionCommand,
    InsertStageCommand,
    InsertStepCommand,
    MoveStageCommand,
    MoveStepCommand,
    RemoveDecisionCommand,
    RemoveStageCommand,
    RemoveStepCommand,
    RenameCommand,
    SetFieldCommand,
    macro,
)
from .document import DesignDocument
from .naming import element_names, is_valid_name, unique_name

STEP_TYPES = tuple(STEP_CLASSES)
_STEP_BASE = {"interactive": "Interactive_Step", "background": "Background_Step", "mulesoft": "MuleSoft_Step"}


def new_step(doc: DesignDocument, step_type: str, taken: set[str] | None = None) -> StepBase:
    name = unique_name(_STEP_BASE[step_type], taken if taken is not None else doc.taken_names())
    return STEP_CLASSES[step_type](name=name, type=step_type)


def add_step(doc: DesignDocument, step_type: str, stage: str | None = None, index: int | None = None) -> str:
    """Add a step of ``step_type`` to ``stage`` (default: the current one) at ``index`` (default: end)."""
    defn = doc.definition
    target = stage or current_stage(doc)
    if target is None or defn.stage(target) is None:
        with macro(doc, "Add step"):
            target = add_stage(doc)
            name = _push_step(doc, step_type, target, 0)
        return name
    if index is None:
        index = len(defn.stage(target).steps)  # type: ignore[union-attr]
    return _push_step(doc, step_type, target, index)


def _push_step(doc: DesignDocument, step_type: str, stage: str, index: int) -> str:
    step = new_step(doc, step_type)
    doc.undo_stack.push(InsertStepCommand(doc, stage, index, step))
    doc.set_selection([step.name])
    return step.name


def add_stage(doc: DesignDocument, index: int | None = None) -> str:
    """Add an empty stage at ``index`` among the stages (default: after the current stage)."""
    defn = doc.definition
    if index is None:
        cur = current_stage(doc)
        index = next((i + 1 for i, s in enumerate(defn.stages) if s.name == cur), len(defn.stages))
    name = unique_name("Stage_1" if not defn.stages else f"Stage_{len(defn.stages) + 1}", doc.taken_names())
    doc.undo_stack.push(InsertStageCommand(doc, index, Stage(name=name)))
    doc.set_selection([name])
    return name


def add_decision(doc: DesignDocument, after_stage: str | None = None) -> str:
    """Insert a decision on the path after ``after_stage`` (default: current stage; none: at the start).

    Both its first outcome and its default lead where the stage led, so behaviour is unchanged
    until the user edits the outcome."""
    defn = doc.definition
    after = after_stage if after_stage is not None else current_stage(doc)
    stage = defn.stage(after) if after else None
    target = defn.next_of(stage) if stage is not None else defn.start_target()
    name = unique_name("Decision_1", doc.taken_names())
    decision = Decision(name=name, outcomes=[Outcome(name=unique_name("Outcome_1", doc.taken_names() | {name}),
                                                     next=target)], default=target)
    with macro(doc, f"Add decision {name}"):
        doc.undo_stack.push(InsertDecisionCommand(doc, len(defn.decisions), decision))
        if stage is not None:
            doc.undo_stack.push(SetFieldCommand(doc, "stage", stage.name, "next", name))
        else:
            doc.undo_stack.push(SetFieldCommand(doc, "orchestration", None, "start", name))
    doc.set_selection([name])
    return name


def current_stage(doc: DesignDocument) -> str | None:
    """The stage of the current selection (a stage, or a step's stage); else the last stage."""
    defn = doc.definition
    for name in reversed(doc.selection):
        if defn.stage(name):
            return name
        owner = defn.stage_of(name)
        if owner is not None:
            return owner.name
    return defn.stages[-1].name if defn.stages else None


# ---------------------------------------------------------------- moving


def move_step(doc: DesignDocument, name: str, stage: str, index: int) -> bool:
    """Move a step to ``stage`` before the step now at ``index`` (index in the current list)."""
    defn = doc.definition
    owner = defn.stage_of(name)
    if owner is None or defn.stage(stage) is None:
        return False
    old_index = next(i for i, s in enumerate(owner.steps) if s.name == name)
    if owner.name == stage:
        if index > old_index:
            index -= 1  # positions count without the moved step
        if index == old_index:
            return False
    doc.undo_stack.push(MoveStepCommand(doc, name, stage, index))
    return True


def move_stage(doc: DesignDocument, name: str, index: int) -> bool:
    """Move a stage before the stage now at ``index``."""
    stages = doc.definition.stages
    old = next((i for i, s in enumerate(stages) if s.name == name), None)
    if old is None:
        return False
    if index > old:
        index -= 1
    if index == old:
        return False
    doc.undo_stack.push(MoveStageCommand(doc, name, index))
    return True


def nudge(doc: DesignDocument, name: str, direction: str) -> bool:
    """Move an element one place: ``up``/``down`` (steps), ``left``/``right`` (steps and stages)."""
    defn = doc.definition
    stage_names = [s.name for s in defn.stages]
    delta = {"up": -1, "left": -1, "down": 1, "right": 1}[direction]
    if name in stage_names:
        if direction not in ("left", "right"):
            return False
        i = stage_names.index(name)
        j = i + delta
        if not 0 <= j < len(stage_names):
            return False
        doc.undo_stack.push(MoveStageCommand(doc, name, j))
        return True
    owner = defn.stage_of(name)
    if owner is None:
        return False
    i = next(k for k, s in enumerate(owner.steps) if s.name == name)
    if direction in ("up", "down"):
        j = i + delta
        if not 0 <= j < len(owner.steps):
            return False
        doc.undo_stack.push(MoveStepCommand(doc, name, owner.name, j))
        return True
    si = stage_names.index(owner.name) + delta
    if not 0 <= si < len(stage_names):
        return False
    dest = defn.stages[si]
    doc.undo_stack.push(MoveStepCommand(doc, name, dest.name, min(i, len(dest.steps))))
    return True


# ---------------------------------------------------------------- delete, rename


def delete(doc: DesignDocument, names: list[str]) -> int:
    """Delete elements (steps inside a deleted stage go with it); one undo step. Returns the count."""
    defn = doc.definition
    stages = [n for n in names if defn.stage(n)]
    decisions = [n for n in names if defn.decision(n)]
    steps = [n for n in names if defn.step(n) and defn.stage_of(n).name not in stages]  # type: ignore[union-attr]
    total = len(stages) + len(decisions) + len(steps)
    if not total:
        return 0
    with macro(doc, f"Delete {total} element(s)" if total > 1 else f"Delete {(stages + decisions + steps)[0]}"):
        for n in steps:
            doc.undo_stack.push(RemoveStepCommand(doc, n))
        for n in stages:
            doc.undo_stack.push(RemoveStageCommand(doc, n))
        for n in decisions:
            doc.undo_stack.push(RemoveDecisionCommand(doc, n))
    return total


def rename(doc: DesignDocument, old: str, new: str) -> str | None:
    """Rename an element; returns an error message for the user, or None when done."""
    new = new.strip()
    if new == old:
        return None
    if not is_valid_name(new):
        return (f"“{new}” is not a valid API name: use letters, digits and single underscores, "
                "start with a letter, at most 80 characters.")
    if new in element_names(doc.definition):
        return f"The name “{new}” is already used."
    doc.undo_stack.push(RenameCommand(doc, old, new))
    return None


# ---------------------------------------------------------------- clipboard, duplicate


def copy_text(doc: DesignDocument, names: list[str]) -> str | None:
    """The YAML fragment for the selected elements (None when nothing copyable is selected)."""
    return fragment_to_text(doc.definition, names)


def paste_text(doc: DesignDocument, text: str) -> list[str]:
    """Paste a YAML fragment (or a whole orchestration) after the current element.

    Names that clash get a fresh unique name; references inside the fragment follow.
    Returns the pasted names (selected); raises ValueError with a message for bad text."""
    fragment = fragment_from_text(text, doc.taken_names())
    if fragment.empty():
        raise ValueError("The clipboard holds no stages, steps or decisions.")
    defn = doc.definition
    pasted: list[str] = []
    with macro(doc, "Paste"):
        if fragment.steps:
            target = current_stage(doc)
            if target is None:
                target = add_stage(doc)
            stage = doc.definition.stage(target)
            assert stage is not None
            index = len(stage.steps)
            for name in reversed(doc.selection):
                if doc.definition.step(name) and doc.definition.stage_of(name).name == target:  # type: ignore[union-attr]
                    index = next(i for i, s in enumerate(stage.steps) if s.name == name) + 1
                    break
            for offset, step in enumerate(fragment.steps):
                doc.undo_stack.push(InsertStepCommand(doc, target, index + offset, step))
                pasted.append(step.name)
        if fragment.stages:
            cur = current_stage(doc)
            at = next((i + 1 for i, s in enumerate(doc.definition.stages) if s.name == cur), len(defn.stages))
            for offset, stage_model in enumerate(fragment.stages):
                doc.undo_stack.push(InsertStageCommand(doc, at + offset, stage_model))
                pasted.append(stage_model.name)
        for decision in fragment.decisions:
            doc.undo_stack.push(InsertDecisionCommand(doc, len(doc.definition.decisions), decision))
            pasted.append(decision.name)
    doc.set_selection(pasted)
    return pasted


def duplicate(doc: DesignDocument, names: list[str]) -> list[str]:
    """Copy + paste in one undo step, right after the originals."""
    text = copy_text(doc, names)
    if text is None:
        return []
    return paste_text(doc, text)


def set_label(doc: DesignDocument, kind: str, name: str | None, label: str) -> None:
    doc.undo_stack.push(SetFieldCommand(doc, kind, name, "label", label or None, merge=True))


__all__ = [
    "END", "STEP_TYPES", "add_decision", "add_stage", "add_step", "copy_text", "current_stage", "delete",
    "duplicate", "move_stage", "move_step", "new_step", "nudge", "paste_text", "rename", "set_label",
]
