"""Property test: validation never raises, whatever half-sensible definition it gets."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.diagnostics import SEVERITY
from engine.io import loads
from engine.validate import validate

NAMES = st.sampled_from(["A", "B", "S1", "S2", "end", "X.Status", "A.Outputs.o", "$Record.Id", "$User.Username",
                         "v", "v.Name", "F", "E", "2bad", "A__b"])
REF = st.fixed_dictionaries({"ref": NAMES})
VALUE = st.one_of(NAMES, REF, st.booleans(), st.integers(-3, 30))
REQUIREMENT = st.fixed_dictionaries({
    "left": NAMES, "operator": st.sampled_from(["EqualTo", "Contains", "IsNull", "GreaterThan"]), "right": VALUE})
REQUIREMENTS = st.fixed_dictionaries({
    "when": st.just("requirements"), "logic": st.sampled_from(["and", "or", "1 AND 2", "NOT 1", "1 OR"]),
    "requirements": st.lists(REQUIREMENT, max_size=12)})
EVALUATION = st.fixed_dictionaries({"when": st.just("evaluation_flow"), "flow": NAMES,
                                    "inputs": st.dictionaries(NAMES, VALUE, max_size=2)})
START = st.one_of(st.just("stage_starts"), REQUIREMENTS, EVALUATION,
                  st.fixed_dictionaries({"when": st.just("step_completed"), "step": NAMES}))
STEP = st.fixed_dictionaries(
    {"name": NAMES, "type": st.sampled_from(["interactive", "background", "mulesoft"])},
    optional={"action": NAMES, "inputs": st.dictionaries(NAMES, VALUE, max_size=3), "start": START,
              "assignee": st.fixed_dictionaries({"type": st.sampled_from(["user", "group", "queue"])},
                                                optional={"value": NAMES}),
              "record": VALUE, "run_as": st.sampled_from(["automated_process_user", "last_interactive_user"])})
STAGE = st.fixed_dictionaries(
    {"name": NAMES},
    optional={"steps": st.lists(STEP, max_size=4), "next": NAMES, "fault": NAMES,
              "complete": st.one_of(st.just("all_steps_completed"), REQUIREMENTS, EVALUATION)})
OUTCOME = st.fixed_dictionaries({"name": NAMES, "next": NAMES, "requirements": st.lists(REQUIREMENT, max_size=2)})
FLOW = st.fixed_dictionaries(
    {"name": NAMES, "type": st.sampled_from(["screen", "autolaunched", "evaluation", "mulesoft"])},
    optional={"inputs": st.lists(st.fixed_dictionaries({"name": NAMES}), max_size=2),
              "outputs": st.lists(st.fixed_dictionaries({"name": NAMES, "type": st.sampled_from(["Boolean", "Text"])}),
                                  max_size=2),
              "simulate": st.fixed_dictionaries({}, optional={"result": st.one_of(
                  st.booleans(), st.fixed_dictionaries({"requirements": st.lists(REQUIREMENT, max_size=2)}))})})
DEFINITION = st.fixed_dictionaries(
    {"name": NAMES},
    optional={"api_version": st.integers(55, 66), "type": st.sampled_from(["autolaunched", "record_triggered"]),
              "run_context": st.sampled_from(["system", "user"]), "start": NAMES,
              "variables": st.lists(st.fixed_dictionaries(
                  {"name": NAMES}, optional={"type": st.sampled_from(["Text", "Boolean", "Record", "Number"])}),
                  max_size=3),
              "stages": st.lists(STAGE, max_size=4),
              "decisions": st.lists(st.fixed_dictionaries(
                  {"name": NAMES, "default": NAMES, "outcomes": st.lists(OUTCOME, max_size=2)}), max_size=2),
              "flows": st.lists(FLOW, max_size=4)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DEFINITION)
def test_validate_never_raises_and_reports_known_codes(data):
    result = loads(yaml.safe_dump(data))
    assert result.definition is not None
    found = validate(result.definition)
    assert all(d.code in SEVERITY and d.message for d in found)
    assert found == validate(result.definition)  # deterministic
