"""Simulation speed figures (a script, not a test): ``python benchmarks/bench_simulate.py``.

Bars (issue 3): 100 stages × 50 steps to the end well under 2 s; one stage whose 2,000 steps
form a dependency chain under 2 s. Also times step_back / go_to / reset on the big run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.model import Orchestration  # noqa: E402
from engine.runtime import Simulation, simulate  # noqa: E402

FLOWS = [
    {"name": "Sync_Flow", "type": "autolaunched", "elements": ["Assignment"]},
    {"name": "Async_Flow", "type": "autolaunched", "elements": ["Action"], "simulate": {"duration": "5m"}},
]


def grid(stages: int, steps: int, flow: str) -> Orchestration:
    return Orchestration.model_validate({
        "name": "Grid", "flows": FLOWS,
        "stages": [{"name": f"S{i}", "steps": [
            {"name": f"S{i}_T{j}", "type": "background", "action": flow} for j in range(steps)]}
            for i in range(stages)],
    })


def chain(n: int, flow: str, reverse: bool = False) -> Orchestration:
    steps = [{"name": "T0", "type": "background", "action": flow}]
    steps += [{"name": f"T{j}", "type": "background", "action": flow,
               "start": {"when": "step_completed", "step": f"T{j - 1}"}} for j in range(1, n)]
    if reverse:
        steps.reverse()
    return Orchestration.model_validate({"name": "Chain", "flows": FLOWS, "stages": [{"name": "Only", "steps": steps}]})


def requirements_chain(n: int) -> Orchestration:
    steps = [{"name": "T0", "type": "background", "action": "Async_Flow"}]
    steps += [{"name": f"T{j}", "type": "background", "action": "Async_Flow",
               "start": {"when": "requirements", "requirements": [
                   {"left": f"T{j - 1}.Status", "operator": "EqualTo", "right": "Completed"}]}}
              for j in range(1, n)]
    return Orchestration.model_validate({"name": "ReqChain", "flows": FLOWS, "stages": [{"name": "Only", "steps": steps}]})


def timed(label: str, defn: Orchestration) -> Simulation:
    start = time.perf_counter()
    sim = Simulation(defn)
    events = sim.run_to_end()
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed * 1000:8.1f} ms  ({events} events, {len(sim.history)} history entries, "
          f"run {sim.statuses.run})")
    return sim


def timed_call(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"{label:<58} {(time.perf_counter() - start) * 1000:8.1f} ms")


def main() -> None:
    timed("100 stages x 50 sync steps", grid(100, 50, "Sync_Flow"))
    big = timed("100 stages x 50 async steps (5,000 events)", grid(100, 50, "Async_Flow"))
    timed("1 stage, 2,000-step chain, sync, list order", chain(2000, "Sync_Flow"))
    timed("1 stage, 2,000-step chain, sync, reverse list order", chain(2000, "Sync_Flow", reverse=True))
    timed("1 stage, 2,000-step chain, async", chain(2000, "Async_Flow"))
    timed("1 stage, 2,000-step chain via Status requirements, async", requirements_chain(2000))
    defn = grid(100, 50, "Async_Flow")
    timed_call("simulate() + to_json() of the 5,000-event run", lambda: simulate(defn).to_json())

    def observed() -> None:
        sim = Simulation(defn)
        received = []
        sim.subscribe(received.append)
        sim.run_to_end()

    timed_call("the 5,000-event run with one observer subscribed", observed)
    n = big.position
    timed_call(f"step_back(1) at the end of the 5,000-event run", lambda: big.step_back(1))
    timed_call("step_back(100)", lambda: big.step_back(100))
    timed_call("go_to(seq 5,000)", lambda: big.go_to(5000))
    timed_call("reset()", big.reset)
    print(f"(positions: {n} actions before stepping back; checkpoint every 16 actions)")


if __name__ == "__main__":
    main()
