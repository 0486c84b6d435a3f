"""Files never lose work: round trips, the unsaved-changes prompt, crash recovery, broken files."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from designer import editing
from designer.files import FileController
from designer.recovery import orphaned_entries
from designer.settings import recent_files

from window_helpers import FIXTURES, SMALL, leave_recovery_as_crashed

B = QMessageBox.StandardButton


def answer(monkeypatch, button, log=None):
    def ask(self, title, text, *args):
        if log is not None:
            log.append(title)
        return button

    monkeypatch.setattr(FileController, "ask", ask)


def test_open_edit_save_reopen_is_identical(window, tmp_path):
    assert window.files.open_path(SMALL)
    editing.add_step(window.document, "background", "Approve")
    assert window.isWindowModified()
    target = tmp_path / "copy.orchestration.yaml"
    assert window.files.save_as(target)
    assert not window.document.is_modified() and not window.isWindowModified()
    saved = window.document.definition
    first_bytes = target.read_bytes()
    assert window.files.open_path(target)
    assert window.document.definition == saved
    window.files.save()
    assert target.read_bytes() == first_bytes
    assert str(target.resolve()) in recent_files()


def test_undo_back_to_saved_state_is_not_modified(window, tmp_path):
    window.files.open_path(SMALL)
    editing.add_stage(window.document)
    assert window.document.is_modified()
    window.document.undo_stack.undo()
    assert not window.document.is_modified()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(window, monkeypatch, qtbot):
    window.show()
    editing.add_stage(window.document)
    asked = []
    answer(monkeypatch, B.Cancel, asked)
    assert not window.close()
    assert asked == ["Unsaved changes"] and window.isVisible()
    answer(monkeypatch, B.Discard)
    assert window.close()


def test_close_with_save_writes_the_file(window, monkeypatch, tmp_path):
    target = tmp_path / "a.orchestration.yaml"
    window.files.open_path(SMALL)
    window.files.save_as(target)
    editing.add_stage(window.document)
    answer(monkeypatch, B.Save)
    assert window.close()
    from engine.io import load

    assert len(load(target).stages) == 4


def test_new_and_open_ask_before_dropping_changes(window, monkeypatch):
    editing.add_stage(window.document)
    answer(monkeypatch, B.Cancel)
    assert not window.files.new()
    assert not window.files.open_path(SMALL)
    assert len(window.document.definition.stages) == 2
    answer(monkeypatch, B.Discard)
    assert window.files.open_path(SMALL)
    assert window.document.definition.name == "Small_Approval"


def test_crash_recovery_offers_the_unsaved_work(window, monkeypatch, tmp_path, qtbot):
    window.files.open_path(SMALL)
    name = editing.add_step(window.document, "mulesoft", "Intake")
    assert window.files.autosave()
    # the process "crashes": its recovery files stay, owned by a process that no longer exists
    leave_recovery_as_crashed(window, "gone")
    assert len(orphaned_entries()) == 1

    from designer.main_window import MainWindow

    second = MainWindow(install_extensions=False, restore_layout=False)
    qtbot.addWidget(second)
    asked = []
    answer(monkeypatch, B.Yes, asked)
    assert second.files.offer_recovery()
    assert asked == ["Restore unsaved work?"]
    assert second.document.definition.step(name) is not None
    assert second.document.is_modified()
    assert second.document.path == SMALL
    assert orphaned_entries() == []
    second.document.mark_saved()
    second.files.shutdown()


def test_declining_recovery_discards_it(window, monkeypatch, tmp_path):
    editing.add_stage(window.document)
    window.files.autosave()
    leave_recovery_as_crashed(window, pid=999_999_99)
    answer(monkeypatch, B.No)
    assert not window.files.offer_recovery()
    assert orphaned_entries() == []


def test_clean_save_removes_the_recovery_file(window, tmp_path):
    editing.add_stage(window.document)
    window.files.autosave()
    assert window.files.recovery.yaml_path.exists()
    window.files.save_as(tmp_path / "x.orchestration.yaml")
    assert not window.files.recovery.yaml_path.exists()


def test_broken_file_opens_with_what_could_be_read_and_its_diagnostics(window, monkeypatch, qtbot):
    warnings = []
    monkeypatch.setattr(FileController, "warn", lambda self, title, text: warnings.append((title, text)))
    assert window.files.open_path(FIXTURES / "broken_shape.orchestration.yaml")
    assert warnings and warnings[0][0] == "File opened with problems"
    assert "teleport" in warnings[0][1]
    defn = window.document.definition
    assert defn.step("Good_Step") is not None and defn.step("Other") is not None
    assert "Good_Step" in window.scene.step_items
    window.validator.validate_now()
    rows = [window.problems.topLevelItem(i) for i in range(window.problems.topLevelItemCount())]
    schema_rows = [r for r in rows if r.text(2) == "SCHEMA_ERROR"]
    assert len(schema_rows) == 2 and {r.text(3) for r in schema_rows} == {"9", "13"}


def test_saving_over_a_partly_read_file_asks_first(window, monkeypatch, tmp_path):
    broken = tmp_path / "broken.orchestration.yaml"
    broken.write_bytes((FIXTURES / "broken_shape.orchestration.yaml").read_bytes())
    monkeypatch.setattr(FileController, "warn", lambda *a: None)
    window.files.open_path(broken)
    answer(monkeypatch, B.Cancel)
    assert not window.files.save()
    assert b"teleport" in broken.read_bytes()


def test_unreadable_file_keeps_the_current_document(window, monkeypatch):
    window.files.open_path(SMALL)
    warnings = []
    monkeypatch.setattr(FileController, "warn", lambda self, title, text: warnings.append((title, text)))
    assert not window.files.open_path(FIXTURES / "syntax_error.orchestration.yaml")
    assert warnings[0][0] == "Cannot open file" and "line 6" in warnings[0][1]
    assert window.document.definition.name == "Small_Approval"
    assert not window.files.open_path(FIXTURES / "does_not_exist.yaml")


def test_file_changed_on_disk_is_detected(window, monkeypatch, tmp_path, qtbot):
    target = tmp_path / "w.orchestration.yaml"
    target.write_bytes(SMALL.read_bytes())
    window.files.open_path(target)
    asked = []
    answer(monkeypatch, B.Yes, asked)
    target.write_text(SMALL.read_text().replace("Small_Approval", "Changed_Elsewhere"))
    qtbot.waitUntil(lambda: asked == ["File changed on disk"], timeout=5000)
    assert window.document.definition.name == "Changed_Elsewhere"
    # our own save is not "a change by another program"
    editing.add_stage(window.document)
    window.files.save()
    assert not window.files.check_disk()


def test_dropped_file_opens(window):
    window.view.files_dropped.emit([str(SMALL)])
    assert window.document.path == SMALL


def test_autosave_runs_by_itself(window, qtbot):
    window.files.autosave_timer.setInterval(50)
    window.files.autosave_timer.start()
    editing.add_stage(window.document)
    qtbot.waitUntil(window.files.recovery.yaml_path.exists, timeout=3000)
    assert "Stage_2" in window.files.recovery.yaml_path.read_text()


def test_app_main_opens_the_file_given_on_the_command_line(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from designer import app, main_window

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    before = list(main_window._OPEN_WINDOWS)
    assert app.main([str(SMALL), "--theme", "light"]) == 0
    opened = [w for w in main_window._OPEN_WINDOWS if w not in before]
    assert len(opened) == 1 and opened[0].document.path == SMALL
    opened[0].close()
