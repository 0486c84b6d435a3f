"""Condition editors: the discriminated unions of start / completion conditions.

One :class:`ConditionEditor` serves the step start condition (four choices), the interactive
completion condition and the stage completion condition; the body below the choice is built
for the chosen ``when``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from engine.model import StepCompleted

from .base import Editor
from .binding import Binding
from .flows import FlowChooser
from .inputs import InputsEditor
from .requirements import RequirementsEditor
from .widgets import note_label

CHOICE_TEXT = {
    "stage_starts": "When the stage starts",
    "step_completed": "When another step is completed",
    "requirements": "When requirements are met",
    "evaluation_flow": "When an evaluation flow returns True",
    "work_item_completed": "When the assignee completes the screen flow",
    "all_steps_completed": "When all steps are completed",
}
NOTES = {
    "stage_starts": "The step starts as soon as its stage starts.",
    "work_item_completed": "The step is completed when its assignee completes the screen flow.",
    "all_steps_completed": "The stage is completed when all its steps are completed.",
}


def waits_for(defn, stage_name: str, step: str) -> list[str]:
    """The chain of "after step" waits starting at ``step`` within its stage (``step`` first)."""
    stage = defn.stage(stage_name)
    starts = {st.name: st.start for st in stage.steps} if stage else {}
    chain = [step]
    while True:
        cond = starts.get(chain[-1])
        if not isinstance(cond, StepCompleted) or cond.step in chain:
            if isinstance(cond, StepCompleted):
                chain.append(cond.step)
            return chain
        chain.append(cond.step)


def after_step_problem(defn, step: str, other: str) -> str | None:
    """Why ``step`` cannot start after ``other`` (not a sibling, itself, or a cycle), or None."""
    stage = defn.stage_of(step)
    if other == step:
        return "A step cannot wait for itself."
    if stage is None or other not in [s.name for s in stage.steps]:
        return f"{other} is not in stage {stage.name if stage else '?'}: only sibling steps can be chosen."
    chain = waits_for(defn, stage.name, other)
    if step in chain:
        path = " → ".join(chain[: chain.index(step) + 1])
        return (f"{step} cannot wait for {other}: {other} already waits for {step} ({path}), "
                "so neither would ever start.")
    return _analysis_cycle(defn, stage, step, other)


def _analysis_cycle(defn, stage, step: str, other: str) -> str | None:
    """A dependency cycle the choice would create through requirements (e.g. ``X.Status`` tests),
    as engine.analysis reports it; None when there is none (or the analysis cannot tell)."""
    from engine.analysis import analyze

    waits = next((st.start for st in stage.steps if st.name == step), None)
    if isinstance(waits, StepCompleted) and waits.step == other:
        return None  # the choice already made: the definition as it is, no new cycle
    steps = [st.model_copy(update={"start": StepCompleted(step=other)}) if st.name == step else st
             for st in stage.steps]
    stages = [s.model_copy(update={"steps": steps}) if s.name == stage.name else s for s in defn.stages]
    try:
        before = {d.message for d in analyze(defn).diagnostics() if d.code == "DEPENDENCY_CYCLE"}
        after = analyze(defn.model_copy(update={"stages": stages}), fresh=True).diagnostics()
    except Exception:  # a definition the analysis cannot read: validation will say why
        return None
    for d in after:
        if d.code == "DEPENDENCY_CYCLE" and d.message not in before and step in d.message:
            return f"{step} cannot wait for {other}: it would create a {d.message}."
    return None


class AfterStepEditor(Editor):
    """The sibling step to wait for; refuses a choice that would create a cycle."""

    def __init__(self, binding: Binding, path: str, description: str = "") -> None:
        super().__init__(binding, path, description)
        self.combo = QComboBox()
        self.combo.setToolTip(description or "The sibling step (same stage) that must be Completed")
        self.add(self.combo)
        self.combo.activated.connect(self._chosen)
        self.finish()

    def _chosen(self, index: int) -> None:
        other = self.combo.itemData(index)
        if other == self.value():
            self.show_error(None, self.combo)
            return
        problem = after_step_problem(self.binding.defn, self.binding.name or "", other)
        if problem:
            self.show_error(problem, self.combo)
            self.refresh_combo()
            self.error.show_message(problem)
            return
        self.commit(other, target=self.combo)

    def refresh_combo(self) -> None:
        defn = self.binding.defn
        stage = defn.stage_of(self.binding.name or "")
        siblings = [s.name for s in stage.steps if s.name != self.binding.name] if stage else []
        current = self.value()
        items = siblings if current in siblings or not current else [current, *siblings]
        self.combo.blockSignals(True)
        self.combo.clear()
        for name in items:
            self.combo.addItem(name if name in siblings else f"{name} (not in this stage)", name)
        if current in items:
            self.combo.setCurrentIndex(items.index(current))
        self.combo.blockSignals(False)
        return None

    def refresh(self) -> None:
        self.refresh_combo()
        current = self.value()
        problem = after_step_problem(self.binding.defn, self.binding.name or "", current) if current else None
        self.show_error(problem, self.combo)


class EvaluationFlowEditor(Editor):
    """An evaluation flow of the library (or a new one) and the values for its inputs."""

    wide = True

    def __init__(self, binding: Binding, path: str, description: str = "") -> None:
        super().__init__(binding, path, description)
        self.chooser = FlowChooser(binding, f"{path}.flow", "An evaluation flow of the flow library",
                                   flow_type=lambda: "evaluation", allow_none=False)
        self.inputs = InputsEditor(binding, f"{path}.inputs", "Values for the evaluation flow's inputs",
                                   flow=lambda: binding.defn.flow(binding.get(f"{path}.flow")),
                                   flow_name=lambda: binding.get(f"{path}.flow"))
        self.add(QLabel("Evaluation flow"))
        self.add(self.chooser)
        self.add(self.inputs)
        self.add(note_label("Evaluation flows run in system context; only their Boolean output "
                            "isOrchestrationConditionMet is honoured."))
        self.finish()

    def refresh(self) -> None:
        self.chooser.refresh()
        self.inputs.refresh()


class ConditionEditor(Editor):
    """A choice among the union's ``when`` values and the body of the chosen one."""

    wide = True

    def __init__(self, binding: Binding, path: str, description: str = "", *, choices: tuple[str, ...]) -> None:
        super().__init__(binding, path, description)
        self.choices = choices
        self.combo = QComboBox()
        self.combo.setObjectName("ConditionChoice")
        self.combo.setToolTip(description)
        for when in choices:
            self.combo.addItem(CHOICE_TEXT[when], when)
        self.add(self.combo)
        self.body: QWidget | None = None
        self.body_when: str | None = None
        self.combo.activated.connect(self._chosen)
        self.finish()

    def _default(self, when: str) -> dict | None:
        defn = self.binding.defn
        if when == "step_completed":
            stage = defn.stage_of(self.binding.name or "")
            for sibling in stage.steps if stage else []:
                if after_step_problem(defn, self.binding.name or "", sibling.name) is None:
                    return {"when": when, "step": sibling.name}
            self.show_error("No sibling step can be waited for: add another step to this stage first "
                            "(or the others already wait for this one).", self.combo)
            return None
        if when == "requirements":
            return {"when": when, "logic": "and", "requirements": [{"left": "", "operator": "EqualTo", "right": None}]}
        if when == "evaluation_flow":
            flow = next((f.name for f in defn.flows if f.type == "evaluation"), "")
            return {"when": when, "flow": flow, "inputs": {}}
        return {"when": when}

    def _chosen(self, index: int) -> None:
        when = self.combo.itemData(index)
        if when == self.binding.get(f"{self.path}.when"):
            return
        value = self._default(when)
        if value is None:
            self.refresh()
            return
        if self.commit(value, target=self.combo) and isinstance(self.body, RequirementsEditor):
            self.body.pick_blank()

    def _build_body(self, when: str) -> QWidget:
        path = self.path
        if when == "step_completed":
            return AfterStepEditor(self.binding, f"{path}.step", "The sibling step that must be Completed")
        if when == "requirements":
            return RequirementsEditor(self.binding, path, "1 to 10 requirements, numbered from 1")
        if when == "evaluation_flow":
            return EvaluationFlowEditor(self.binding, path)
        return note_label(NOTES.get(when, ""))

    def refresh(self) -> None:
        when = self.binding.get(f"{self.path}.when")
        if when in self.choices:
            self.combo.setCurrentIndex(self.choices.index(when))
        if when != self.body_when:
            if self.body is not None:
                self.body.setParent(None)
                self.body.deleteLater()
            self.body = self._build_body(when)
            self.body_when = when
            self._layout.insertWidget(1, self.body)
        elif isinstance(self.body, Editor):
            self.body.refresh()
