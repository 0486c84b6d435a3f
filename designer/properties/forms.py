"""Which fields each element's form shows, in which order (the editors come from the factory)."""

from __future__ import annotations

from pydantic import BaseModel

from engine.model import STEP_CLASSES, Decision, Orchestration, Stage

from .base import Editor
from .binding import Binding
from .factory import LABELS, make_editor

COMMON = ("name", "label", "description")
FORMS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "orchestration": (Orchestration, (*COMMON, "api_version", "type", "run_context", "start", "variables")),
    "stage": (Stage, (*COMMON, "complete", "next", "fault")),
    "decision": (Decision, (*COMMON, "outcomes", "default", "default_label")),
    "interactive": (STEP_CLASSES["interactive"], (*COMMON, "type", "action", "inputs", "assignee", "record",
                                                  "start", "complete")),
    "background": (STEP_CLASSES["background"], (*COMMON, "type", "action", "requires_async", "run_as", "inputs",
                                                "start")),
    "mulesoft": (STEP_CLASSES["mulesoft"], (*COMMON, "type", "action", "run_as", "inputs", "start")),
}
SECTION_TITLES = {"complete": "Completion condition", "start": "Start condition", "inputs": "Input values",
                  "variables": "Variables", "outcomes": "Outcomes (tried in order)", "type": "Type",
                  "assignee": "Assignee"}


def form_key(binding: Binding) -> str:
    if binding.kind == "step":
        return binding.element.type  # type: ignore[attr-defined]
    return binding.kind


def build_editors(binding: Binding) -> list[tuple[str, str, Editor]]:
    """(field, label, editor) for the bound element's form."""
    model, fields = FORMS[form_key(binding)]
    out = []
    for field in fields:
        editor = make_editor(binding, model, field)
        label = SECTION_TITLES.get(field) if editor.wide else LABELS.get(field, field.replace("_", " ").capitalize())
        if field == "start" and binding.kind == "orchestration":
            label = "First element"
        if field == "action" and binding.kind == "step":
            label = {"interactive": "Screen flow", "background": "Flow", "mulesoft": "MuleSoft action"}[form_key(binding)]
        out.append((field, label or field, editor))
    return out
