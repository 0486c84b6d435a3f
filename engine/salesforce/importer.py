"""Import a Salesforce orchestration (`*.flow-meta.xml`, processType Orchestrator) as a definition."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..diagnostics import Diagnostic
from ..model import END, Orchestration, default_label
from .library import fill_library
from .reader import Reader
from .step_import import StepReader
from .values import DATA_TYPES, DEFAULT_OUTCOME_LABEL, FLOW_SUFFIX, normalise_logic
from .xmlparse import MetadataError, Node, parse_file

ORCHESTRATION_TYPES = ("Orchestrator", "ManagedContentAuthoringWorkflow")
BUILDER_METADATA = ("BuilderType", "CanvasMode", "OriginBuilderType")
TRIGGER_ON = {"create": "create", "update": "update", "createandupdate": "create_or_update"}
_TOP_HANDLED = {
    "apiVersion", "decisions", "description", "environments", "interviewLabel", "label", "orchestratedStages",
    "processMetadataValues", "processType", "runInMode", "start", "status", "variables",
}
# Top-level flags newer retrieves always write; "false" is what export's silence means.
_TOP_DEFAULT_FALSE = {"areMetricsLoggedToDataCloud", "isTemplate", "isAdditionalPermissionRequiredToRun"}
_STAGE_HANDLED = {
    "name", "label", "description", "locationX", "locationY", "connector", "faultConnector", "exitConditions",
    "exitConditionLogic", "exitActionName", "exitActionType", "exitActionInputParameters",
    "exitActionOutputParameters", "stageSteps", "runAsUser", "processMetadataValues",
}


@dataclass
class ImportResult:
    """The imported definition and what the import noticed (warnings name the XML line)."""

    definition: Orchestration
    diagnostics: list[Diagnostic] = field(default_factory=list)


def flow_name(path: str | Path) -> str:
    """The API name a `<Name>.flow-meta.xml` file defines."""
    name = Path(path).name
    return name[: -len(FLOW_SUFFIX)] if name.endswith(FLOW_SUFFIX) else Path(path).stem


def import_flow(path: str | Path, *, library: bool = True) -> ImportResult:
    """Read an orchestration's flow metadata; other `*.flow-meta.xml` beside it fill the flow library.

    Raises MetadataError when the file cannot be read safely or is not an orchestration. Everything
    else the model cannot represent becomes a diagnostic (warning or info) with the XML line.
    """
    path = Path(path)
    root = parse_file(path)
    reader = Reader(path)
    data = _OrchestrationReader(reader, flow_name(path)).read(root)
    try:
        defn = Orchestration.model_validate(data)
    except ValidationError as exc:  # a mapping bug; still no traceback for the user
        first = exc.errors()[0]
        raise MetadataError(f"could not be mapped to a definition ({'.'.join(map(str, first['loc']))}: "
                            f"{first['msg']})", path) from None
    if library:
        defn = fill_library(defn, path, reader)
    return ImportResult(defn, reader.diagnostics)


class _OrchestrationReader:
    def __init__(self, reader: Reader, name: str) -> None:
        self.r = reader
        self.name = name

    def read(self, root: Node) -> dict:
        if root.tag != "Flow":
            raise MetadataError(f"not flow metadata (the root element is <{root.tag}>, expected <Flow>)", self.r.path)
        process_type = root.text_of("processType") or "Flow"
        staged = root.first("orchestratedStages") is not None  # e.g. approval processes share the engine
        if process_type not in ORCHESTRATION_TYPES and not staged:
            raise MetadataError(f"not an orchestration: processType is {process_type!r} (expected Orchestrator)",
                                self.r.path, root.first("processType").line if root.first("processType") else None)
        if process_type != "Orchestrator":
            self.r.warn(f"processType {process_type!r} imported as an ordinary orchestration", root.first("processType"))
        data: dict = {"name": self.name}
        self._header(root, data)
        stage_nodes = root.all("orchestratedStages")
        stage_names = {n.text_of("name") or "" for n in stage_nodes}
        steps = StepReader(self.r, stage_names)
        data["variables"] = [self._variable(n) for n in root.all("variables")]
        data["stages"] = [self._stage(n, i, steps) for i, n in enumerate(stage_nodes, start=1)]
        data["decisions"] = [self._decision(n, i) for i, n in enumerate(root.all("decisions"), start=1)]
        self._start(root.first("start"), data)
        _normalise_connectors(data)
        for child in root.children:
            if child.tag in _TOP_DEFAULT_FALSE and (child.text or "").strip().lower() == "false":
                self.r.info(f"{child.tag} false is the default; not kept", child)  # API 60+ retrieves add it
            elif child.tag not in _TOP_HANDLED:
                self.r.warn(f"{child.tag} {child.text_of('name') or ''!s}".rstrip() + " is not represented in a "
                            "definition; left out", child, child.text_of("name"))
        return data

    # ----------------------------------------------------------------- header, variables, start

    def _header(self, root: Node, data: dict) -> None:
        api = root.text_of("apiVersion")
        if api:
            try:
                data["api_version"] = int(float(api))
            except (ValueError, OverflowError):
                self.r.warn(f"apiVersion {api!r} is not a number; the default is used", root.first("apiVersion"))
        label = root.text_of("label")
        if label is not None and label != default_label(self.name):
            data["label"] = label
        if root.first("description") is not None:
            data["description"] = root.first("description").raw_text  # type: ignore[union-attr]
        mode = root.text_of("runInMode")
        if mode == "DefaultMode":
            data["run_context"] = "user"
        elif mode and not mode.startswith("SystemMode"):
            self.r.warn(f"runInMode {mode!r} is not known; system context assumed", root.first("runInMode"))
        status = root.text_of("status")
        if status and status != "Draft":
            self.r.info(f"status {status!r} is not kept; export writes Draft", root.first("status"))
        interview = root.text_of("interviewLabel")
        if interview and interview != f"{label or ''} {{!$Flow.CurrentDateTime}}":
            self.r.info(f"interviewLabel {interview!r} is not kept; export writes '<label> "
                        "{!$Flow.CurrentDateTime}'", root.first("interviewLabel"))
        env = root.text_of("environments")
        if env and env != "Default":
            self.r.info(f"environments {env!r} is not kept; export writes Default", root.first("environments"))
        for meta in root.all("processMetadataValues"):
            if meta.text_of("name") not in BUILDER_METADATA:
                self.r.info(f"processMetadataValues {meta.text_of('name')!r} is not kept", meta)

    def _variable(self, node: Node) -> dict:
        name = node.text_of("name") or ""
        var: dict = {"name": name}
        data_type = node.text_of("dataType") or "String"
        if data_type in DATA_TYPES:
            var["type"] = DATA_TYPES[data_type]
        else:
            self.r.warn(f"variable type {data_type!r} is not supported; imported as Text", node.first("dataType") or node, name)
        if node.text_of("objectType"):
            var["object"] = node.text_of("objectType")
        if node.bool_of("isInput"):
            var["input"] = True
        if node.bool_of("isCollection"):
            self.r.warn("collection variables are not represented; imported as a single value",
                        node.first("isCollection"), name)
        if node.bool_of("isOutput"):
            self.r.info("'available for output' is not kept (orchestrations do not use output variables)",
                        node.first("isOutput"), name)
        if node.first("description") is not None and node.first("description").text:  # type: ignore[union-attr]
            self.r.info("variable descriptions are not kept", node.first("description"), name)
        if node.first("value") is not None:
            ok, value = self.r.value(node.first("value"), name, "default value")
            if ok and hasattr(value, "ref"):
                self.r.warn("a default value that references another resource is not supported; left out",
                            node.first("value"), name)
            elif ok:
                var["value"] = value
        for child in node.children:
            if child.tag not in {"name", "dataType", "objectType", "isInput", "isOutput", "isCollection", "value",
                                 "description", "scale", "processMetadataValues"}:
                self.r.warn(f"variable element {child.tag!r} is not represented; left out", child, name)
        return var

    def _start(self, node: Node | None, data: dict) -> None:
        if node is None:
            return
        target = _target(node.first("connector"))
        if target:
            data["start"] = target
        elif data["stages"]:
            self.r.warn("the start is not connected to any element; the first stage is taken", node)
        trigger_type = node.text_of("triggerType")
        obj = node.text_of("object")
        if trigger_type or obj:
            if trigger_type not in ("RecordAfterSave", None):
                self.r.warn(f"triggerType {trigger_type!r} is not supported; imported as a record trigger",
                            node.first("triggerType"))
            on_text = node.text_of("recordTriggerType") or "Create"
            on = TRIGGER_ON.get(on_text.lower())
            if on is None:
                self.r.warn(f"recordTriggerType {on_text!r} is not supported; imported as Create",
                            node.first("recordTriggerType"))
                on = "create"
            if not obj:
                self.r.warn("the record trigger names no object", node)
            data["type"] = "record_triggered"
            data["trigger"] = {"object": obj or "", "on": on}
        if node.all("filters") or node.text_of("filterFormula"):
            self.r.warn("start filters (entry conditions) are not represented; the imported orchestration "
                        "starts on every matching save", (node.all("filters") or [node.first("filterFormula")])[0])
        if node.bool_of("doesRequireRecordChangedToMeetCriteria"):
            self.r.warn("'only when a record is updated to meet the condition' is not represented",
                        node.first("doesRequireRecordChangedToMeetCriteria"))
        for child in node.children:
            if child.tag not in {"locationX", "locationY", "connector", "object", "recordTriggerType", "triggerType",
                                 "filters", "filterLogic", "filterFormula", "doesRequireRecordChangedToMeetCriteria"}:
                self.r.warn(f"start element {child.tag!r} is not represented; left out", child)

    # ----------------------------------------------------------------- stages, decisions

    def _head(self, node: Node, index: int, kind: str) -> dict:
        """``name`` (``{kind}_{index}``, with a warning, when missing), ``label`` unless it is the
        default one, ``description``: the start of a stage or a decision."""
        name = node.text_of("name")
        if not name:
            name = f"{kind}_{index}"
            self.r.warn(f"a {kind.lower()} has no name; it was named {name}", node)
        head: dict = {"name": name}
        label = node.text_of("label")
        if label is not None and label != default_label(name):
            head["label"] = label
        if node.first("description") is not None:
            head["description"] = node.first("description").raw_text  # type: ignore[union-attr]
        return head

    def _stage(self, node: Node, index: int, steps: StepReader) -> dict:
        stage = self._head(node, index, "Stage")
        name = stage["name"]
        stage["next"] = _target(node.first("connector")) or END
        fault = _target(node.first("faultConnector"))
        if fault:
            stage["fault"] = fault
        stage["complete"] = self._stage_complete(node, name)
        if node.bool_of("runAsUser"):
            self.r.warn("runAsUser on a stage is not represented; set run_as on its steps", node.first("runAsUser"), name)
        stage["steps"] = [steps.read(s, f"{name}_Step_{i}", name) for i, s in enumerate(node.all("stageSteps"), start=1)]
        for child in node.children:
            if child.tag not in _STAGE_HANDLED:
                self.r.warn(f"stage element {child.tag!r} is not represented; left out", child, name)
        return stage

    def _stage_complete(self, node: Node, name: str) -> dict:
        cond = self.r.condition(node, "exit", name, owner="stage", what="stage completion condition",
                                inputs_what="stage evaluation flow input")
        return cond if cond is not None else {"when": "all_steps_completed"}

    def _decision(self, node: Node, index: int) -> dict:
        decision = self._head(node, index, "Decision")
        name = decision["name"]
        outcomes = []
        for i, rule in enumerate(node.all("rules"), start=1):
            oname = rule.text_of("name") or f"{name}_Outcome_{i}"
            logic = rule.text_of("conditionLogic")
            outcome: dict = {"name": oname, "logic": normalise_logic(logic),
                             "requirements": [r.model_dump() for r in self.r.requirements(
                                 rule.all("conditions"), name, f"outcome {oname}", logic)],
                             "next": _target(rule.first("connector")) or END}
            olabel = rule.text_of("label")
            if olabel is not None and olabel != default_label(oname):
                outcome["label"] = olabel
            if rule.bool_of("doesRequireRecordChangedToMeetCriteria"):
                self.r.warn(f"outcome {oname}: 'only if the record changed to meet the conditions' is not represented",
                            rule.first("doesRequireRecordChangedToMeetCriteria"), name)
            for child in rule.children:
                if child.tag not in {"name", "label", "conditionLogic", "conditions", "connector", "description",
                                     "doesRequireRecordChangedToMeetCriteria"}:
                    self.r.warn(f"outcome element {child.tag!r} is not represented; left out", child, name)
            outcomes.append(outcome)
        decision["outcomes"] = outcomes
        decision["default"] = _target(node.first("defaultConnector")) or END
        dlabel = node.text_of("defaultConnectorLabel")
        if dlabel is not None and dlabel != DEFAULT_OUTCOME_LABEL:
            decision["default_label"] = dlabel
        for child in node.children:
            if child.tag not in {"name", "label", "description", "locationX", "locationY", "rules", "defaultConnector",
                                 "defaultConnectorLabel", "processMetadataValues"}:
                self.r.warn(f"decision element {child.tag!r} is not represented; left out", child, name)
        return decision


def _target(connector: Node | None) -> str | None:
    if connector is None:
        return None
    return connector.text_of("targetReference") or None


def _normalise_connectors(data: dict) -> None:
    """Drop what the model implies: `next` to the following stage, `start` at the first stage."""
    stages = data["stages"]
    for i, stage in enumerate(stages):
        following = stages[i + 1]["name"] if i + 1 < len(stages) else END
        if stage["next"] == following:
            del stage["next"]
    if stages and data.get("start") == stages[0]["name"]:
        del data["start"]


__all__ = ["ImportResult", "import_flow", "flow_name", "MetadataError"]
