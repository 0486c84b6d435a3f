"""Requirement operators, custom logic, evaluation-flow results and guarded transitions."""

from __future__ import annotations

import pytest

from engine.model import Orchestration, Ref, Requirement
from engine.runtime import IllegalTransition, simulate
from engine.runtime.conditions import compare, requirements_hold
from engine.runtime.state import check_transition
from engine.scenario_model import Scenario


@pytest.mark.parametrize(("operator", "left", "right", "expected"), [
    ("EqualTo", "Completed", "Completed", True),
    ("EqualTo", "Completed", "completed", False),
    ("EqualTo", True, True, True),
    ("EqualTo", True, "true", True),
    ("EqualTo", 5, 5.0, True),
    ("EqualTo", "5", 5, True),
    ("EqualTo", None, None, True),
    ("EqualTo", None, "x", False),
    ("NotEqualTo", "In Progress", "Completed", True),
    ("NotEqualTo", None, "x", True),
    ("GreaterThan", 25, 20, True),
    ("GreaterThan", 20, 20, False),
    ("GreaterThanOrEqualTo", 20, 20, True),
    ("LessThan", "2024-01-01", "2024-02-01", True),
    ("LessThanOrEqualTo", 21, 20, False),
    ("GreaterThan", None, 1, False),
    ("Contains", "Banking and Finance", "Finance", True),
    ("Contains", None, "x", False),
    ("StartsWith", "Acme Corp", "Acme", True),
    ("EndsWith", "Acme Corp", "Acme", False),
    ("IsNull", None, True, True),
    ("IsNull", "x", True, False),
    ("IsNull", "x", False, True),
    ("IsBlank", "", True, True),
    ("IsBlank", "  ", True, True),
    ("IsBlank", None, True, True),
    ("IsBlank", "x", False, True),
    ("IsBlank", "", False, False),
])
def test_operators(operator, left, right, expected):
    assert compare(operator, left, right) is expected


def reqs(*values: bool) -> list[Requirement]:
    return [Requirement(left=f"v{i}", operator="EqualTo", right=True) for i, _ in enumerate(values)]


@pytest.mark.parametrize(("logic", "values", "expected"), [
    ("and", (True, True, False), False),
    ("or", (False, False, True), True),
    ("1 AND (2 OR 3)", (True, False, True), True),
    ("1 AND NOT (2 OR 3)", (True, False, True), False),
    ("1 and not 2 or 3", (False, True, True), True),
    ("1 AND 2", (True, True, True), False),   # unusable (3 missing): never holds
])
def test_custom_logic(logic, values, expected):
    data = {f"v{i}": v for i, v in enumerate(values)}
    assert requirements_hold(logic, reqs(*values), lambda t: (data.get(t), True)) is expected


def test_right_side_reference_is_read():
    data = {"a": 3, "b": 3}
    req = Requirement(left="a", operator="EqualTo", right=Ref(ref="b"))
    assert requirements_hold("and", [req], lambda t: (data[t], True))


def evaluation_orchestration(result) -> Orchestration:
    return Orchestration.model_validate({
        "name": "Eval", "variables": [{"name": "score", "type": "Number", "value": 7}],
        "stages": [{"name": "S", "complete": {"when": "evaluation_flow", "flow": "Check",
                                               "inputs": {"points": {"ref": "score"}}},
                    "steps": [{"name": "T", "type": "background", "action": "Quick"}]}],
        "flows": [{"name": "Quick", "type": "autolaunched"},
                  {"name": "Check", "type": "evaluation", "inputs": [{"name": "points", "type": "Number"}],
                   "simulate": {"result": result}}],
    })


def test_evaluation_flow_condition_over_its_inputs():
    passing = {"logic": "and", "requirements": [{"left": "points", "operator": "GreaterThan", "right": 5}]}
    failing = {"logic": "and", "requirements": [{"left": "points", "operator": "GreaterThan", "right": 50}]}
    assert simulate(evaluation_orchestration(passing)).run == "Completed"
    stuck = simulate(evaluation_orchestration(failing))
    assert stuck.run == "In Progress" and "evaluation flow Check" in stuck.stuck


def test_scenario_evaluations_override_and_the_last_value_repeats():
    result = simulate(evaluation_orchestration(False), Scenario(evaluations={"Check": [False, True]}))
    assert result.run == "Completed"
    assert result.evaluation_runs == {"Check": 2}   # stage entry pass + the pass after T completed


@pytest.mark.parametrize(("kind", "old", "new"), [
    ("step", "Completed", "In Progress"),
    ("step", "Not Started", "Completed"),
    ("run", "Completed", "In Progress"),
    ("work_item", "Completed", "Assigned"),
    ("stage", "Canceled", "In Progress"),
])
def test_illegal_transitions_raise(kind, old, new):
    with pytest.raises(IllegalTransition):
        check_transition(kind, "X", old, new)


def test_simulation_is_deterministic():
    defn = evaluation_orchestration(True)
    assert simulate(defn).to_json() == simulate(defn).to_json()
