"""Helpers for the simulation-panel tests: open an example with the panel installed, step it out."""

from __future__ import annotations

from engine.io import load
from tests.conftest import EXAMPLES


def open_example(window, name: str, scenario: bool = True):
    """Open an example definition in ``window`` with the simulation installed; pick its scenario."""
    from designer.simulation import install

    path = EXAMPLES / f"{name}.orchestration.yaml"
    window.document.reset(load(path), path)
    controller = install(window)
    if scenario:
        box = controller.panel.scenario_box
        index = box.findText(f"{name}.scenario.yaml")
        assert index > 0, "the scenario beside the definition is listed"
        box.setCurrentIndex(index)
        controller.panel._scenario_chosen(index)
    else:
        controller.panel.restart()
    return controller


def step_to_end(panel, limit: int) -> None:
    """Press Step until it is disabled, at most ``limit`` times."""
    for _ in range(limit):
        if not panel.actions["step"].isEnabled():
            break
        panel.actions["step"].trigger()
