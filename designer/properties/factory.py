"""The one editor factory: a model field's *kind* (from its annotation) decides its widget.

Special fields (API name, flow, targets, assignee, run-as, variables, outcomes …) are listed in
``SPECIAL``; every other field gets the editor of its kind. The field's ``description`` becomes
the editor's tooltip.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Callable

from pydantic import BaseModel

from engine.model import Ref, Requirement

from .base import BoolEditor, ChoiceEditor, Editor, IntEditor, NameEditor, StrEditor
from .binding import Binding
from .conditions import ConditionEditor
from .flows import STEP_FLOW_TYPE, FlowChooser
from .inputs import InputsEditor
from .orchestration_fields import RunContextEditor, TypeEditor
from .outcomes import OutcomesEditor
from .requirements import RequirementsEditor
from .step_fields import AssigneeEditor, RequiresAsyncEditor, RunAsEditor, StepTypeEditor
from .targets import TargetEditor
from .values import ValueEditor
from .variables import VariablesEditor

LABELS = {"api_version": "API version", "run_context": "Run context", "action": "Flow", "run_as": "Run as",
          "requires_async": "Sync / async", "complete": "Completed when", "start": "Starts when",
          "next": "Next", "fault": "Fault path", "default": "Default path", "default_label": "Default label",
          "record": "Context record", "inputs": "Input values", "type": "Type", "description": "Description",
          "trigger": "Trigger"}


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> list[Any]:
    annotation = _strip(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [_strip(a) for a in typing.get_args(annotation)]
    return [annotation]


def field_kind(annotation: Any) -> str:
    """``condition`` | ``value`` | ``inputs`` | ``requirements`` | ``choice`` | ``bool`` | ``int`` | ``str``
    | ``optional_str`` | ``optional_bool`` | ``other``."""
    members = _members(annotation)
    optional = type(None) in members
    rest = [m for m in members if m is not type(None)]
    if Ref in rest:
        return "value"
    if rest and all(isinstance(m, type) and issubclass(m, BaseModel) and "when" in m.model_fields for m in rest):
        return "condition"
    if len(rest) == 1:
        m = rest[0]
        origin = typing.get_origin(m)
        if origin is dict and field_kind(typing.get_args(m)[1]) == "value":
            return "inputs"
        if origin is list and typing.get_args(m) and _strip(typing.get_args(m)[0]) is Requirement:
            return "requirements"
        if origin is typing.Literal:
            return "choice"
        if m is bool:
            return "optional_bool" if optional else "bool"
        if m is int:
            return "int"
        if m is str:
            return "optional_str" if optional else "str"
    return "other"


def literal_choices(annotation: Any) -> list[tuple[Any, str]]:
    for m in _members(annotation):
        if typing.get_origin(m) is typing.Literal:
            return [(v, str(v).replace("_", " ")) for v in typing.get_args(m)]
    return []


def condition_choices(annotation: Any) -> tuple[str, ...]:
    return tuple(m.model_fields["when"].default for m in _members(annotation) if m is not type(None))


def _step_flow(binding: Binding):
    return binding.defn.flow(binding.get("action"))


Builder = Callable[[Binding, str, str], Editor]
SPECIAL: dict[str, Builder] = {
    "name": lambda b, p, d: NameEditor(b, p, d),
    "description": lambda b, p, d: StrEditor(b, p, d, multiline=True),
    "label": lambda b, p, d: StrEditor(b, p, d, optional=True),
    "default_label": lambda b, p, d: StrEditor(b, p, d, optional=True, placeholder="Default outcome"),
    "step.type": lambda b, p, d: StepTypeEditor(b, p, d),
    "step.action": lambda b, p, d: FlowChooser(b, p, d, flow_type=lambda: STEP_FLOW_TYPE[b.element.type]),
    "step.inputs": lambda b, p, d: InputsEditor(b, p, d, flow=lambda: _step_flow(b),
                                                flow_name=lambda: b.get("action")),
    "step.assignee": lambda b, p, d: AssigneeEditor(b, p, d),
    "step.run_as": lambda b, p, d: RunAsEditor(b, p, d),
    "step.requires_async": lambda b, p, d: RequiresAsyncEditor(b, p, d),
    "stage.next": lambda b, p, d: TargetEditor(b, p, d, none_text="Following stage"),
    "stage.fault": lambda b, p, d: TargetEditor(b, p, d, none_text="No fault path", allow_end=False),
    "decision.default": lambda b, p, d: TargetEditor(b, p, d),
    "decision.outcomes": lambda b, p, d: OutcomesEditor(b, p, d),
    "orchestration.start": lambda b, p, d: TargetEditor(b, p, d, none_text="First stage", allow_end=False),
    "orchestration.variables": lambda b, p, d: VariablesEditor(b, p, d),
    "orchestration.api_version": lambda b, p, d: IntEditor(b, p, d, minimum=20, maximum=99),
    "orchestration.type": lambda b, p, d: TypeEditor(b, p, d),
    "orchestration.run_context": lambda b, p, d: RunContextEditor(b, p, d),
}


def make_editor(binding: Binding, model: type[BaseModel], field: str, path: str | None = None) -> Editor:
    """The editor for ``model.field`` of the bound element (at ``path``, default the field name)."""
    path = path or field
    info = model.model_fields[field]
    description = info.description or ""
    special = SPECIAL.get(f"{binding.kind}.{field}") or SPECIAL.get(field)
    if special is not None:
        return special(binding, path, description)
    kind = field_kind(info.annotation)
    if kind == "condition":
        return ConditionEditor(binding, path, description, choices=condition_choices(info.annotation))
    if kind == "value":
        return ValueEditor(binding, path, description)
    if kind == "inputs":
        return InputsEditor(binding, path, description, flow=lambda: None, flow_name=lambda: None)
    if kind == "requirements":
        return RequirementsEditor(binding, path.rsplit(".", 1)[0] if "." in path else "", description)
    if kind == "choice":
        return ChoiceEditor(binding, path, description, literal_choices(info.annotation))
    if kind == "bool":
        return BoolEditor(binding, path, description)
    if kind == "optional_bool":
        return ChoiceEditor(binding, path, description, [(None, "Not set"), (True, "Yes"), (False, "No")])
    if kind == "int":
        return IntEditor(binding, path, description)
    if kind in ("str", "optional_str"):
        return StrEditor(binding, path, description, optional=kind == "optional_str")
    raise TypeError(f"no editor for {model.__name__}.{field} ({info.annotation})")
