"""One simulation session of a document: the scenario, the run, breakpoints, and what
happens when the definition is edited while a run is shown (the run restarts on the new
definition, replaying the choices made so far, and a notice says so)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from engine.io import LoadError, load_scenario
from engine.model import Orchestration
from engine.runtime import draft_scenario
from engine.scenario_model import Scenario

from .adapter import SimulationAdapter


def scenarios_beside(definition_path: Path | None) -> list[Path]:
    """``*.scenario.yaml`` files in the definition's folder; those named after it first."""
    if definition_path is None or not definition_path.parent.is_dir():
        return []
    stem = definition_path.name.split(".")[0]
    found = sorted(p.resolve() for p in definition_path.parent.glob("*.scenario.yaml"))
    return [p for p in found if p.name.startswith(stem)] + [p for p in found if not p.name.startswith(stem)]


def needs_values(definition: Orchestration) -> bool:
    """Whether a run without a scenario would miss values the generated draft gives (inputs,
    $Record fields besides its Id, outputs of placeholder flows read as assignee or record)."""
    draft = draft_scenario(definition)
    return bool(draft.variables or draft.steps or set(draft.record) - {"Id"})


class SimulationSession(QObject):
    """Creates and re-creates the ``SimulationAdapter`` of a document's definition."""

    started = Signal(object)        # the new SimulationAdapter (or None when stopped)
    changed = Signal()              # anything shown may have changed
    notice = Signal(str)            # something the user should read (definition edited …)
    error = Signal(str)             # a request failed or the run could not be created

    def __init__(self, document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.scenario: Scenario | None = None
        self.scenario_path: Path | None = None
        # True: "Sample values (generated)" chosen; False: a scenario file or none chosen;
        # None: not chosen yet — sample values when no scenario file named after the definition
        # is beside it and the run needs values (see ``uses_draft``).
        self.draft_choice: bool | None = None
        self._draft_pinned = False  # draft_choice was fixed by the first run, not by the user
        self.adapter: SimulationAdapter | None = None
        self.breakpoints: set[str] = set()
        document.changed.connect(self._on_definition_changed)
        document.path_changed.connect(self._on_path_changed)

    # ------------------------------------------------------------------ lifecycle

    @property
    def active(self) -> bool:
        return self.adapter is not None

    def start(self) -> bool:
        """(Re)start the run from the beginning on the current definition."""
        return self._create(self.document.definition)

    def stop(self) -> None:
        self._drop()
        self.started.emit(None)
        self.changed.emit()

    def _drop(self) -> None:
        if self.adapter is not None:
            self.adapter.close()
            self.adapter.deleteLater()
            self.adapter = None

    def _create(self, definition: Orchestration) -> bool:
        self._drop()
        try:
            if self.draft_choice is None:  # the automatic choice holds for this document from now on
                self.draft_choice, self._draft_pinned = self.uses_draft, True
            scenario = draft_scenario(definition) if self.uses_draft else self.scenario
            adapter = SimulationAdapter(definition, scenario, self)
        except Exception as exc:  # noqa: BLE001 — a scenario script that does not fit, or a half-edited definition
            self.error.emit(f"The run could not start: {exc}")
            self.started.emit(None)
            self.changed.emit()
            return False
        self.adapter = adapter
        adapter.refreshed.connect(self.changed)
        adapter.failed.connect(self.error)
        self.started.emit(adapter)
        self.changed.emit()
        return True

    def _on_path_changed(self, _path) -> None:
        """Another file was opened in this window: its run starts afresh, without the old scenario."""
        if self.adapter is None and self._draft_pinned:
            self.draft_choice, self._draft_pinned = None, False
        if self.adapter is not None and self.adapter.definition is not self.document.definition:
            self.scenario, self.scenario_path, self.draft_choice = None, None, None
            self._draft_pinned = False
            self.breakpoints.clear()
            self.stop()

    def _on_definition_changed(self) -> None:
        adapter = self.adapter
        if adapter is None or adapter.definition is self.document.definition:
            return
        actions = adapter.sim.actions[adapter.script_length:]
        names = {t.name for s in self.document.definition.stages for t in s.steps} | {
            s.name for s in self.document.definition.stages}
        self.breakpoints &= names
        if not self._create(self.document.definition):
            return
        done = self.adapter.replay(actions) if actions else 0
        if done == len(actions):
            text = "The definition changed: the run was restarted on it"
            text += f" and your {done} action{'s' if done != 1 else ''} replayed." if done else "."
        else:
            text = (f"The definition changed: the run was restarted on it; {done} of your {len(actions)} "
                    "actions still fit and were replayed, the rest were dropped.")
        self.notice.emit(text)

    # ------------------------------------------------------------------ scenario

    @property
    def uses_draft(self) -> bool:
        """Whether the run starts with generated sample values (``engine.runtime.draft_scenario``)."""
        if self.draft_choice is not None:
            return self.draft_choice
        if self.scenario is not None or self.scenario_path is not None:
            return False
        path = self.document.path
        stem = path.name.split(".")[0] if path is not None else None
        own = [p for p in scenarios_beside(path) if stem and p.name.startswith(stem)]
        return not own and needs_values(self.document.definition)

    def set_scenario(self, scenario: Scenario | None, path: Path | None = None) -> bool:
        self.scenario, self.scenario_path, self.draft_choice = scenario, path, False
        self._draft_pinned = False
        return self.start()

    def use_draft(self) -> bool:
        """Run with sample values generated from the current definition (regenerated on edits)."""
        self.scenario, self.scenario_path, self.draft_choice = None, None, True
        self._draft_pinned = False
        return self.start()

    def load_scenario_file(self, path: Path | str) -> bool:
        try:
            scenario = load_scenario(path)
        except LoadError as exc:
            self.error.emit(str(exc))
            return False
        return self.set_scenario(scenario, Path(path).resolve())

    # ------------------------------------------------------------------ breakpoints

    def toggle_breakpoint(self, name: str) -> bool:
        """Set or clear a breakpoint on a stage or step; returns whether it is now set."""
        if name in self.breakpoints:
            self.breakpoints.discard(name)
        else:
            self.breakpoints.add(name)
        self.changed.emit()
        return name in self.breakpoints

    def run_to_breakpoint(self) -> int:
        """Deliver events until a stage or step with a breakpoint changes status."""
        adapter = self.adapter
        if adapter is None:
            return 0
        sim = adapter.sim
        watched = set(self.breakpoints)

        def snapshot() -> dict[str, str | None]:
            st = sim.statuses
            return {n: st.stages.get(n) if n in st.stages else st.steps.get(n) for n in watched}

        before = snapshot()

        def stop() -> bool:
            nonlocal before
            now = snapshot()
            hit = now != before
            before = now
            return hit

        return adapter.run_until(stop)
