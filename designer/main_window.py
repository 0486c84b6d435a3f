"""The main window: wiring of canvas, docks, menus and actions. Logic lives in the controllers
(``files.FileController``, ``edit_actions.EditController``) and the document.

Extension contract (see docs/designer.md): ``window.menus[...]``, ``window.add_panel(dock, area)``,
``window.scene.set_overlay(...)``; modules ``designer.properties``, ``designer.simulation`` and
``designer.salesforce_actions`` are installed with ``install(window)`` when present.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QTabBar,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QUndoView,
    QWidget,
)

from . import icons
from .canvas.palette import PaletteWidget
from .canvas.scene import CanvasScene
from .canvas.view import CanvasView
from .document import DesignDocument
from .edit_actions import EditController
from .files import FileController
from .problems import ProblemsPanel, Validator
from .settings import settings
from .shortcuts import shortcut_rows
from .window_actions import build_actions, build_menus, build_toolbar, refresh_icons

EXTENSIONS = ("designer.properties", "designer.simulation", "designer.salesforce_actions")
APP_NAME = "Orchestration Designer"
_OPEN_WINDOWS: list["MainWindow"] = []


class MainWindow(QMainWindow):
    """One document in one window."""

    diagnostics_changed = Signal(list)

    def __init__(self, document: DesignDocument | None = None, *, install_extensions: bool = True,
                 restore_layout: bool = True) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowIcon(icons.icon("app"))
        self.setAcceptDrops(True)
        self.document = document or DesignDocument(parent=self)
        self.scene = CanvasScene(self.document, self)
        self.view = CanvasView(self.scene, self)
        self.setCentralWidget(self.view)
        # side panels run the full height; bottom panels sit between them, under the canvas
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.files = FileController(self)
        self.edit = EditController(self)
        self.validator = Validator(self.document, self)
        self.diagnostics: list = []
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self.panels: dict[str, QDockWidget] = {}
        self.extensions: dict[str, object] = {}
        # Extensions append callables ``hook(menu: QMenu, name: str | None)`` to add canvas
        # context-menu entries (name: the element under the pointer, or None on empty canvas).
        self.context_menu_hooks: list = []
        build_actions(self)
        build_menus(self)
        build_toolbar(self)
        self._build_docks()
        self._build_status()
        self._connect()
        if install_extensions:
            self._install_extensions()
        if "PropertiesDock" not in self.panels:
            self._add_basic_properties()
        self._layout_restored = False
        self._shown_once = False
        self._update_title()
        self.validator.validate_now()
        if restore_layout:
            self._layout_restored = self.restore_layout()
        if not self._layout_restored:
            self.resize(1400, 860)
        _OPEN_WINDOWS.append(self)

    # ------------------------------------------------------------------ public contract

    def add_panel(self, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                  *, tabify_with: QDockWidget | None = None) -> QDockWidget:
        """Add a dock (give it a unique objectName); it appears under View → Panels."""
        if not dock.objectName():
            dock.setObjectName(dock.windowTitle().replace(" ", "") + "Dock")
        if tabify_with is not None:
            # straight into the other dock's tab group: adding it to the area first and then
            # tabifying leaves a stale second tab bar drawn in the window
            self.tabifyDockWidget(tabify_with, dock)
        else:
            self.addDockWidget(area, dock)
        self.panels[dock.objectName()] = dock
        self.menus["panels"].addAction(dock.toggleViewAction())
        return dock

    def open_path(self, path: str | Path) -> bool:
        return self.files.open_path(path)

    # ------------------------------------------------------------------ construction

    def _build_docks(self) -> None:
        self.palette = PaletteWidget()
        self.palette.activated_kind.connect(self.edit.insert)
        self.add_panel(_dock("Palette", self.palette, "PaletteDock"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.undo_view = QUndoView(self.document.undo_stack)
        self.undo_view.setEmptyLabel("<opened>")
        history = self.add_panel(_dock("History", self.undo_view, "HistoryDock"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problems = ProblemsPanel()
        self.add_panel(_dock("Problems", self.problems, "ProblemsDock"), Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.panels["PaletteDock"], history], [230, 230], Qt.Orientation.Horizontal)
        self.resizeDocks([self.panels["ProblemsDock"]], [170], Qt.Orientation.Vertical)

    def _default_dock_sizes(self) -> None:
        """A first-start layout that leaves the canvas most of the room (remembered later)."""
        bottom = [d for d in self.panels.values() if self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        right = [d for d in self.panels.values() if self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
        if bottom:
            self.resizeDocks(bottom, [220] * len(bottom), Qt.Orientation.Vertical)
        if right:
            self.resizeDocks(right, [440] * len(right), Qt.Orientation.Horizontal)
        self.resizeDocks([self.panels["PaletteDock"]], [210], Qt.Orientation.Horizontal)
        self.resizeDocks([self.panels["PaletteDock"]], [self.palette.minimumHeight()], Qt.Orientation.Vertical)
        self.panels["ProblemsDock"].raise_()

    def _add_basic_properties(self) -> None:
        from .basic_properties import BasicPropertiesPanel

        self.add_panel(_dock("Properties", BasicPropertiesPanel(self.document), "BasicPropertiesDock"))
        self.resizeDocks([self.panels["BasicPropertiesDock"]], [300], Qt.Orientation.Horizontal)

    def _build_status(self) -> None:
        self.problem_label = QLabel()
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.problem_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self._on_zoom(self.view.zoom())

    def _connect(self) -> None:
        doc = self.document
        doc.modified_changed.connect(lambda _m: self._update_title())
        doc.path_changed.connect(lambda _p: self._update_title())
        doc.orchestration_changed.connect(self._update_title)
        doc.definition_replaced.connect(self._update_title)
        doc.definition_replaced.connect(self._fit_later)
        self.validator.diagnostics_changed.connect(self._on_diagnostics)
        self.problems.element_requested.connect(self._reveal)
        self.scene.element_activated.connect(self.edit.rename_in_place)
        self.view.zoom_changed.connect(self._on_zoom)
        self.view.files_dropped.connect(self._open_dropped)
        self.view.context_menu_requested.connect(self.edit.context_menu)
        doc.selection_changed.connect(self._update_actions)
        self._update_actions(doc.selection)

    def _install_extensions(self) -> None:
        for module_name in EXTENSIONS:
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                if exc.name and module_name.startswith(exc.name):
                    continue  # not written (yet)
                traceback.print_exc()
                continue
            install = getattr(module, "install", None)
            if install is None:
                continue
            try:
                self.extensions[module_name] = install(self)
            except Exception:  # an extension's bug must not stop the designer from opening
                print(f"designer: {module_name}.install(window) failed:", file=sys.stderr)
                traceback.print_exc()

    # ------------------------------------------------------------------ reactions

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.title()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    def _update_actions(self, selection: list) -> None:
        has = bool(selection)
        for key in ("cut", "copy", "duplicate", "delete", "rename", "move_up", "move_down", "move_left", "move_right"):
            self.actions[key].setEnabled(has)

    def _on_diagnostics(self, diagnostics: list) -> None:
        self.diagnostics = diagnostics
        self.scene.set_diagnostics(diagnostics)
        self.problems.set_diagnostics(diagnostics)
        self.problem_label.setText(self.problems.summary())
        self.diagnostics_changed.emit(diagnostics)

    def _on_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def _reveal(self, name: str) -> None:
        if self.document.kind_of(name) is not None:
            self.document.set_selection([name])
            self.view.reveal(name)

    def _fit_later(self) -> None:
        QTimer.singleShot(0, self.view.fit)

    def _focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def _fill_recent(self) -> None:
        from .settings import clear_recent_files, recent_files

        menu = self.menus["recent"]
        menu.clear()
        files = recent_files()
        for path in files:
            menu.addAction(Path(path).name, lambda p=path: self.files.open_path(p)).setStatusTip(path)
        if files:
            menu.addSeparator()
            menu.addAction("Clear Menu", clear_recent_files)
        else:
            menu.addAction("No recent files").setEnabled(False)

    def _open_dropped(self, paths: list) -> None:
        if paths:
            self.files.open_path(paths[0])

    def _export_image(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        suggested = str((self.document.path or Path.cwd() / self.document.definition.name).with_suffix("")) + ".svg"
        path, chosen = QFileDialog.getSaveFileName(self, "Export image", suggested, "SVG image (*.svg);;PNG image (*.png)")
        if path:
            self.export_image(path, ".png" if "png" in chosen else ".svg")

    def export_image(self, path: str, default_suffix: str = ".svg") -> bool:
        """Draw the canvas into ``path`` (.svg or .png, added when missing); a failure is reported."""
        from .render import render_definition

        target = Path(path)
        if target.suffix.lower() not in (".svg", ".png"):
            target = target.with_name(target.name + default_suffix)
        try:
            render_definition(self.document.definition, target, diagnostics=self.diagnostics)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot export image", str(exc))
            return False
        self.statusBar().showMessage(f"Exported {target}", 5000)
        return True

    def set_theme(self, theme: str) -> None:
        from .theme import apply_theme

        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        settings().setValue("theme", theme)
        for w in _OPEN_WINDOWS:
            w.palette.refresh()
            refresh_icons(w)
            w.scene.update()
            w.view.viewport().update()

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td style='padding-right:18px'><b>{k}</b></td><td>{t}</td></tr>" for k, t in shortcut_rows(self))
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setText(f"<table>{rows}</table>")
        box.show()

    def _about(self) -> None:
        QMessageBox.about(self, APP_NAME, f"<b>{APP_NAME}</b><br>Design, check, simulate and export "
                                          "Salesforce Flow Orchestrations.")

    # ------------------------------------------------------------------ layout memory and closing

    def restore_layout(self) -> bool:
        """Restore the remembered geometry and dock layout; False when there is none."""
        s = settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            return bool(self.restoreState(state))
        return False

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            self._default_dock_sizes()  # at the real window size, not the construction size
        if not self._shown_once:  # the stale bars are left by the first show only
            self._shown_once = True
            QTimer.singleShot(0, self._hide_stale_tab_bars)

    def _hide_stale_tab_bars(self) -> None:
        """Qt 6.11 leaves a second tab bar of a dock tab group made before the first show drawn
        where the layout put it at the construction size. The live bar sits right under the
        visible dock of its group; any other bar of the window is stale."""
        docks = {d.windowTitle(): d for d in self.panels.values() if d.isVisible()}
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not bar.isVisible() or bar.count() == 0:
                continue
            dock = docks.get(bar.tabText(bar.currentIndex()))
            if dock is None:
                continue
            under = dock.geometry()
            if abs(bar.geometry().top() - under.bottom()) > 4 or not bar.geometry().intersects(
                    under.adjusted(0, 0, 0, 8)):
                bar.hide()

    def save_layout(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self._open_dropped([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.files.shutdown()
        if self in _OPEN_WINDOWS:
            _OPEN_WINDOWS.remove(self)
        event.accept()


def _dock(title: str, widget: QWidget, name: str) -> QDockWidget:
    dock = QDockWidget(title)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    return dock


def new_window(path: str | Path | None = None) -> MainWindow:
    window = MainWindow()
    if path:
        window.files.open_path(path, ask_to_save=False)
    return window
