"""Cronbach's alpha: the closed formula, published examples, listwise deletion, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicshift.core.survey import SurveyDataError, cronbach_alpha
from civicshift.core.survey.reliability import alpha_from_covariance

# Statology, "How to Calculate Cronbach's Alpha in Python" (pingouin.cronbach_alpha on these
# three items of ten respondents prints (0.7734375, array([0.336, 0.939]))).
STATOLOGY = np.array(
    [
        [1, 2, 2, 3, 2, 2, 3, 3, 2, 3],
        [1, 1, 1, 2, 3, 3, 2, 3, 3, 3],
        [1, 1, 2, 1, 2, 3, 3, 3, 2, 3],
    ],
    dtype=float,
).T


def closed_formula(data):
    k = data.shape[1]
    item_var = sum(np.var(data[:, j], ddof=1) for j in range(k))
    return k / (k - 1) * (1 - item_var / np.var(data.sum(axis=1), ddof=1))


def test_pingouin_documented_output_on_the_statology_example():
    result = cronbach_alpha(STATOLOGY)
    assert result.alpha == pytest.approx(0.7734375, abs=1e-12)
    assert result.n_used == 10 and result.n_dropped == 0 and result.items == 3
    assert round(result.ci[0], 3) == 0.336 and round(result.ci[1], 3) == 0.939


def test_statsbase_jl_covariance_example():
    # StatsBase.jl cronbachalpha docstring: this covariance matrix gives 0.8136.
    cov = np.array([[10, 6, 6, 6], [6, 11, 6, 6], [6, 6, 12, 6], [6, 6, 6, 13]], dtype=float)
    assert round(alpha_from_covariance(cov), 4) == 0.8136


def test_equals_the_closed_formula_to_1e_9_on_random_answers():
    rng = np.random.default_rng(11)
    latent = rng.normal(size=(500, 1))
    data = np.clip(np.round(3 + latent + rng.normal(size=(500, 12))), 1, 5)
    assert abs(cronbach_alpha(data).alpha - closed_formula(data)) < 1e-9
    assert abs(cronbach_alpha(data).alpha - alpha_from_covariance(np.cov(data.T))) < 1e-9


def test_listwise_deletion_drops_exactly_the_incomplete_rows():
    data = STATOLOGY.tolist()
    data.append([None, 1, 1])
    data.append([3, float("nan"), 3])
    result = cronbach_alpha(data)
    assert result.n_used == 10 and result.n_dropped == 2
    assert result.alpha == pytest.approx(0.7734375, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 5), min_size=4, max_size=4), min_size=3, max_size=30),
    st.permutations(range(4)),
)
def test_alpha_does_not_depend_on_item_order(rows, order):
    data = np.array(rows, dtype=float)
    try:
        expected = cronbach_alpha(data, ci=None).alpha
    except SurveyDataError:
        return  # zero total variance: checked by its own test
    assert cronbach_alpha(data[:, list(order)], ci=None).alpha == pytest.approx(expected, 1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 2)), min_size=0, max_size=10))
def test_listwise_deletion_property(holes):
    data = np.tile(STATOLOGY, (2, 1))
    complete = np.ones(len(data), dtype=bool)
    for index, (make_hole, column) in enumerate(holes):
        if make_hole:
            data[index, column] = np.nan
            complete[index] = False
    result = cronbach_alpha(data, ci=None)
    assert result.n_used == complete.sum()
    assert result.alpha == pytest.approx(closed_formula(data[complete]), abs=1e-9)


def test_clear_errors():
    with pytest.raises(SurveyDataError, match="at least 2 items; got 1"):
        cronbach_alpha([[1], [2], [3]])
    with pytest.raises(SurveyDataError, match="at least 2 respondents .* got 1 of 2"):
        cronbach_alpha([[1, 2], [None, 2]])
    with pytest.raises(SurveyDataError, match="zero total variance"):
        cronbach_alpha([[3, 3], [3, 3], [3, 3]])
    with pytest.raises(SurveyDataError, match="row 2 holds a value that is not a number"):
        cronbach_alpha([[1, 2], ["x", 2]])
    with pytest.raises(SurveyDataError, match="a list of rows"):
        cronbach_alpha([1, 2, 3])
    with pytest.raises(SurveyDataError, match="different numbers of items"):
        cronbach_alpha([[1, 2], [1, 2, 3]])
