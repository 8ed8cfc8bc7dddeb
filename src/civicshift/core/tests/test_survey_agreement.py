"""rwg(j) and ICC(1) against hand computations and scipy's one-way ANOVA."""

import numpy as np
import pytest
from scipy import stats

from civicshift.core.survey import icc1, rwg_j
from civicshift.core.survey.reliability import SurveyDataError


def test_rwg_j_hand_computed():
    # item 1: 4,4,5,5 (s^2 = 1/3); item 2: 3,4,4,5 (s^2 = 2/3); mean 0.5; 5-point null 24/12 = 2
    # ratio 0.25, J = 2: 2 * 0.75 / (2 * 0.75 + 0.25) = 6/7
    assert rwg_j([[4, 3], [4, 4], [5, 4], [5, 5]]) == pytest.approx(6 / 7, abs=1e-12)


def test_rwg_single_item_is_one_minus_variance_ratio():
    # J = 1: rwg = 1 - s^2 / sigma_EU^2 (James, Demaree & Wolf 1984, eq. 1); 7-point null = 4
    answers = [[5], [6], [6], [7]]
    assert rwg_j(answers, points=7) == pytest.approx(1 - np.var([5, 6, 6, 7], ddof=1) / 4)


def test_rwg_more_spread_than_random_is_zero():
    assert rwg_j([[1, 1], [5, 5], [1, 5], [5, 1]]) == 0.0


def test_icc1_hand_computed_and_against_scipy_f_oneway():
    # A: 1,2,3; B: 4,5,6: MSB = 13.5, MSW = 1, k = 3 -> 12.5 / 15.5
    groups = {"A": [1, 2, 3], "B": [4, 5, 6]}
    assert icc1(groups) == pytest.approx(12.5 / 15.5, abs=1e-12)
    rng = np.random.default_rng(7)
    balanced = {g: list(rng.normal(loc=i * 0.3, size=8)) for i, g in enumerate("ABCDE")}
    f = stats.f_oneway(*balanced.values()).statistic
    # balanced groups: ICC(1) = (F - 1) / (F + k - 1) (Bliese 2000)
    assert icc1(balanced) == pytest.approx((f - 1) / (f + 8 - 1), abs=1e-12)


def test_icc1_unequal_groups_uses_k0():
    groups = {"A": [1.0, 2.0, 3.0, 2.0], "B": [4.0, 5.0], "C": [2.0, 3.0, 3.0]}
    f = stats.f_oneway(*groups.values()).statistic
    n = np.array([4, 2, 3])
    k0 = (n.sum() - (n**2).sum() / n.sum()) / 2
    assert icc1(groups) == pytest.approx((f - 1) / (f + k0 - 1), abs=1e-12)


def test_agreement_errors():
    with pytest.raises(SurveyDataError, match="at least 2 members"):
        rwg_j([[1, 2]])
    with pytest.raises(SurveyDataError, match="at least 2 groups"):
        icc1({"A": [1, 2]})
