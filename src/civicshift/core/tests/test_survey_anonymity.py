"""The k-anonymity rule: k >= 3, small groups merged only when the merge reaches k."""

import pytest

from civicshift.core.survey import (
    SurveyDataError,
    apply_k_anonymity,
    free_text_without_small_groups,
    plan_groups,
)


def test_k_below_3_is_refused():
    with pytest.raises(SurveyDataError, match="at least 3"):
        plan_groups({"Finance": 10}, k=2)


def test_groups_of_k_shown_small_ones_merged_when_the_merge_reaches_k():
    plan = plan_groups({"Finance": 12, "Clerk": 5, "IT": 3, "Parks": 2, "Fire": 0})
    assert plan.shown == ("Clerk", "Finance")
    assert plan.merged == ("IT", "Parks")  # 3 + 2 = 5 = k
    assert plan.suppressed == ()


def test_merge_under_k_suppressed_without_complement_protection():
    plan = plan_groups({"Finance": 12, "Clerk": 6, "IT": 3}, protect_complement=False)
    assert plan.shown == ("Clerk", "Finance") and plan.merged == () and plan.suppressed == ("IT",)


def test_complement_protection_folds_the_smallest_shown_group_in():
    # overall minus Finance minus Clerk would reveal IT's 3 answers: Clerk joins "other groups"
    plan = plan_groups({"Finance": 12, "Clerk": 6, "IT": 3})
    assert plan.shown == ("Finance",)
    assert plan.merged == ("Clerk", "IT")
    assert plan.suppressed == ()


def test_everything_suppressed_when_fewer_than_k_answered_in_all():
    plan = plan_groups({"IT": 2, "Parks": 2})
    assert plan.shown == () and plan.merged == () and plan.suppressed == ("IT", "Parks")


def test_apply_never_passes_a_small_group_to_compute():
    seen = []

    def mean(values):
        seen.append(list(values))
        return sum(values) / len(values)

    answers = {"Finance": [4] * 6, "IT": [1, 1], "Parks": [2, 2, 2]}
    result = apply_k_anonymity(answers, mean, k=5)
    assert result.groups == {"Finance": 4.0}
    assert result.other == pytest.approx(8 / 5) and result.other_count == 5
    assert [1, 1] not in seen and [2, 2, 2] not in seen
    tiny = apply_k_anonymity({"Finance": [4] * 6, "IT": [1]}, mean, k=5, protect_complement=False)
    assert tiny.groups == {"Finance": 4.0} and tiny.other is None and tiny.suppressed_count == 1


def test_free_text_of_small_groups_loses_its_group():
    answers = [("Finance", "more training")] * 5 + [("IT", "zeta"), ("IT", "alpha")]
    out = free_text_without_small_groups(answers, counts={"Finance": 9, "IT": 2, "Parks": 3})
    assert out[:5] == [("Finance", "more training")] * 5
    assert out[5:] == [(None, "alpha"), (None, "zeta")]  # sorted, not in submission order
    assert all(group != "IT" for group, _ in out)
