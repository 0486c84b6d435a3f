"""Designer test setup: isolated settings and recovery folder; document and window fixtures."""

from __future__ import annotations

import pytest
from window_helpers import SMALL


@pytest.fixture(autouse=True)
def isolated_designer_settings(tmp_path_factory, monkeypatch):
    """Every designer test gets its own QSettings file and recovery folder."""
    base = tmp_path_factory.mktemp("designer-settings")
    monkeypatch.setenv("ORCHESTRATION_DESIGNER_SETTINGS", str(base / "settings.ini"))
    monkeypatch.setenv("ORCHESTRATION_DESIGNER_RECOVERY_DIR", str(base / "recovery"))
    return base


@pytest.fixture
def small_definition():
    from engine.io import load

    return load(SMALL)


@pytest.fixture
def document(qtbot, small_definition):
    from designer.document import DesignDocument

    return DesignDocument(small_definition, SMALL)


@pytest.fixture
def window(qtbot, monkeypatch):
    """A main window without extensions; prompts fail the test unless a test patches them."""
    from designer.files import FileController
    from designer.main_window import MainWindow

    def unexpected(self, title, text, *args):
        raise AssertionError(f"unexpected dialog: {title}: {text}")

    monkeypatch.setattr(FileController, "ask", unexpected)
    monkeypatch.setattr(FileController, "warn", unexpected)
    w = MainWindow(install_extensions=False, restore_layout=False)
    w.document.undo_stack.setClean()
    yield w
    w.document.mark_saved()  # let it close without a prompt
    w.close()
    w.deleteLater()
