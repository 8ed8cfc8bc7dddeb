"""Comparing two survey waves (before / after training).

Anonymous waves cannot be paired: ``compare_waves`` uses the Mann-Whitney U test
(``scipy.stats.mannwhitneyu``, two-sided; scipy picks the exact distribution for small samples
without ties, otherwise the normal approximation with tie and continuity correction).
Effect sizes (U1 = U of the later wave, n1 and n2 the wave sizes):
- common-language effect size (McGraw & Wong 1992; ties count half, i.e. Vargha & Delaney's A):
  CLES = U1 / (n1 * n2), the chance that a random answer of the later wave is higher than a
  random answer of the earlier one;
- rank-biserial correlation (Kerby 2014, simple difference formula): r = 2 * CLES - 1.

Linked respondents (who chose to link their answers with a code of their own) are compared
with the Wilcoxon signed-rank test (``scipy.stats.wilcoxon``, zero differences dropped) and the
matched-pairs rank-biserial correlation r = (T+ - T-) / (T+ + T-) (Kerby 2014).

Words: Vargha & Delaney (2000) thresholds on A: 0.56 small, 0.64 medium, 0.71 large (and the
mirror below 0.5); on r = 2A - 1 that is |r| 0.12 / 0.28 / 0.42.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from civicshift.core.survey.reliability import SurveyDataError

# Vargha & Delaney (2000), J. Educ. Behav. Stat. 25(2):101-132, on A (= CLES).
A_SMALL, A_MEDIUM, A_LARGE = 0.56, 0.64, 0.71


@dataclass(frozen=True)
class WaveComparison:
    u: float  # U of the later wave (U1)
    p_value: float
    n_before: int
    n_after: int
    cles: float
    rank_biserial: float
    size: str  # "negligible" / "small" / "medium" / "large"
    words: str


@dataclass(frozen=True)
class PairedComparison:
    statistic: float  # scipy's statistic: the smaller of T+ and T-
    p_value: float
    n_pairs: int
    n_nonzero: int
    rank_biserial: float
    size: str
    words: str


def _clean(values, name: str) -> np.ndarray:
    data = np.array([np.nan if v is None else v for v in np.ravel(values)], dtype=float)
    data = data[~np.isnan(data)]
    if data.size == 0:
        raise SurveyDataError(f"{name}: no answers")
    return data


def effect_size_words(rank_biserial: float) -> str:
    """negligible / small / medium / large on |r| with Vargha & Delaney's thresholds (on
    A = (r + 1) / 2)."""
    a = (abs(rank_biserial) + 1) / 2
    if a >= A_LARGE:
        return "large"
    if a >= A_MEDIUM:
        return "medium"
    if a >= A_SMALL:
        return "small"
    return "negligible"


def _sentence(size: str, direction: str, p_value: float, chance: float | None) -> str:
    parts = []
    if chance is not None:
        parts.append(
            f"A person picked at random from the later wave answered higher than one from the "
            f"earlier wave {chance:.0%} of the time (50% would mean no difference)."
        )
    if size == "negligible":
        parts.append("The difference between the waves is too small to matter.")
    else:
        parts.append(f"The answers are {direction} in the later wave; the change is {size}.")
    if p_value < 0.05:
        parts.append(f"A difference this large is unlikely to be chance (p = {p_value:.3f}).")
    else:
        parts.append(
            f"It could be chance (p = {p_value:.3f}): more answers would be needed to be sure."
        )
    return " ".join(parts)


def compare_waves(before, after) -> WaveComparison:
    """Two independent waves of answers (one score per respondent: an item or a subscale
    mean). NaN/None are dropped."""
    x = _clean(before, "earlier wave")
    y = _clean(after, "later wave")
    result = stats.mannwhitneyu(y, x, alternative="two-sided")
    u1 = float(result.statistic)
    cles = u1 / (x.size * y.size)
    r = 2 * cles - 1
    size = effect_size_words(r)
    direction = "higher" if r > 0 else "lower"
    words = _sentence(size, direction, float(result.pvalue), cles)
    return WaveComparison(u1, float(result.pvalue), x.size, y.size, cles, r, size, words)


def compare_paired(before, after) -> PairedComparison:
    """Linked answers: ``before[i]`` and ``after[i]`` are the same person's. Pairs with a
    missing side are dropped; zero differences are dropped (scipy's default, Wilcoxon 1945)."""
    b = np.array([np.nan if v is None else v for v in before], dtype=float)
    a = np.array([np.nan if v is None else v for v in after], dtype=float)
    if b.shape != a.shape:
        raise SurveyDataError(
            f"paired comparison: {b.size} earlier and {a.size} later answers; they must pair up"
        )
    keep = ~(np.isnan(b) | np.isnan(a))
    d = a[keep] - b[keep]
    nonzero = d[d != 0]
    if nonzero.size == 0:
        raise SurveyDataError("paired comparison: every linked person gave the same answer twice")
    result = stats.wilcoxon(d)
    ranks = stats.rankdata(np.abs(nonzero))
    t_plus = ranks[nonzero > 0].sum()
    t_minus = ranks[nonzero < 0].sum()
    r = float((t_plus - t_minus) / (t_plus + t_minus))
    size = effect_size_words(r)
    words = _sentence(size, "higher" if r > 0 else "lower", float(result.pvalue), None)
    return PairedComparison(
        float(result.statistic),
        float(result.pvalue),
        int(d.size),
        int(nonzero.size),
        r,
        size,
        words,
    )
