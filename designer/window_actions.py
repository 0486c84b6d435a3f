"""Actions, menus and toolbar of the main window (wiring only; slots live in the controllers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from . import icons

if TYPE_CHECKING:
    from .main_window import MainWindow

CANVAS_ACTIONS = ("cut", "copy", "paste", "duplicate", "delete", "rename", "select_all",
                  "move_up", "move_down", "move_left", "move_right")


def _new_window():
    from .main_window import new_window

    return new_window()


def _type_color(kind: str) -> str:
    from .canvas.style import current

    return current().type_color(kind).name()


def _action(self: "MainWindow", key: str, text: str, slot, shortcut=None, icon: str | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, self)
    if shortcut is not None:
        if isinstance(shortcut, (list, tuple)):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if icon:
        action.setIcon(icons.icon(icon))
        action.setProperty("icon_name", icon)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    self.actions[key] = action
    return action


def build_actions(self: "MainWindow") -> None:
    """Every QAction of the window, in ``window.actions[key]``."""
    S, f, e, v = QKeySequence.StandardKey, self.files, self.edit, self.view
    def a(*args, **kwargs) -> QAction:
        return _action(self, *args, **kwargs)

    a("new", "&New", f.new, S.New, "new")
    a("new_window", "New &Window", lambda: _new_window().show(), "Ctrl+Shift+N")
    a("open", "&Open…", f.open_dialog, S.Open, "open")
    a("save", "&Save", f.save, S.Save, "save")
    a("save_as", "Save &As…", f.save_as_dialog, S.SaveAs)
    a("close", "&Close", f.close_document, S.Close)
    a("export_image", "Image (SVG/PNG)…", self._export_image)
    a("quit", "&Quit", self.close, S.Quit)
    undo = self.document.undo_stack.createUndoAction(self, "&Undo")
    undo.setShortcut(S.Undo)
    undo.setIcon(icons.icon("undo"))
    redo = self.document.undo_stack.createRedoAction(self, "&Redo")
    redo.setShortcuts([QKeySequence(S.Redo), QKeySequence("Ctrl+Y")])
    redo.setIcon(icons.icon("redo"))
    self.actions["undo"], self.actions["redo"] = undo, redo
    a("cut", "Cu&t", e.cut, S.Cut)
    a("copy", "&Copy", e.copy, S.Copy)
    a("paste", "&Paste", e.paste, S.Paste)
    a("duplicate", "D&uplicate", e.duplicate, "Ctrl+D")
    a("delete", "&Delete", e.delete, [QKeySequence(S.Delete), QKeySequence("Backspace")], "delete")
    a("rename", "Re&name", e.rename_in_place, "F2")
    a("select_all", "Select &All", e.select_all, S.SelectAll)
    a("find", "&Find Element…", self._focus_find, S.Find, "find")
    for key, text, seq in (("move_up", "Move &Up", "Alt+Up"), ("move_down", "Move Do&wn", "Alt+Down"),
                           ("move_left", "Move &Left", "Alt+Left"), ("move_right", "Move &Right", "Alt+Right")):
        a(key, text, lambda d=key[5:]: e.nudge(d), seq)
    for key, text, seq, icon in (("stage", "&Stage", "Ctrl+1", "stage"),
                                 ("interactive", "&Interactive Step", "Ctrl+2", "interactive"),
                                 ("background", "&Background Step", "Ctrl+3", "background"),
                                 ("mulesoft", "&MuleSoft Step", "Ctrl+4", "mulesoft"),
                                 ("decision", "&Decision", "Ctrl+5", "decision")):
        a(f"insert_{key}", text, lambda k=key: e.insert(k), seq, icon)
    a("zoom_in", "Zoom &In", v.zoom_in, [QKeySequence(S.ZoomIn), QKeySequence("Ctrl+=")], "zoom-in")
    a("zoom_out", "Zoom &Out", v.zoom_out, S.ZoomOut, "zoom-out")
    a("zoom_reset", "&Actual Size", v.reset_zoom, "Ctrl+Shift+0")
    a("fit", "&Fit to Window", v.fit, "Ctrl+0", "fit")
    a("shortcuts", "&Keyboard Shortcuts", self.show_shortcuts, "F1")
    a("about", "&About", self._about)
    for key in ("interactive", "background", "mulesoft"):
        self.actions[f"insert_{key}"].setIcon(icons.icon(key, _type_color(key)))
    # Editing keys act on the canvas only: Delete in a properties field must not delete a step.
    for key in CANVAS_ACTIONS:
        self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.actions[key])


def build_menus(self: "MainWindow") -> None:
    """The menu bar; ``window.menus[key]`` for extensions."""
    bar = self.menuBar()
    file_menu = self.menus["file"] = bar.addMenu("&File")
    for key in ("new", "new_window", "open"):
        file_menu.addAction(self.actions[key])
    self.menus["recent"] = file_menu.addMenu("Open &Recent")
    self.menus["recent"].aboutToShow.connect(self._fill_recent)
    file_menu.addSeparator()
    for key in ("save", "save_as"):
        file_menu.addAction(self.actions[key])
    file_menu.addSeparator()
    self.menus["file_import"] = file_menu.addMenu("&Import")
    self.menus["file_export"] = file_menu.addMenu("&Export")
    self.menus["file_export"].addAction(self.actions["export_image"])
    file_menu.addSeparator()
    file_menu.addAction(self.actions["close"])
    file_menu.addAction(self.actions["quit"])
    edit = self.menus["edit"] = bar.addMenu("&Edit")
    for key in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None, "rename",
                "select_all", "find", None, "move_up", "move_down", "move_left", "move_right"):
        edit.addSeparator() if key is None else edit.addAction(self.actions[key])
    insert = self.menus["insert"] = bar.addMenu("&Insert")
    for key in ("stage", "interactive", "background", "mulesoft", "decision"):
        insert.addAction(self.actions[f"insert_{key}"])
    view = self.menus["view"] = bar.addMenu("&View")
    for key in ("zoom_in", "zoom_out", "zoom_reset", "fit"):
        view.addAction(self.actions[key])
    view.addSeparator()
    self.menus["panels"] = view.addMenu("&Panels")
    self.menus["theme"] = view.addMenu("&Theme")
    for theme in ("system", "light", "dark"):
        act = self.menus["theme"].addAction(theme.capitalize())
        act.triggered.connect(lambda _c=False, t=theme: self.set_theme(t))
    self.menus["simulate"] = bar.addMenu("&Simulate")
    help_menu = self.menus["help"] = bar.addMenu("&Help")
    help_menu.addAction(self.actions["shortcuts"])
    help_menu.addAction(self.actions["about"])


def build_toolbar(self: "MainWindow") -> None:
    bar = self.addToolBar("Main")
    bar.setObjectName("MainToolBar")
    bar.setMovable(False)
    for key in ("new", "open", "save", None, "undo", "redo", None, "zoom_out", "zoom_in", "fit", None,
                "insert_stage", "insert_interactive", "insert_background", "insert_mulesoft", "insert_decision"):
        bar.addSeparator() if key is None else bar.addAction(self.actions[key])
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                         spacer.sizePolicy().verticalPolicy().Preferred)
    bar.addWidget(spacer)
    self.find_field = self.edit.make_find_field()
    bar.addWidget(self.find_field)
    self.toolbar = bar


def refresh_icons(window: "MainWindow") -> None:
    """Re-tint action icons after a theme change."""
    for key, action in window.actions.items():
        name = action.property("icon_name")
        if name in ("interactive", "background", "mulesoft"):
            action.setIcon(icons.icon(name, _type_color(name)))
        elif name:
            action.setIcon(icons.icon(name))
    window.actions["undo"].setIcon(icons.icon("undo"))
    window.actions["redo"].setIcon(icons.icon("redo"))
