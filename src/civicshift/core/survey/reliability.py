"""Cronbach's alpha (Cronbach 1951) with listwise deletion and Feldt's confidence interval.

alpha = k / (k - 1) * (1 - sum_i s_i^2 / s_X^2), where k is the number of items, s_i^2 the
sample variance (ddof=1) of item i and s_X^2 the sample variance of the respondents' total
scores, all over the respondents who answered every item (listwise deletion: a respondent with
any missing answer is left out of alpha entirely, so every variance is over the same people).

Confidence interval (Feldt 1965; Feldt, Woodruff & Salih 1987, formula 6; as pingouin computes
it): with df1 = n - 1 and df2 = (n - 1)(k - 1),
lower = 1 - (1 - alpha) * F.isf((1 - level) / 2, df1, df2),
upper = 1 - (1 - alpha) * F.isf((1 + level) / 2, df1, df2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


class SurveyDataError(ValueError):
    """Responses that cannot give the statistic asked for; the message says what is wrong."""


@dataclass(frozen=True)
class Alpha:
    alpha: float
    n_used: int  # respondents with every item answered
    n_dropped: int  # respondents left out for a missing answer (listwise deletion)
    items: int
    ci: tuple[float, float] | None  # Feldt interval at ``ci_level``, or None
    ci_level: float | None


def as_matrix(responses, *, name: str = "responses") -> np.ndarray:
    """Respondents x items as a float array; None and NaN become NaN. Nested lists may hold
    None. Raises SurveyDataError naming the first row that is not a number."""
    if isinstance(responses, np.ndarray) and responses.dtype.kind in "fiub":
        matrix = responses.astype(float, copy=False)
    else:
        try:
            rows = [list(row) for row in responses]
        except TypeError as error:
            raise SurveyDataError(
                f"{name}: expected a table of respondents x items (a list of rows)"
            ) from error
        if len({len(row) for row in rows}) > 1:
            raise SurveyDataError(f"{name}: rows have different numbers of items")
        try:
            matrix = np.array(
                [[np.nan if v is None else float(v) for v in row] for row in rows], dtype=float
            )
        except (TypeError, ValueError) as error:
            for index, row in enumerate(rows, start=1):
                try:
                    [np.nan if v is None else float(v) for v in row]
                except (TypeError, ValueError):
                    raise SurveyDataError(
                        f"{name}: row {index} holds a value that is not a number ({error})"
                    ) from error
            raise SurveyDataError(f"{name}: {error}") from error
    if matrix.ndim != 2:
        raise SurveyDataError(
            f"{name}: expected a table of respondents x items, got {matrix.ndim} dimension(s)"
        )
    if np.isinf(matrix).any():
        row = int(np.argwhere(np.isinf(matrix))[0][0]) + 1
        raise SurveyDataError(f"{name}: row {row} holds an infinite value")
    return matrix


def alpha_from_covariance(cov) -> float:
    """alpha = k/(k-1) * (1 - trace(C) / sum(C)) for an item covariance matrix C (the same
    formula; the total score's variance is the sum of every entry of C)."""
    cov = np.asarray(cov, dtype=float)
    k = cov.shape[0]
    return k / (k - 1) * (1.0 - np.trace(cov) / cov.sum())


def cronbach_alpha(responses, *, ci: float | None = 0.95) -> Alpha:
    """Cronbach's alpha of respondents x items ``responses`` (NaN/None = missing; rows with any
    missing answer are dropped: listwise deletion). ``ci`` is the confidence level of Feldt's
    interval (None for no interval)."""
    matrix = as_matrix(responses)
    n_total, k = matrix.shape
    if k < 2:
        raise SurveyDataError(f"Cronbach's alpha needs at least 2 items; got {k}")
    complete = ~np.isnan(matrix).any(axis=1)
    data = matrix[complete]
    n = data.shape[0]
    if n < 2:
        raise SurveyDataError(
            "Cronbach's alpha needs at least 2 respondents who answered every item; "
            f"got {n} of {n_total}"
        )
    item_variances = data.var(axis=0, ddof=1)
    total_variance = data.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise SurveyDataError(
            "Cronbach's alpha is undefined: every respondent has the same total score "
            "(zero total variance)"
        )
    alpha = k / (k - 1) * (1.0 - item_variances.sum() / total_variance)
    interval = None
    if ci is not None:
        if not 0 < ci < 1:
            raise SurveyDataError(f"ci must be between 0 and 1; got {ci}")
        df1, df2 = n - 1, (n - 1) * (k - 1)
        lower = 1.0 - (1.0 - alpha) * stats.f.isf((1 - ci) / 2, df1, df2)
        upper = 1.0 - (1.0 - alpha) * stats.f.isf((1 + ci) / 2, df1, df2)
        interval = (float(lower), float(upper))
    return Alpha(float(alpha), int(n), int(n_total - n), int(k), interval, ci)
