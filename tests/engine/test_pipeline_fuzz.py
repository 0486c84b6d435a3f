"""Property test over the whole engine pipeline: a mutated bundled example (still a readable
definition, often an invalid one) goes through validate, simulate, Salesforce export and
import, and the availability analysis of every reference point — and nothing raises except
the documented errors (SimulationError for a scenario script that does not fit the run,
ValueError from the analysis for a point that does not fit an element)."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.analysis import analyze
from engine.analysis.core import STEP_POINTS
from engine.diagnostics import SEVERITY
from engine.io import loads, loads_scenario
from engine.model import InteractiveStep
from engine.runtime import SimulationError, simulate
from engine.salesforce import export_files, import_flow
from engine.validate import validate

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
SOURCES = sorted(EXAMPLES.glob("*.orchestration.yaml"))
BASES = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in SOURCES}
SCENARIOS = {p.name: loads_scenario(p.with_name(p.name.replace(".orchestration.", ".scenario.")).read_bytes()).scenario
             for p in SOURCES}
MAX_EVENTS = 2_000


def _names(data: dict) -> dict[str, list[str]]:
    stages = data.get("stages") or []
    return {
        "stages": [s["name"] for s in stages],
        "steps": [st["name"] for s in stages for st in s.get("steps") or []],
        "decisions": [d["name"] for d in data.get("decisions") or []],
        "flows": [f["name"] for f in data.get("flows") or []],
    }


def _refs(names: dict[str, list[str]]) -> list[str]:
    return ([f"{s}.Status" for s in names["stages"] + names["steps"]]
            + [f"{s}.Outputs.{o}" for s in names["steps"] for o in ("approved", "summary", "x")]
            + ["$Record.Id", "$User.Username", "Nope.Status", "incidentId"])


@st.composite
def mutated(draw) -> tuple[str, dict]:
    source = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(BASES[source])
    stages = data.setdefault("stages", [])
    for _ in range(draw(st.integers(1, 4))):
        names = _names(data)
        pool = names["stages"] + names["decisions"] + names["steps"] + ["end", "Nope"]
        op = draw(st.integers(0, 15))
        all_steps = [(s, step) for s in stages for step in s.get("steps") or []]
        if op == 0 and stages:
            stages.pop(draw(st.integers(0, len(stages) - 1)))
        elif op == 1 and all_steps:
            stage, step = draw(st.sampled_from(all_steps))
            stage["steps"].remove(step)
        elif op == 2 and all_steps and stages:
            stage, step = draw(st.sampled_from(all_steps))
            stage["steps"].remove(step)
            draw(st.sampled_from(stages)).setdefault("steps", []).append(step)
        elif op == 3 and all_steps:
            _, step = draw(st.sampled_from(all_steps))
            step["name"] = draw(st.sampled_from(names["steps"] + ["Renamed"]))
        elif op == 4 and stages:
            draw(st.sampled_from(stages))["next"] = draw(st.sampled_from(pool))
        elif op == 5 and all_steps:
            _, step = draw(st.sampled_from(all_steps))
            step["start"] = {"when": "step_completed", "step": draw(st.sampled_from(names["steps"] + ["Nope"]))}
        elif op == 6 and all_steps:
            _, step = draw(st.sampled_from(all_steps))
            step["type"] = draw(st.sampled_from(["interactive", "background", "mulesoft"]))
            if step["type"] != "interactive":
                step.pop("assignee", None)
                step.pop("record", None)
                step.pop("complete", None)
        elif op == 7 and data.get("flows"):
            data["flows"].pop(draw(st.integers(0, len(data["flows"]) - 1)))
        elif op == 8 and data.get("flows"):
            flow = draw(st.sampled_from(data["flows"]))
            flow["simulate"] = draw(st.sampled_from([{"error": "boom"}, {"duration": "3d"}, {"duration": "0s"},
                                                     {"result": True}, {"result": False}]))
            if "result" in flow["simulate"] and flow.get("type") != "evaluation":
                flow["simulate"] = {}
        elif op == 9:
            data["api_version"] = draw(st.integers(55, 66))
            data["run_context"] = draw(st.sampled_from(["system", "user"]))
        elif op == 10 and stages:
            draw(st.sampled_from(stages))["complete"] = {"when": "requirements", "requirements": [
                {"left": draw(st.sampled_from(_refs(names))), "operator": "EqualTo", "right": "Completed"}]}
        elif op == 11 and data.get("decisions"):
            decision = draw(st.sampled_from(data["decisions"]))
            if decision.get("outcomes") and draw(st.booleans()):
                decision["outcomes"].pop()
            else:
                decision["default"] = draw(st.sampled_from(pool))
        elif op == 12 and all_steps:
            _, step = draw(st.sampled_from(all_steps))
            inputs = step.setdefault("inputs", {})
            inputs[draw(st.sampled_from(list(inputs) or ["x"]))] = {"ref": draw(st.sampled_from(_refs(names)))}
        elif op == 13:
            data["start"] = draw(st.sampled_from(pool))
        elif op == 14 and all_steps:
            _, step = draw(st.sampled_from(all_steps))
            step["start"] = {"when": "evaluation_flow", "flow": draw(st.sampled_from(names["flows"] + ["Nope"])),
                             "inputs": {"x": {"ref": draw(st.sampled_from(_refs(names)))}}}
        elif op == 15 and stages:
            draw(st.sampled_from(stages))["fault"] = draw(st.sampled_from(pool))
    return source, data


def _check_analysis(defn, duplicates: bool) -> None:
    try:
        _availability_everywhere(defn)
    except ValueError:  # documented: a point that does not fit the element its name finds
        assert duplicates


def _availability_everywhere(defn) -> None:
    an = analyze(defn, fresh=True)
    for stage in defn.stages:
        an.availability(stage.name, "stage_complete")
        for step in stage.steps:
            for point in sorted(STEP_POINTS):
                if point == "complete" and not isinstance(step, InteractiveStep):
                    continue
                for candidate in an.availability(step.name, point):
                    assert candidate.status in ("guaranteed", "maybe", "never")
            an.explain(f"{step.name}.Status", step.name)
    for decision in defn.decisions:
        an.availability(decision.name, "decision")
        for number in range(len(decision.outcomes)):
            an.availability(decision.name, "decision", number)


def _roundtrip_salesforce(defn, has_errors: bool) -> None:
    files = export_files(defn)
    with tempfile.TemporaryDirectory() as folder:
        for relative, text in files.items():
            target = Path(folder) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        main = Path(folder) / "force-app" / "main" / "default" / "flows" / f"{defn.name}.flow-meta.xml"
        result = import_flow(main)
    assert result.definition.name == defn.name
    if not has_errors:
        assert [s.name for s in result.definition.stages] == [s.name for s in defn.stages]


@st.composite
def scenarios(draw, source: str, defn):
    """The example's own scenario, none, or one that fails / scripts a random step."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return None
    base = SCENARIOS[source]
    steps = [st_.name for s in defn.stages for st_ in s.steps]
    if kind == 1 or not steps:
        return base
    name = draw(st.sampled_from(steps))
    override = draw(st.sampled_from([{"error": "boom"}, {"duration": "5d"}, {"outputs": {"approved": False}}]))
    data = base.model_dump(mode="json", exclude_none=True)
    data["steps"] = {**data.get("steps", {}), name: override}
    data["events"] = [{"at": "1h", "publish": True}]
    return type(base).model_validate(data)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(mutated(), st.data())
def test_mutated_examples_go_through_the_pipeline(case, draws):
    source, data = case
    result = loads(yaml.safe_dump(data, sort_keys=False))
    assume(result.ok)
    defn = result.definition
    found = validate(defn)
    assert all(d.code in SEVERITY and d.message for d in found)
    has_errors = any(d.severity == "error" for d in found)
    duplicates = any(d.code == "DUPLICATE_NAME" for d in found)

    scenario = draws.draw(scenarios(source, defn))
    try:
        run = simulate(defn, scenario, max_events=MAX_EVENTS)
    except SimulationError as exc:  # documented: a script that does not fit, or duplicate names
        assert duplicates or (scenario is not None and scenario.script), exc
    else:
        assert run.run and set(run.steps) <= {st.name for s in defn.stages for st in s.steps}

    _roundtrip_salesforce(defn, has_errors)
    _check_analysis(defn, duplicates)


@pytest.mark.parametrize("source", sorted(BASES))
def test_unmutated_examples_go_through_the_pipeline(source):
    """The baseline the fuzz mutates from: every example passes every stage cleanly."""
    defn = loads(yaml.safe_dump(BASES[source], sort_keys=False)).definition
    assert not [d for d in validate(defn) if d.severity == "error"]
    assert simulate(defn, SCENARIOS[source], max_events=MAX_EVENTS).run == "Completed"
    _roundtrip_salesforce(defn, False)
    _check_analysis(defn, False)
