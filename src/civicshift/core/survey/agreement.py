"""Agreement within groups: is a department's average the department's view?

rwg(j) (James, Demaree & Wolf 1984, J. Appl. Psychol. 69(1):85-98), for J items answered by
the members of one group on an A-point scale, against the uniform ("no agreement") null
sigma_EU^2 = (A^2 - 1) / 12:
    rwg(j) = J (1 - s_bar^2 / sigma_EU^2) / (J (1 - s_bar^2 / sigma_EU^2) + s_bar^2 / sigma_EU^2)
where s_bar^2 is the mean over the J items of the within-group sample variances (ddof=1).
When s_bar^2 > sigma_EU^2 (more spread than random answering) the value is set to 0, as James
et al. recommend (rwg(j) is then outside 0..1). 0.70 is the customary cut-off.

ICC(1) (Bliese 2000, in Klein & Kozlowski (eds.), Multilevel Theory, Research, and Methods in
Organizations, pp. 349-381) from a one-way ANOVA of individual scores by group:
    ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW)
with k the group size; for unequal groups k0 = (N - sum n_g^2 / N) / (G - 1) (the ANOVA
"average" group size, which equals n when groups are equal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from civicshift.core.survey.reliability import SurveyDataError, as_matrix


def rwg_j(group_responses, *, points: int = 5) -> float:
    """rwg(j) of one group's respondents x items answers (listwise deletion of incomplete
    rows)."""
    data = as_matrix(group_responses, name="group answers")
    data = data[~np.isnan(data).any(axis=1)]
    if data.shape[0] < 2:
        raise SurveyDataError("rwg(j) needs at least 2 members who answered every item")
    if points < 2:
        raise SurveyDataError(f"points must be at least 2; got {points}")
    j = data.shape[1]
    expected = (points**2 - 1) / 12.0
    ratio = data.var(axis=0, ddof=1).mean() / expected
    if ratio >= 1:
        return 0.0
    return float(j * (1 - ratio) / (j * (1 - ratio) + ratio))


def icc1(scores_by_group: Mapping[str, Sequence[float]]) -> float:
    """ICC(1) of individual scores (e.g. subscale means) grouped by department."""
    groups = [
        np.asarray([v for v in vs if v is not None], dtype=float) for vs in scores_by_group.values()
    ]
    groups = [g[~np.isnan(g)] for g in groups]
    groups = [g for g in groups if g.size]
    if len(groups) < 2:
        raise SurveyDataError("ICC(1) needs at least 2 groups with answers")
    sizes = np.array([g.size for g in groups], dtype=float)
    total = sizes.sum()
    if total - len(groups) < 1:
        raise SurveyDataError("ICC(1) needs more answers than groups")
    grand = np.concatenate(groups).mean()
    ssb = sum(g.size * (g.mean() - grand) ** 2 for g in groups)
    ssw = sum(((g - g.mean()) ** 2).sum() for g in groups)
    msb = ssb / (len(groups) - 1)
    msw = ssw / (total - len(groups))
    k0 = (total - (sizes**2).sum() / total) / (len(groups) - 1)
    denominator = msb + (k0 - 1) * msw
    if denominator == 0:
        raise SurveyDataError("ICC(1) is undefined: every answer is the same")
    return float((msb - msw) / denominator)
