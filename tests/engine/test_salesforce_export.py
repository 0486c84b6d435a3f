"""Exporting an SFDX project: element order, stable bytes, generated evaluation flows, refusal."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import engine
from engine.salesforce import ExportRefused, export_files, export_project, import_flow
from tests.conftest import EXAMPLES, SALESFORCE_EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "salesforce"
NS = "{http://soap.sforce.com/2006/04/metadata}"
FLOWS = "force-app/main/default/flows"

# Element order of the notes §6: top level alphabetical; complex types base fields first
# (description, name, label, locationX, locationY), then their own fields alphabetically.
ORDER = {
    "Flow": ["actionCalls", "apiVersion", "assignments", "constants", "decisions", "description", "environments",
             "formulas", "interviewLabel", "isTemplate", "label", "orchestratedStages", "processMetadataValues",
             "processType", "runInMode", "start", "status", "textTemplates", "variables"],
    "orchestratedStages": ["description", "name", "label", "locationX", "locationY", "connector",
                           "exitActionInputParameters", "exitActionName", "exitActionOutputParameters",
                           "exitActionType", "exitConditionLogic", "exitConditions", "faultConnector", "stageSteps"],
    "stageSteps": ["description", "name", "actionName", "actionType", "assignees", "canAssigneeEdit",
                   "entryActionInputParameters", "entryActionName", "entryActionOutputParameters", "entryActionType",
                   "entryConditionLogic", "entryConditions", "exitActionInputParameters", "exitActionName",
                   "exitActionOutputParameters", "exitActionType", "exitConditionLogic", "exitConditions",
                   "inputParameters", "label", "outputParameters", "requiresAsyncProcessing", "runAsUser",
                   "stepSubtype"],
    "decisions": ["description", "name", "label", "locationX", "locationY", "defaultConnector",
                  "defaultConnectorLabel", "rules"],
    "rules": ["description", "name", "conditionLogic", "conditions", "connector", "label"],
    "start": ["locationX", "locationY", "connector", "doesRequireRecordChangedToMeetCriteria", "filterLogic",
              "filters", "object", "recordTriggerType", "triggerType"],
    "variables": ["description", "name", "dataType", "isCollection", "isInput", "isOutput", "objectType", "scale",
                  "value"],
    "assignments": ["description", "name", "label", "locationX", "locationY", "assignmentItems", "connector"],
    "entryConditions": ["leftValueReference", "operator", "rightValue"],
    "exitConditions": ["leftValueReference", "operator", "rightValue"],
    "conditions": ["leftValueReference", "operator", "rightValue"],
    "assignees": ["assignee", "assigneeType"],
}


def order_problems(element: ET.Element) -> list[str]:
    """Children out of the documented order (or unknown), for every element with an order."""
    problems = []
    tag = element.tag.removeprefix(NS)
    order = ORDER.get(tag)
    if order is not None:
        tags = [c.tag.removeprefix(NS) for c in element]
        unknown = [t for t in tags if t not in order]
        positions = [order.index(t) for t in tags if t in order]
        if unknown or positions != sorted(positions):
            problems.append(f"{tag}: {tags}")
    for child in element:
        problems += order_problems(child)
    return problems


def flow_files(files: dict[str, str]) -> dict[str, ET.Element]:
    return {p: ET.fromstring(t) for p, t in files.items() if p.endswith(".flow-meta.xml")}


def example_definitions() -> list[Path]:
    return sorted(EXAMPLES.glob("*.orchestration.yaml"))


def test_the_order_checker_agrees_with_real_salesforce_files() -> None:
    files = sorted(SALESFORCE_EXAMPLES.glob("*.flow-meta.xml"))
    if not files:
        pytest.skip(f"real Salesforce examples not available ({SALESFORCE_EXAMPLES} is absent)")
    for path in files:
        assert order_problems(ET.parse(path).getroot()) == [], path.name


@pytest.mark.parametrize("path", example_definitions(), ids=lambda p: p.name)
def test_exported_xml_is_well_formed_ordered_and_stable(path: Path) -> None:
    defn = engine.load(path)
    files = export_files(defn)
    assert export_files(engine.load(path)) == files  # same bytes every time
    for name, root in flow_files(files).items():
        assert order_problems(root) == [], name
        assert files[name].startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Flow xmlns=')
        assert "\n    <apiVersion>" in files[name]  # 4-space indent like Salesforce
    main = ET.fromstring(files[f"{FLOWS}/{defn.name}.flow-meta.xml"])
    assert main.findtext(f"{NS}processType") == "Orchestrator"
    builder = {m.findtext(f"{NS}name"): m.findtext(f"{NS}value/{NS}stringValue")
               for m in main.findall(f"{NS}processMetadataValues")}
    assert builder == {"BuilderType": "LightningFlowBuilder", "CanvasMode": "AUTO_LAYOUT_CANVAS",
                       "OriginBuilderType": "LightningFlowBuilder"}
    steps = main.findall(f"{NS}orchestratedStages/{NS}stageSteps")
    assert len(steps) == sum(len(s.steps) for s in defn.stages)
    assert all(s.findtext(f"{NS}stepSubtype") in ("InteractiveStep", "BackgroundStep", "MuleSoftStep") for s in steps)
    assert all(s.findtext(f"{NS}entryConditionLogic") for s in steps)
    for stage in main.findall(f"{NS}orchestratedStages"):
        assert stage.findtext(f"{NS}locationX") is not None and stage.findtext(f"{NS}exitConditionLogic")


def test_project_layout_on_disk(tmp_path: Path) -> None:
    defn = engine.load(FIXTURES / "eval_condition.orchestration.yaml")
    result = export_project(defn, tmp_path)
    assert (tmp_path / "sfdx-project.json").is_file()
    project = json.loads((tmp_path / "sfdx-project.json").read_text())
    assert project["packageDirectories"] == [{"path": "force-app", "default": True}]
    assert project["sourceApiVersion"] == f"{defn.api_version}.0"
    assert (tmp_path / FLOWS / f"{defn.name}.flow-meta.xml") in result.files
    first = {p: p.read_bytes() for p in result.files}
    export_project(defn, tmp_path)
    assert {p: p.read_bytes() for p in result.files} == first


def test_modern_elements_are_written() -> None:  # fixture unverified against an org
    defn = import_flow(FIXTURES / "modern" / "Modern_Features.flow-meta.xml").definition
    text = export_files(defn)[f"{FLOWS}/Modern_Features.flow-meta.xml"]
    root = ET.fromstring(text)
    assert order_problems(root) == []
    intake = root.find(f"{NS}orchestratedStages")
    assert intake.findtext(f"{NS}faultConnector/{NS}targetReference") == "Handle_Failure"
    assert intake.findtext(f"{NS}exitConditionLogic") == "1 AND (2 OR 3)"
    assert len(intake.findall(f"{NS}exitConditions")) == 3
    steps = {s.findtext(f"{NS}name"): s for s in root.iter(f"{NS}stageSteps")}
    assert steps["Sync_HR"].findtext(f"{NS}actionType") == "stepMuleSoft"
    assert steps["Sync_HR"].findtext(f"{NS}runAsUser") == "true"
    assert steps["Review"].findtext(f"{NS}assignees/{NS}assigneeType") == "Group"
    assert steps["Review"].findtext(f"{NS}canAssigneeEdit") == "false"
    assert steps["Queue_Task"].findtext(f"{NS}assignees/{NS}assignee/{NS}elementReference") == "approverQueue"
    assert steps["Queue_Task"].findtext(f"{NS}exitActionType") == "evaluationFlow"
    assert steps["Provision_Accounts"].findtext(f"{NS}entryActionType") == "evaluationFlow"
    assert steps["Log_Failure"].findtext(f"{NS}requiresAsyncProcessing") == "true"  # its flow has a Wait
    assert steps["Provision_Accounts"].findtext(f"{NS}inputParameters/{NS}value/{NS}numberValue") == "3.0"


def test_generated_evaluation_flow() -> None:
    defn = engine.load(FIXTURES / "eval_condition.orchestration.yaml")
    files = export_files(defn)
    assert f"{FLOWS}/Always_True.flow-meta.xml" not in files  # a literal result: nothing to generate
    root = ET.fromstring(files[f"{FLOWS}/Ready_To_Assess.flow-meta.xml"])
    assert order_problems(root) == []
    assert root.findtext(f"{NS}processType") == "EvaluationFlow"
    assert root.findtext(f"{NS}label") == "Ready to assess?"
    variables = {v.findtext(f"{NS}name"): v for v in root.findall(f"{NS}variables")}
    met = variables["isOrchestrationConditionMet"]
    assert (met.findtext(f"{NS}isOutput"), met.findtext(f"{NS}isInput")) == ("true", "false")
    assert met.findtext(f"{NS}value/{NS}booleanValue") == "false"
    assert variables["theCase"].findtext(f"{NS}dataType") == "SObject"
    assert variables["theCase"].findtext(f"{NS}objectType") == "Case"
    assert variables["score"].findtext(f"{NS}dataType") == "Number"
    rule = root.find(f"{NS}decisions/{NS}rules")
    assert rule.findtext(f"{NS}conditionLogic") == "1 OR (2 AND 3)"
    conditions = [(c.findtext(f"{NS}leftValueReference"), c.findtext(f"{NS}operator")) for c in rule.findall(f"{NS}conditions")]
    assert conditions == [("priority", "EqualTo"), ("score", "GreaterThan"), ("theCase", "IsNull")]
    target = rule.findtext(f"{NS}connector/{NS}targetReference")
    assignment = root.find(f"{NS}assignments")
    assert assignment.findtext(f"{NS}name") == target
    assert assignment.findtext(f"{NS}assignmentItems/{NS}assignToReference") == "isOrchestrationConditionMet"
    assert assignment.findtext(f"{NS}assignmentItems/{NS}value/{NS}booleanValue") == "true"
    assert root.findtext(f"{NS}start/{NS}connector/{NS}targetReference") == root.findtext(f"{NS}decisions/{NS}name")


def test_export_refuses_a_definition_with_errors_unless_forced(tmp_path: Path) -> None:
    path = SALESFORCE_EXAMPLES / "Handle_User_Deactivation_auto.flow-meta.xml"
    if not path.is_file():
        pytest.skip(f"real Salesforce examples not available ({SALESFORCE_EXAMPLES} is absent)")
    defn = import_flow(path).definition
    with pytest.raises(ExportRefused) as info:
        export_project(defn, tmp_path / "refused")
    assert any("43b39932" in d.message for d in info.value.errors)
    assert not (tmp_path / "refused").exists()
    result = export_project(defn, tmp_path / "forced", force=True)
    assert any(p.name == "Handle_User_Deactivation_auto.flow-meta.xml" for p in result.files)
