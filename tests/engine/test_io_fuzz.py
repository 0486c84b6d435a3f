"""Property tests: whatever text or mapping comes in, ``loads`` answers with diagnostics."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.io import LoadResult, dumps, loads, loads_scenario

KEYS = st.sampled_from([
    "name", "stages", "steps", "type", "when", "start", "complete", "requirements", "left", "right",
    "operator", "ref", "flows", "inputs", "outputs", "variables", "decisions", "outcomes", "next",
    "assignee", "record", "on", "no", "yes", "schema_version", "simulate", "duration", "logic", "x",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["interactive", "background", "stage_starts", "requirements", "1h", "end"]),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=25,
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    assert result.definition is not None or result.diagnostics
    for d in result.diagnostics:
        assert d.code in ("PARSE_ERROR", "SCHEMA_ERROR") and d.message
        assert d.line is None or d.line >= 1


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    _check(loads(text))
    loads_scenario(text)


@FAST
@given(st.dictionaries(KEYS, TREES, max_size=6))
def test_arbitrary_mappings_never_raise(data):
    text = yaml.safe_dump(data, sort_keys=False)
    result = loads(text)
    _check(result)
    loads_scenario(text)
    if result.definition is not None:
        # whatever could be read can be written and read back unchanged
        assert loads(dumps(result.definition)).definition == result.definition


@FAST
@given(st.lists(st.sampled_from(["a:", " b", "- ", "[", "]", "{", "}", "&x", "*x", ": ", "\n", "  ", "'", '"', "#", "!!"]),
                max_size=40))
def test_yaml_punctuation_soup_never_raises(pieces):
    _check(loads("".join(pieces)))


BASE = loads("name: Text_Values\nstages:\n  - name: Work\n    steps:\n      - name: Do_It\n        type: background\n").definition
VALUES = st.one_of(st.text(max_size=40), st.booleans(), st.integers(), st.none(),
                   st.floats(allow_nan=False, allow_infinity=False))


@FAST
@given(st.text(max_size=80), st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=4))
def test_any_text_and_values_survive_save_and_load(description, inputs):
    defn = BASE.model_copy(deep=True)
    defn.description = description
    defn.stages[0].steps[0].inputs = inputs
    text = dumps(defn)
    again = loads(text)
    assert again.diagnostics == []
    assert again.definition == defn
    assert dumps(again.definition) == text
