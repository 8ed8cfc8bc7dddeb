"""The people side's pure rules: the power–interest quadrants (Mendelow 1981, split at 3), the
stance gap, the ADKAR barrier point (Hiatt 2006: the first element, in order, rated 3 or lower)
and the documented change-impact sizing rule (docs/people.md, "How the size is worked out"),
with hand-worked figures."""

import pytest

from civicshift.core import people


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, "manage_closely"),
        (3, 3, "manage_closely"),  # 3 counts as high on both
        (5, 2, "keep_satisfied"),
        (3, 1, "keep_satisfied"),
        (2, 3, "keep_informed"),
        (1, 5, "keep_informed"),
        (2, 2, "monitor"),
        (1, 1, "monitor"),
    ],
)
def test_quadrants_split_at_three(influence, interest, expected):
    assert people.quadrant(influence, interest) == expected


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "3"])
def test_a_rating_outside_one_to_five_is_refused(bad):
    with pytest.raises(ValueError, match="influence"):
        people.quadrant(bad, 3)


def test_stance_gap_counts_steps_along_the_scale():
    assert people.stance_gap("resistant", "supportive") == 3
    assert people.stance_gap("sceptical", "sceptical") == 0
    assert people.stance_gap("champion", "neutral") == -2
    with pytest.raises(ValueError, match="current stance"):
        people.stance_gap("hostile", "neutral")


def _rating(a, d, k, ab, r):
    return dict(zip(people.ADKAR_ELEMENTS, (a, d, k, ab, r), strict=True))


def test_barrier_point_is_the_first_element_at_three_or_lower():
    assert people.barrier_point(_rating(4, 2, 1, 1, 1)) == "desire"
    assert people.barrier_point(_rating(3, 5, 5, 5, 5)) == "awareness"
    # A later, lower element does not come first: desire (3) holds before ability (1).
    assert people.barrier_point(_rating(5, 3, 4, 1, 4)) == "desire"
    assert people.barrier_point(_rating(5, 5, 5, 5, 4)) is None
    assert people.barrier_point(_rating(5, 5, 5, 5, 3)) == "reinforcement"


def test_barrier_point_needs_every_element():
    with pytest.raises(ValueError, match="reinforcement"):
        people.barrier_point({"awareness": 4, "desire": 4, "knowledge": 4, "ability": 4})


def test_group_sizes_by_depth():
    assert people.group_size(1.99) == "small"
    assert people.group_size(2.0) == "medium"
    assert people.group_size(3.49) == "medium"
    assert people.group_size(3.5) == "large"


def test_impact_summary_worked_example():
    # Finance: 60 people, aspects 4 5 3 4 4 1 → depth 21/6 = 3.5 (large), load 60·3.5/5 = 42.
    # IT: 8 people, aspects 3 3 1 1 2 0 → depth 10/6, load 8·(10/6)/5 = 2.6667.
    # Total load 44.6667 → medium by the load (10 ≤ load < 50), raised to large by Finance
    # (a large change for 60 ≥ 10 people).
    summary = people.impact_summary(
        [("Finance", 60, [4, 5, 3, 4, 4, 1]), ("IT", 8, [3, 3, 1, 1, 2, 0])]
    )
    assert summary.people == 68
    assert summary.load == pytest.approx(42 + 8 * (10 / 6) / 5, abs=1e-12)
    assert summary.weighted_depth == pytest.approx((60 * 3.5 + 8 * 10 / 6) / 68, abs=1e-12)
    assert [g.size for g in summary.groups] == ["large", "small"]
    assert people.load_size(summary.load) == "medium"
    assert summary.size == "large"
    assert summary.raised_by == "Finance"


def test_a_deep_change_for_a_few_people_stays_small():
    # 3 people at depth 5: load 3 → small; the group is under 10 people, so it does not raise it.
    summary = people.impact_summary([("Records", 3, [5, 5, 5, 5, 5, 5])])
    assert summary.groups[0].size == "large"
    assert summary.size == "small"
    assert summary.raised_by is None


def test_a_wide_shallow_change_is_large_by_its_load():
    # 300 people at depth 1 (all aspects 1): load 60 → large, though each group's change is small.
    summary = people.impact_summary([("All staff", 300, [1, 1, 1, 1, 1, 1])])
    assert summary.groups[0].size == "small"
    assert summary.load == pytest.approx(60.0)
    assert summary.size == "large"
    assert summary.raised_by is None


def test_no_groups_no_size():
    summary = people.impact_summary([])
    assert summary.size is None and summary.people == 0 and summary.weighted_depth is None


def test_bad_impact_input_names_the_group():
    with pytest.raises(ValueError, match="Finance: headcount"):
        people.impact_summary([("Finance", -1, [1])])
    with pytest.raises(ValueError, match="aspect"):
        people.impact_summary([("Finance", 5, [6])])
