"""The simulation panel: rehearse a run of the open orchestration on the desktop.

``install(window)`` (called by the main window) adds the "Simulation" dock, the Simulate menu
and the canvas overlay. Layers: ``adapter`` (the one place engine callbacks become Qt
signals) → ``session`` (scenario, restart on edits, breakpoints) → ``panel`` and its tabs →
``controller`` (window wiring). All run logic is the engine's ``Simulation``.
"""

from __future__ import annotations


def install(window):
    """Add the simulation dock and menu to ``window``; returns the controller."""
    from .controller import SimulationController

    return SimulationController(window)


__all__ = ["install"]
