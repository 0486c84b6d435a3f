"""A generated "draft" scenario: placeholder values so any definition can be rehearsed at once.

An orchestration retrieved from an org usually reads values a scenario would give — input
variables, fields of the triggering ``$Record``, outputs of flows that were not found beside
the file (placeholders). Without them an interactive step has no assignee and the run stops in
Error at +0s. ``draft_scenario`` fills exactly what the definition reads and does not give
itself, with obviously made-up, deterministic values (``owner@example.com``,
``001000000000001AAA``, ``"<name> (sample)"``), so the user can run it, then save and edit it.

Heuristics (by where a reference is read, then by its name, then by its type):

* read as a user assignee → a username ``<field>@example.com`` (``$Record.Owner.Username`` →
  ``owner@example.com``); as a group / queue assignee → ``Sample_Queue`` / ``Sample_Group``;
* read as a work item's context record, or a name ending in ``Id`` → a sample record Id;
* compared with a literal in a condition → that literal (the condition holds); a placeholder
  flow's output counts when read as an assignee / record or compared like that;
* otherwise by type: Text ``"<name> (sample)"``, Number / Currency ``1``, Boolean ``true``,
  Date ``2026-01-01``, DateTime ``2026-01-01T09:00:00Z``, Record a sample Id.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import (
    ConditionSpec,
    EvaluationFlowCondition,
    InteractiveStep,
    Orchestration,
    Ref,
    RequirementsCondition,
)
from ..refs import NameIndex, iter_sites, resolve_ref
from ..scenario_model import Scenario, StepOverride

DRAFT_NAME = "Sample_values"
DRAFT_DESCRIPTION = ("Generated sample values (not real data): placeholders for inputs, $Record fields and "
                     "flow outputs the orchestration reads but does not give. Edit them to rehearse a real case.")

# Key prefixes of common sObjects, so a sample Id looks like the object it stands for.
_ID_PREFIXES = {"Account": "001", "Contact": "003", "User": "005", "Opportunity": "006", "Lead": "00Q",
                "Case": "500", "Group": "00G", "Task": "00T", "Event": "00U", "Contract": "800", "Order": "801",
                "Quote": "0Q0"}

_SAMPLE_BY_TYPE: dict[str, Any] = {"Number": 1, "Currency": 1, "Boolean": True, "Date": "2026-01-01",
                                   "DateTime": "2026-01-01T09:00:00Z"}


def sample_id(sobject: str | None, n: int = 1) -> str:
    """A well-formed 18-character sample record Id for ``sobject`` (e.g. ``001000000000001AAA``)."""
    prefix = _ID_PREFIXES.get(sobject or "", "a00")
    return f"{prefix}{n:012d}AAA"


def _username(path: str | None) -> str:
    """``Owner.Username`` → ``owner@example.com``; ``Username`` alone → ``user@example.com``."""
    parts = [p for p in (path or "").split(".") if p and p != "Username"]
    word = (parts[-1] if parts else "user").removesuffix("Username").removesuffix("Id").removesuffix("__r")
    word = re.sub(r"[^a-z0-9]+", ".", word.lower()).strip(".") or "user"
    return f"{word}@example.com"


def _is_id_name(name: str) -> bool:
    """``recordId``, ``Account_Id``, ``Id`` — a name that holds a record Id."""
    return name == "Id" or (name.endswith("Id") and len(name) > 2 and (name[-3].islower() or name[-3] == "_"))


class _Drafter:
    def __init__(self, defn: Orchestration) -> None:
        self.defn = defn
        self.names = NameIndex(defn)
        self.ids = 0
        self.compared: dict[str, Any] = {}  # ref text → first literal it is compared with
        for left, right in self._comparisons():
            if not isinstance(right, Ref) and right is not None:
                self.compared.setdefault(left.strip(), right)

    def _comparisons(self) -> list[tuple[str, Any]]:
        """(reference, right side) of the requirements of start / completion conditions and decision
        outcomes, in that order; an evaluation flow's simulated requirements over its own inputs
        count for the references passed as those inputs."""
        found: list[tuple[str, Any]] = []
        conds = [st.start for _, st in self.defn.iter_steps()]
        conds += [st.complete for _, st in self.defn.iter_steps() if isinstance(st, InteractiveStep)]
        conds += [sg.complete for sg in self.defn.stages]
        for cond in conds:
            if isinstance(cond, RequirementsCondition):
                found.extend((req.left, req.right) for req in cond.requirements)
            elif isinstance(cond, EvaluationFlowCondition):
                flow = self.defn.flow(cond.flow)
                result = flow.simulate.result if flow is not None else None
                for req in result.requirements if isinstance(result, ConditionSpec) else []:
                    given = cond.inputs.get(req.left.strip())
                    if isinstance(given, Ref):
                        found.append((given.ref, req.right))
        for decision in self.defn.decisions:
            for outcome in decision.outcomes:
                found.extend((req.left, req.right) for req in outcome.requirements)
        return found

    def next_id(self, sobject: str | None) -> str:
        self.ids += 1
        return sample_id(sobject, self.ids)

    def value(self, text: str, point: str, assignee_type: str | None, field: str | None,
              vtype: str | None, sobject: str | None, name: str) -> Any:
        """The sample value for reference ``text`` read at ``point``."""
        last = (field or "").split(".")[-1] if field else ""
        if point == "assignee":
            if assignee_type in ("group", "queue"):
                return f"Sample_{assignee_type.capitalize()}"
            return _username(text.strip().removeprefix("$Record.") if field else name)
        if point == "record" or last == "Id" or (not field and (vtype == "Record" or _is_id_name(name))):
            obj = sobject if not field or last == "Id" and field.count(".") == 0 else None
            return self.next_id(obj)
        if last == "Username":
            return _username(text.strip().removeprefix("$Record."))
        if text.strip() in self.compared:
            return self.compared[text.strip()]
        if vtype in _SAMPLE_BY_TYPE:
            return _SAMPLE_BY_TYPE[vtype]
        if last.startswith("Is") and last[2:3].isupper():
            return True
        return f"{(field or name).split('.')[-1]} (sample)"


def _input_type(defn: Orchestration, step: Any, field: str) -> str | None:
    """The declared type of the flow input a step input site feeds (None when untyped / Text)."""
    flow = defn.flow(step.action) if step is not None else None
    if flow is None or ".inputs." not in field:
        return None
    param = flow.input(field.split(".inputs.", 1)[1].removesuffix(".ref"))
    return param.type if param is not None and param.type != "Text" else None


def draft_scenario(defn: Orchestration) -> Scenario:
    """A scenario with placeholder values for everything the run reads and ``defn`` does not give.

    Deterministic: the same definition always gives the same scenario. Its ``description``
    says it is generated. Values the definition already has (variable defaults, flow
    ``simulate.outputs``) are kept, not overridden.
    """
    d = _Drafter(defn)
    variables: dict[str, Any] = {}
    record: dict[str, Any] = {}
    steps: dict[str, dict[str, Any]] = {}
    step_by_name = {st.name: st for _, st in defn.iter_steps()}

    # every input variable without a default gets a value by its type
    for var in defn.variables:
        if var.input and var.value is None:
            variables[var.name] = d.value(var.name, "inputs", None, None, var.type, var.object, var.name)

    triggered = defn.type == "record_triggered"
    if triggered:
        record["Id"] = d.next_id(defn.trigger.object if defn.trigger else None)

    for site in iter_sites(defn):
        ref = resolve_ref(defn, site.ref, names=d.names)
        hint = _input_type(defn, step_by_name.get(site.step or ""), site.field) if site.point == "inputs" else None
        assignee_type = None
        if site.point == "assignee":
            step = step_by_name.get(site.element)
            assignee_type = step.assignee.type if isinstance(step, InteractiveStep) and step.assignee else "user"
        if ref.kind == "record" and triggered and ref.owner == "$Record" and ref.member:
            if ref.member not in record or site.point == "assignee":
                obj = defn.trigger.object if defn.trigger and ref.member == "Id" else None
                record[ref.member] = d.value(site.ref, site.point, assignee_type, ref.member, hint, obj, ref.member)
        elif ref.kind == "variable":
            var = defn.variable(ref.owner or "")
            if var is None or not var.input:
                continue
            if ref.member == "Id" and isinstance(variables.get(var.name), str):
                variables.setdefault(ref.text, variables[var.name])  # the record's own Id
            elif ref.member:  # a field of a Record variable: curUser.Username
                if ref.text not in variables or site.point == "assignee":
                    variables[ref.text] = d.value(site.ref, site.point, assignee_type, ref.member, hint,
                                                  var.object, ref.member)
            elif var.value is None and site.point in ("assignee", "record"):
                variables[var.name] = d.value(site.ref, site.point, assignee_type, None, var.type,
                                              var.object, var.name)
        elif ref.kind == "step_output" and ref.member and (site.point in ("assignee", "record")
                                                           or site.ref.strip() in d.compared):
            source = step_by_name.get(ref.owner or "")
            flow = defn.flow(source.action) if source is not None else None
            given = flow.simulate.outputs if flow is not None else {}
            key = f"{ref.member}.{ref.path}" if ref.path else ref.member  # a record output's field, flat
            filled = key in steps.get(ref.owner or "", {}) and site.point != "assignee"  # assignee wins
            if given.get(ref.member) is None and given.get(key) is None and not filled:
                param = flow.output(ref.member) if flow is not None else None
                outputs = steps.setdefault(ref.owner or "", dict(given))
                if ref.path:
                    outputs[key] = d.value(site.ref, site.point, assignee_type, ref.path, None,
                                           param.object if param else None, ref.path.split(".")[-1])
                else:
                    outputs[key] = d.value(site.ref, site.point, assignee_type, None,
                                           param.type if param else None, param.object if param else None,
                                           ref.member)

    return Scenario(
        scenario=DRAFT_NAME,
        description=DRAFT_DESCRIPTION,
        variables=variables,
        record=record if triggered else {},
        steps={name: StepOverride(outputs=outputs) for name, outputs in steps.items()},
    )
