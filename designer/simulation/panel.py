"""The simulation dock's widget: scenario choice, run controls, scrubber, banners, and the
Work Guide / Events / Inspector / Timeline / History tabs. It drives the run only through the
session's adapter (the engine's step-through API)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from designer.canvas.overlay import STATUS_COLORS
from engine.runtime import format_time

from .banners import Banner
from .events_panel import EventsPanel
from .history import HistoryPanel
from .inspector import InspectorPanel
from .scrubber import HistoryScrubber
from .session import SimulationSession, scenarios_beside
from .timeline_model import build_timeline
from .timeline_view import TimelineWidget
from .work_guide import WorkGuidePanel

NO_SCENARIO = "(no scenario)"
DRAFT_SCENARIO = "Sample values (generated)"
LOAD_SCENARIO = "Load Scenario File…"


class SimulationPanel(QWidget):
    """Everything inside the "Simulation" dock."""

    element_clicked = Signal(str)
    load_scenario_requested = Signal()

    def __init__(self, session: SimulationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actions: dict[str, QAction] = {}
        self._build()
        session.changed.connect(self.refresh)
        session.notice.connect(lambda text: self.notice.show_text(escape(text)))
        session.error.connect(lambda text: self.error.show_text(escape(text)))
        session.started.connect(lambda _a: (self.fill_scenarios(), self._on_started()))
        session.document.path_changed.connect(lambda _p: self.fill_scenarios())
        self.fill_scenarios()
        self.refresh()

    # ------------------------------------------------------------------ construction

    def _action(self, key: str, text: str, slot, tip: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions[key] = action
        return action

    def _build(self) -> None:
        self.scenario_box = QComboBox()
        self.scenario_box.setObjectName("ScenarioChoice")
        self.scenario_box.setMinimumContentsLength(22)
        self.scenario_box.setToolTip("Inputs and scripted behaviour of the run")
        self.scenario_box.activated.connect(self._scenario_chosen)
        bar = QToolBar()
        bar.setObjectName("SimulationToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(QLabel(" Scenario "))
        bar.addWidget(self.scenario_box)
        bar.addSeparator()
        a = self._action
        for action in (
            a("reset", "⟲ Restart", self.restart, "Start the run again from the beginning (Ctrl+Shift+F5)",
              "Ctrl+Shift+F5"),
            a("back", "◀ Back", self.step_back, "Undo the last action of the run (Shift+F10)", "Shift+F10"),
            a("forward", "Forward ▶", self.step_forward, "Redo the action undone with Back"),
            a("step", "Step ▷", self.step, "Deliver the next pending event in time order (F10)", "F10"),
            a("run_to_breakpoint", "Run to Breakpoint", self.run_to_breakpoint,
              "Deliver events until a stage or step with a breakpoint changes status (F8)", "F8"),
            a("run_to_end", "Run to End", self.run_to_end, "Deliver every pending event in order (F5)", "F5"),
        ):
            bar.addAction(action)
        a("suspend", "Suspend Run", lambda: self._drive(lambda ad: ad.suspend()),
          "Suspend the run: no new steps start, deliveries wait until it resumes")
        a("resume", "Resume Run", lambda: self._drive(lambda ad: ad.resume()), "Resume the suspended run")
        a("cancel", "Cancel Run", lambda: self._drive(lambda ad: ad.cancel()), "Cancel the run")
        bar.addSeparator()
        bar.addAction(a("stop", "Stop", self.session.stop, "Close the run and clear the canvas overlay"))
        self.toolbar = bar

        self.scrubber = HistoryScrubber()
        self.scrubber.setObjectName("SimulationScrubber")
        self.scrubber.setToolTip("The run's history, one notch per milestone: drag (or click, or use the arrow "
                                 "keys) to jump back to any earlier point, and forward again up to the "
                                 "furthest point reached. Each tick is the end of an action: the run stops there")
        self.scrubber.setPageStep(1)
        self.scrubber.valueChanged.connect(self._scrubbed)
        self.scrubber.sliderReleased.connect(lambda: self._scrubbed(self.scrubber.value()))
        self.position_label = QLabel()
        self.position_label.setObjectName("ScrubberPosition")
        self.position_label.setMinimumWidth(300)
        scrub = QHBoxLayout()
        scrub.addWidget(QLabel("History"))
        scrub.addWidget(self.scrubber, 1)
        scrub.addWidget(self.position_label)

        self.status_line = QLabel()
        self.status_line.setObjectName("RunStatus")
        self.status_line.setTextFormat(Qt.TextFormat.RichText)
        self.notice = Banner("notice")
        self.stuck = Banner("stuck")
        self.error = Banner("error")

        self.work_guide = WorkGuidePanel()
        self.events = EventsPanel()
        self.inspector = InspectorPanel()
        self.timeline = TimelineWidget()
        self.history = HistoryPanel()
        timeline_scroll = QScrollArea()
        timeline_scroll.setWidgetResizable(True)
        timeline_scroll.setWidget(self.timeline)
        timeline_scroll.setObjectName("TimelineScroll")
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.work_guide, "Work Guide")
        self.left_tabs.addTab(self.events, "Pending Events")
        self.left_tabs.addTab(self.inspector, "Variables && Outputs")
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(timeline_scroll, "Timeline")
        self.right_tabs.addTab(self.history, "History")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.right_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(bar)
        layout.addLayout(scrub)
        layout.addWidget(self.status_line)
        for banner in (self.notice, self.stuck, self.error):
            layout.addWidget(banner)
        layout.addWidget(splitter, 1)

        for panel in (self.work_guide, self.events, self.inspector, self.history):
            panel.element_clicked.connect(self.element_clicked)
        self.timeline.element_clicked.connect(self.element_clicked)
        self.work_guide.complete_requested.connect(
            lambda step, outputs, user: self._drive(lambda ad: ad.complete_work_item(step, outputs, user or None)))
        self.work_guide.reassign_requested.connect(
            lambda step, who, kind: self._drive(lambda ad: ad.reassign_work_item(step, who, kind)))
        self.work_guide.fail_requested.connect(lambda step, msg: self._drive(lambda ad: ad.fail_step(step, msg)))
        self.events.deliver_requested.connect(lambda eid: self._drive(lambda ad: ad.deliver(eid)))
        self.events.fail_requested.connect(lambda step, msg: self._drive(lambda ad: ad.fail_step(step, msg)))
        self.events.set_requested.connect(lambda ref, value: self._drive(lambda ad: ad.set_field(ref, value)))
        self.events.publish_requested.connect(lambda: self._drive(lambda ad: ad.publish_event()))
        self.history.go_back_requested.connect(lambda seq: self._drive(lambda ad: ad.go_to_seq(seq)))

    # ------------------------------------------------------------------ scenario choice

    def fill_scenarios(self) -> None:
        box = self.scenario_box
        box.blockSignals(True)
        box.clear()
        box.addItem(NO_SCENARIO, None)
        box.addItem(DRAFT_SCENARIO, "draft")
        box.setItemData(1, "Placeholder values for the inputs, $Record fields and flow outputs the "
                        "orchestration reads but does not give (owner@example.com, sample Ids …); "
                        "Simulate → Save Run as Scenario keeps them for editing", Qt.ItemDataRole.ToolTipRole)
        paths = scenarios_beside(self.session.document.path)
        if self.session.scenario_path is not None and self.session.scenario_path not in paths:
            paths.insert(0, self.session.scenario_path)
        for path in paths:
            box.addItem(path.name, str(path))
            box.setItemData(box.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole)
        box.addItem(LOAD_SCENARIO, "load")
        current = str(self.session.scenario_path) if self.session.scenario_path else None
        index = box.findData(current) if current else 1 if self.session.uses_draft else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def _scenario_chosen(self, index: int) -> None:
        data = self.scenario_box.itemData(index)
        if data == "load":
            self.load_scenario_requested.emit()
            self.fill_scenarios()
        elif data == "draft":
            self.session.use_draft()
        elif data is None:
            self.session.set_scenario(None)
        else:
            self.session.load_scenario_file(Path(data))
        self.fill_scenarios()

    # ------------------------------------------------------------------ driving the run

    def _adapter(self):
        if self.session.adapter is None:
            self.session.start()
        return self.session.adapter

    def _drive(self, call) -> None:
        self.error.clear()
        adapter = self._adapter()
        if adapter is not None:
            call(adapter)

    def restart(self) -> None:
        self.error.clear()
        self.notice.clear()
        self.session.start()

    def step(self) -> None:
        self._drive(lambda ad: ad.deliver())

    def step_back(self) -> None:
        self._drive(lambda ad: ad.step_back())

    def step_forward(self) -> None:
        self._drive(lambda ad: ad.step_forward())

    def run_to_end(self) -> None:
        self._drive(lambda ad: ad.run_to_end())

    def run_to_breakpoint(self) -> None:
        self._adapter()
        if not self.session.breakpoints:
            self.error.show_text("No breakpoints: select a stage or step on the canvas and choose "
                                 "Simulate → Toggle Breakpoint (F9).")
            return
        self.error.clear()
        self.session.run_to_breakpoint()

    def _scrubbed(self, value: int) -> None:
        """Jump to history entry ``value`` (while dragging, only say where the jump would land)."""
        adapter = self.session.adapter
        if adapter is None:
            return
        shown = len(adapter.sim.history)
        if self.scrubber.isSliderDown():
            self.position_label.setText(self._entry_text(adapter, value, preview=True))
            return
        if value == shown:
            return
        position = adapter.position
        adapter.go_to_entry(value)
        if adapter.position == position and value < shown:
            adapter.step_back()   # that entry belongs to the last action: one notch back undoes it

    @staticmethod
    def _entry_text(adapter, value: int, *, preview: bool = False) -> str:
        entries = adapter.furthest_history
        total = len(entries)
        if value <= 0 or not entries:
            return f"{'→ ' if preview else ''}start of the run · {total} milestones reached"
        entry = entries[min(value, total) - 1]
        text = f"#{entry.seq} of {total} · {format_time(entry.time)} · {entry.milestone} {entry.element}"
        return ("→ " + text) if preview else text

    # ------------------------------------------------------------------ refresh

    def _on_started(self) -> None:
        adapter = self.session.adapter
        sim = adapter.sim if adapter is not None else None
        self.work_guide.set_simulation(sim)
        self.events.set_simulation(sim)
        self.history.set_entries([])

    def refresh(self) -> None:
        adapter = self.session.adapter
        sim = adapter.sim if adapter is not None else None
        running = sim is not None and not sim.is_finished
        self.actions["back"].setEnabled(sim is not None and adapter.position > 0)
        self.actions["forward"].setEnabled(sim is not None and adapter.last_position > adapter.position)
        for key in ("step", "run_to_end", "run_to_breakpoint"):
            self.actions[key].setEnabled(sim is None or (running and bool(sim.pending())))
        self.actions["stop"].setEnabled(sim is not None)
        status = sim.statuses.run if sim is not None else None
        self.actions["suspend"].setEnabled(sim is None or status == "In Progress")
        self.actions["resume"].setEnabled(status == "Suspended")
        self.actions["cancel"].setEnabled(sim is None or status in ("In Progress", "Suspended"))
        self.scrubber.blockSignals(True)
        self.scrubber.setEnabled(sim is not None)
        self.scrubber.setRange(0, len(adapter.furthest_history) if adapter else 0)
        self.scrubber.setValue(len(sim.history) if sim is not None else 0)
        self.scrubber.set_stops(adapter.stops if adapter else [])
        self.scrubber.blockSignals(False)
        self.work_guide.refresh()
        self.events.refresh()
        if sim is None:
            self.status_line.setText("<span style='color:#5f6b7c'>No run. Press <b>Step</b> or <b>Run to End</b> "
                                     "to rehearse the orchestration; choose a scenario for its inputs.</span>")
            self.position_label.setText("")
            self.stuck.clear()
            self.inspector.refresh(None)
            self.timeline.set_timeline(None)
            self.history.set_entries([])
            return
        history = sim.history
        self.position_label.setText(self._entry_text(adapter, len(history)))
        self.position_label.setToolTip(f"After action {adapter.position} of {adapter.last_position} "
                                       "(Back / Forward move one action)")
        self.status_line.setText(self._status_html(sim))
        stuck = sim.stuck if not sim.is_finished else None
        self.stuck.show_text(f"<b>The run is stuck.</b> {escape(stuck)}" if stuck else "")
        set_refs = [a.ref for a in sim.actions if a.kind == "set_field" and a.ref]
        self.inspector.refresh(sim, set_refs)
        self.timeline.set_timeline(build_timeline(sim.definition, history, sim.time, sim.decisions, sim.is_finished))
        self.history.set_entries(history)

    @staticmethod
    def _status_html(sim) -> str:
        st = sim.statuses
        color = STATUS_COLORS.get(st.run, "#1b73e8")
        parts = [f"<b style='color:{color}'>● Run {escape(st.run)}</b>", f"at {format_time(sim.time)}"]
        if sim.current_stage and not sim.is_finished:
            parts.append(f"stage <b>{escape(sim.current_stage)}</b>")
        if st.run == "Error":
            failure = next((h for h in reversed(sim.history) if h.milestone == "Fail Run"), None)
            if failure is not None and failure.detail:
                parts.append(f"<span style='color:{color}'>{escape(failure.detail)}</span>")
        items = len(sim.open_work_items())
        pending = len(sim.pending())
        if items:
            parts.append(f"{items} open work item{'s' if items != 1 else ''}")
        if not sim.is_finished:
            parts.append(f"{pending} pending event{'s' if pending != 1 else ''}")
            if not pending and sim.stuck:
                parts.append("<b style='color:#d93025'>stuck</b>")
        return " · ".join(parts)
