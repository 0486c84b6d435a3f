"""The analysis of one definition: build once, then answer availability questions fast.

How it fits together (details in docs/analysis.md):

1. ``PathGraph`` — stages/decisions, dominators, reachability (loops allowed).
2. ``StageEvents`` per stage — happens-before within one visit of the stage.
3. A fixpoint over "events that can never happen" (dependency cycles, waiting for a step
   that never completes here, demanded requirements on references never available).
4. A forward *must* dataflow over the path graph: ``entry[N]`` = steps Completed on every
   path from the start to N. Entering a stage resets its steps; leaving it through its
   completion adds what its completion condition guarantees; a decision outcome adds the
   steps its requirements demand Completed; a fault path adds nothing.

Loops: entering a stage again starts a new stage run — its steps are Not Started again and
outputs of the earlier visit are gone (the runtime does the same). A stage status, once the
stage has run, stays readable; so a later stage reached again through a loop is *maybe*.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Literal

from ..model import InteractiveStep, Orchestration, RequirementsCondition
from ..refs import NameIndex, ResolvedRef, resolve_ref
from .conditions import COMPLETED, demands
from .paths import START, PathGraph
from .reuse import build_stages
from .stage_events import Event, StageEvents

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..diagnostics import Diagnostic
    from .candidates import Candidate

Status = Literal["guaranteed", "maybe", "never"]
STEP_POINTS = frozenset({"start", "start_inputs", "inputs", "assignee", "record", "complete"})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects (halves the
    build time on large definitions; nothing built here forms reference cycles to collect)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Context:
    """Where a reference is read: a node of the path graph and, in a stage, the local event.

    ``event`` is the event the reads happen *before* (a step's start, an interactive step's
    completion, the stage's completion); ``None`` at a decision.
    """

    node: str
    element: str
    point: str
    step: str | None
    event: Event | None
    outcome: int | None = None   # at a decision: the outcome whose requirements read (its guards)

    @property
    def in_stage(self) -> bool:
        return self.event is not None


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str


class Analysis:
    """Availability, ordering and never-happening events of one definition."""

    def __init__(self, defn: Orchestration, *, reuse: bool = False) -> None:
        """``reuse``: take the event graphs of stages that are the same objects as in the
        previous analysis (``analyze`` does; stages must not have been mutated in place)."""
        with gc_paused():
            self._build(defn, reuse)

    def _build(self, defn: Orchestration, reuse: bool = False) -> None:
        self.defn = defn
        self.names = NameIndex(defn)
        self.paths = PathGraph(defn)
        self.home: dict[str, str] = {}
        self.bit: dict[str, int] = {}
        self.steps: dict[str, object] = {}
        self.step_field: dict[str, str] = {}
        for si, stage in enumerate(defn.stages):
            if self.paths.stages.get(stage.name) != si:
                continue  # duplicate stage name: validation reports it
            for ti, st in enumerate(stage.steps):
                if st.name not in self.home:
                    self.home[st.name] = stage.name
                    self.bit[st.name] = 1 << len(self.bit)
                    self.steps[st.name] = st
                    self.step_field[st.name] = f"stages[{si}].steps[{ti}]"
        self.all_bits = (1 << len(self.bit)) - 1
        # stage graphs an edit did not touch come from the previous analysis (reuse.py)
        self.stage_events: dict[str, StageEvents] = build_stages(defn, self.paths.stages, self.names,
                                                                 self.bit, self.home, reuse=reuse)
        self._resolved: dict[str, ResolvedRef] = {}
        self.impossible: dict[Event, str] = {}     # (stage, event) never happens -> why
        self.never_done: dict[str, str] = {}       # step -> why it never completes
        self.entry: dict[str, int] = {}            # node -> steps Completed on every path to it
        self._facts: dict[Context, int] = {}
        self._settled = False                      # entry facts final: facts may be cached
        self._find_impossible()
        self.outcome_gen: dict[tuple[str, int], int] = {}
        self._flow_facts()
        self._settled = True
        self._lists: dict[tuple[str, str, int | None], list] = {}
        self._graph = None
        self._found: tuple[dict, list["Diagnostic"]] | None = None  # (line table, diagnostics)

    # ------------------------------------------------------------------ references
    def resolve(self, text: str) -> ResolvedRef:
        found = self._resolved.get(text)
        if found is None:
            found = self._resolved[text] = resolve_ref(self.defn, text, names=self.names)
        return found

    # ------------------------------------------------------------------ contexts
    def context(self, element: str, point: str, outcome: int | None = None) -> Context:
        """The reading context of ``point`` at ``element``; ValueError when they do not fit.

        ``outcome`` (decisions only): the 0-based outcome whose requirements read; its other
        demanded requirements then guard the read, as in step conditions.
        """
        if point in STEP_POINTS:
            stage = self.home.get(element)
            if stage is None:
                raise ValueError(f"{element!r} is not a step")
            if point == "complete":
                if not isinstance(self.steps[element], InteractiveStep):
                    raise ValueError(f"{element} is not an interactive step: it has no completion condition")
                return Context(stage, element, point, element, ("done", element))
            return Context(stage, element, point, element, ("start", element))
        if point == "stage_complete":
            if element not in self.paths.stages:
                raise ValueError(f"{element!r} is not a stage")
            return Context(element, element, point, None, ("complete", element))
        if point == "decision":
            if element not in self.paths.decisions:
                raise ValueError(f"{element!r} is not a decision")
            if outcome is not None and not 0 <= outcome < len(
                    self.defn.decisions[self.paths.decisions[element]].outcomes):
                raise ValueError(f"decision {element} has no outcome number {outcome + 1}")
            return Context(element, element, point, None, None, outcome)
        raise ValueError(f"unknown reference point {point!r}")

    def facts(self, ctx: Context) -> int:
        """Steps Completed on every run before the reads at ``ctx`` (a bit set)."""
        found = self._facts.get(ctx)
        if found is None:
            entry = self.entry.get(ctx.node, 0)
            if ctx.event is None:
                found = entry | (self.outcome_gen.get((ctx.node, ctx.outcome), 0) if ctx.outcome is not None else 0)
            else:
                ev = self.stage_events[ctx.node]
                found = (entry & ~ev.kill) | ev.anc.get(ctx.event, 0)
            if self._settled:
                if len(self._facts) > 256:
                    self._facts.clear()
                self._facts[ctx] = found
        return found

    def local_never(self, ctx: Context) -> int:
        """Steps of the stage that cannot have completed (in this visit) when ``ctx`` reads."""
        if ctx.event is None:
            return 0
        ev = self.stage_events[ctx.node]
        own = self.bit.get(ctx.event[1], 0) if ctx.event[0] == "done" else 0
        return ev.desc.get(ctx.event, 0) | own

    # ------------------------------------------------------------------ verdicts
    def stage_entered(self, stage: str, ctx: Context, what: str) -> Verdict:
        """Whether ``stage`` has been In Progress when ``ctx`` reads (``what`` names the output)."""
        node = ctx.node
        paths = self.paths
        if ctx.in_stage and stage == node:
            return Verdict("guaranteed", f"stage {stage} is in progress" if what == stage
                           else f"{what} is in this stage, which is in progress")
        subject = f"stage {stage}" if what == stage else f"{what}'s stage {stage}"
        if stage in paths.dominators(node):
            return Verdict("guaranteed", f"{subject} always runs before this point")
        if stage not in paths.reachable:
            return Verdict("never", f"{subject} is on no path from the start")
        if stage in paths.ancestors(node):
            if node in paths.ancestors(stage):
                return Verdict("maybe", f"{subject} comes after this point; only a loop back brings it here")
            return Verdict("maybe", f"{subject} is not on every path leading here")
        if node in paths.ancestors(stage):
            return Verdict("never", f"{subject} starts after this {'stage' if ctx.in_stage else 'decision'}")
        return Verdict("never", f"{subject} is on no path leading here")

    def step_completed(self, step: str, ctx: Context, entered: Verdict | None = None) -> Verdict:
        """Whether ``step`` has Completed (so its outputs exist) when ``ctx`` reads.

        ``entered``: ``stage_entered`` of the step's stage at ``ctx`` when the caller has it
        (the candidate list computes it once per stage).
        """
        b = self.bit.get(step, 0)
        if step in self.never_done:
            return Verdict("never", self.never_done[step])
        if self.facts(ctx) & b:
            return Verdict("guaranteed", self._guarantee_reason(step, ctx))
        stage = self.home[step]
        node = ctx.node
        paths = self.paths
        if ctx.in_stage and stage == node:
            if self.local_never(ctx) & b:
                # Entering a stage again gives its steps fresh records (outputs of an earlier
                # visit are gone), so a loop does not help here.
                return Verdict("never", self._after_reason(step, ctx))
            if ctx.point == "stage_complete":
                return Verdict("maybe", f"stage {stage} can complete before {step} completes")
            return Verdict("maybe", f"{step} runs concurrently with this step")
        if entered is None:
            entered = self.stage_entered(stage, ctx, stage)
        if entered.status != "guaranteed":
            return Verdict(entered.status, entered.reason.replace(f"stage {stage}", f"{step}'s stage {stage}", 1))
        gen = self.stage_events[stage].anc.get(("complete", stage), 0)
        if not gen & b:
            return Verdict("maybe", f"stage {stage} can complete before {step} completes")
        fault = self.defn.stages[paths.stages[stage]].fault
        if fault in paths.g and (fault == node or fault in paths.ancestors(node)):
            return Verdict("maybe", f"stage {stage}'s fault path leads here, and a step can fail before "
                                    f"{step} completes")
        return Verdict("maybe", f"a loop can bring the run back into stage {stage}, which resets {step}")

    def _guarantee_reason(self, step: str, ctx: Context) -> str:
        if ctx.outcome is not None and not self.entry.get(ctx.node, 0) & self.bit[step]:
            name = self.defn.decisions[self.paths.decisions[ctx.node]].outcomes[ctx.outcome].name
            return f"outcome {name} holds only when {step} is Completed"
        if ctx.event is not None and self.stage_events[ctx.node].anc.get(ctx.event, 0) & self.bit[step]:
            if self.home[step] == ctx.node:
                target = {"start": "this step starts", "done": "this step completes",
                          "complete": "this stage completes"}[ctx.event[0]]
                return f"{step} always completes before {target}"
            return f"this point waits for {step} to complete"
        return f"{step} always completes before this point"

    def _after_reason(self, step: str, ctx: Context) -> str:
        if ctx.step == step:
            return "a step's own outputs exist only after it completes"
        return f"{step} completes only after this step {'starts' if ctx.event[0] == 'start' else 'completes'}"

    def verdict(self, ref: ResolvedRef, ctx: Context) -> Verdict:
        """The availability of a resolved reference at ``ctx``."""
        kind = ref.kind
        if kind == "stage_status":
            return self.stage_entered(ref.owner or "", ctx, ref.owner or "")
        if kind == "step_status":
            owner = ref.owner or ""
            stage = self.home.get(owner)
            if stage is None:
                return Verdict("never", f"{owner} is not a step")
            return self.stage_entered(stage, ctx, owner)
        if kind == "step_output":
            owner = ref.owner or ""
            if owner not in self.home:
                return Verdict("never", f"{owner} is not a step")
            return self.step_completed(owner, ctx)
        if kind == "variable":
            return Verdict("guaranteed", "variables are always available")
        if kind == "global":
            return Verdict("guaranteed", "global variables are always available")
        if kind == "record":
            if self.defn.type == "record_triggered":
                return Verdict("guaranteed", "the triggering record is always available")
            return Verdict("never", "$Record exists only in record-triggered orchestrations")
        return Verdict("never", f"{ref.text} names nothing in this orchestration")

    # ------------------------------------------------------------------ never-happening events
    def _find_impossible(self) -> None:
        """Fixpoint: events that can never happen, and steps that can never complete."""
        for ev in self.stage_events.values():
            for cycle in ev.cycles:
                text = " → ".join(cycle)
                for node in (n for n in ev.succ if n in ev.cyclic):  # graph order: deterministic
                    self.impossible.setdefault((ev.name, node), f"it is part of the dependency cycle {text}")
            for node, why in ev.seeds.items():
                self.impossible.setdefault((ev.name, node), why)
        changed = True
        while changed:
            changed = False
            for ev in self.stage_events.values():
                changed |= self._seed_stage(ev)
                changed |= self._propagate(ev)
            for (stage, node), why in list(self.impossible.items()):
                step = node[1]
                if node[0] == "done" and step not in self.never_done and self.home.get(step) == stage:
                    start_why = self.impossible.get((stage, ("start", step)))
                    self.never_done[step] = (f"{step} never starts: {start_why}" if start_why
                                             else f"{step} never completes: {why}")
                    changed = True

    def _seed_stage(self, ev: StageEvents) -> bool:
        changed = False
        for node in ev.succ:
            if node[0] == "ext" and (ev.name, node) not in self.impossible:
                ctx = Context(ev.name, ev.name, "start", None, ("enter", ev.name))
                verdict = self.step_completed(node[1], ctx) if node[1] in self.home else None
                if verdict is not None and verdict.status == "never":
                    self.impossible[(ev.name, node)] = verdict.reason
                    changed = True
        for check in ev.checks:
            if (ev.name, check.target) in self.impossible:
                continue
            ctx = self.context(check.element, check.point)
            verdict = self.verdict(check.demand.ref, ctx)
            if verdict.status == "never":
                self.impossible[(ev.name, check.target)] = (
                    f"requirement {check.demand.number} ({check.demand.text}) can never hold: {verdict.reason}")
                changed = True
        return changed

    def _propagate(self, ev: StageEvents) -> bool:
        todo = [n for (s, n) in self.impossible if s == ev.name]
        changed = False
        while todo:
            node = todo.pop()
            for succ in ev.succ[node]:
                if (ev.name, succ) in self.impossible:
                    continue
                self.impossible[(ev.name, succ)] = self._because(node, succ, ev)
                changed = True
                todo.append(succ)
        return changed

    def _because(self, cause: Event, node: Event, ev: StageEvents) -> str:
        kind, name = cause
        if kind == "start":
            return f"{name} never starts" if node == ("done", name) else f"it waits for {name} to start, which never happens"
        if kind == "done":
            never = "starts" if (ev.name, ("start", name)) in self.impossible else "completes"
            return f"it waits for {name}, which never {never}"
        if kind == "ext":
            why = self.impossible.get((ev.name, cause), "it never completes before this stage")
            return f"it waits for {name} to complete, but {why}"
        return f"stage {name} never starts"

    def never_happens(self, stage: str, event: Event) -> str | None:
        return self.impossible.get((stage, event))

    # ------------------------------------------------------------------ must-dataflow over paths
    def _flow_facts(self) -> None:
        paths = self.paths
        for name, i in paths.decisions.items():
            decision = self.defn.decisions[i]
            for k, outcome in enumerate(decision.outcomes):
                cond = RequirementsCondition(logic=outcome.logic, requirements=outcome.requirements)
                gen = 0
                for d in demands(cond, f"decisions[{i}].outcomes[{k}]", self.names, self.defn):
                    if d.ref.kind == "step_status" and d.demands_status() == COMPLETED:
                        gen |= self.bit.get(d.ref.owner or "", 0)
                self.outcome_gen[(name, k)] = gen
        order = [n for n in paths.order() if n != START]
        entry = {n: self.all_bits for n in order}
        entry[START] = 0
        changed = True
        while changed:
            changed = False
            for node in order:
                acc = self.all_bits
                for pred in paths.g.predecessors(node):
                    if pred in entry:
                        acc &= self._out(pred, node, entry[pred])
                if acc != entry[node]:
                    entry[node] = acc
                    changed = True
        self.entry = entry

    def _out(self, pred: str, node: str, facts: int) -> int:
        if pred == START:
            return 0
        ev = self.stage_events.get(pred)
        if ev is not None:
            facts &= ~ev.kill
        gen = self.all_bits
        for way in self.paths.g.edges[pred, node]["ways"]:
            if way.kind == "next" and ev is not None:
                gen &= ev.anc.get(ev.complete, 0)
            elif way.kind == "outcome":
                gen &= self.outcome_gen.get((pred, way.index), 0)
            else:
                gen = 0
        return facts | gen

    # ------------------------------------------------------------------ public queries
    def availability(self, element: str, point: str, outcome: int | None = None) -> list["Candidate"]:
        """Every candidate resource at ``point`` of ``element``, each guaranteed / maybe / never.

        ``element`` is a step (points start, start_inputs, inputs, assignee, record, complete),
        a stage (stage_complete) or a decision (decision); ``outcome``: see :meth:`context`.
        Cached per (element, point, outcome).
        """
        key = (element, point, outcome)
        found = self._lists.get(key)
        if found is None:
            from .candidates import list_candidates

            if len(self._lists) > 64:
                self._lists.clear()
            found = self._lists[key] = list_candidates(self, element, point, outcome)
        return list(found)

    def status_of(self, ref: str, element: str, point: str, outcome: int | None = None) -> "Candidate":
        """The availability of one reference text at ``point`` of ``element``."""
        from .candidates import status_of

        return status_of(self, ref, element, point, outcome)

    def explain(self, ref: str, element: str, point: str | None = None) -> str:
        """Why ``ref`` is or is not available at ``element`` (every point it is used at, when
        ``point`` is None): the verdict, the reason and the happens-before chain."""
        from .explain import explain

        return explain(self, ref, element, point)

    def diagnostics(self) -> list["Diagnostic"]:
        """The analysis diagnostics of the definition (SPEC §5); found once per line table."""
        lines = self.defn._lines
        if self._found is None or self._found[0] is not lines:
            from .checks import analysis_diagnostics

            with gc_paused():
                self._found = (lines, analysis_diagnostics(self))
        return list(self._found[1])

    @property
    def graph(self) -> "nx.DiGraph":
        """The whole happens-before graph of run-time events (built on first use).

        Nodes are ``(kind, name)`` events of every stage plus ``("decision", D)`` (taken) and
        ``("fault", S)`` (S's fault path taken); edges carry ``why``. Between stages an edge
        joins each node's immediate dominator (every path passes it first), and a step
        guaranteed Completed on entry to a node is joined to that node's entry event.
        """
        if self._graph is None:
            self._graph = _whole_graph(self)
        return self._graph


def _entry_event(an: Analysis, node: str) -> Event:
    return ("enter", node) if node in an.paths.stages else ("decision", node)


def _whole_graph(an: Analysis) -> "nx.DiGraph":
    import networkx as nx

    g = nx.DiGraph()
    for ev in an.stage_events.values():
        g.add_nodes_from(n for n in ev.succ if n[0] != "ext")
        for u, vs in ev.succ.items():
            for v, data in vs.items():
                g.add_edge(("done", u[1]) if u[0] == "ext" else u, v, **data)
    for name, i in an.paths.stages.items():
        fault = an.defn.stages[i].fault
        if fault and an.paths.g.has_edge(name, fault):
            g.add_edge(("enter", name), ("fault", name), why=f"stage {name} can fail only after it starts")
            ways = an.paths.ways_into(fault)
            if all(w.kind == "fault" and w.source == name for w in ways):  # its only way in
                g.add_edge(("fault", name), _entry_event(an, fault), why=f"{fault} is reached only through "
                                                                          f"the fault path of {name}")
    names = {b: s for s, b in an.bit.items()}
    for node in an.paths.reachable:
        if node in (START, "end"):
            continue
        target = _entry_event(an, node)
        g.add_node(target)
        idom = an.paths.idom.get(node)
        if idom and idom not in (START, node):
            g.add_edge(_entry_event(an, idom), target, why=f"every path to {node} passes {idom}")
        facts = an.entry.get(node, 0)
        if idom in an.entry and idom != START:
            facts &= ~an.entry[idom] | (an.stage_events[idom].kill if idom in an.stage_events else 0)
        while facts:
            low = facts & -facts
            facts ^= low
            g.add_edge(("done", names[low]), target, why=f"{names[low]} is Completed on every path to {node}")
    return g
