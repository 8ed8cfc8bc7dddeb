"""Likert summaries and the confidence interval of a mean."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from civicshift.core.survey import SurveyDataError, likert_summaries, mean_interval
from civicshift.core.survey.likert import mean_intervals


def test_five_point_item_counts_shares_split():
    # hand count: 1 x1, 2 x2, 3 x1, 4 x3, 5 x3 and one missing
    answers = [[1], [2], [2], [3], [4], [4], [4], [5], [5], [5], [None]]
    (summary,) = likert_summaries(answers, points=5)
    assert summary.counts == (1, 2, 1, 3, 3)
    assert summary.n == 10 and summary.missing == 1
    assert summary.shares == pytest.approx((0.1, 0.2, 0.1, 0.3, 0.3))
    assert summary.mean == pytest.approx(3.5) and summary.median == 4.0
    assert (summary.disagree, summary.neutral, summary.agree) == pytest.approx((0.3, 0.1, 0.6))


def test_seven_point_split_is_1_3_4_5_7():
    (summary,) = likert_summaries([[v] for v in (1, 2, 3, 4, 5, 6, 7, 7)], points=7)
    assert summary.disagree == pytest.approx(3 / 8)
    assert summary.neutral == pytest.approx(1 / 8)
    assert summary.agree == pytest.approx(4 / 8)


def test_values_off_the_scale_are_refused_with_row_and_item():
    with pytest.raises(SurveyDataError, match=r"row 2, item 2: 6 is not a point of the 1-5"):
        likert_summaries([[1, 2], [3, 6]])
    with pytest.raises(SurveyDataError, match="points must be 5 or 7"):
        likert_summaries([[1]], points=4)


def test_mean_interval_matches_scipy_t_interval():
    data = [3, 4, 4, 5, 2, 3, 4, 5, 5, 1, 4]
    ours = mean_interval(data)
    low, high = stats.t.interval(0.95, len(data) - 1, loc=np.mean(data), scale=stats.sem(data))
    assert ours.low == pytest.approx(low, abs=1e-12) and ours.high == pytest.approx(high, abs=1e-12)
    ninety = mean_interval(data, level=0.9)
    low90, _ = stats.t.interval(0.9, len(data) - 1, loc=np.mean(data), scale=stats.sem(data))
    assert ninety.low == pytest.approx(low90, abs=1e-12)


def test_mean_interval_textbook_value():
    # 7, 9, 11, 13: mean 10, s = sqrt(20/3); t(0.975, df 3) = 3.182446305 (any t table)
    exact = mean_interval([7, 9, 11, 13])
    assert exact.n == 4 and exact.mean == 10
    half = 3.182446305284263 * np.sqrt(20 / 3) / 2
    assert exact.low == pytest.approx(10 - half, abs=1e-9)


def test_vectorised_intervals_equal_one_by_one():
    rng = np.random.default_rng(3)
    data = rng.integers(1, 6, size=(50, 4)).astype(float)
    data[0, 2] = np.nan
    for column, interval in enumerate(mean_intervals(data)):
        single = mean_interval(data[:, column])
        assert (interval.low, interval.high, interval.n) == pytest.approx(
            (single.low, single.high, single.n)
        )


def test_mean_interval_needs_two_answers():
    with pytest.raises(SurveyDataError, match="at least 2 answers; got 1"):
        mean_interval([3, None])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 7)), min_size=0, max_size=40))
def test_mean_and_median_from_counts_equal_numpy(values):
    (summary,) = likert_summaries([[v] for v in values] or [[None]], points=7)
    answered = np.array([v for v in values if v is not None], dtype=float)
    if answered.size == 0:
        assert np.isnan(summary.mean) and np.isnan(summary.median)
    else:
        assert summary.mean == pytest.approx(answered.mean(), abs=1e-12)
        assert summary.median == np.median(answered)
