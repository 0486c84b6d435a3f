"""Shared test setup: Qt runs offscreen before any QApplication exists."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
SHARED = ROOT.parent / "shared"
SALESFORCE_EXAMPLES = SHARED / "examples" / "salesforce"
