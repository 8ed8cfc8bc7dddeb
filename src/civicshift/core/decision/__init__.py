"""Decision analysis without a database: AHP weights from pairwise judgments (``ahp``),
weighted scoring, ranks and the winner's sensitivity to each weight (``scoring``), the panel's
spread, outliers and the leader's margin (``consensus``).

    from civicshift.core.decision import ahp, pairwise_matrix
    result = ahp(pairwise_matrix(["Fit", "Cost"], [["Fit", "Cost", 3]]))
"""

from civicshift.core.decision.ahp import (
    CR_THRESHOLD,
    AhpResult,
    Inconsistency,
    JudgmentError,
    aggregate_judgments,
    ahp,
    ahp_many,
    check_matrix,
    pairwise_matrix,
    random_index_tables,
    synthesize,
)
from civicshift.core.decision.scoring import (
    ScoringError,
    WeightThreshold,
    price_points,
    ranks,
    weight_sensitivity,
    weighted_totals,
)

__all__ = [
    "CR_THRESHOLD",
    "AhpResult",
    "Inconsistency",
    "JudgmentError",
    "ScoringError",
    "WeightThreshold",
    "aggregate_judgments",
    "ahp",
    "ahp_many",
    "check_matrix",
    "pairwise_matrix",
    "price_points",
    "random_index_tables",
    "ranks",
    "synthesize",
    "weight_sensitivity",
    "weighted_totals",
]
