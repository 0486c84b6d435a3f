"""Reading and writing definition files: lines, YAML 1.1 surprises, partial reads, round trips."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from engine.io import LoadError, dumps, load, loads, save
from engine.model import BackgroundStep, Orchestration, RequirementsCondition
from tests.conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "io"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.orchestration.yaml"))


def read(name: str):
    path = FIXTURES / name
    return loads(path.read_bytes(), path)


def test_there_are_bundled_examples():
    assert {p.name.split(".")[0] for p in EXAMPLE_FILES} >= {
        "employee_onboarding", "quote_approval", "incident_response"}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_load_completely(path):
    result = loads(path.read_text(encoding="utf-8"), path)
    assert result.diagnostics == []
    assert result.ok and result.definition is not None


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_save_load_save_is_byte_identical(path, tmp_path):
    defn = load(path)
    first, second = tmp_path / "a.orchestration.yaml", tmp_path / "b.orchestration.yaml"
    save(defn, first)
    save(load(first), second)
    assert first.read_bytes() == second.read_bytes()
    assert load(first) == defn  # load -> save -> load gives an equal model


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_bundled_examples_are_saved_canonically(path):
    # opening and saving an example in the designer must not rewrite it
    assert dumps(load(path)) == path.read_text(encoding="utf-8")


def test_typo_key_reports_key_line_and_suggestion():
    result = read("typo_key.orchestration.yaml")
    [diag] = result.diagnostics
    assert diag.code == "SCHEMA_ERROR" and diag.line == 13
    assert "asignee" in diag.message and "did you mean 'assignee'" in diag.message
    assert diag.element == "Review" and diag.field == "stages[0].steps[0].asignee"
    # the rest of the file is still there for the designer
    assert result.definition is not None and result.definition.step("Review") is not None


def test_yaml_11_words_stay_text():
    result = read("yaml11_words.orchestration.yaml")
    assert result.diagnostics == []
    defn = result.definition
    assert defn.trigger.on == "update"
    values = {v.name: v.value for v in defn.variables}
    assert values == {"answer": "yes", "switch": "off", "startDate": "2026-12-01", "zip": "007", "flag": True}
    step = defn.stages[0].steps[0]
    assert step.name == "No" and step.action == "Y" and step.inputs == {"on": "n"}


def test_yaml_11_words_survive_a_round_trip():
    defn = read("yaml11_words.orchestration.yaml").definition
    text = dumps(defn)
    assert "  on: update" in text  # the trigger key stays plain, as users write it
    assert "name: 'No'" in text  # values YAML 1.1 tools would misread are quoted
    assert loads(text).definition == defn


def test_strings_that_look_like_other_types_round_trip():
    defn = read("yaml11_words.orchestration.yaml").definition
    tricky = ["true", "False", "null", "~", "12", "-3.5", "1e5", "0x1F", "1:30", "", " padded ", "a: b", "#x",
              "- item", "multi\nline\n", "ünïcødé ✓", "{ref: x}", "@at", "%p", "*star", "&amp", "!bang"]
    defn.stages[0].steps[0].inputs = {f"v{i}": text for i, text in enumerate(tricky)}
    again = loads(dumps(defn)).definition
    assert again.stages[0].steps[0].inputs == defn.stages[0].steps[0].inputs


def test_shorthands_are_accepted_and_normalised():
    text = (FIXTURES / "shorthand.orchestration.yaml").read_text()
    defn = loads(text).definition
    stage = defn.stages[0]
    assert isinstance(stage.complete, RequirementsCondition)
    assert "start:" not in dumps(defn)  # `start: stage_starts` is the default: omitted
    assert "when: requirements" in dumps(defn)  # `when` is always written


def test_canonical_text_always_writes_version_types_and_whens():
    text = dumps(load(EXAMPLES / "quote_approval.orchestration.yaml"))
    assert text.startswith("schema_version: 1\nname: Quote_Approval\n")
    assert "\n\nstages:\n" in text and "\n\ndecisions:\n" in text and "\n\nflows:\n" in text
    assert "when: evaluation_flow" in text and "type: background" in text and "type: evaluation" in text


def test_duplicate_key_is_a_parse_error_with_line():
    result = read("duplicate_key.orchestration.yaml")
    [diag] = result.diagnostics
    assert diag.code == "PARSE_ERROR" and diag.line == 9 and "action" in diag.message
    assert result.definition is None


def test_syntax_error_has_a_line():
    result = read("syntax_error.orchestration.yaml")
    [diag] = result.diagnostics
    assert diag.code == "PARSE_ERROR" and diag.line == 8


def test_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    result = read("billion_laughs.orchestration.yaml")
    assert time.perf_counter() - started < 5
    assert [d.code for d in result.diagnostics] == ["PARSE_ERROR"]
    assert "alias" in result.diagnostics[0].message


def test_recursive_alias_and_deep_nesting_are_parse_errors():
    for text in ("a: &a [*a]\n", "x: " + "[" * 3000 + "]" * 3000 + "\n"):
        result = loads(text)
        assert [d.code for d in result.diagnostics] == ["PARSE_ERROR"]


def test_unsafe_tags_are_refused():
    result = loads("name: !!python/object/apply:os.system ['echo hi']\n")
    assert [d.code for d in result.diagnostics] == ["PARSE_ERROR"]


def test_broken_steps_are_dropped_and_the_rest_kept():
    result = read("broken_step.orchestration.yaml")
    assert [(d.code, d.line) for d in result.diagnostics] == [
        ("SCHEMA_ERROR", 9), ("SCHEMA_ERROR", 15), ("SCHEMA_ERROR", 17)]
    assert "did you mean 'interactive'" in result.diagnostics[0].message
    assert "'step'" in result.diagnostics[1].message
    defn = result.definition
    # the step with a bad type and the step without a name are dropped; the incomplete start
    # condition falls back to its default, so that step stays
    assert [(s.name, [t.name for t in s.steps]) for s in defn.stages] == [
        ("Work", ["Good_One", "Start_Incomplete"]), ("Second", ["Also_Good"])]
    assert not result.ok


def test_wrong_value_types_are_reported_and_defaults_kept():
    result = read("wrong_types.orchestration.yaml")
    by_field = {d.field: d for d in result.diagnostics}
    assert set(by_field) == {"api_version", "run_context", "stages[0].steps[0].inputs.payload",
                             "stages[0].steps[0].record", "flows[0].simulate.duration"}
    assert by_field["api_version"].line == 3 and "whole number" in by_field["api_version"].message
    assert "system, user" in by_field["run_context"].message
    defn = result.definition
    assert defn.api_version == 65 and defn.run_context == "system"
    assert isinstance(defn.stages[0].steps[0], BackgroundStep)


@pytest.mark.parametrize("text, needle", [
    ("", "empty"),
    ("- a\n- b\n", "mapping"),
    ("just text\n", "mapping"),
    ("stages: []\n", "name"),
    ("name: X\nschema_version: 2\n", "schema_version"),
    ("a: 1\n---\nb: 2\n", "single document"),
])
def test_unusable_documents_give_diagnostics(text, needle):
    result = loads(text)
    assert result.diagnostics and not result.ok
    assert any(needle in d.message for d in result.diagnostics)


def test_missing_name_keeps_a_partial_definition_named_after_the_file():
    result = loads("stages:\n  - name: Work\n", path="my-process.orchestration.yaml")
    assert [d.code for d in result.diagnostics] == ["SCHEMA_ERROR"]
    assert result.definition is not None and result.definition.name == "my_process"


def test_bytes_with_bom_and_bad_utf8():
    assert loads("\ufeffname: X\n".encode("utf-8")).ok
    result = loads(b"name: \xff\xfe\n")
    assert [d.code for d in result.diagnostics] == ["PARSE_ERROR"]


def test_lines_are_recorded_for_field_paths():
    defn = load(EXAMPLES / "quote_approval.orchestration.yaml")
    text = (EXAMPLES / "quote_approval.orchestration.yaml").read_text().splitlines()
    line = defn.line_of("stages[1].steps[1].start.flow")
    assert text[line - 1].strip() == "flow: Needs_Finance_Review"
    line = defn.line_of("stages[1].complete.requirements[2].left")
    assert "Check_Discount.Outputs.discountPercent" in text[line - 1]


def test_load_raises_load_error_for_missing_and_broken_files(tmp_path):
    with pytest.raises(LoadError) as missing:
        load(tmp_path / "nope.orchestration.yaml")
    assert "no such file" in str(missing.value)
    broken = tmp_path / "broken.orchestration.yaml"
    broken.write_bytes((FIXTURES / "typo_key.orchestration.yaml").read_bytes())
    with pytest.raises(LoadError) as bad:
        load(broken)
    assert f"{broken}:13: error SCHEMA_ERROR" in str(bad.value)
    assert bad.value.diagnostics[0].code == "SCHEMA_ERROR"


def test_save_is_atomic_and_keeps_permissions(tmp_path, monkeypatch):
    defn = load(EXAMPLES / "employee_onboarding.orchestration.yaml")
    target = tmp_path / "x.orchestration.yaml"
    target.write_text("old content")
    os.chmod(target, 0o640)
    save(defn, target)
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert load(target) == defn

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save(Orchestration(name="Other"), target)
    assert load(target) == defn  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["x.orchestration.yaml"]  # no temp file left


def test_lines_of_a_partial_definition_follow_the_kept_items():
    result = read("broken_step.orchestration.yaml")
    defn = result.definition
    # Bad_One (line 9) was dropped: the second kept step is Start_Incomplete, on line 12
    assert defn.stages[0].steps[1].name == "Start_Incomplete"
    assert defn.line_of("stages[0].steps[1]") == 12
    assert defn.line_of("stages[0].steps[1].action") == 14
    assert defn.line_of("stages[0].steps[2]") != 17  # nothing left there from the dropped steps
    assert defn.line_of("stages[1].steps[0].name") == 21


def test_a_write_failing_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    defn = load(EXAMPLES / "employee_onboarding.orchestration.yaml")
    target = tmp_path / "x.orchestration.yaml"
    save(defn, target)
    before = target.read_bytes()
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="No space left"):
        save(Orchestration(name="Other"), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.orchestration.yaml"]


def test_saving_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.orchestration.yaml"
    save(Orchestration(name="First"), real)
    link = tmp_path / "link.orchestration.yaml"
    link.symlink_to(real)
    save(Orchestration(name="Second"), link)
    assert link.is_symlink() and load(real).name == "Second"
