"""The properties panel and the flow library, installed into the main window by ``install(window)``.

Modules: ``panel`` (the dock's widget), ``forms`` (fields per element), ``factory`` (one editor per
field kind), editors (``base``, ``values``, ``requirements``, ``conditions``, ``inputs``, ``flows``,
``step_fields``, ``targets``, ``outcomes``, ``variables``, ``orchestration_fields``). The effective
run-as a step shows comes from ``engine.runtime.runas.explain_run_as`` (the simulator's rules).
"""

from __future__ import annotations


def install(window) -> dict:
    """Add the Properties dock ("PropertiesDock") and the Flow library dock ("FlowLibraryDock")."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    from ..flow_library import FlowLibraryPanel
    from .panel import PropertiesPanel

    panel = PropertiesPanel(window.document)
    dock = QDockWidget("Properties")
    dock.setObjectName("PropertiesDock")
    dock.setWidget(panel)
    window.add_panel(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    library = FlowLibraryPanel(window.document)
    library_dock = QDockWidget("Flow library")
    library_dock.setObjectName("FlowLibraryDock")
    library_dock.setWidget(library)
    window.add_panel(library_dock, Qt.DockWidgetArea.RightDockWidgetArea, tabify_with=dock)
    window.diagnostics_changed.connect(panel.set_diagnostics)
    panel.set_diagnostics(getattr(window, "diagnostics", []))
    dock.raise_()
    window.resizeDocks([dock], [420], Qt.Orientation.Horizontal)
    return {"properties": panel, "flow_library": library, "docks": (dock, library_dock)}
