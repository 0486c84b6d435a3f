"""Benchmark of the availability analysis (prints figures; not a test).

    python benchmarks/bench_analysis.py

Cases: a 5,000-step orchestration (100 stages × 50 steps, mixed start conditions, references
to earlier stages and siblings) and one stage whose 2,000 steps form a dependency chain.
Bars (issue 4): validating well under 1 s; one availability query a few milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.analysis import _CACHE, Analysis, analyze  # noqa: E402
from engine.model import Orchestration  # noqa: E402
from engine.validate import validate  # noqa: E402


def wide(stages: int = 100, steps: int = 50) -> Orchestration:
    """``stages`` × ``steps``: chains, AND requirements, concurrent steps, cross-stage inputs."""
    data: dict = {"name": "Wide", "stages": [], "flows": [
        {"name": "Work", "type": "autolaunched", "inputs": [{"name": "x"}, {"name": "y"}],
         "outputs": [{"name": "out"}]}]}
    for s in range(stages):
        rows = []
        for t in range(steps):
            name = f"S{s}_T{t}"
            step: dict = {"name": name, "type": "background", "action": "Work", "inputs": {}}
            if t % 5 == 1:
                step["start"] = {"when": "step_completed", "step": f"S{s}_T{t - 1}"}
            elif t % 5 == 2:
                step["start"] = {"when": "requirements", "requirements": [
                    {"left": f"S{s}_T{t - 1}.Status", "operator": "EqualTo", "right": "Completed"},
                    {"left": f"S{s}_T{t - 2}.Status", "operator": "EqualTo", "right": "Completed"}]}
            if t > 0:
                step["inputs"]["x"] = {"ref": f"S{s}_T{t - 1}.Outputs.out"}
            if s > 0:
                step["inputs"]["y"] = {"ref": f"S{s - 1}_T{t}.Outputs.out"}
            rows.append(step)
        data["stages"].append({"name": f"S{s}", "steps": rows})
    return Orchestration.model_validate(data)


def chain(steps: int = 2000) -> Orchestration:
    rows = [{"name": "C0", "type": "background", "action": "Work"}]
    for t in range(1, steps):
        rows.append({"name": f"C{t}", "type": "background", "action": "Work",
                     "start": {"when": "step_completed", "step": f"C{t - 1}"},
                     "inputs": {"x": {"ref": f"C{t - 1}.Outputs.out"}, "y": {"ref": "C0.Outputs.out"}}})
    return Orchestration.model_validate({
        "name": "Chain", "stages": [{"name": "Only", "steps": rows}, {"name": "After", "steps": [
            {"name": "Last", "type": "background", "action": "Work",
             "inputs": {"x": {"ref": f"C{steps - 1}.Outputs.out"}}}]}],
        "flows": [{"name": "Work", "type": "autolaunched", "inputs": [{"name": "x"}, {"name": "y"}],
                   "outputs": [{"name": "out"}]}]})


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def report(title: str, defn: Orchestration, element: str) -> None:
    n_steps = sum(len(s.steps) for s in defn.stages)
    print(f"{title}: {len(defn.stages)} stages, {n_steps} steps")
    t, an = timed(lambda: Analysis(defn))
    print(f"  build analysis (graph, cycles, dataflow)   {t * 1000:8.1f} ms")
    t, found = timed(lambda: Analysis(defn).diagnostics())
    print(f"  analysis diagnostics (build + all sites)   {t * 1000:8.1f} ms   ({len(found)} diagnostics)")
    def validate_fresh():
        _CACHE.clear()  # no cached analysis: the full cost
        return validate(defn)

    t, found = timed(validate_fresh, repeat=3)
    print(f"  engine.validate (structural + analysis)    {t * 1000:8.1f} ms   ({len(found)} diagnostics)")
    fresh = Analysis(defn)
    t0 = time.perf_counter()
    listing = fresh.availability(element, "inputs")
    first = time.perf_counter() - t0
    print(f"  availability({element!r}, 'inputs'), first query of an analysis "
          f"{first * 1000:6.2f} ms   ({len(listing)} candidates)")
    def uncached():
        fresh._lists.clear()
        return fresh.availability(element, "inputs")

    t, _ = timed(uncached, repeat=20)
    print(f"  availability, later queries (not cached)   {t * 1000:8.2f} ms")
    t, _ = timed(lambda: fresh.availability(element, "inputs"), repeat=20)
    print(f"  availability, repeated (cached list)       {t * 1000:8.3f} ms")
    ref = defn.stages[0].steps[0].name + ".Outputs.out"
    t, _ = timed(lambda: fresh.status_of(ref, element, "inputs"), repeat=50)
    print(f"  status_of one reference                    {t * 1000:8.3f} ms")
    t, _ = timed(lambda: analyze(defn), repeat=20)
    print(f"  analyze(defn) cache hit (fingerprint)      {t * 1000:8.2f} ms")


if __name__ == "__main__":
    report("wide 100x50", wide(), "S99_T49")
    report("chain 2000", chain(), "C1999")
