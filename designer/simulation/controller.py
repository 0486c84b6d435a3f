"""Wires the simulation into a main window: the "Simulation" dock, the Simulate menu, the
canvas overlay and path layer, breakpoints on the selection, and the file prompts."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QFrame, QScrollArea

from designer.canvas.overlay import OverlayState

from .history import export_history
from .overlay import BREAKPOINT, PathLayerItem, build_overlay, taken_edges
from .panel import SimulationPanel
from .scenario_io import save_run_as_scenario
from .session import SimulationSession
from .timeline_model import build_timeline
from .timeline_view import export_timeline

DOCK_HEIGHT = 330


class SimulationController(QObject):
    """One per window; ``install(window)`` creates it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.session = SimulationSession(self.document, self)
        self.panel = SimulationPanel(self.session)
        self.dock = QDockWidget("Simulation")
        self.dock.setObjectName("SimulationDock")
        # in a scroll area, so a short bottom dock leaves the canvas its room instead of
        # imposing the panel's full height on the window
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.panel)
        self.dock.setWidget(scroller)
        problems = getattr(window, "panels", {}).get("ProblemsDock")
        window.add_panel(self.dock, Qt.DockWidgetArea.BottomDockWidgetArea, tabify_with=problems)
        self._shown = False
        self.path_layer = PathLayerItem()
        window.scene.addItem(self.path_layer)
        self._build_menu()
        hooks = getattr(window, "context_menu_hooks", None)
        if isinstance(hooks, list):  # canvas context menu extension point, when the window offers one
            hooks.append(self.add_context_actions)
        self.session.changed.connect(self.update_canvas)
        self.session.started.connect(self._on_started)
        window.scene.layout_changed.connect(self.update_canvas)
        self.panel.element_clicked.connect(self.reveal)
        self.panel.load_scenario_requested.connect(self.load_scenario)
        self.update_canvas()

    # ------------------------------------------------------------------ menu

    def _add(self, key: str, text: str, slot, tip: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.actions[f"simulate_{key}"] = action
        return action

    def _build_menu(self) -> None:
        menu = self.window.menus["simulate"]
        menu.addAction(self._add("show", "Show Simulation &Panel", self.show_panel,
                                 "Show the simulation dock", "Ctrl+Shift+R"))
        menu.addSeparator()
        for key in ("reset", "step", "back", "forward", "run_to_breakpoint", "run_to_end", None,
                    "suspend", "resume", "cancel", "stop"):
            if key is None:
                menu.addSeparator()
                continue
            action = self.panel.actions[key]
            menu.addAction(action)
            self.window.actions[f"simulate_{key}"] = action
        menu.addSeparator()
        self.breakpoint_action = self._add("breakpoint", "Toggle &Breakpoint", self.toggle_breakpoint,
                                           "Stop Run to Breakpoint when the selected stage or step changes status",
                                           "F9")
        menu.addAction(self.breakpoint_action)
        menu.addAction(self._add("clear_breakpoints", "Clear All Breakpoints", self.clear_breakpoints,
                                 "Remove every breakpoint"))
        menu.addSeparator()
        menu.addAction(self._add("load_scenario", "&Load Scenario…", self.load_scenario,
                                 "Run with the inputs and choices of a *.scenario.yaml"))
        menu.addAction(self._add("save_scenario", "&Save Run as Scenario…", self.save_scenario,
                                 "Keep this rehearsal as a regression test for `orchestration simulate --check`"))
        menu.addAction(self._add("export_history", "Export &History (CSV / JSON)…", self.export_history,
                                 "Write the run history"))
        menu.addAction(self._add("export_timeline", "Export &Timeline (PNG / SVG)…", self.export_timeline,
                                 "Write the timeline picture"))

    # ------------------------------------------------------------------ canvas

    def update_canvas(self) -> None:
        scene = self.window.scene
        adapter = self.session.adapter
        if adapter is None:
            marks = {n: OverlayState(marker=BREAKPOINT, color="#d93025") for n in self.session.breakpoints}
            scene.set_overlay(marks or None)
            self.path_layer.set_edges([], set())
            return
        scene.set_overlay(build_overlay(adapter.sim, self.session.breakpoints))
        self.path_layer.set_edges(scene.layout.edges, taken_edges(adapter.sim))

    def reveal(self, name: str) -> None:
        if name and self.document.kind_of(name) is not None:
            self.document.set_selection([name])
            reveal = getattr(self.window.view, "reveal", None)
            if reveal is not None:
                reveal(name)

    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)

    def _on_started(self, adapter) -> None:
        if adapter is not None and not self._shown:
            self._shown = True
            self.show_panel()

    # ------------------------------------------------------------------ breakpoints

    def toggle_breakpoint(self, name: str | None = None) -> bool | None:
        name = name or self.document.current()
        if not name or self.document.kind_of(name) not in ("stage", "step"):
            self.window.statusBar().showMessage("Select a stage or step to set a breakpoint on it", 4000)
            return None
        on = self.session.toggle_breakpoint(name)
        self.window.statusBar().showMessage(f"Breakpoint {'set on' if on else 'removed from'} {name}", 3000)
        return on

    def add_context_actions(self, menu, name: str | None) -> None:
        """Add "Toggle Breakpoint" to the canvas context menu of a stage or step."""
        if name and self.document.kind_of(name) in ("stage", "step"):
            menu.addSeparator()
            text = "Remove Breakpoint" if name in self.session.breakpoints else "Set Breakpoint"
            action = menu.addAction(text)
            action.triggered.connect(lambda _checked=False, n=name: self.toggle_breakpoint(n))

    def clear_breakpoints(self) -> None:
        self.session.breakpoints.clear()
        self.session.changed.emit()

    # ------------------------------------------------------------------ files (prompts are methods tests replace)

    def choose_open_path(self, title: str, start: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, title, start, filters)
        return path

    def choose_save_path(self, title: str, suggested: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.window, title, suggested, filters)
        return path

    def _beside(self, suffix: str) -> str:
        doc_path = self.document.path
        stem = doc_path.name.split(".")[0] if doc_path else self.document.definition.name.lower()
        folder = doc_path.parent if doc_path else Path.cwd()
        return str(folder / f"{stem}{suffix}")

    def load_scenario(self) -> None:
        path = self.choose_open_path("Load scenario", self._beside(""),
                                     "Scenarios (*.scenario.yaml);;YAML (*.yaml *.yml)")
        if path:
            self.session.load_scenario_file(path)
            self.panel.fill_scenarios()

    def save_scenario(self, path: str | None = None) -> str | None:
        adapter = self.session.adapter
        if adapter is None:
            self.panel.error.show_text("Start a run first: the scenario keeps the choices made in it.")
            return None
        path = path or self.choose_save_path("Save run as scenario", self._beside(".rehearsal.scenario.yaml"),
                                             "Scenarios (*.scenario.yaml)")
        if not path:
            return None
        try:
            notes = save_run_as_scenario(adapter.sim, path)
        except (OSError, ValueError) as exc:
            self.panel.error.show_text(escape(f"Could not save {path}: {exc}"))
            return None
        text = f"Saved {Path(path).name}: check it with <code>orchestration simulate FILE --scenario "
        text += f"{escape(Path(path).name)} --check</code>."
        self.panel.notice.show_text(" ".join([text, *map(escape, notes)]))
        self.panel.fill_scenarios()
        return path

    def _export(self, path: str | None, title: str, suffix: str, filters: str, write, failure: str) -> str | None:
        """Write the run with ``write(sim, path)`` to ``path`` (asked for when None); ``failure``
        formats the message shown when that raises OSError (fields ``path``, ``exc``)."""
        adapter = self.session.adapter
        if adapter is None:
            return None
        path = path or self.choose_save_path(title, self._beside(suffix), filters)
        if not path:
            return None
        try:
            write(adapter.sim, path)
        except OSError as exc:
            self.panel.error.show_text(escape(failure.format(path=path, exc=exc)))
            return None
        self.window.statusBar().showMessage(f"Exported {path}", 5000)
        return path

    def export_history(self, path: str | None = None) -> str | None:
        return self._export(path, "Export history", ".history.csv", "CSV (*.csv);;JSON (*.json)",
                            lambda sim, target: export_history(sim.history, target),
                            "Could not write {path}: {exc}")

    def export_timeline(self, path: str | None = None) -> str | None:
        def write(sim, target: str) -> None:
            timeline = build_timeline(sim.definition, sim.history, sim.time, sim.decisions, sim.is_finished)
            export_timeline(timeline, target, max(1000, self.panel.timeline.width()))

        return self._export(path, "Export timeline", ".timeline.png", "PNG image (*.png);;SVG image (*.svg)",
                            write, "{exc}")
