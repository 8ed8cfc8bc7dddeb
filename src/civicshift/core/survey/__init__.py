"""Survey statistics for readiness surveys (issue 11, item 7). Pure Python + numpy/scipy, no Django.

- ``reliability``: Cronbach's alpha (listwise deletion, sample variances, Feldt interval).
- ``likert``: per-item Likert summaries and the diverging-bar split; the t-based CI of a mean.
- ``anonymity``: the k-anonymity grouping rule for breakdowns and free text.
- ``waves``: Mann-Whitney U and paired Wilcoxon comparisons with effect sizes in words.
- ``agreement``: rwg(j) and ICC(1) (is a group's score meaningful as a group's?).
- ``items``: the ORIC item bank (Shea et al. 2014) and subscale scoring.

Formulas and citations: ``docs/survey-statistics.md``.
"""

from civicshift.core.survey.agreement import icc1, rwg_j
from civicshift.core.survey.anonymity import (
    MIN_K,
    GroupPlan,
    KAnonymous,
    apply_k_anonymity,
    free_text_without_small_groups,
    plan_groups,
)
from civicshift.core.survey.items import BANKS, ItemBank, load_bank, load_oric, score_subscales
from civicshift.core.survey.likert import (
    ItemSummary,
    MeanInterval,
    likert_summaries,
    mean_interval,
)
from civicshift.core.survey.reliability import Alpha, SurveyDataError, as_matrix, cronbach_alpha
from civicshift.core.survey.waves import (
    PairedComparison,
    WaveComparison,
    compare_paired,
    compare_waves,
    effect_size_words,
)

__all__ = [
    "BANKS",
    "MIN_K",
    "Alpha",
    "GroupPlan",
    "ItemBank",
    "ItemSummary",
    "KAnonymous",
    "MeanInterval",
    "PairedComparison",
    "SurveyDataError",
    "WaveComparison",
    "apply_k_anonymity",
    "as_matrix",
    "compare_paired",
    "compare_waves",
    "cronbach_alpha",
    "effect_size_words",
    "free_text_without_small_groups",
    "icc1",
    "likert_summaries",
    "load_bank",
    "load_oric",
    "mean_interval",
    "plan_groups",
    "rwg_j",
    "score_subscales",
]
