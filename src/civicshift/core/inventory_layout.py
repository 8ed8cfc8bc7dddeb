"""Where to draw each system on the integrations map: a deterministic layered layout.

Plain data in, coordinates out; no Django. The map (``inventory:map``) and the neighbourhood
of the impact page (``inventory:impact``) draw the result as server-side SVG.

Method (a simplified Sugiyama layered drawing, Sugiyama, Tagawa and Toda, "Methods for visual
understanding of hierarchical system structures", IEEE SMC 11(2), 1981):

1. **Columns by group.** Each node belongs to a group (the system's category on the map; its
   relation to the retired system on the impact page), and groups are columns in a fixed order
   the caller gives, so the same category is always in the same place. A group with more than
   ``max_rows`` nodes is split into several side-by-side sub-columns, filled row by row, so a
   200-system inventory stays a wide, scrollable picture of readable boxes rather than one
   column thousands of pixels tall.
2. **Barycentric ordering** (the barycentre heuristic of the same paper) to reduce edge
   crossings: in alternating sweeps left to right and right to left, the nodes of each group
   are sorted by the mean vertical position of the nodes they are connected to in other
   groups. A node without such neighbours keeps its place. After every sweep the crossings of
   the straight segments between node centres are counted, and the best ordering seen is kept
   (the heuristic does not always improve monotonically).
3. **Determinism.** Nodes start sorted by label (case-insensitive) then key; every sort is
   stable with the previous position as tie-breaker; no randomness. The same input, given in
   any order, gives the same drawing, so the map does not jump about between visits.

Edges are cubic Bézier curves leaving a box's side horizontally; parallel interfaces between the
same two systems are spread a few pixels apart so each one can be seen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

NODE_WIDTH = 176
NODE_HEIGHT = 44
ROW_GAP = 16
COLUMN_GAP = 104
MARGIN = 16
HEADING_HEIGHT = 48
#: Characters of a system's name that fit on its box at the map's font size (the whole name is
#: in the box's title and accessible name).
LABEL_CHARS = 22
HEADING_CHARS = 24
PARALLEL_SPREAD = 8
MAX_ROWS = 20
SWEEPS = 8


@dataclass(frozen=True)
class Node:
    key: object
    label: str
    group: str


@dataclass(frozen=True)
class Edge:
    source: object
    target: object
    key: object = None


@dataclass(frozen=True)
class PlacedNode:
    key: object
    label: str
    #: The label as drawn on the box (shortened with an ellipsis when it does not fit).
    short_label: str
    group: str
    column: int
    x: float  # top-left corner
    y: float
    width: float = NODE_WIDTH
    height: float = NODE_HEIGHT

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class PlacedEdge:
    key: object
    source: object
    target: object
    #: SVG path data ("M x y C …").
    path: str
    #: The curve's midpoint, where a marker (e.g. "manual") is drawn.
    mid_x: float
    mid_y: float


@dataclass(frozen=True)
class Heading:
    group: str
    lines: tuple[str, ...]
    x: float  # centre of the group's columns
    y: float


@dataclass(frozen=True)
class Layout:
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]
    headings: tuple[Heading, ...]
    width: float
    height: float
    #: Crossings between straight node-to-node segments in the ordering drawn.
    crossings: int

    def node(self, key) -> PlacedNode:
        return next(n for n in self.nodes if n.key == key)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters at most, the last one an ellipsis if it was cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int = HEADING_CHARS, max_lines: int = 2) -> tuple[str, ...]:
    """Words on lines of at most ``width`` characters; the last line shortened if needed."""
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return tuple(shorten(line, width) for line in lines)


def _sort_key(node: Node):
    return (node.label.casefold(), str(node.key))


def count_crossings(segments: np.ndarray) -> int:
    """Pairs of segments (rows x1, y1, x2, y2) that cross at a point inside both; segments
    sharing an end do not count. Vectorised in blocks so memory stays bounded."""
    n = len(segments)
    if n < 2:
        return 0
    p1, p2 = segments[:, 0:2], segments[:, 2:4]
    total = 0
    block = 512
    for start in range(0, n, block):
        a1 = p1[start : start + block, None, :]
        a2 = p2[start : start + block, None, :]
        b1, b2 = p1[None, :, :], p2[None, :, :]

        def orient(p, q, r):
            return np.sign(
                (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1])
                - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])
            )

        o1, o2 = orient(a1, a2, b1), orient(a1, a2, b2)
        o3, o4 = orient(b1, b2, a1), orient(b1, b2, a2)
        proper = (o1 * o2 < 0) & (o3 * o4 < 0)
        rows = np.arange(start, min(start + block, n))[:, None]
        total += int(np.count_nonzero(proper & (np.arange(n)[None, :] > rows)))
    return total


class _Grid:
    """Column and row of each node for an ordering of every group."""

    def __init__(self, groups: list[str], order: dict[str, list[Node]], max_rows: int):
        self.columns: dict[object, int] = {}
        self.rows: dict[object, float] = {}
        self.first_column: dict[str, int] = {}
        self.width_of: dict[str, int] = {}
        sizes = {g: len(order[g]) for g in groups}
        per_column = {g: math.ceil(sizes[g] / math.ceil(sizes[g] / max_rows)) for g in groups}
        tallest = max(per_column.values())
        column = 0
        for g in groups:
            count = math.ceil(sizes[g] / max_rows)
            self.first_column[g], self.width_of[g] = column, count
            for i, node in enumerate(order[g]):
                sub, row = i % count, i // count
                in_this = len(range(sub, sizes[g], count))
                # Short columns sit in the middle of the tallest, to shorten the edges.
                self.columns[node.key] = column + sub
                self.rows[node.key] = row + (tallest - in_this) / 2
            column += count
        self.column_count = column
        self.tallest = tallest


def layout(
    nodes: Iterable[Node],
    edges: Iterable[Edge],
    group_order: Sequence[str] = (),
    *,
    max_rows: int = MAX_ROWS,
    sweeps: int = SWEEPS,
) -> Layout:
    """Place ``nodes`` in columns by group (in ``group_order``, then any other group by name)
    and order each column to reduce crossings; edges whose ends are not both nodes are left
    out. See the module docstring for the method."""
    nodes = sorted(nodes, key=_sort_key)
    keys = {n.key for n in nodes}
    if len(keys) != len(nodes):
        raise ValueError("Two nodes have the same key.")
    edges = sorted(
        (e for e in edges if e.source in keys and e.target in keys),
        key=lambda e: (str(e.source), str(e.target), str(e.key)),
    )
    if not nodes:
        return Layout((), (), (), 2 * MARGIN, 2 * MARGIN, 0)
    present = {n.group for n in nodes}
    groups = [g for g in group_order if g in present]
    groups += sorted(present - set(groups))
    order: dict[str, list[Node]] = {g: [n for n in nodes if n.group == g] for g in groups}
    group_of = {n.key: n.group for n in nodes}
    neighbours: dict[object, list[object]] = defaultdict(list)
    for e in edges:
        if group_of[e.source] != group_of[e.target]:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)

    def crossings(grid: _Grid) -> int:
        segments = np.array(
            [
                (
                    grid.columns[e.source],
                    grid.rows[e.source],
                    grid.columns[e.target],
                    grid.rows[e.target],
                )
                for e in edges
                if grid.columns[e.source] != grid.columns[e.target]
            ],
            dtype=float,
        ).reshape(-1, 4)
        return count_crossings(segments)

    grid = _Grid(groups, order, max_rows)
    best = (crossings(grid), {g: list(ns) for g, ns in order.items()})
    for sweep in range(sweeps):
        changed = False
        for g in groups if sweep % 2 == 0 else reversed(groups):
            current = order[g]
            position = {n.key: i for i, n in enumerate(current)}

            def barycentre(node: Node, grid=grid, position=position) -> tuple[float, int]:
                around = neighbours.get(node.key)
                if not around:
                    return (grid.rows[node.key], position[node.key])
                return (sum(grid.rows[k] for k in around) / len(around), position[node.key])

            new = sorted(current, key=barycentre)
            if [n.key for n in new] != [n.key for n in current]:
                changed = True
                order[g] = new
                grid = _Grid(groups, order, max_rows)
        score = crossings(grid)
        if score < best[0]:
            best = (score, {g: list(ns) for g, ns in order.items()})
        if not changed or best[0] == 0:
            break
    score, order = best
    grid = _Grid(groups, order, max_rows)
    return _place(nodes, edges, groups, grid, score)


def _place(nodes, edges, groups, grid: _Grid, score: int) -> Layout:
    pitch_x = NODE_WIDTH + COLUMN_GAP
    pitch_y = NODE_HEIGHT + ROW_GAP
    placed = {}
    for n in nodes:
        column = grid.columns[n.key]
        placed[n.key] = PlacedNode(
            key=n.key,
            label=n.label,
            short_label=shorten(n.label),
            group=n.group,
            column=column,
            x=MARGIN + column * pitch_x,
            y=MARGIN + HEADING_HEIGHT + grid.rows[n.key] * pitch_y,
        )
    headings = []
    for g in groups:
        first, count = grid.first_column[g], grid.width_of[g]
        centre = MARGIN + first * pitch_x + (count * pitch_x - COLUMN_GAP) / 2
        headings.append(Heading(g, wrap(g, HEADING_CHARS * count), centre, MARGIN + 16))
    parallel: dict[frozenset, list[Edge]] = defaultdict(list)
    for e in edges:
        parallel[frozenset((e.source, e.target))].append(e)
    columns: dict[int, tuple[float, float, list]] = {}
    for n in placed.values():
        left, right, spans = columns.setdefault(n.column, (n.x, n.x + n.width, []))
        spans.append((n.y, n.y + n.height))
    columns = {k: (left, right, _gaps(spans)) for k, (left, right, spans) in columns.items()}
    drawn = []
    for e in edges:
        siblings = parallel[frozenset((e.source, e.target))]
        offset = (siblings.index(e) - (len(siblings) - 1) / 2) * PARALLEL_SPREAD
        drawn.append(_curve(e, placed[e.source], placed[e.target], offset, columns))
    width = MARGIN * 2 + grid.column_count * pitch_x - COLUMN_GAP + 64  # room for self-loops
    height = MARGIN * 2 + HEADING_HEIGHT + grid.tallest * pitch_y - ROW_GAP
    return Layout(
        tuple(placed[n.key] for n in nodes), tuple(drawn), tuple(headings), width, height, score
    )


def _gaps(intervals: list[tuple[float, float]]) -> list[float]:
    """Heights at which a line crosses a column without touching a box: the middle of each gap
    between two boxes, just above the first and just below the last."""
    spans = sorted(intervals)
    candidates = [spans[0][0] - ROW_GAP / 2, spans[-1][1] + ROW_GAP / 2]
    return candidates + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:], strict=False)]


def _free_y(gaps: list[float], wanted: float) -> float:
    """The gap nearest ``wanted`` (the higher one on a tie)."""
    return min(gaps, key=lambda y: (abs(y - wanted), y))


def _curve(edge: Edge, a: PlacedNode, b: PlacedNode, offset: float, columns=None) -> PlacedEdge:
    """A curve from box ``a`` to box ``b``. Between columns that are not side by side it runs
    straight across each column in between through a gap between its boxes (the gap nearest
    the straight line), so it never passes behind a system; the bends are in the gaps between
    columns."""
    y1, y2 = a.cy + offset, b.cy + offset
    if a.column == b.column:
        # Same column: leave and enter on the right, bulging out into the gap.
        x1 = x2 = a.x + a.width
        bulge = min(40 + abs(y2 - y1) / 8, COLUMN_GAP * 0.6)  # stays in the gap
        c1, c2 = (x1 + bulge, y1), (x2 + bulge, y2)
        mid_x = (x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8
        mid_y = (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8
        path = (
            f"M {x1:.1f} {y1:.1f} C {c1[0]:.1f} {c1[1]:.1f}, {c2[0]:.1f} {c2[1]:.1f}, "
            f"{x2:.1f} {y2:.1f}"
        )
        return PlacedEdge(
            edge.key, edge.source, edge.target, path, round(mid_x, 1), round(mid_y, 1)
        )
    step = 1 if b.column > a.column else -1
    start = (a.x + a.width, y1) if step > 0 else (a.x, y1)
    end = (b.x, y2) if step > 0 else (b.x + b.width, y2)
    # Waypoints: the entry and exit of every column crossed on the way.
    points = [start]
    between = range(a.column + step, b.column, step)
    span = b.column - a.column
    for k in between:
        left, right, gaps = (columns or {})[k]
        wanted = y1 + (y2 - y1) * (k - a.column) / span
        y = _free_y(gaps, wanted) + max(-5.0, min(5.0, offset)) if gaps else wanted
        points += [(left, y), (right, y)] if step > 0 else [(right, y), (left, y)]
    points.append(end)
    parts = [f"M {start[0]:.1f} {start[1]:.1f}"]
    for i in range(0, len(points) - 1, 2):
        (px, py), (qx, qy) = points[i], points[i + 1]
        dx = (qx - px) / 2
        parts.append(f"C {px + dx:.1f} {py:.1f}, {qx - dx:.1f} {qy:.1f}, {qx:.1f} {qy:.1f}")
        if i + 2 < len(points):
            parts.append(f"L {points[i + 2][0]:.1f} {points[i + 2][1]:.1f}")
    # The label sits in the middle of the first bend, in the gap after the source's column.
    (px, py), (qx, qy) = points[0], points[1]
    mid_x, mid_y = (px + qx) / 2, (py + qy) / 2
    return PlacedEdge(
        edge.key, edge.source, edge.target, " ".join(parts), round(mid_x, 1), round(mid_y, 1)
    )
