"""Helpers shared by designer tests (a plain module: two test folders have a conftest.py, so
importing from "conftest" would depend on which one Python found first)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.orchestration.yaml"


def leave_recovery_as_crashed(window, recovery_id: str | None = None, pid: int | None = None) -> None:
    """Make ``window``'s recovery file look left behind by a crashed process: owned by a pid that
    is gone (a finished child's, unless ``pid`` is given); with ``recovery_id`` the window stops
    owning it, as a crashed window never cleans up."""
    if pid is None:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        pid = int(dead.stdout)
    meta = window.files.recovery.meta_path
    data = json.loads(meta.read_text())
    data["pid"] = pid
    meta.write_text(json.dumps(data))
    if recovery_id is not None:
        window.files.recovery.id = recovery_id
