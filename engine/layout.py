"""Automatic layout of an orchestration (Qt-free): stages as columns along the path.

Columns follow the path from the start (stage ``next``, decision outcomes and default, fault
paths), in a topological order where possible; elements on no path come last, in file order.
Steps are cards stacked inside their stage column. Edges between columns are routed
orthogonally: to the adjacent column straight along the *spine* (the line through the stage
headers), farther forward over the top in lanes, backwards and fault paths under the bottom.
"After step X" edges run down the right margin of a stage.

The designer canvas draws this layout; the Salesforce exporter uses it for locationX/Y.
All coordinates are in canvas units (pixels at 100 % zoom), y grows downwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .model import END, Orchestration, Stage, StepCompleted

EdgeKind = Literal["start", "next", "fault", "outcome", "default", "after"]
START_NODE = "$start"
END_NODE = "$end"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)


@dataclass(frozen=True)
class Metrics:
    """Sizes of the layout, in canvas units."""

    card_w: float = 248
    card_h: float = 92
    card_gap: float = 12
    header_h: float = 58
    pad: float = 14
    pad_right: float = 30        # room for "after step X" arrows
    column_gap: float = 84
    decision_size: float = 96
    decision_column: float = 150
    node_size: float = 28        # start / end circles
    lane_gap: float = 22
    margin: float = 40

    @property
    def stage_w(self) -> float:
        return self.pad + self.card_w + self.pad_right


@dataclass
class StageBox:
    name: str
    column: int
    rect: Rect
    header: Rect
    index: int = 0      # position in the definition's stage list


@dataclass
class StepBox:
    name: str
    stage: str
    index: int
    rect: Rect


@dataclass
class DecisionBox:
    name: str
    column: int
    rect: Rect          # bounding box of the diamond


@dataclass
class EdgeLayout:
    source: str
    target: str
    kind: EdgeKind
    label: str | None
    points: list[tuple[float, float]]


@dataclass
class Layout:
    """Where everything goes. ``columns`` lists element names left to right."""

    metrics: Metrics
    columns: list[str] = field(default_factory=list)
    stages: dict[str, StageBox] = field(default_factory=dict)
    steps: dict[str, StepBox] = field(default_factory=dict)
    decisions: dict[str, DecisionBox] = field(default_factory=dict)
    start: Rect | None = None
    end: Rect | None = None
    edges: list[EdgeLayout] = field(default_factory=list)
    spine_y: float = 0.0
    bounds: Rect = Rect(0, 0, 0, 0)

    def stage_at(self, x: float, y: float) -> str | None:
        """The stage column under a point (the whole column height counts)."""
        for box in self.stages.values():
            if box.rect.x <= x <= box.rect.right and y >= box.rect.y - self.metrics.header_h:
                return box.name
        return None

    def insert_index(self, stage: str, y: float) -> int:
        """Index a step dropped at height ``y`` in ``stage`` would get."""
        boxes = sorted((b for b in self.steps.values() if b.stage == stage), key=lambda b: b.index)
        for box in boxes:
            if y < box.rect.y + box.rect.h / 2:
                return box.index
        return len(boxes)

    def column_index(self, x: float) -> int:
        """Stage-list index a stage dropped at ``x`` would get: before the first stage to its right."""
        for box in sorted(self.stages.values(), key=lambda b: b.rect.x):
            if x < box.rect.x + box.rect.w / 2:
                return box.index
        return len(self.stages)


def _targets(defn: Orchestration, name: str) -> list[tuple[str, EdgeKind, str | None]]:
    """Outgoing path edges of a stage or decision: (target, kind, label)."""
    stage = defn.stage(name)
    if stage is not None:
        out: list[tuple[str, EdgeKind, str | None]] = [(defn.next_of(stage), "next", None)]
        if stage.fault:
            out.append((stage.fault, "fault", "Fault"))
        return out
    decision = defn.decision(name)
    if decision is None:
        return []
    out = [(o.next, "outcome", o.display_label) for o in decision.outcomes]
    out.append((decision.default, "default", decision.default_label or "Default"))
    return out


def column_order(defn: Orchestration) -> list[str]:
    """Stages and decisions left to right: along the path, then the unreachable ones."""
    known = {s.name for s in defn.stages} | {d.name for d in defn.decisions}
    succ = {n: [t for t, _, _ in _targets(defn, n) if t in known] for n in known}
    # DFS from the start: preorder rank, and back edges (loops) to ignore for ordering.
    rank: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    start = defn.start_target()
    if start in known:
        on_stack: set[str] = set()
        stack: list[tuple[str, int]] = [(start, 0)]
        rank[start] = 0
        on_stack.add(start)
        while stack:
            node, i = stack[-1]
            if i < len(succ[node]):
                stack[-1] = (node, i + 1)
                nxt = succ[node][i]
                if nxt in on_stack:
                    back.add((node, nxt))
                elif nxt not in rank:
                    rank[nxt] = len(rank)
                    on_stack.add(nxt)
                    stack.append((nxt, 0))
            else:
                on_stack.discard(node)
                stack.pop()
    # Kahn's algorithm over reached nodes, ties broken by DFS rank.
    indeg = {n: 0 for n in rank}
    for n in rank:
        for t in succ[n]:
            if (n, t) not in back and t in indeg:
                indeg[t] += 1
    ready = sorted((n for n, d in indeg.items() if d == 0), key=rank.__getitem__)
    order: list[str] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for t in succ[node]:
            if (node, t) in back or t not in indeg:
                continue
            indeg[t] -= 1
            if indeg[t] == 0:
                ready.append(t)
                ready.sort(key=rank.__getitem__)
    placed = set(order)
    order += [s.name for s in defn.stages if s.name not in placed and not placed.add(s.name)]  # type: ignore[func-returns-value]
    order += [d.name for d in defn.decisions if d.name not in placed and not placed.add(d.name)]  # type: ignore[func-returns-value]
    return order


def layout(defn: Orchestration, metrics: Metrics | None = None) -> Layout:
    """Lay ``defn`` out: columns along the path, step cards in stages, routed edges."""
    m = metrics or Metrics()
    out = Layout(metrics=m)
    out.columns = column_order(defn)
    top = m.margin + 3 * m.lane_gap  # room for a few forward lanes above
    out.spine_y = top + m.header_h / 2
    x = m.margin
    out.start = Rect(x, out.spine_y - m.node_size / 2, m.node_size, m.node_size)
    x += m.node_size + m.column_gap * 0.6
    for column, name in enumerate(out.columns):
        stage = defn.stage(name)
        if stage is not None:
            x = _place_stage(out, defn, stage, column, x, top)
        else:
            x = _place_decision(out, name, column, x)
    x += m.column_gap * 0.6 - m.column_gap
    out.end = Rect(x, out.spine_y - m.node_size / 2, m.node_size, m.node_size)
    _route_edges(out, defn)
    _route_after_edges(out, defn)
    xs = [p[0] for e in out.edges for p in e.points] + [out.end.right]
    ys = [p[1] for e in out.edges for p in e.points] + [b.rect.bottom for b in out.stages.values()] + [top]
    ys += [y for b in out.decisions.values() for y in (b.rect.y, b.rect.bottom + 40)]  # 40: the label
    y0 = min(ys) - m.margin
    out.bounds = Rect(0, y0, max(xs) + m.margin, max(ys) + m.margin - y0)
    return out


def _place_stage(out: Layout, defn: Orchestration, stage: Stage, column: int, x: float, top: float) -> float:
    m = out.metrics
    count = max(1, len(stage.steps))
    height = m.header_h + m.pad + count * m.card_h + (count - 1) * m.card_gap + m.pad
    rect = Rect(x, top, m.stage_w, height)
    index = next(i for i, s in enumerate(defn.stages) if s is stage)
    out.stages[stage.name] = StageBox(stage.name, column, rect, Rect(x, top, m.stage_w, m.header_h), index)
    y = top + m.header_h + m.pad
    for index, step in enumerate(stage.steps):
        out.steps.setdefault(step.name, StepBox(step.name, stage.name, index, Rect(x + m.pad, y, m.card_w, m.card_h)))
        y += m.card_h + m.card_gap
    return x + m.stage_w + m.column_gap


def _place_decision(out: Layout, name: str, column: int, x: float) -> float:
    m = out.metrics
    cx = x + m.decision_column / 2
    s = m.decision_size
    out.decisions[name] = DecisionBox(name, column, Rect(cx - s / 2, out.spine_y - s / 2, s, s))
    return x + m.decision_column + m.column_gap


def _node_rect(out: Layout, name: str) -> Rect | None:
    if name == END or name == END_NODE:
        return out.end
    if name == START_NODE:
        return out.start
    if name in out.stages:
        return out.stages[name].rect
    if name in out.decisions:
        return out.decisions[name].rect
    return None


def _route_edges(out: Layout, defn: Orchestration) -> None:
    m = out.metrics
    col = {name: i for i, name in enumerate(out.columns)}
    col[START_NODE] = -1
    col[END] = len(out.columns)
    stages_top = min([b.rect.y for b in out.stages.values()] + [out.spine_y - m.decision_size / 2]) - 4
    bottom = max((b.rect.bottom for b in out.stages.values()), default=out.spine_y + m.decision_size)
    edges: list[tuple[str, str, EdgeKind, str | None]] = [(START_NODE, defn.start_target(), "start", None)]
    for name in out.columns:
        edges += [(name, t, k, label) for t, k, label in _targets(defn, name)]
    upper_lanes: list[list[tuple[float, float]]] = []
    lower_lanes: list[list[tuple[float, float]]] = []
    leaving: dict[str, int] = {}
    for source, target, kind, label in edges:
        src, dst = _node_rect(out, source), _node_rect(out, target)
        if src is None or dst is None:
            continue  # a dangling target: validation reports it
        s_col, d_col = col[source], col.get(target, len(out.columns))
        nth = leaving.get(source, 0)
        leaving[source] = nth + 1
        y = out.spine_y
        if kind != "fault" and d_col == s_col + 1:
            points = [(src.right, y), (dst.x, y)]
        elif kind != "fault" and d_col > s_col:
            x0, x1 = src.right - 18 - 10 * nth, dst.x + 18
            lane = _lane(upper_lanes, x0, x1)
            ly = stages_top - m.lane_gap * (lane + 1)
            points = [(x0, src.y), (x0, ly), (x1, ly), (x1, dst.y)]
            if source not in out.stages:  # decision or start node: leave from the top vertex
                points = [(src.center[0], src.y), (src.center[0], ly), (x1, ly), (x1, dst.y)]
        else:
            x0 = src.x + src.w / 2 + (12 * nth if source in out.stages else 0)
            x1 = dst.x + dst.w / 2 - (12 if target in out.stages else 0)
            lo, hi = min(x0, x1), max(x0, x1)
            lane = _lane(lower_lanes, lo, hi)
            ly = bottom + m.lane_gap * (lane + 1)
            points = [(x0, src.bottom), (x0, ly), (x1, ly), (x1, dst.bottom)]
        out.edges.append(EdgeLayout(source, target, kind, label, points))


def _lane(lanes: list[list[tuple[float, float]]], lo: float, hi: float) -> int:
    """First lane whose intervals do not overlap [lo, hi] (greedy interval colouring)."""
    lo, hi = min(lo, hi), max(lo, hi)
    for i, used in enumerate(lanes):
        if all(hi < a - 6 or lo > b + 6 for a, b in used):
            used.append((lo, hi))
            return i
    lanes.append([(lo, hi)])
    return len(lanes) - 1


def _route_after_edges(out: Layout, defn: Orchestration) -> None:
    """Arrows for "after step X" inside a stage, down the right margin."""
    m = out.metrics
    for stage in defn.stages:
        depth = 0
        for step in stage.steps:
            if not isinstance(step.start, StepCompleted):
                continue
            src, dst = out.steps.get(step.start.step), out.steps.get(step.name)
            if src is None or dst is None or src.stage != stage.name:
                continue
            bulge = min(m.pad_right - 6, 8 + 5 * (depth % 3))
            depth += 1
            sy, dy = src.rect.center[1], dst.rect.center[1]
            x = src.rect.right
            points = [(x, sy + 8), (x + bulge, sy + 8), (x + bulge, dy - 8), (x, dy - 8)]
            out.edges.append(EdgeLayout(src.name, dst.name, "after", None, points))
