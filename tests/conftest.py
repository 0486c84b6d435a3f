"""Shared test setup: Qt runs offscreen before any QApplication exists."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
SHARED = ROOT.parent / "shared"
SALESFORCE_EXAMPLES = SHARED / "examples" / "salesforce"

# Property tests: no per-example deadline (a loaded 2-core CI machine is slow, not wrong) and,
# under CI, derandomized so that a run is repeatable; locally they explore new examples each run.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
