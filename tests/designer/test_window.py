"""Main window contract for extensions, render to image, themes, layout memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.orchestration.yaml"
ROOT = Path(__file__).resolve().parents[2]


def test_menus_and_add_panel_contract(window):
    for key in ("file", "edit", "view", "insert", "simulate", "help", "file_import", "file_export"):
        assert key in window.menus
    dock = QDockWidget("Extra")
    dock.setObjectName("ExtraDock")
    dock.setWidget(QLabel("hello"))
    window.add_panel(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    assert window.panels["ExtraDock"] is dock
    assert dock.toggleViewAction() in window.menus["panels"].actions()


def test_minimal_properties_panel_is_built_in_without_extensions(window):
    assert "BasicPropertiesDock" in window.panels


def test_problems_panel_is_live_and_click_reveals(window, qtbot):
    window.files.open_path(SMALL)
    window.validator.validate_now()
    assert window.problems.topLevelItemCount() == 0
    from designer.commands import SetFieldCommand

    doc = window.document
    doc.undo_stack.push(SetFieldCommand(doc, "step", "Enrich", "start.step", "Nope"))
    with qtbot.waitSignal(window.validator.diagnostics_changed, timeout=2000):
        pass  # the debounced re-validation fires by itself
    rows = [window.problems.topLevelItem(i) for i in range(window.problems.topLevelItemCount())]
    assert any(r.text(1) == "Enrich" and r.text(2) == "UNKNOWN_STEP" for r in rows)
    assert window.scene.step_items["Enrich"].worst_severity() == "error"
    assert "error" in window.problem_label.text()
    row = next(r for r in rows if r.text(1) == "Enrich")
    window.problems.itemClicked.emit(row, 0)
    assert doc.selection == ["Enrich"]
    # an edit that changes no problem keeps the rows (and the one the user picked)
    window.problems.setCurrentItem(row)
    doc.undo_stack.push(SetFieldCommand(doc, "step", "Review", "label", "Review it"))
    window.validator.validate_now()
    assert window.problems.currentItem() is row
    assert window.scene.step_items["Enrich"].worst_severity() == "error"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    window.validator.validate_now()
    assert window.problems.topLevelItemCount() == 0 and window.scene.step_items["Enrich"].worst_severity() is None


def test_render_module_writes_svg_and_png(tmp_path):
    for suffix in ("svg", "png"):
        out = tmp_path / f"picture.{suffix}"
        done = subprocess.run([sys.executable, "-m", "designer.render", str(SMALL), "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000
    assert "<svg" in (tmp_path / "picture.svg").read_text()
    assert "Approve_Step" in (tmp_path / "picture.svg").read_text()


def test_render_refuses_unreadable_input(tmp_path):
    done = subprocess.run([sys.executable, "-m", "designer.render", str(FIXTURES / "syntax_error.orchestration.yaml"),
                           "--out", str(tmp_path / "x.svg")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and ":6:" in done.stderr


def test_render_definition_in_process(qtbot, small_definition, tmp_path):
    from designer.render import render_definition

    out = render_definition(small_definition, tmp_path / "x.png")
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() > 1000 and image.height() > 300


def test_dark_theme_and_back(window, qtbot):
    from designer.canvas import style

    window.set_theme("dark")
    assert style.current().dark
    window.set_theme("light")
    assert not style.current().dark


def test_dock_layout_is_remembered(window, qtbot):
    window.show()
    window.panels["HistoryDock"].hide()
    window.save_layout()
    from designer.main_window import MainWindow

    second = MainWindow(install_extensions=False)
    qtbot.addWidget(second)
    second.show()
    assert second.panels["HistoryDock"].isHidden()
    assert not second.panels["ProblemsDock"].isHidden()


def test_context_menu_offers_insert_and_element_actions(window):
    from PySide6.QtCore import QPointF

    window.files.open_path(SMALL)
    window.document.set_selection(["Review"])
    menu = window.edit.context_menu(QPointF(10, 10), "Review")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert "Insert" in texts and "Rename" in texts and "Move Up" in texts and "Delete" in texts
    menu.close()
    window.context_menu_hooks.append(lambda m, n: m.addAction(f"Extra for {n}"))
    menu = window.edit.context_menu(QPointF(10, 10), "Review")
    assert "Extra for Review" in [a.text() for a in menu.actions()]
    menu.close()
