"""The stage-level path graph: stages and decisions joined by next, fault and outcome edges.

Nodes are stage and decision names plus two markers, ``START`` and ``END``. Every edge
keeps the list of *ways* the path can take it (``next``, ``fault``, an outcome, the
default), so that parallel ways (two outcomes to one stage) are not lost. A path that can
loop (Go To back to an earlier stage) is simply a cycle here; dominance
(``networkx.immediate_dominators``) and reachability work on cycles unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..model import END, Orchestration

START = "__start__"


@dataclass(frozen=True)
class Way:
    """One way the path moves from a node to the next."""

    kind: str          # next | fault | outcome | default | start
    source: str
    target: str
    label: str = ""    # the outcome name, for decisions
    index: int = -1    # outcome index (decisions), else -1


class PathGraph:
    """Stage/decision graph of one definition with dominators and lazy reachability."""

    def __init__(self, defn: Orchestration) -> None:
        self.g: nx.DiGraph = nx.DiGraph()
        self.stages: dict[str, int] = {}
        self.decisions: dict[str, int] = {}
        for i, stage in enumerate(defn.stages):
            self.stages.setdefault(stage.name, i)
        for i, decision in enumerate(defn.decisions):
            if decision.name not in self.stages:
                self.decisions.setdefault(decision.name, i)
        self.g.add_node(START)
        self.g.add_node(END)
        self.g.add_nodes_from(self.stages)
        self.g.add_nodes_from(self.decisions)
        first = defn.start_target()
        if first not in self.g or first in (START, END):
            # an invalid start (INVALID_TARGET) counts as the first stage: no cascade of UNREACHABLE
            first = defn.stages[0].name if defn.stages else END
        self._add(Way("start", START, first))
        for name, i in self.stages.items():
            stage = defn.stages[i]
            target = defn.next_of(stage)
            if target not in self.g or target == START:
                # a misspelled `next` (INVALID_TARGET) counts as the default: no cascade of UNREACHABLE
                target = defn.stages[i + 1].name if i + 1 < len(defn.stages) else END
            self._add(Way("next", name, target))
            if stage.fault:
                target = stage.fault
                if target in self.g and target not in (START, END):
                    self._add(Way("fault", name, target))
        for name, i in self.decisions.items():
            decision = defn.decisions[i]
            for k, outcome in enumerate(decision.outcomes):
                self._add(Way("outcome", name, self._target(outcome.next), outcome.name, k))
            self._add(Way("default", name, self._target(decision.default)))
        self.reachable: set[str] = nx.descendants(self.g, START)
        self.idom: dict[str, str] = nx.immediate_dominators(self.g, START)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._dominators: dict[str, frozenset[str]] = {}

    def _target(self, name: str) -> str:
        """Where an outcome or default really goes: unknown targets (reported by validation) end the path."""
        return name if name in self.g and name != START else END

    def _add(self, way: Way) -> None:
        if self.g.has_edge(way.source, way.target):
            self.g.edges[way.source, way.target]["ways"].append(way)
        else:
            self.g.add_edge(way.source, way.target, ways=[way])

    # ---- questions
    def is_stage(self, node: str) -> bool:
        return node in self.stages

    def ancestors(self, node: str) -> frozenset[str]:
        """Nodes from which some path leads to ``node`` (computed lazily, cached)."""
        found = self._ancestors.get(node)
        if found is None:
            found = self._ancestors[node] = frozenset(nx.ancestors(self.g, node))
        return found

    def descendants(self, node: str) -> set[str]:
        return nx.descendants(self.g, node)

    def dominators(self, node: str) -> frozenset[str]:
        """Stages/decisions on every path from the start to ``node`` (excluding ``node``)."""
        found = self._dominators.get(node)
        if found is None:
            chain = []
            current = node
            while current in self.idom and self.idom[current] != current:
                current = self.idom[current]
                chain.append(current)
            found = self._dominators[node] = frozenset(chain) - {START}
        return found

    def dominator_chain(self, node: str) -> list[str]:
        """The dominators of ``node`` from the start down, ``node`` last."""
        chain = [node]
        current = node
        while current in self.idom and self.idom[current] != current:
            current = self.idom[current]
            if current != START:
                chain.append(current)
        return list(reversed(chain))

    def order(self) -> list[str]:
        """Reachable nodes in reverse postorder from the start (a good dataflow order)."""
        return list(reversed(list(nx.dfs_postorder_nodes(self.g, START))))

    def ways_into(self, node: str) -> list[Way]:
        return [w for p in self.g.predecessors(node) for w in self.g.edges[p, node]["ways"]]
