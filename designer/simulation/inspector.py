"""Variables and outputs at the current point of the run: run status, variables, $Record,
each started step's run-as, inputs and outputs, and evaluation flow runs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from designer.canvas.overlay import STATUS_COLORS
from engine.runtime import Simulation, format_time

from .values import show_value


class InspectorPanel(QWidget):
    element_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("SimulationInspector")
        self.tree.setHeaderLabels(["Name", "Value"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        self._expanded: set[str] = {"Run", "Variables", "$Record", "Steps"}

    def refresh(self, sim: Simulation | None, set_refs: list[str] = ()) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            (self._expanded.add if item.isExpanded() else self._expanded.discard)(item.text(0))
        self.tree.clear()
        if sim is None:
            return
        st = sim.statuses
        run = self._section("Run")
        self._leaf(run, "Status", st.run, color=STATUS_COLORS.get(st.run))
        self._leaf(run, "Simulated time", format_time(sim.time))
        self._leaf(run, "Current stage", sim.current_stage or "—", element=sim.current_stage)
        if sim.scenario is not None:
            self._leaf(run, "Launched by", sim.scenario.launching_user)
        defn = sim.definition
        if defn.variables:
            variables = self._section("Variables")
            for var in defn.variables:
                self._leaf(variables, var.name, show_value(sim.value(var.name)[0]))
        if defn.type == "record_triggered":
            record = self._section("$Record")
            fields = list(dict.fromkeys([*sim.scenario.record, *(r.split(".", 1)[1] for r in set_refs
                                                                   if r.startswith("$Record."))]))
            for name in fields:
                self._leaf(record, name, show_value(sim.value(f"$Record.{name}")[0]))
        steps = self._section("Steps")
        for step in (st_ for stage in defn.stages for st_ in stage.steps):
            status = st.steps.get(step.name, "Not Started")
            node = self._leaf(steps, step.name, status, color=STATUS_COLORS.get(status), element=step.name)
            run_as = sim.run_as(step.name)
            if run_as:
                self._leaf(node, "runs as", run_as)
            for title, values in (("inputs", sim.inputs(step.name)), ("outputs", sim.outputs(step.name))):
                if values:
                    group = self._leaf(node, title, f"{len(values)} value{'s' if len(values) != 1 else ''}")
                    for key, value in values.items():
                        self._leaf(group, key, show_value(value))
                    group.setExpanded(title == "outputs")
            node.setExpanded(status != "Not Started")
        if sim.evaluation_runs:
            evals = self._section("Evaluation flow runs")
            for flow, count in sim.evaluation_runs.items():
                self._leaf(evals, flow, str(count))

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, ""])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self.tree.addTopLevelItem(item)
        item.setExpanded(title in self._expanded)
        return item

    def _leaf(self, parent: QTreeWidgetItem, name: str, value: str, color: str | None = None,
              element: str | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name, value])
        item.setToolTip(1, value)
        if color:
            item.setForeground(1, QColor(color))
        if element:
            item.setData(0, Qt.ItemDataRole.UserRole, element)
        parent.addChild(item)
        return item

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        element = item.data(0, Qt.ItemDataRole.UserRole)
        if element:
            self.element_clicked.emit(element)
