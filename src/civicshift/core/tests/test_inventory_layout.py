"""The integrations map's layout: columns by group, no overlaps, deterministic, fewer crossings."""

from __future__ import annotations

import random
import re

from civicshift.core import inventory_layout as L


def _rects_overlap(a: L.PlacedNode, b: L.PlacedNode) -> bool:
    return not (
        a.x + a.width <= b.x
        or b.x + b.width <= a.x
        or a.y + a.height <= b.y
        or b.y + b.height <= a.y
    )


def _big_inventory(seed: int = 8, systems: int = 200, interfaces: int = 320):
    """A 200-system inventory over the 13 categories, unevenly (one category holds 45)."""
    rng = random.Random(seed)
    groups = [f"Category {c}" for c in "ABCDEFGHIJKLM"]
    nodes = [L.Node(i, f"System number {i} with a long name", groups[0]) for i in range(45)]
    nodes += [L.Node(i, f"System {i}", rng.choice(groups[1:])) for i in range(45, systems)]
    edges = []
    for k in range(interfaces):
        a, b = rng.sample(range(systems), 2)
        edges.append(L.Edge(a, b, key=k))
    return nodes, edges, groups


def test_count_crossings_by_hand():
    """Hand-checked: the diagonals of a unit square cross once; segments sharing an end, or
    parallel ones, do not cross."""
    import numpy as np

    assert L.count_crossings(np.array([[0, 0, 1, 1], [0, 1, 1, 0]], dtype=float)) == 1
    assert L.count_crossings(np.array([[0, 0, 1, 1], [0, 0, 1, 0]], dtype=float)) == 0
    assert L.count_crossings(np.array([[0, 0, 1, 0], [0, 1, 1, 1]], dtype=float)) == 0
    # three mutually crossing segments between two columns (order reversed): 3 pairs
    reversed_ = np.array([[0, 0, 1, 2], [0, 1, 1, 1], [0, 2, 1, 0]], dtype=float)
    assert L.count_crossings(reversed_) == 3


def test_barycentric_ordering_removes_the_crossings_of_a_reversed_matching():
    """a1–b3, a2–b2, a3–b1: in name order every pair of edges crosses (3 crossings, counted
    above). One barycentre sweep puts a3, a2, a1 against b1, b2, b3 (a1's neighbour b3 is in
    row 2, a2's in row 1, a3's in row 0): no crossing left (traced by hand)."""
    nodes = [L.Node(n, n, "A") for n in ("a1", "a2", "a3")]
    nodes += [L.Node(n, n, "B") for n in ("b1", "b2", "b3")]
    edges = [L.Edge("a1", "b3"), L.Edge("a2", "b2"), L.Edge("a3", "b1")]
    drawn = L.layout(nodes, edges, ["A", "B"])
    assert drawn.crossings == 0
    column_a = sorted((n for n in drawn.nodes if n.group == "A"), key=lambda n: n.y)
    assert [n.key for n in column_a] == ["a3", "a2", "a1"]
    assert all(n.x < m.x for n in column_a for m in drawn.nodes if m.group == "B")


def test_groups_are_columns_in_the_order_given():
    nodes = [L.Node(1, "Billing", "Utility billing"), L.Node(2, "Ledger", "Finance")]
    drawn = L.layout(nodes, [], ["Finance", "Utility billing"])
    assert drawn.node(2).x < drawn.node(1).x
    assert [h.group for h in drawn.headings] == ["Finance", "Utility billing"]


def test_two_hundred_systems_never_overlap_and_stay_readable():
    nodes, edges, groups = _big_inventory()
    drawn = L.layout(nodes, edges, groups)
    placed = drawn.nodes
    assert len(placed) == 200
    overlaps = [
        (a.key, b.key)
        for i, a in enumerate(placed)
        for b in placed[i + 1 :]
        if _rects_overlap(a, b)
    ]
    assert overlaps == []
    # The 45-system category is split into 3 side-by-side columns of 15 (max 20 rows).
    big = [n for n in placed if n.group == "Category A"]
    assert len({n.x for n in big}) == 3
    assert max(len([n for n in big if n.x == x]) for x in {n.x for n in big}) == 15
    # Every box inside the drawing, every label fits its box.
    assert all(n.x >= 0 and n.x + n.width <= drawn.width for n in placed)
    assert all(n.y >= 0 and n.y + n.height <= drawn.height for n in placed)
    assert all(len(n.short_label) <= L.LABEL_CHARS for n in placed)
    assert all(n.short_label.endswith("…") for n in big)  # "System number 0 with…"
    assert drawn.height <= L.MARGIN * 2 + L.HEADING_HEIGHT + 20 * (L.NODE_HEIGHT + L.ROW_GAP)


def test_barycentric_ordering_crosses_less_than_name_order_on_a_large_inventory():
    nodes, edges, groups = _big_inventory(seed=3)
    ordered = L.layout(nodes, edges, groups)
    by_name = L.layout(nodes, edges, groups, sweeps=0)
    assert ordered.crossings < by_name.crossings


def test_same_input_in_any_order_gives_the_same_drawing():
    nodes, edges, groups = _big_inventory(seed=5, systems=80, interfaces=120)
    first = L.layout(nodes, edges, groups)
    rng = random.Random(1)
    shuffled_nodes, shuffled_edges = nodes[:], edges[:]
    rng.shuffle(shuffled_nodes)
    rng.shuffle(shuffled_edges)
    assert L.layout(shuffled_nodes, shuffled_edges, groups) == first
    assert L.layout(nodes, edges, groups) == first


def test_edges_start_and_end_on_the_sides_of_their_boxes():
    nodes = [L.Node(1, "GIS", "A"), L.Node(2, "Permits", "B"), L.Node(3, "Ledger", "B")]
    edges = [
        L.Edge(1, 2, key="a"),
        L.Edge(1, 2, key="b"),  # a parallel interface, drawn apart
        L.Edge(3, 1, key="c"),  # right to left
        L.Edge(2, 3, key="d"),  # within a column
        L.Edge(1, 99, key="gone"),  # its target is not on the drawing
    ]
    drawn = L.layout(nodes, edges, ["A", "B"])
    assert [e.key for e in drawn.edges] == ["a", "b", "d", "c"]  # by source, target
    numbers = {e.key: [float(v) for v in re.findall(r"-?\d+\.\d", e.path)] for e in drawn.edges}
    gis, permits, ledger = drawn.node(1), drawn.node(2), drawn.node(3)
    a, b = numbers["a"], numbers["b"]
    assert a[0] == gis.x + gis.width and a[-2] == permits.x
    assert abs((b[1] - a[1]) - L.PARALLEL_SPREAD) < 0.01  # parallel lines 8 px apart
    c = numbers["c"]
    assert c[0] == ledger.x and c[-2] == gis.x + gis.width
    d = numbers["d"]
    assert d[0] == d[-2] == permits.x + permits.width and d[2] > d[0]


def test_no_nodes_is_an_empty_drawing_and_duplicate_keys_are_refused():
    assert L.layout([], []).nodes == ()
    try:
        L.layout([L.Node(1, "a", "A"), L.Node(1, "b", "A")], [])
    except ValueError as error:
        assert "same key" in str(error)
    else:
        raise AssertionError("duplicate keys accepted")


def test_shorten_and_wrap():
    assert L.shorten("Utility billing") == "Utility billing"
    assert L.shorten("Computer-aided dispatch and records", 22) == "Computer-aided dispat…"
    assert L.wrap("Documents and records management", 24) == ("Documents and records", "management")
    assert L.wrap("a b c d e f", 3, max_lines=2) == ("a b", "c…")


def _path_points(path: str, per_segment: int = 24) -> list[tuple[float, float]]:
    """Points along an SVG path of M, C and L commands (as the layout writes them)."""
    tokens = re.findall(r"[MCL]|-?\d+(?:\.\d+)?", path)
    points, here, i = [], None, 0
    while i < len(tokens):
        command = tokens[i]
        if command == "M":
            here = (float(tokens[i + 1]), float(tokens[i + 2]))
            i += 3
        elif command == "L":
            there = (float(tokens[i + 1]), float(tokens[i + 2]))
            points += [
                (
                    here[0] + (there[0] - here[0]) * t / per_segment,
                    here[1] + (there[1] - here[1]) * t / per_segment,
                )
                for t in range(per_segment + 1)
            ]
            here, i = there, i + 3
        else:
            c1, c2, there = (
                (float(tokens[i + 1 + 2 * k]), float(tokens[i + 2 + 2 * k])) for k in range(3)
            )
            for step in range(per_segment + 1):
                t = step / per_segment
                u = 1 - t
                points.append(
                    tuple(
                        u**3 * here[d]
                        + 3 * u * u * t * c1[d]
                        + 3 * u * t * t * c2[d]
                        + t**3 * there[d]
                        for d in (0, 1)
                    )
                )
            here, i = there, i + 7
    return points


def test_no_interface_line_passes_behind_a_system_box():
    """Lines between columns that are not side by side cross the columns in between through
    the gaps between boxes: no point of any line is inside a box other than its own two."""
    for seed in (8, 11):
        nodes, edges, groups = _big_inventory(seed=seed)
        drawn = L.layout(nodes, edges, groups)
        boxes = {n.key: n for n in drawn.nodes}
        by_column: dict[int, list] = {}
        for n in drawn.nodes:
            by_column.setdefault(n.column, []).append(n)
        hits = []
        for e in drawn.edges:
            for x, y in _path_points(e.path):
                column = next(
                    (c for c, ns in by_column.items() if ns[0].x < x < ns[0].x + ns[0].width), None
                )
                for n in by_column.get(column, ()):
                    if n.key in (e.source, e.target):
                        continue
                    if n.x + 1 < x < n.x + n.width - 1 and n.y + 1 < y < n.y + n.height - 1:
                        hits.append((e.key, n.key))
        assert hits == [], f"seed {seed}: {sorted(set(hits))[:10]}"
        assert any(" L " in e.path for e in drawn.edges)  # some lines do cross columns
        assert boxes
