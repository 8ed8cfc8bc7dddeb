"""Wave comparisons against scipy's documented examples, and the effect sizes."""

import numpy as np
import pytest
from scipy import stats

from civicshift.core.survey import compare_paired, compare_waves, effect_size_words
from civicshift.core.survey.reliability import SurveyDataError

# scipy.stats.mannwhitneyu docstring (SciPy 1.17): males [19, 22, 16, 29, 24] vs females
# [20, 11, 17, 12]: U1 = 17, exact two-sided p = 0.1111; asymptotic p = 0.11134688653314041.
MALES = [19, 22, 16, 29, 24]
FEMALES = [20, 11, 17, 12]


def test_mann_whitney_scipy_docstring_example():
    result = compare_waves(FEMALES, MALES)
    assert result.u == 17.0
    assert result.p_value == pytest.approx(0.1111, abs=1e-4)
    assert result.cles == pytest.approx(17 / 20)
    assert result.rank_biserial == pytest.approx(0.7)


def test_mann_whitney_with_ties_matches_scipy_asymptotic():
    rng = np.random.default_rng(5)
    before = rng.integers(1, 6, 120)
    after = np.clip(rng.integers(1, 6, 140) + 1, 1, 5)
    ours = compare_waves(before, after)
    theirs = stats.mannwhitneyu(after, before, alternative="two-sided", method="asymptotic")
    assert ours.u == theirs.statistic and ours.p_value == pytest.approx(theirs.pvalue, rel=1e-12)
    # CLES by direct counting of pairs (ties half) - independent of U
    wins = (after[:, None] > before[None, :]).sum() + 0.5 * (after[:, None] == before).sum()
    assert ours.cles == pytest.approx(wins / (len(after) * len(before)), abs=1e-12)
    assert ours.size in {"small", "medium", "large"} and "later wave" in ours.words


def test_wilcoxon_scipy_docstring_example():
    # scipy.stats.wilcoxon docstring: d = these 15 height differences; statistic 24,
    # p = 0.041259765625 (exact)
    d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    result = compare_paired([0] * len(d), d)
    assert result.statistic == 24.0
    assert result.p_value == pytest.approx(0.041259765625, abs=1e-12)
    # T- = 24 (ranks of 48 and 67: 10 + 14), T+ = 120 - 24 = 96: r = (96 - 24) / 120
    assert result.rank_biserial == pytest.approx(0.6)
    assert result.size == "large"


def test_effect_size_words_thresholds_vargha_delaney():
    # A 0.56 / 0.64 / 0.71 -> r = 2A - 1 = 0.12 / 0.28 / 0.42
    assert effect_size_words(0.11) == "negligible"
    assert effect_size_words(0.12) == "small"
    assert effect_size_words(-0.30) == "medium"
    assert effect_size_words(0.42) == "large"


def test_paired_errors_name_the_problem():
    with pytest.raises(SurveyDataError, match="they must pair up"):
        compare_paired([1, 2], [1])
    with pytest.raises(SurveyDataError, match="same answer twice"):
        compare_paired([3, 4], [3, 4])
    with pytest.raises(SurveyDataError, match="earlier wave: no answers"):
        compare_waves([None], [1, 2])
