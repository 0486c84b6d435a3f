"""Bad input on the command line: every case is one clear message naming the file (and the
line where there is one), the SPEC §7 exit code (2: cannot be read / used), and never a
Python traceback. Runs in-process (an uncaught exception fails the test) except where a
child process is the point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from tests.conftest import EXAMPLES, ROOT

DEFINITION = EXAMPLES / "quote_approval.orchestration.yaml"
SCENARIO = EXAMPLES / "quote_approval.scenario.yaml"
FLOW_NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder of bad inputs (and good ones to combine them with)."""
    shutil.copy(DEFINITION, tmp_path / "good.orchestration.yaml")
    shutil.copy(SCENARIO, tmp_path / "good.scenario.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)  # a picture
    (tmp_path / "latin1.yaml").write_bytes(b"name: X\nlabel: ok\ndescription: caf\xe9\n")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "scalar.yaml").write_text("just some words\n")
    (tmp_path / "syntax.yaml").write_text("name: X\nstages:\n  - name: [unclosed\n")
    (tmp_path / "huge.yaml").write_text("name: Huge\nstages:\n" + "".join(
        f"  - name: S{i}\n    steps:\n      - {{name: T{i}, type: background, action: F}}\n" for i in range(3000)))
    good = DEFINITION.read_text(encoding="utf-8")
    (tmp_path / "errors.orchestration.yaml").write_text(good.replace("Manager_Approval", "Bad Name!"))
    (tmp_path / "dup.orchestration.yaml").write_text(good.replace("name: Finance_Review\n", "name: Manager_Approval\n"))
    (tmp_path / "unknown.scenario.yaml").write_text(
        "scenario: s\nsteps:\n  No_Such_Step: {completed_by: a@b.c}\nevaluations:\n  No_Such_Flow: [true]\n")
    (tmp_path / "duration.scenario.yaml").write_text("scenario: s\nevents:\n  - {at: soon, publish: true}\n")
    (tmp_path / "script.scenario.yaml").write_text("scenario: s\nscript:\n  - {complete: No_Such_Step}\n")
    flows = tmp_path / "xml"
    flows.mkdir()
    (flows / "Eval.flow-meta.xml").write_text(
        f"<?xml version='1.0'?>\n<Flow {FLOW_NS}>\n<processType>EvaluationFlow</processType>\n</Flow>\n")
    (flows / "Dtd.flow-meta.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
        f"<Flow {FLOW_NS}><label>&a;</label><processType>Orchestrator</processType></Flow>\n")
    (flows / "Truncated.flow-meta.xml").write_text(
        f"<?xml version='1.0'?>\n<Flow {FLOW_NS}>\n  <label>Cut</label>\n  <processType>Orchestr")
    (flows / "Empty.flow-meta.xml").write_bytes(b"")
    (flows / "Other.flow-meta.xml").write_text("<Workflow/>\n")
    (flows / "Yaml.flow-meta.xml").write_text("name: X\n")
    return tmp_path


CASES = [
    # (command line with {dir} for the folder, exit code, texts the error output must hold)
    ("validate {dir}/missing.yaml", 2, ["missing.yaml: no such file"]),
    ("validate {dir}/folder.yaml", 2, ["folder.yaml: is a folder"]),
    ("validate {dir}/empty.yaml", 2, ["empty.yaml:1:", "empty"]),
    ("validate {dir}/binary.yaml", 2, ["binary.yaml:1:", "not UTF-8"]),
    ("validate {dir}/latin1.yaml", 2, ["latin1.yaml:3:", "not UTF-8"]),
    ("validate {dir}/list.yaml", 2, ["list.yaml:1:", "mapping of keys", "not a list"]),
    ("validate {dir}/scalar.yaml", 2, ["scalar.yaml:1:", "not a single text"]),
    ("validate {dir}/syntax.yaml", 2, ["syntax.yaml:3:", "PARSE_ERROR"]),
    ("validate {dir}/good.scenario.yaml", 2, ["good.scenario.yaml:1:", "this is a scenario file"]),
    ("validate {dir}/huge.yaml", 0, ["huge.yaml: 0 error(s)"]),
    ("simulate {dir}/missing.yaml", 2, ["missing.yaml", "no such file"]),
    ("simulate {dir}/good.scenario.yaml", 2, ["this is a scenario file"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/good.orchestration.yaml", 2,
     ["good.orchestration.yaml:12:", "this is an orchestration definition", "not a scenario file"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/missing.scenario.yaml", 2,
     ["missing.scenario.yaml", "no such file"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/binary.yaml", 2, ["binary.yaml:1:", "not UTF-8"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/unknown.scenario.yaml", 0,
     ["unknown.scenario.yaml:3: warning UNKNOWN_STEP", "unknown.scenario.yaml:5: warning UNKNOWN_FLOW"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/duration.scenario.yaml", 2,
     ["duration.scenario.yaml:3:", "'soon' is not a duration"]),
    ("simulate {dir}/good.orchestration.yaml --scenario {dir}/script.scenario.yaml", 2,
     ["script.scenario.yaml:3: script entry 1: No_Such_Step has no open work item"]),
    ("simulate {dir}/dup.orchestration.yaml", 2, ["dup.orchestration.yaml:", "two steps are named Manager_Approval"]),
    ("simulate {dir}/good.orchestration.yaml --max-events -1", 2, ["--max-events", "not a positive number"]),
    ("export {dir}/errors.orchestration.yaml --out {dir}/out", 2,
     ["errors.orchestration.yaml:45: error INVALID_NAME", "refused: 1 validation error(s)", "--force"]),
    ("export {dir}/missing.yaml --out {dir}/out", 2, ["missing.yaml", "no such file"]),
    ("export {dir}/list.yaml --out {dir}/out", 2, ["list.yaml:1:", "mapping of keys"]),
    ("export {dir}/good.orchestration.yaml --out {dir}/empty.yaml/project", 2,
     ["cannot write", "empty.yaml is a file, not a folder"]),
    ("import {dir}/xml/Eval.flow-meta.xml", 2, ["Eval.flow-meta.xml:", "not an orchestration", "EvaluationFlow"]),
    ("import {dir}/xml/Dtd.flow-meta.xml", 2, ["Dtd.flow-meta.xml", "DTD", "refused for safety"]),
    ("import {dir}/xml/Truncated.flow-meta.xml", 2, ["Truncated.flow-meta.xml:4: not well-formed XML"]),
    ("import {dir}/xml/Empty.flow-meta.xml", 2, ["Empty.flow-meta.xml: the file is empty"]),
    ("import {dir}/xml/Other.flow-meta.xml", 2, ["Other.flow-meta.xml", "not flow metadata", "<Workflow>"]),
    ("import {dir}/xml/Yaml.flow-meta.xml", 2, ["Yaml.flow-meta.xml:1: not XML"]),
    ("import {dir}/good.orchestration.yaml", 2, ["good.orchestration.yaml:1: not XML"]),
    ("import {dir}/xml", 2, ["xml: is a folder"]),
    ("import {dir}/missing.flow-meta.xml", 2, ["missing.flow-meta.xml: no such file"]),
    ("render {dir}/good.orchestration.yaml --out {dir}/picture.gif", 2, ["picture.gif", ".svg or .png"]),
    ("render {dir}/binary.yaml --out {dir}/picture.svg", 2, ["binary.yaml:1:", "not UTF-8"]),
]


@pytest.mark.parametrize("command, code, needles", CASES, ids=[c[0].replace("{dir}/", "") for c in CASES])
def test_bad_input_gets_a_clear_message_and_exit_code(files: Path, capsys: pytest.CaptureFixture[str],
                                                      command: str, code: int, needles: list[str]) -> None:
    args = command.replace("{dir}", str(files)).split()
    try:
        assert main(args) == code
    except SystemExit as exc:  # argparse refuses bad usage by exiting
        assert exc.code == code
    captured = capsys.readouterr()
    said = captured.err + captured.out
    for needle in needles:
        assert needle in said
    assert "Traceback" not in said


def test_refused_export_writes_nothing(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(files / "errors.orchestration.yaml"), "--out", str(files / "out")]) == 2
    assert not (files / "out").exists()
    assert main(["export", str(files / "errors.orchestration.yaml"), "--out", str(files / "out"), "--force"]) == 0
    assert (files / "out" / "sfdx-project.json").is_file()


def test_import_into_a_missing_folder_names_it(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(files / "good.orchestration.yaml"), "--out", str(files / "proj")]) == 0
    flow = files / "proj" / "force-app" / "main" / "default" / "flows" / "Quote_Approval.flow-meta.xml"
    capsys.readouterr()
    assert main(["import", str(flow), "-o", str(files / "nowhere" / "deeper" / "q.yaml")]) == 2
    assert f"the folder {files / 'nowhere'} does not exist" in capsys.readouterr().err
    assert main(["import", str(flow), "-o", str(files / "folder.yaml")]) == 2
    assert "folder.yaml: it is a folder" in capsys.readouterr().err


def test_render_into_a_missing_folder_is_one_line_without_qt_noise(files: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "engine.cli", "render", str(files / "good.orchestration.yaml"),
                           "--out", str(files / "nowhere" / "x.svg")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: cannot write {files / 'nowhere' / 'x.svg'}: the folder {files / 'nowhere'} does not exist"]


def test_module_entry_point_reports_without_traceback(files: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "engine.cli", "validate", str(files / "binary.yaml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not UTF-8" in done.stdout + done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["validate", "simulate", "export", "import", "render"])
def test_permission_denied_is_one_line_naming_the_file(files: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    # running as root defeats chmod, so the refusal is simulated where the file is read
    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    extra = {"export": ["--out", str(files / "out")], "render": ["--out", str(files / "x.svg")]}.get(command, [])
    assert main([command, str(files / "good.orchestration.yaml"), *extra]) == 2
    err = capsys.readouterr().err
    assert "good.orchestration.yaml" in err and "Permission denied" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_export_into_a_read_only_folder_names_it(files: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["export", str(files / "good.orchestration.yaml"), "--out", str(files / "locked")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"orchestration export: cannot write {files / 'locked'}") and "Permission denied" in err
    assert len(err.strip().splitlines()) == 1
