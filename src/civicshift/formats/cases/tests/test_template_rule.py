"""The offline template reads amounts with the one rule for ranges (``core.cases.estimate_from``),
as the web form, the API and the case file do, and keeps its own messages naming the cell.

Row 3 of the fresh template is "Subscription" (low D3 90,000, likely E3 100,000, high F3
130,000, distribution G3 triangular).
"""

from __future__ import annotations

import pytest

from civicshift.core.cases import CaseError, estimate_from
from civicshift.formats.cases.template_reader import read_template
from civicshift.formats.cases.tests.test_xlsx import edited, problems_of

CASES = [
    # (low, likely, high, distribution typed)
    (90_000, 100_000, 130_000, None),  # a range without a distribution: triangular
    (90_000, 100_000, 130_000, "pert"),
    (100_000, 100_000, 100_000, None),  # low = likely = high: the rule says triangular too
    (100_000, 100_000, 100_000, "point"),
    (None, 100_000, None, None),  # a single figure
    (None, 100_000, 130_000, None),  # a range without its low
    (90_000, 100_000, None, "pert"),
    (120_000, 100_000, 130_000, None),
    (90_000, 100_000, 95_000, "triangular"),
    (90_000, 100_000, 130_000, "point"),  # a single figure cannot keep a range
    (100_000, 100_000, None, "point"),
]


@pytest.mark.parametrize(("low", "likely", "high", "dist"), CASES)
def test_the_template_accepts_what_the_one_rule_accepts(low, likely, high, dist):
    source = edited(D3=low, E3=likely, F3=high, G3=dist)
    contents = read_template(source)
    try:
        expected = estimate_from(low, likely, high, dist)
    except CaseError:
        expected = None
    problems = [str(p) for p in contents.problems]
    if expected is None:
        assert any(p.startswith(("Lines!D3", "Lines!F3", "Lines!G3")) for p in problems)
        assert "Subscription" not in [row.line.name for row in contents.rows]
        return
    assert problems == []
    line = next(row.line for row in contents.rows if row.line.name == "Subscription")
    assert line.distribution == expected.dist
    amount = line.core_line().amount
    assert (amount.low, amount.likely, amount.high) == (
        expected.low,
        expected.likely,
        expected.high,
    )


def test_both_ends_of_a_range_are_named_at_once():
    problems = problems_of(edited(D3=None, F3=None))
    assert "Lines!D3: a triangular range needs a low figure" in problems
    assert "Lines!F3: a triangular range needs a high figure" in problems


def test_an_unreadable_end_is_named_once():
    problems = problems_of(edited(D3="abc"))
    assert [p for p in problems if p.startswith("Lines!D3")] == ["Lines!D3: 'abc' is not a number"]


def test_a_range_without_a_distribution_names_the_missing_end():
    problems = problems_of(edited(D3=None, G3=None))
    assert "Lines!D3: a triangular range needs a low figure" in problems
