"""The Analytic Hierarchy Process: weights from pairwise judgments, and how consistent they are.

Method (Saaty 1980; Saaty 1990, EJOR 48:9-26). An evaluator says, for each pair of criteria
(a, b), how many times as important a is as b on Saaty's 1–9 scale (1 equal, 3 moderately, 5
strongly, 7 very strongly, 9 extremely more important; 2, 4, 6, 8 between; 1/v the other way).
The judgments fill a positive reciprocal matrix A (a_ba = 1/a_ab, a_aa = 1). The weights are
its principal (Perron) eigenvector w, scaled to sum to 1, and λmax its eigenvalue. A perfectly
consistent matrix (a_ab · a_bc = a_ac for all) has λmax = n; the consistency index
CI = (λmax − n) / (n − 1) grows with the contradictions, and the consistency ratio
CR = CI / RI compares it with the average CI of random matrices of the same order (RI, from one
of the published tables in ``data/random_index.yaml``, named on every result). Saaty's rule of
thumb: CR above 0.10 means the judgments should be revisited.

Which judgment to revisit: the one whose ratio to the weights it produced is furthest from 1,
ε_ab = a_ab · w_b / w_a (Saaty 2003, "Decision-making with the AHP: why is the principal
eigenvector necessary", EJOR 145:85-91, section 4), passing over one already at the end of the
scale that would need to go further (a 1/9 that "should" be 1/17). The value that would make it
agree with the other judgments is w_a / w_b; the nearest value on Saaty's scale is suggested
with the CR the matrix would then have.

Several evaluators: the element-wise geometric mean of their matrices (optionally weighted) is
again reciprocal, the aggregation of individual judgments that keeps the AHP's properties
(Aczél and Saaty 1983, J. Math. Psychology 27:93-102; Forman and Peniwati 1998, EJOR
108:165-169).

Computation: ``numpy.linalg.eig`` on each matrix (a stack of matrices in one call), exact to
floating point, where some libraries iterate matrix powers to a rounding precision; the
published examples agree to their printed digits (``core/tests/test_decision_ahp.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

import numpy as np
import yaml

#: Saaty's scale and its reciprocals, the values a judgment is rounded to when one is suggested.
SAATY_SCALE: tuple[float, ...] = tuple(
    sorted({float(v) for v in range(1, 10)} | {1 / v for v in range(2, 10)})
)
#: Judgments outside [1/9, 9] are refused (with a little room for 0.111 typed for 1/9).
LOWEST, HIGHEST = 1 / 9, 9.0
_ROOM = 1e-3
#: How far a_ab · a_ba may be from 1 in a full matrix typed by hand (0.33 for 1/3 is 1 % off).
RECIPROCAL_TOLERANCE = 0.02
#: Saaty's threshold: above it the judgments should be revisited.
CR_THRESHOLD = 0.10
DEFAULT_RANDOM_INDEX = "saaty-2005"


class JudgmentError(ValueError):
    """Pairwise judgments that cannot be used; the message names the pair or the entry."""


@dataclass(frozen=True)
class RandomIndexTable:
    key: str
    title: str
    source: str
    values: dict[int, float]
    interpolate: bool

    def ri(self, n: int) -> float | None:
        """RI for order n; 0 for n < 3; None beyond the table (the CR cannot be computed)."""
        if n < 3:
            return 0.0
        if n in self.values:
            return self.values[n]
        if not self.interpolate:
            return None
        sizes = sorted(self.values)
        if n > sizes[-1]:
            return None
        below = max(s for s in sizes if s < n)
        above = min(s for s in sizes if s > n)
        share = (n - below) / (above - below)
        return self.values[below] + share * (self.values[above] - self.values[below])

    @property
    def largest(self) -> int:
        return max(self.values)


@cache
def random_index_tables() -> dict[str, RandomIndexTable]:
    raw = yaml.safe_load(
        resources.files("civicshift.core.decision").joinpath("data/random_index.yaml").read_text()
    )
    if raw.get("id") != "ahp-random-index" or raw.get("version") != 1:
        raise RuntimeError("data/random_index.yaml: expected id ahp-random-index, version 1")
    return {
        key: RandomIndexTable(
            key=key,
            title=table["title"],
            source=" ".join(table["source"].split()),
            values={int(n): float(v) for n, v in table["values"].items()},
            interpolate=bool(table["interpolate"]),
        )
        for key, table in raw["tables"].items()
    }


def random_index_table(key: str) -> RandomIndexTable:
    tables = random_index_tables()
    if key not in tables:
        raise JudgmentError(
            f"unknown random index table '{key}': use one of {', '.join(sorted(tables))}"
        )
    return tables[key]


@dataclass(frozen=True)
class Inconsistency:
    """The judgment most at odds with the others (indices into the matrix, row over column)."""

    row: int
    col: int
    value: float  # the judgment as given: row is `value` times as important as col
    consistent_value: float  # w_row / w_col: the value that agrees with the other judgments
    suggested: float  # the nearest value on Saaty's scale
    cr_after: float | None  # the consistency ratio with the suggested value instead


@dataclass(frozen=True)
class AhpResult:
    weights: np.ndarray  # (n,), sum 1
    lambda_max: float
    ci: float
    cr: float | None  # None when the random-index table does not reach this order
    random_index: str  # the table's key
    ri: float | None
    most_inconsistent: Inconsistency | None  # None when n < 3 or the matrix is consistent

    @property
    def n(self) -> int:
        return int(self.weights.shape[0])

    @property
    def acceptable(self) -> bool | None:
        """CR ≤ 0.10 (Saaty); None when the CR could not be computed."""
        return None if self.cr is None else self.cr <= CR_THRESHOLD


def judgment_value(value: object, where: str) -> float:
    """A judgment as typed: a number (3, 0.5) or a fraction "1/3"; within [1/9, 9]."""
    if isinstance(value, bool) or value is None:
        raise JudgmentError(f"{where}: a judgment must be a number from 1/9 to 9, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            raise JudgmentError(
                f"{where}: '{text}' is not a number or a fraction such as 1/3"
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise JudgmentError(f"{where}: a judgment must be a number from 1/9 to 9, not {value!r}")
    if not math.isfinite(number) or not (LOWEST - _ROOM <= number <= HIGHEST + _ROOM):
        raise JudgmentError(
            f"{where}: {value} is outside Saaty's scale (from 1/9 to 9; 1 means equally important)"
        )
    return number


def pairwise_matrix(names: Sequence[str], comparisons: Iterable[Sequence[object]]) -> np.ndarray:
    """The reciprocal matrix from judgments ``(a, b, v)``: a is v times as important as b.

    Every pair must be judged exactly once (in either order); a name not in ``names``, a name
    compared with itself, a pair judged twice or a pair missing is refused, naming it.
    """
    names = list(names)
    index: dict[str, int] = {}
    for name in names:
        if name in index:
            raise JudgmentError(f"'{name}' is named twice")
        index[name] = len(index)
    n = len(names)
    if n == 0:
        raise JudgmentError("there is nothing to compare")
    matrix = np.ones((n, n))
    judged: dict[frozenset[int], tuple[str, str]] = {}
    for number, comparison in enumerate(comparisons, start=1):
        if not isinstance(comparison, list | tuple) or len(comparison) != 3:
            raise JudgmentError(f"judgment {number}: write it as [a, b, value]")
        a, b, raw = comparison
        for side in (a, b):
            if side not in index:
                raise JudgmentError(f"judgment {number}: '{side}' is not one of the items compared")
        if a == b:
            raise JudgmentError(f"judgment {number}: '{a}' is compared with itself")
        key = frozenset((index[a], index[b]))
        if key in judged:
            first = judged[key]
            raise JudgmentError(
                f"judgment {number}: '{a}' and '{b}' are already compared "
                f"({first[0]} vs {first[1]})"
            )
        judged[key] = (a, b)
        value = judgment_value(raw, f"judgment {number} ({a} vs {b})")
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1 / value
    for i in range(n):
        for j in range(i + 1, n):
            if frozenset((i, j)) not in judged:
                raise JudgmentError(f"missing judgment: '{names[i]}' compared with '{names[j]}'")
    return matrix


def check_matrix(rows: object, names: Sequence[str] | None = None) -> np.ndarray:
    """A full matrix typed as rows: square, 1 on the diagonal, judgments in [1/9, 9] and
    reciprocal (a_ab · a_ba within 2 % of 1, so 0.33 passes for 1/3). The upper triangle is
    kept and the lower one set to its exact reciprocals."""

    def label(i: int) -> str:
        return f"'{names[i]}'" if names and i < len(names) else f"row {i + 1}"

    if not isinstance(rows, list | tuple | np.ndarray) or len(rows) == 0:
        raise JudgmentError("the matrix must be a list of rows")
    n = len(rows)
    if names is not None and len(names) != n:
        raise JudgmentError(f"the matrix has {n} rows for {len(names)} items")
    matrix = np.ones((n, n))
    for i, row in enumerate(rows):
        if not isinstance(row, list | tuple | np.ndarray) or len(row) != n:
            raise JudgmentError(f"{label(i)}: the matrix must be square ({n} values per row)")
        for j, raw in enumerate(row):
            matrix[i, j] = judgment_value(raw, f"{label(i)}, column {j + 1}")
    for i in range(n):
        if abs(matrix[i, i] - 1) > _ROOM:
            raise JudgmentError(f"{label(i)}: an item compared with itself must be 1")
        for j in range(i + 1, n):
            if abs(matrix[i, j] * matrix[j, i] - 1) > RECIPROCAL_TOLERANCE:
                raise JudgmentError(
                    f"{label(i)} vs {label(j)}: {matrix[i, j]:g} and {matrix[j, i]:g} are not "
                    "reciprocal (one must be 1 divided by the other)"
                )
            matrix[j, i] = 1 / matrix[i, j]
    return matrix


def _principal(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Principal eigenvalue (k,) and eigenvector scaled to sum 1 (k, n) of a stack (k, n, n)."""
    values, vectors = np.linalg.eig(matrices)
    top = np.argmax(values.real, axis=-1)
    lam = np.take_along_axis(values.real, top[:, None], axis=-1)[:, 0]
    vec = np.abs(np.take_along_axis(vectors.real, top[:, None, None], axis=-1)[:, :, 0])
    return lam, vec / vec.sum(axis=-1, keepdims=True)


def _ratio(lam: float, n: int, ri: float | None) -> tuple[float, float | None]:
    if n < 3:
        return 0.0, 0.0
    ci = max((lam - n) / (n - 1), 0.0)  # rounding can leave λmax a hair below n
    return ci, (None if ri is None else ci / ri)


def nearest_on_scale(value: float) -> float:
    """The value of Saaty's scale (1–9 and reciprocals) nearest in ratio terms."""
    value = min(max(value, LOWEST), HIGHEST)
    return min(SAATY_SCALE, key=lambda s: abs(math.log(s / value)))


def _most_at_odds(matrix: np.ndarray, w: np.ndarray) -> tuple[int, int, float] | None:
    """(row, col, suggested value) of the judgment to revisit, or None if consistent."""
    n = matrix.shape[0]
    if n < 3:
        return None
    eps = matrix * w[None, :] / w[:, None]
    spread = np.triu(np.maximum(eps, 1 / eps), k=1)
    order = np.argsort(spread, axis=None)[::-1]
    top = np.unravel_index(int(order[0]), spread.shape)
    if spread[top] <= 1 + 1e-9:
        return None
    # The judgment most at odds whose nearest value on the scale differs from the one given (a
    # 1/9 that "should" be 1/17 cannot go further): the one worth asking the evaluator about.
    i, j = int(top[0]), int(top[1])
    for flat in order:
        r, c = np.unravel_index(int(flat), spread.shape)
        if spread[r, c] <= 1 + 1e-9:
            break
        if not math.isclose(nearest_on_scale(float(w[r] / w[c])), float(matrix[r, c])):
            i, j = int(r), int(c)
            break
    return i, j, nearest_on_scale(float(w[i] / w[j]))


def ahp_many(
    matrices: Sequence[np.ndarray] | np.ndarray, random_index: str = DEFAULT_RANDOM_INDEX
) -> list[AhpResult]:
    """``ahp`` of several reciprocal matrices; those of one order share one eigen-decomposition
    call (the alternatives compared under each criterion)."""
    table = random_index_table(random_index)
    items = [np.asarray(m, dtype=float) for m in matrices]
    results: list[AhpResult | None] = [None] * len(items)
    by_order: dict[int, list[int]] = {}
    for k, m in enumerate(items):
        if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] == 0:
            raise JudgmentError(f"matrix {k + 1} is not square")
        by_order.setdefault(m.shape[0], []).append(k)
    for n, ks in by_order.items():
        ri = table.ri(n)
        if n == 1:
            lams, vecs = np.ones(len(ks)), np.ones((len(ks), 1))
        else:
            lams, vecs = _principal(np.stack([items[k] for k in ks]))
        odds = [_most_at_odds(items[k], w) for k, w in zip(ks, vecs, strict=True)]
        # The CR each matrix would have with its suggested value: one more batched call.
        changed = []
        for k, odd in zip(ks, odds, strict=True):
            if odd is not None:
                m = items[k].copy()
                m[odd[0], odd[1]], m[odd[1], odd[0]] = odd[2], 1 / odd[2]
                changed.append(m)
        after = iter(np.linalg.eigvals(np.stack(changed)).real.max(axis=-1) if changed else [])
        for k, lam, w, odd in zip(ks, lams, vecs, odds, strict=True):
            ci, cr = _ratio(float(lam), n, ri)
            inconsistency = None
            if odd is not None:
                i, j, suggested = odd
                inconsistency = Inconsistency(
                    row=i,
                    col=j,
                    value=float(items[k][i, j]),
                    consistent_value=float(w[i] / w[j]),
                    suggested=suggested,
                    cr_after=_ratio(float(next(after)), n, ri)[1],
                )
            results[k] = AhpResult(
                weights=w,
                lambda_max=float(lam) if n > 1 else 1.0,
                ci=ci,
                cr=cr,
                random_index=table.key,
                ri=ri,
                most_inconsistent=inconsistency,
            )
    return [r for r in results if r is not None]


def ahp(
    matrix: np.ndarray | Sequence[Sequence[float]], random_index: str = DEFAULT_RANDOM_INDEX
) -> AhpResult:
    """Weights, λmax, CI and CR of one reciprocal matrix (see the module docstring)."""
    return ahp_many([np.asarray(matrix, dtype=float)], random_index)[0]


def aggregate_judgments(
    matrices: Sequence[np.ndarray], weights: Sequence[float] | None = None
) -> np.ndarray:
    """Several evaluators' matrices combined by the (weighted) element-wise geometric mean.

    The result is reciprocal again, and unanimous judgments stay as they were."""
    if not matrices:
        raise JudgmentError("no evaluator's judgments to combine")
    stack = np.stack([np.asarray(m, dtype=float) for m in matrices])
    if len({m.shape for m in stack}) != 1 or stack.shape[1] != stack.shape[2]:
        raise JudgmentError("every evaluator must judge the same items")
    if weights is None:
        share = np.full(len(stack), 1 / len(stack))
    else:
        share = np.asarray(weights, dtype=float)
        if share.shape != (len(stack),) or np.any(share < 0) or share.sum() <= 0:
            raise JudgmentError("one non-negative weight per evaluator is needed")
        share = share / share.sum()
    return np.exp(np.tensordot(share, np.log(stack), axes=1))


def synthesize(criteria_weights: np.ndarray, local_weights: np.ndarray) -> np.ndarray:
    """Global priorities of the alternatives: Σ criterion weight × local weight (distributive
    synthesis, Saaty 1990). ``local_weights`` is (criteria, alternatives)."""
    criteria_weights = np.asarray(criteria_weights, dtype=float)
    local_weights = np.asarray(local_weights, dtype=float)
    if local_weights.ndim != 2 or local_weights.shape[0] != criteria_weights.shape[0]:
        raise JudgmentError("one row of alternative weights per criterion is needed")
    return criteria_weights @ local_weights
