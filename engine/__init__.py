"""Orchestration Designer engine: model, file I/O, validation, analysis, simulation, metadata.

Pure Python — this package never imports Qt. The public API (SPEC §7):

    engine.load(path) -> Orchestration          engine.save(defn, path)
    engine.validate(defn) -> list[Diagnostic]   engine.load_scenario(path) -> Scenario
    engine.simulate(defn, scenario=None)        engine.Simulation(defn, scenario)
    engine.analyze(defn).availability(element, point)   # guaranteed / maybe / never

Heavier parts are imported on first use, so `import engine` stays quick for the CLI.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .diagnostics import Diagnostic
from .model import Orchestration
from .scenario_model import Scenario
from .validate import validate  # eager: binds the function over the same-named submodule

_LAZY = {
    "load": "engine.io",
    "loads": "engine.io",
    "save": "engine.io",
    "dumps": "engine.io",
    "load_scenario": "engine.io",
    "LoadError": "engine.io",
    "analyze": "engine.analysis",
    "simulate": "engine.runtime",
    "Simulation": "engine.runtime",
    "SimulationResult": "engine.runtime",
}

__all__ = ["Diagnostic", "Orchestration", "Scenario", "validate", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
