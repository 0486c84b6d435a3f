"""File → Import / Export of Salesforce metadata in the designer window."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("designer.main_window")

from designer.main_window import MainWindow  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "engine" / "fixtures" / "salesforce"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("ORCHESTRATION_DESIGNER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("ORCHESTRATION_DESIGNER_RECOVERY_DIR", str(tmp_path / "recovery"))
    from PySide6.QtWidgets import QMessageBox

    win = MainWindow()
    win.files.ask = lambda *args: QMessageBox.StandardButton.Discard  # closing an unsaved import
    qtbot.addWidget(win)
    return win


def actions_of(window):
    actions = window.extensions["designer.salesforce_actions"]
    messages: list[tuple[str, str]] = []
    actions.inform = lambda title, text: messages.append((title, text))
    actions.warn = lambda title, text: messages.append((title, text))
    return actions, messages


def test_menu_entries(window) -> None:
    texts = [a.text() for a in window.menus["file_import"].actions()] + \
            [a.text() for a in window.menus["file_export"].actions()]
    assert "Salesforce Metadata…" in texts and "Salesforce Project…" in texts


def test_import_replaces_the_document_and_lists_notes(window) -> None:
    actions, messages = actions_of(window)
    assert actions.import_metadata(FIXTURES / "legacy" / "Legacy_Parallel_Approvals.flow-meta.xml")
    assert window.document.definition.name == "Legacy_Parallel_Approvals"
    assert window.document.is_modified() and window.document.path is None
    assert messages and "Request_Approval_Screen" in messages[0][1]


def test_hostile_file_is_refused_with_a_message(window) -> None:
    actions, messages = actions_of(window)
    before = window.document.definition
    assert not actions.import_metadata(FIXTURES / "hostile" / "billion_laughs.flow-meta.xml")
    assert window.document.definition is before
    assert "refused for safety" in messages[0][1]


def test_export_writes_a_project(window, tmp_path) -> None:
    window.files.open_path(sorted(EXAMPLES.glob("*.orchestration.yaml"))[0])
    actions, messages = actions_of(window)
    assert actions.export_project(tmp_path / "project")
    assert (tmp_path / "project" / "sfdx-project.json").is_file()
    assert messages[-1][0] == "Exported"


def test_export_with_errors_asks_first(window, tmp_path) -> None:
    actions, messages = actions_of(window)
    actions.import_metadata(FIXTURES / "unsupported" / "Odd_Things.flow-meta.xml")
    asked = []
    actions.confirm = lambda title, text: asked.append(text) or False
    assert not actions.export_project(tmp_path / "p")
    assert asked and not (tmp_path / "p").exists()
    actions.confirm = lambda title, text: True
    assert actions.export_project(tmp_path / "p")
    assert (tmp_path / "p" / "force-app/main/default/flows/Odd_Things.flow-meta.xml").is_file()
