"""The engine never imports Qt (STYLE.md rule 1)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_engine_imports_without_pyside6():
    code = (
        "import sys, engine, engine.io, engine.validate, engine.cli, engine.checks\n"
        "from engine.cli import build_parser\n"
        "build_parser()\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
