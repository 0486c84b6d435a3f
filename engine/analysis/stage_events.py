"""Happens-before within one visit of a stage: the stage's event graph.

Events (graph nodes) are tuples ``(kind, name)``:

* ``("enter", S)`` — stage S becomes In Progress (its steps are Not Started);
* ``("start", X)`` / ``("done", X)`` — step X starts / is Completed;
* ``("complete", S)`` — stage S is Completed through its completion condition;
* ``("ext", Y)`` — step Y of *another* stage is Completed (a start or completion condition
  of this stage waits for it; nothing in this stage precedes it).

An edge ``u → v`` means: whenever v happens in this visit, u happened before it. Sources:
the stage starts before its steps; a step starts before it completes; "after step Y" and
conjunctively demanded ``Y.Status EqualTo Completed`` order Y's completion first (other
"started" statuses order Y's start first); a default stage waits for all its steps.

Every node gets two bit sets over the global step index: ``anc`` — steps Completed on every
run before the event (strict ancestors), and ``desc`` — steps that can only complete after
it (within the visit). Events on a dependency cycle never happen; they are left out of the
ordering and reported as cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..model import AllStepsCompleted, InteractiveStep, Orchestration, Stage, StepCompleted
from ..refs import NameIndex
from .conditions import COMPLETED, STARTED_STATUSES, Demand, demands

Event = tuple[str, str]
STEP_STATUS_VALUES = frozenset({"Not Started", "In Progress", "Completed", "Discontinued", "Error", "Canceled"})


@dataclass
class DemandCheck:
    """A demanded requirement whose reference may turn out never to be available."""

    target: Event          # the event the condition guards
    point: str             # start | complete | stage_complete
    element: str
    demand: Demand


@dataclass
class StageEvents:
    """The event graph of one stage and what it guarantees (see module docstring)."""

    stage: Stage
    position: int                                   # index in defn.stages
    succ: dict[Event, dict[Event, dict]] = field(default_factory=dict)   # u -> {v: edge data}
    pred: dict[Event, list[Event]] = field(default_factory=dict)
    anc: dict[Event, int] = field(default_factory=dict)
    desc: dict[Event, int] = field(default_factory=dict)
    cycles: list[list[str]] = field(default_factory=list)   # step names, first repeated last
    cyclic: set[Event] = field(default_factory=set)
    checks: list[DemandCheck] = field(default_factory=list)
    seeds: dict[Event, str] = field(default_factory=dict)   # events impossible by themselves
    kill: int = 0                                            # bits of this stage's steps

    def add_node(self, node: Event) -> None:
        if node not in self.succ:
            self.succ[node] = {}
            self.pred[node] = []

    def add_edge(self, u: Event, v: Event, **data: str) -> None:
        self.add_node(u)
        self.add_node(v)
        if v not in self.succ[u]:
            self.succ[u][v] = data
            self.pred[v].append(u)

    @property
    def g(self) -> nx.DiGraph:
        """This stage's event graph as a networkx DiGraph (built on first use)."""
        graph = self.__dict__.get("_g")
        if graph is None:
            graph = nx.DiGraph()
            graph.add_nodes_from(self.succ)
            graph.add_edges_from((u, v, d) for u, vs in self.succ.items() for v, d in vs.items())
            self.__dict__["_g"] = graph
        return graph

    @property
    def name(self) -> str:
        return self.stage.name

    @property
    def enter(self) -> Event:
        return ("enter", self.stage.name)

    @property
    def complete(self) -> Event:
        return ("complete", self.stage.name)


def build_stage(defn: Orchestration, position: int, names: NameIndex, bit: dict[str, int],
                home: dict[str, str]) -> StageEvents:
    """Build and order the event graph of ``defn.stages[position]``."""
    stage = defn.stages[position]
    ev = StageEvents(stage, position)
    g = ev
    g.add_node(ev.enter)
    g.add_node(ev.complete)
    g.add_edge(ev.enter, ev.complete, why=f"stage {stage.name} starts before it completes")
    local = {st.name for st in stage.steps if home.get(st.name) == stage.name}
    for st in stage.steps:
        if st.name not in local:
            continue  # a duplicate name: validation reports it
        ev.kill |= bit[st.name]
        g.add_edge(ev.enter, ("start", st.name), why=f"stage {stage.name} starts before its steps")
        g.add_edge(("start", st.name), ("done", st.name), why=f"{st.name} starts before it completes")
    sp = f"stages[{position}]"
    for ti, st in enumerate(stage.steps):
        if st.name not in local:
            continue
        tp = f"{sp}.steps[{ti}]"
        start = ("start", st.name)
        if isinstance(st.start, StepCompleted):
            other = st.start.step
            why = f"{st.name} starts when {other} is Completed (start condition)"
            if other in local:
                g.add_edge(("done", other), start, why=why, field=f"{tp}.start.step")
            elif other in home:
                g.add_edge(("ext", other), start, why=why, field=f"{tp}.start.step")
            # an unknown step is UNKNOWN_STEP (validation); it orders nothing here
        else:
            _add_demands(ev, defn, names, local, home, st.start, f"{tp}.start", start, "start", st.name)
        if isinstance(st, InteractiveStep):
            _add_demands(ev, defn, names, local, home, st.complete, f"{tp}.complete",
                         ("done", st.name), "complete", st.name)
    if isinstance(stage.complete, AllStepsCompleted):
        for st in stage.steps:
            if st.name in local:
                g.add_edge(("done", st.name), ev.complete,
                           why=f"stage {stage.name} completes when all its steps are Completed")
    else:
        _add_demands(ev, defn, names, local, home, stage.complete, f"{sp}.complete",
                     ev.complete, "stage_complete", stage.name)
    _order(ev, bit)
    return ev


def _add_demands(ev: StageEvents, defn: Orchestration, names: NameIndex, local: set[str],
                 home: dict[str, str], cond: object, field_path: str, target: Event,
                 point: str, element: str) -> None:
    for demand in demands(cond, field_path, names, defn):
        ref = demand.ref
        status = demand.demands_status()
        why = f"requirement {demand.number} ({demand.text}) must hold"
        if ref.kind == "step_status" and status is not None:
            owner = ref.owner or ""
            if status not in STEP_STATUS_VALUES:
                ev.seeds.setdefault(target, f"requirement {demand.number} ({demand.text}) can never hold: "
                                            f"'{status}' is not a step status")
            elif status == COMPLETED:
                source = ("done", owner) if owner in local else ("ext", owner)
                ev.add_edge(source, target, why=why, field=demand.field)
            elif status in STARTED_STATUSES and owner in local:
                ev.add_edge(("start", owner), target, why=why, field=demand.field)
        elif ref.kind == "stage_status" and status is not None and ref.owner == ev.name:
            if status != "In Progress":
                ev.seeds.setdefault(target, f"requirement {demand.number} ({demand.text}) can never hold: "
                                            f"stage {ev.name} is In Progress while it is evaluated")
        elif ref.is_automatic_output and demand.fails_on_null():
            ev.checks.append(DemandCheck(target, point, element, demand))


def _done_bit(node: Event, bit: dict[str, int]) -> int:
    kind, name = node
    return bit.get(name, 0) if kind in ("done", "ext") else 0


def _order(ev: StageEvents, bit: dict[str, int]) -> None:
    succ, pred = ev.succ, ev.pred
    # Kahn's algorithm; whatever is left over sits on or behind a dependency cycle.
    waiting = {n: len(ps) for n, ps in pred.items()}
    order = [n for n, k in waiting.items() if k == 0]
    for node in order:  # grows while iterating
        for s in succ[node]:
            waiting[s] -= 1
            if waiting[s] == 0:
                order.append(s)
    if len(order) < len(succ):
        left = nx.DiGraph()
        done = set(order)
        left.add_edges_from((u, v) for u, vs in succ.items() if u not in done for v in vs if v not in done)
        for component in nx.strongly_connected_components(left):
            if len(component) > 1 or any(left.has_edge(n, n) for n in component):
                ev.cyclic |= component
                ev.cycles.append(_cycle_steps(left.subgraph(component), ev))
        ev.cycles.sort(key=lambda c: _position(ev).get(c[0], 0))
    anc = ev.anc
    for node in order:
        acc = 0
        for p in pred[node]:
            acc |= anc[p] | _done_bit(p, bit)
        anc[node] = acc
    desc = ev.desc
    for node in reversed(order):
        acc = 0
        for s in succ[node]:
            if s in desc:
                acc |= desc[s] | _done_bit(s, bit)
        desc[node] = acc
    for node in succ:
        anc.setdefault(node, 0)
        desc.setdefault(node, 0)


def _position(ev: StageEvents) -> dict[str, int]:
    return {st.name: i for i, st in enumerate(ev.stage.steps)}


def _cycle_steps(sub: nx.DiGraph, ev: StageEvents) -> list[str]:
    """A cycle of the component as step names in happens-before order, e.g. [Ping, Pong, Ping]."""
    position = _position(ev)
    steps = sorted({name for kind, name in sub if kind in ("start", "done")}, key=lambda s: position.get(s, 0))
    first = ("start", steps[0]) if ("start", steps[0]) in sub else next(iter(sub))
    try:
        edges = nx.find_cycle(sub, first)
    except nx.NetworkXNoCycle:  # pragma: no cover - a component with a cycle always has one
        edges = []
    names: list[str] = []
    for u, _v in edges:
        name = u[1]
        if not names or names[-1] != name:
            names.append(name)
    if len(names) > 1 and names[0] == names[-1]:
        names.pop()
    if not names:
        names = steps[:1]
    # rotate to start at the first step in canvas order
    k = min(range(len(names)), key=lambda i: position.get(names[i], 0))
    names = names[k:] + names[:k]
    return names + [names[0]]
