"""`orchestration validate`: output, --json, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from tests.conftest import EXAMPLES, ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.orchestration.yaml")), ids=lambda p: p.name)
def test_examples_exit_0(path, capsys):
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out or "no problems found" in out


def test_errors_exit_1_with_file_line_grouped_by_element(capsys):
    path = FIXTURES / "validate" / "unknown_step.orchestration.yaml"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "Second:" in out
    entry = next(line for line in out if "UNKNOWN_STEP" in line)
    assert entry.strip().startswith(f"{path}:15: error UNKNOWN_STEP ")
    assert out[out.index("Second:") + 1] == entry  # listed under its element
    assert out[-1] == f"{path}: 1 error(s), 0 warning(s)"


def test_warnings_only_exit_0(capsys):
    path = FIXTURES / "validate" / "unknown_flow.orchestration.yaml"
    assert main(["validate", str(path)]) == 0
    assert "warning UNKNOWN_FLOW" in capsys.readouterr().out


def test_typo_key_reports_key_and_line(capsys):
    path = FIXTURES / "io" / "typo_key.orchestration.yaml"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:13: error SCHEMA_ERROR unknown key 'asignee'" in out


def test_json_output_shape(capsys):
    path = FIXTURES / "validate" / "type_mismatch.orchestration.yaml"
    assert main(["validate", str(path), "--json"]) == 0  # TYPE_MISMATCH is a warning
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["diagnostics"]
    [diag] = [d for d in data["diagnostics"] if d["code"] == "TYPE_MISMATCH"]
    assert set(diag) == {"severity", "code", "element", "field", "message", "line"}
    assert diag["severity"] == "warning" and diag["element"] == "Then" and diag["line"] == 16


def test_json_for_clean_example(capsys):
    assert main(["validate", str(EXAMPLES / "quote_approval.orchestration.yaml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"diagnostics": []}


def test_syntax_error_exits_2_with_line(capsys):
    path = FIXTURES / "io" / "syntax_error.orchestration.yaml"
    assert main(["validate", str(path)]) == 2
    assert f"{path}:8: error PARSE_ERROR" in capsys.readouterr().out


def test_missing_file_one_line_exit_2(tmp_path):
    done = run_cli("validate", str(tmp_path / "missing.orchestration.yaml"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "no such file" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_json_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.yaml"), "--json"]) == 2
    [diag] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert diag["code"] == "PARSE_ERROR"


def test_unknown_command_and_no_arguments_exit_2():
    done = run_cli("frobnicate")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "frobnicate" in done.stderr
    assert "Traceback" not in done.stderr
    assert run_cli().returncode == 2
    assert run_cli("validate").returncode == 2  # FILE is required


def test_subprocess_example_exits_0():
    done = run_cli("validate", str(EXAMPLES / "employee_onboarding.orchestration.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
