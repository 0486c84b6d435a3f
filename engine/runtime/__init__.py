"""The bundled orchestration runtime (SPEC §6): a deterministic discrete-event simulation.

Public API::

    simulate(defn, scenario=None) -> SimulationResult        # run to the end
    Simulation(defn, scenario=None)                          # step through
        .pending() / .deliver(event_id=None) / .open_work_items()
        .complete_work_item(step, outputs=None, user=None) / .fail_step(step, message)
        .reassign_work_item(step, assignee, assignee_type="user")
        .set_field(ref, value) / .publish_event() / .suspend() / .resume() / .cancel()
        .run_to_end(max_events=...) / .step_back(n=1) / .go_to(seq) / .reset()
        .history / .statuses / .is_finished / .stuck / .run_as(step) / .outputs(step)
        .subscribe(callback) / .actions / .script() / .result()

``check_scenario(defn, scenario)`` warns about scenario entries that name nothing.
``draft_scenario(defn)`` generates placeholder values (inputs, $Record fields, placeholder flow
outputs) so a definition without a scenario can be rehearsed at once.
Qt-free: observers receive the plain dataclasses of ``engine.runtime.events``.
"""

from .draft import draft_scenario
from .events import (
    Action,
    ActionApplied,
    DecisionTaken,
    HistoryAdded,
    ReferenceRead,
    StateRestored,
    StatusChanged,
)
from .result import HistoryRecord, SimulationResult, simulate
from .runas import APU, APU_SYSTEM, EVALUATION_RUN_AS
from .runner import SimulationError
from .scenario_check import check_scenario
from .simulation import Simulation, Statuses
from .state import (
    MILESTONES,
    HistoryEntry,
    IllegalTransition,
    PendingEvent,
    WorkItem,
)
from .timeline import format_time, format_timeline

__all__ = [
    "simulate", "Simulation", "SimulationResult", "SimulationError", "Statuses", "HistoryEntry",
    "HistoryRecord", "PendingEvent", "WorkItem", "IllegalTransition", "MILESTONES",
    "Action", "ActionApplied", "DecisionTaken", "HistoryAdded", "ReferenceRead", "StateRestored", "StatusChanged",
    "APU", "APU_SYSTEM", "EVALUATION_RUN_AS", "format_time", "format_timeline", "check_scenario",
    "draft_scenario",
]
