"""SPEC §5 audit: each diagnostic code on the minimal file a spec-reader would write.

Every fixture in ``fixtures/spec_audit/`` ends with its expectations, one comment per
diagnostic (at the end, so they do not shift the lines of the YAML above):

    # expect: CODE severity element field line N
    # expect: nothing

The test asserts the *exact* set of (code, severity, element, field, line) that loading plus
``engine.validate`` returns: the right code on the right element, and nothing spurious. The
line is also checked independently against the YAML node marks of the field path.

Judgment calls the expectations encode (see docs/analysis.md):
* a step that never starts gets STEP_NEVER_STARTS even when the cause is reported too
  (DEPENDENCY_CYCLE, or OUTPUT_NEVER_AVAILABLE in its own start condition), and a default stage
  holding it gets STAGE_NEVER_COMPLETES (SPEC issue 4's own example);
* structural errors are not cascaded: an UNKNOWN_STEP / STEP_IN_OTHER_STAGE start condition gives
  no STEP_NEVER_STARTS, an invalid `start` / `next` target no UNREACHABLE;
* OUTPUT_MAYBE_UNAVAILABLE is a warning at every point (SPEC §5's code list), including the
  re-evaluated ones (stage and interactive completion conditions).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import engine
from engine.io import loads
from tests.conftest import EXAMPLES, SALESFORCE_EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "spec_audit"
CASES = sorted(p.name.split(".")[0] for p in FIXTURES.glob("*.orchestration.yaml"))
EXPECT = re.compile(r"^# expect: (\S+) (error|warning|info) (.+) (\S+) line (\d+|None)$")


def _expected(text: str) -> set[tuple]:
    found = set()
    for line in text.splitlines():
        if not line.startswith("# expect:") or line == "# expect: nothing":
            continue
        m = EXPECT.match(line)
        assert m, f"malformed expectation: {line}"
        code, severity, element, field, number = m.groups()
        found.add((code, severity, element, field, None if number == "None" else int(number)))
    return found


def _diagnostics(text: str) -> list:
    result = loads(text)
    assert result.definition is not None
    return list(result.diagnostics) + engine.validate(result.definition)


def _found(diagnostics: list) -> set[tuple]:
    return {(d.code, d.severity, d.element, d.field, d.line) for d in diagnostics}


def yaml_line(text: str, field: str) -> int:
    """The 1-based line of the deepest node of ``field`` present in the YAML (independent of engine)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    line = 1
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", field):
        if part.startswith("["):
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            index = int(part[1:-1])
            if index >= len(items):
                break
            node = items[index]
            line = node.start_mark.line + 1
            continue
        if not isinstance(node, yaml.MappingNode):
            break
        match = next(((k, v) for k, v in node.value if k.value == part), None)
        if match is None:
            break
        line = match[0].start_mark.line + 1
        node = match[1]
    return line


@pytest.mark.parametrize("case", CASES)
def test_exactly_the_spec_diagnostics(case):
    text = (FIXTURES / f"{case}.orchestration.yaml").read_text()
    assert _found(_diagnostics(text)) == _expected(text)


@pytest.mark.parametrize("case", CASES)
def test_every_diagnostic_points_at_its_yaml_line(case):
    text = (FIXTURES / f"{case}.orchestration.yaml").read_text()
    for d in _diagnostics(text):
        assert d.field and d.element and d.message
        assert d.line == yaml_line(text, d.field), (d.code, d.field)


def test_every_spec_code_is_exercised():
    """All §5 codes except the loader's PARSE_ERROR (covered in test_io) fire in some fixture."""
    spec = {"SCHEMA_ERROR", "INVALID_NAME", "DUPLICATE_NAME", "NO_STAGES", "EMPTY_STAGE", "UNKNOWN_REFERENCE",
            "UNKNOWN_STEP", "STEP_IN_OTHER_STAGE", "OUTPUT_NEVER_AVAILABLE", "OUTPUT_MAYBE_UNAVAILABLE",
            "DEPENDENCY_CYCLE", "STEP_NEVER_STARTS", "STAGE_NEVER_COMPLETES", "UNREACHABLE",
            "TOO_MANY_REQUIREMENTS", "INVALID_LOGIC", "UNKNOWN_FLOW", "WRONG_FLOW_TYPE", "UNKNOWN_FLOW_INPUT",
            "UNKNOWN_FLOW_OUTPUT", "MISSING_ASSIGNEE", "MISSING_RECORD", "ASSIGNEE_IS_ID",
            "ASSIGNEE_CURRENT_USER", "RECORD_NOT_AVAILABLE", "INVALID_TARGET", "RUN_AS_NOT_APPLICABLE",
            "EVALUATION_OUTPUT_DISCARDED", "TYPE_MISMATCH"}  # INPUT_TOO_LONG: below
    seen = set()
    for case in CASES:
        seen |= {e[0] for e in _expected((FIXTURES / f"{case}.orchestration.yaml").read_text())}
    assert spec <= seen


def test_severities_of_the_spec():
    severities = {}
    for case in CASES:
        for code, severity, *_ in _expected((FIXTURES / f"{case}.orchestration.yaml").read_text()):
            severities.setdefault(code, set()).add(severity)
    warnings = {"OUTPUT_MAYBE_UNAVAILABLE", "UNKNOWN_FLOW", "ASSIGNEE_CURRENT_USER", "RUN_AS_NOT_APPLICABLE",
                "EVALUATION_OUTPUT_DISCARDED", "TYPE_MISMATCH"}
    for code, seen in severities.items():
        assert seen == ({"warning"} if code in warnings else {"error"}), code


def test_maybe_at_re_evaluated_points_is_a_warning():
    for case in ("an_maybe_stage_complete_warning", "an_maybe_interactive_complete_warning",
                 "an_eval_stage_complete_maybe"):
        found = _diagnostics((FIXTURES / f"{case}.orchestration.yaml").read_text())
        assert [(d.code, d.severity) for d in found] == [("OUTPUT_MAYBE_UNAVAILABLE", "warning")]


@pytest.mark.parametrize("length, expected", [(32_768, set()), (32_769, {"INPUT_TOO_LONG"})])
def test_combined_literal_inputs_limit(length, expected):
    text = (FIXTURES / "clean.orchestration.yaml").read_text()
    text = text.replace("        action: Auto_F\n", "        action: Auto_F\n        inputs: {note: " + "x" * length + "}\n", 1)
    found = _diagnostics(text)
    assert {d.code for d in found} == expected
    for d in found:
        assert (d.element, d.field, d.line) == ("Book", "stages[0].steps[1].inputs", yaml_line(text, d.field))


def test_invalid_logic_message_stays_readable():
    text = (FIXTURES / "invalid_logic_too_long.orchestration.yaml").read_text()
    (d,) = _diagnostics(text)
    assert "1000" in d.message and len(d.message) < 300


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.orchestration.yaml")), ids=lambda p: p.name)
def test_bundled_examples_are_clean(path):
    assert engine.validate(engine.load(path)) == []


@pytest.mark.skipif(not SALESFORCE_EXAMPLES.is_dir(), reason="../shared/examples/salesforce is absent")
def test_real_salesforce_files_have_only_the_dangling_guid_error():
    from engine.salesforce import import_flow

    errors = {}
    for path in sorted(SALESFORCE_EXAMPLES.glob("*.flow-meta.xml")):
        if "<processType>Orchestrator</processType>" not in path.read_text(encoding="utf-8"):
            continue  # an evaluation flow, not an orchestration
        found = engine.validate(import_flow(path).definition)
        errors[path.name] = [(d.code, d.element) for d in found if d.severity == "error"]
        for d in found:
            assert d.element and d.field
    assert errors.pop("Handle_User_Deactivation_auto.flow-meta.xml") == [
        ("UNKNOWN_STEP", "Generate_Transition_Quip_Doc")]
    assert errors and all(v == [] for v in errors.values()), errors
