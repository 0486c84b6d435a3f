"""`orchestration import / export / render` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import engine
from engine.cli import main
from tests.conftest import EXAMPLES, ROOT, SALESFORCE_EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "salesforce"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("name", ["billion_laughs", "external_entity"])
def test_hostile_xml_is_refused_with_exit_code_2(name: str) -> None:
    started = time.perf_counter()
    done = run_cli("import", str(FIXTURES / "hostile" / f"{name}.flow-meta.xml"))
    assert time.perf_counter() - started < 10
    assert done.returncode == 2
    assert "refused for safety" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_malformed_and_missing_files_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["import", str(FIXTURES / "hostile" / "malformed.flow-meta.xml")]) == 2
    assert "malformed.flow-meta.xml:7: not well-formed XML" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "nowhere.flow-meta.xml")]) == 2
    assert "nowhere.flow-meta.xml: no such file" in capsys.readouterr().err


def test_import_prints_yaml_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "legacy" / "Legacy_Parallel_Approvals.flow-meta.xml"
    assert main(["import", str(path)]) == 0
    out, err = capsys.readouterr()
    defn = engine.loads(out).definition
    assert defn is not None and defn.name == "Legacy_Parallel_Approvals"
    assert "warning: flow 'Request_Approval_Screen' was not found" in err
    assert "legacy value-less" not in err  # info notes only with --verbose
    assert main(["import", str(path), "--verbose"]) == 0
    assert "legacy value-less input 'ActionInput__Assignee' ignored" in capsys.readouterr().err


def test_import_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "modern.orchestration.yaml"
    assert main(["import", str(FIXTURES / "modern" / "Modern_Features.flow-meta.xml"), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert engine.load(out).stage("Intake").fault == "Handle_Failure"


def test_export_writes_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = sorted(EXAMPLES.glob("*.orchestration.yaml"))[0]
    assert main(["export", str(source), "--to", "salesforce", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "sfdx-project.json").is_file()
    name = engine.load(source).name
    assert f"force-app/main/default/flows/{name}.flow-meta.xml" in capsys.readouterr().out


def test_export_refuses_errors_and_lists_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = SALESFORCE_EXAMPLES / "Handle_User_Deactivation_auto.flow-meta.xml"
    if not real.is_file():
        pytest.skip(f"real Salesforce examples not available ({SALESFORCE_EXAMPLES} is absent)")
    definition = tmp_path / "handle.orchestration.yaml"
    assert main(["import", str(real), "-o", str(definition)]) == 0
    capsys.readouterr()
    assert main(["export", str(definition), "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "UNKNOWN_STEP" in err and "refused" in err and "--force" in err
    assert not (tmp_path / "p").exists()
    assert main(["export", str(definition), "--out", str(tmp_path / "p"), "--force"]) == 0
    assert (tmp_path / "p" / "force-app/main/default/flows/Handle_User_Deactivation_auto.flow-meta.xml").is_file()


def test_export_of_an_unreadable_definition_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.orchestration.yaml"
    bad.write_text("name: [unclosed\n")
    assert main(["export", str(bad), "--out", str(tmp_path / "p")]) == 2
    assert "bad.orchestration.yaml" in capsys.readouterr().err


def test_render_rejects_unknown_picture_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = sorted(EXAMPLES.glob("*.orchestration.yaml"))[0]
    assert main(["render", str(source), "--out", str(tmp_path / "x.gif")]) == 2
    assert ".svg or .png" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_render_draws_the_canvas(tmp_path: Path, suffix: str) -> None:
    if not (ROOT / "designer" / "render.py").is_file():
        pytest.skip("designer/render.py is not there yet")
    source = sorted(EXAMPLES.glob("*.orchestration.yaml"))[0]
    out = tmp_path / f"canvas{suffix}"
    done = run_cli("render", str(source), "--out", str(out))
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    if suffix == ".svg":
        assert b"<svg" in data and engine.load(source).stages[0].display_label.encode() in data
    else:
        assert data.startswith(b"\x89PNG")
