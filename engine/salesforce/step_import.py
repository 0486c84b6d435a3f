"""Import of one `stageSteps` element (FlowStageStep) into a model step."""

from __future__ import annotations

import re

from ..model import Assignee, Ref, default_label
from .reader import LEGACY, Reader, article
from .xmlparse import Node

RECORD_INPUT = "ActionInput__RecordId"
RESERVED_PREFIX = "ActionInput__"
STEP_SUBTYPES = {"interactive": "InteractiveStep", "background": "BackgroundStep", "mulesoft": "MuleSoftStep"}
ACTION_TYPES = {"interactive": "stepInteractive", "background": "stepBackground", "mulesoft": "stepMuleSoft"}
_KIND_BY_ACTION_TYPE = {
    "stepinteractive": "interactive",
    "stepbackground": "background",
    "stepmulesoft": "mulesoft",
    "createworkitem": "interactive",   # API 52 pilot
    "flow": "background",              # API 52 pilot
}
_KIND_BY_SUBTYPE = {v.lower(): k for k, v in STEP_SUBTYPES.items()}
_STATUS_REF = re.compile(r"^([^.\s]+)\.Status$")

# Tags handled below; anything else on a step is reported.
_HANDLED = {
    "name", "label", "description", "actionName", "actionType", "stepSubtype", "assignees", "inputParameters",
    "entryConditions", "entryConditionLogic", "entryActionName", "entryActionType", "entryActionInputParameters",
    "entryActionOutputParameters", "exitConditions", "exitConditionLogic", "exitActionName", "exitActionType",
    "exitActionInputParameters", "exitActionOutputParameters", "runAsUser", "requiresAsyncProcessing",
    "outputParameters", "canAssigneeEdit", "shouldLock", "debugSimulateStep", "processMetadataValues", "stageName",
}
_BUILDER_FLAGS = ("canAssigneeEdit", "shouldLock", "debugSimulateStep")


class StepReader:
    """Reads stageSteps of one file; ``stage_names`` tells "after step X" from stage-status rows."""

    def __init__(self, reader: Reader, stage_names: set[str]) -> None:
        self.r = reader
        self.stage_names = stage_names

    def read(self, node: Node, fallback_name: str, stage: str | None = None) -> dict:
        name = node.text_of("name")
        if not name:
            self.r.warn(f"a step has no name; it was named {fallback_name}", node)
            name = fallback_name
        kind = self._kind(node, name)
        step: dict = {"name": name, "type": kind}
        label = node.text_of("label")
        if label is not None and label != default_label(name):
            step["label"] = label
        if node.first("description") is not None:
            step["description"] = node.first("description").raw_text  # type: ignore[union-attr]
        action = node.text_of("actionName")
        if action:
            step["action"] = action
        step["start"] = self._condition(node, "entry", name)
        record, inputs = self._inputs(node, name, kind)
        step["inputs"] = inputs
        if kind == "interactive":
            step["assignee"] = self._assignee(node, name)
            step["record"] = record
            step["complete"] = self._condition(node, "exit", name)
        else:
            self._not_for_automated(node, name)
            if node.bool_of("runAsUser"):
                step["run_as"] = "last_interactive_user"
        if kind == "background" and node.bool_of("requiresAsyncProcessing"):
            step["requires_async"] = True
        self._leftovers(node, name, kind)
        self._stage_name(node, name, stage)
        return step

    # ----------------------------------------------------------------- pieces

    def _kind(self, node: Node, name: str) -> str:
        action_type = node.text_of("actionType") or ""
        subtype = (node.text_of("stepSubtype") or "").lower()
        kind = _KIND_BY_ACTION_TYPE.get(action_type.lower())
        if action_type.lower() == "flow" and (subtype in _KIND_BY_SUBTYPE or node.first("assignees") is not None):
            # `flow` names no kind: real API 63 files use it with stepSubtype InteractiveStep and assignees
            kind = _KIND_BY_SUBTYPE.get(subtype, "interactive")
            self.r.info(f"actionType 'flow' imported as {article(kind)} {kind} step (from its "
                        f"{'stepSubtype' if subtype in _KIND_BY_SUBTYPE else 'assignees'})", node.first("actionType"),
                        name, code=LEGACY)
        elif action_type.lower() in ("createworkitem", "flow"):
            self.r.info(f"legacy actionType {action_type!r} imported as {article(kind)} {kind} step", node.first("actionType"),
                        name, code=LEGACY)
        elif action_type.lower() == "stepapproval":
            self.r.warn("approval steps (stepApproval) belong to Flow Approval Processes; imported as an "
                        "interactive step", node.first("actionType"), name)
            kind = "interactive"
        elif kind is None:
            kind = _KIND_BY_SUBTYPE.get(subtype, "background")
            self.r.warn(f"unknown actionType {action_type or '(none)'!r}; imported as {article(kind)} {kind} step",
                        node.first("actionType") or node, name)
        if subtype and _KIND_BY_SUBTYPE.get(subtype) not in (None, kind):
            self.r.warn(f"stepSubtype {node.text_of('stepSubtype')!r} does not match actionType {action_type!r}; "
                        f"the actionType wins ({kind})", node.first("stepSubtype"), name)
        elif subtype and subtype not in _KIND_BY_SUBTYPE:
            self.r.warn(f"unknown stepSubtype {node.text_of('stepSubtype')!r}; ignored", node.first("stepSubtype"), name)
        return kind

    def _condition(self, node: Node, prefix: str, name: str) -> dict:
        """entry*/exit* elements → start / complete condition as a dict."""
        what = "start condition" if prefix == "entry" else "completion condition"
        cond = self.r.condition(node, prefix, name, owner="step", what=what,
                                inputs_what=f"{what} evaluation flow input", both_note=" (as in Flow Builder)")
        if cond is None:
            return {"when": "stage_starts" if prefix == "entry" else "work_item_completed"}
        if (prefix == "entry" and cond["when"] == "requirements" and len(cond["requirements"]) == 1
                and len(node.all("entryConditions")) == 1):
            after = self._after_step(cond["requirements"][0])
            if after is not None:
                return {"when": "step_completed", "step": after}
        return cond

    def _after_step(self, req: dict) -> str | None:
        """`X.Status EqualTo Completed` on one row is "after step X" (X a step, or unknown)."""
        match = _STATUS_REF.match(req["left"])
        if match and req["operator"] == "EqualTo" and req["right"] == "Completed":
            if match.group(1) not in self.stage_names:
                return match.group(1)
        return None

    def _inputs(self, node: Node, name: str, kind: str) -> tuple[object, dict]:
        record: object = None
        inputs: dict = {}
        for param in node.all("inputParameters"):
            pname = param.text_of("name") or ""
            value_node = param.first("value")
            if pname.startswith(RESERVED_PREFIX) and (value_node is None or not value_node.children):
                self.r.info(f"legacy value-less input {pname!r} ignored", param, name, code=LEGACY)
                continue
            ok, value = self.r.value(value_node, name, f"input {pname}")
            if not ok:
                continue
            if pname == RECORD_INPUT and kind == "interactive":
                record = value
                continue
            if pname == RECORD_INPUT:
                self.r.warn(f"{RECORD_INPUT} on a {kind} step is not a context record; kept as an input", param, name)
            elif value_node is None or not value_node.children:
                self.r.warn(f"input {pname!r} has no value; kept without one", param, name)
            if pname in inputs:
                self.r.warn(f"input {pname!r} is given twice; the last value is kept", param, name)
            inputs[pname] = value
        return record, inputs

    def _assignee(self, node: Node, name: str) -> dict | None:
        rows = node.all("assignees")
        if not rows:
            return None
        for extra in rows[1:]:
            self.r.warn("a step can have one assignee in this model; extra assignees were left out", extra, name)
        row = rows[0]
        type_text = (row.text_of("assigneeType") or "").strip()
        kind = type_text.lower()
        if kind not in ("user", "group", "queue"):
            self.r.warn(f"assigneeType {type_text or '(none)'!r} is not User, Group or Queue; imported as User",
                        row.first("assigneeType") or row, name)
            kind = "user"
        ok, value = self.r.value(row.first("assignee"), name, "assignee")
        if isinstance(value, Ref):
            return Assignee(type=kind, ref=value.ref).model_dump(exclude_none=True)  # type: ignore[arg-type]
        if value is None or not ok:
            return Assignee(type=kind).model_dump(exclude_none=True)  # type: ignore[arg-type]
        if not isinstance(value, str):
            self.r.warn(f"assignee {value!r} is not text; imported as text", row, name)
        return Assignee(type=kind, value=str(value)).model_dump(exclude_none=True)  # type: ignore[arg-type]

    def _not_for_automated(self, node: Node, name: str) -> None:
        for tag in ("assignees", "exitConditions", "exitActionName"):
            found = node.first(tag)
            if found is not None:
                self.r.warn(f"{tag} only apply to interactive steps; left out", found, name)

    def _stage_name(self, node: Node, name: str, stage: str | None) -> None:
        """`stageName` (API 60+ retrieves) repeats the enclosing stage; anything else is reported."""
        written = node.text_of("stageName")
        if written is None:
            return
        if written == stage:
            self.r.info(f"stageName {written!r} repeats the enclosing stage; not kept", node.first("stageName"), name)
        else:
            self.r.warn(f"stageName {written!r} differs from the enclosing stage {stage!r}; the enclosing stage "
                        "wins", node.first("stageName"), name)

    def _leftovers(self, node: Node, name: str, kind: str) -> None:
        for flag in _BUILDER_FLAGS:
            if node.bool_of(flag):
                self.r.warn(f"{flag} = true is not represented; it is written false on export", node.first(flag), name)
        if kind == "interactive" and node.bool_of("runAsUser"):
            self.r.warn("runAsUser only applies to background and MuleSoft steps; ignored", node.first("runAsUser"), name)
        for out in node.all("outputParameters"):
            target = out.text_of("assignToReference")
            if target:  # the orchestration's variable would change: behaviour the model cannot hold
                self.r.warn(f"outputParameters {out.text_of('name')!r} → variable {target!r} is not represented "
                            f"(the variable is never set here; read {name}.Outputs.{out.text_of('name')} instead); "
                            "left out", out, name)
                continue
            self.r.info(f"outputParameters {out.text_of('name')!r} is reserved (read <Step>.Outputs.<name> "
                        "instead); not kept", out, name)
        for child in node.children:
            if child.tag not in _HANDLED:
                self.r.warn(f"step element {child.tag!r} is not represented; left out", child, name)

