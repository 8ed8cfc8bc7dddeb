"""The AHP file (YAML or JSON) of ``civicshift decide ahp``: criteria, their pairwise judgments,
and optionally alternatives compared under each criterion. Documented in
docs/decision-analysis.md.

    criteria: [Functional fit, Security, Implementation, Cost]
    comparisons:                       # [a, b, v]: a is v times as important as b
      - [Functional fit, Security, 2]
      - ...
    alternatives: [Vendor A, Vendor B]  # optional
    alternative_comparisons:
      Functional fit: [[Vendor A, Vendor B, 3]]
    random_index: saaty-2005            # or saaty-1980, donegan-dodd

Instead of ``comparisons``: ``matrix`` (the full reciprocal matrix, one row per criterion), or
``evaluators`` (each evaluator's own list of comparisons, combined by the geometric mean).

Read with the same limits as every user file (``formats.safety``); a problem raises
``AhpFileError`` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from civicshift.core.decision.ahp import (
    DEFAULT_RANDOM_INDEX,
    JudgmentError,
    aggregate_judgments,
    check_matrix,
    pairwise_matrix,
    random_index_table,
)
from civicshift.formats.safety import (
    Source,
    UnsafeFileError,
    load_json,
    load_yaml,
    read_bounded,
    source_name,
)

MAX_AHP_BYTES = 2 * 1024 * 1024
MAX_ITEMS = 200
_KEYS = {
    "criteria",
    "comparisons",
    "matrix",
    "evaluators",
    "alternatives",
    "alternative_comparisons",
    "random_index",
}


class AhpFileError(ValueError):
    def __init__(self, file: str, detail: str) -> None:
        self.file = file
        self.detail = detail
        super().__init__(f"{file}: {detail}")


@dataclass(frozen=True)
class AhpProblem:
    criteria: list[str]
    matrix: np.ndarray
    random_index: str
    evaluators: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    alternative_matrices: dict[str, np.ndarray] = field(default_factory=dict)


def _names(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise JudgmentError(f"{key}: a list of names is needed")
    if len(value) > MAX_ITEMS:
        raise JudgmentError(f"{key}: {len(value)} names; at most {MAX_ITEMS} can be compared")
    names = []
    for i, name in enumerate(value, start=1):
        if (
            not isinstance(name, str | int | float)
            or isinstance(name, bool)
            or not str(name).strip()
        ):
            raise JudgmentError(f"{key}, item {i}: a name is needed")
        names.append(str(name).strip())
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise JudgmentError(f"{key}: '{name}' is named twice")
        seen.add(name)
    return names


def _comparisons(value: object, key: str) -> list:
    if not isinstance(value, list):
        raise JudgmentError(f"{key}: a list of [a, b, value] judgments is needed")
    out = []
    for item in value:
        if isinstance(item, list) and len(item) == 3:
            a, b, v = item
            out.append([str(a).strip(), str(b).strip(), v])
        else:
            out.append(item)  # pairwise_matrix names its position
    return out


def _matrix(names: list[str], data: dict, key: str) -> tuple[np.ndarray, list[str]]:
    given = [k for k in ("comparisons", "matrix", "evaluators") if k in data]
    if len(given) != 1:
        raise JudgmentError(
            f"{key}: give the judgments once, as 'comparisons', 'matrix' or 'evaluators'"
        )
    how = given[0]
    if how == "matrix":
        return check_matrix(data["matrix"], names), []
    if how == "comparisons":
        try:
            return pairwise_matrix(names, _comparisons(data["comparisons"], "comparisons")), []
        except JudgmentError as exc:
            raise JudgmentError(f"comparisons: {exc}") from None
    evaluators = data["evaluators"]
    if not isinstance(evaluators, dict) or not evaluators:
        raise JudgmentError("evaluators: each evaluator's name with their list of comparisons")
    matrices = []
    for who, comparisons in evaluators.items():
        try:
            matrices.append(pairwise_matrix(names, _comparisons(comparisons, str(who))))
        except JudgmentError as exc:
            raise JudgmentError(f"evaluators, {who}: {exc}") from None
    return aggregate_judgments(matrices), [str(w) for w in evaluators]


def problem_from_data(data: object, file: str) -> AhpProblem:
    try:
        if not isinstance(data, dict):
            raise JudgmentError("the file must be a mapping with 'criteria' and 'comparisons'")
        unknown = sorted(set(map(str, data)) - _KEYS)
        if unknown:
            raise JudgmentError(f"unknown key '{unknown[0]}' (known: {', '.join(sorted(_KEYS))})")
        criteria = _names(data.get("criteria"), "criteria")
        random_index = str(data.get("random_index", DEFAULT_RANDOM_INDEX))
        random_index_table(random_index)
        matrix, evaluators = _matrix(criteria, data, "criteria")
        alternatives: list[str] = []
        alternative_matrices: dict[str, np.ndarray] = {}
        if "alternatives" in data:
            alternatives = _names(data["alternatives"], "alternatives")
            per = data.get("alternative_comparisons")
            if not isinstance(per, dict):
                raise JudgmentError(
                    "alternative_comparisons: one list of comparisons per criterion is needed"
                )
            for name in per:
                if str(name) not in criteria:
                    raise JudgmentError(f"alternative_comparisons: '{name}' is not a criterion")
            for criterion in criteria:
                if criterion not in per:
                    raise JudgmentError(
                        f"alternative_comparisons: the alternatives are not compared under "
                        f"'{criterion}'"
                    )
                try:
                    alternative_matrices[criterion] = pairwise_matrix(
                        alternatives, _comparisons(per[criterion], criterion)
                    )
                except JudgmentError as exc:
                    raise JudgmentError(f"alternative_comparisons, {criterion}: {exc}") from None
        elif "alternative_comparisons" in data:
            raise JudgmentError("alternative_comparisons: name the 'alternatives' first")
    except JudgmentError as exc:
        raise AhpFileError(file, str(exc)) from None
    return AhpProblem(
        criteria=criteria,
        matrix=matrix,
        random_index=random_index,
        evaluators=evaluators,
        alternatives=alternatives,
        alternative_matrices=alternative_matrices,
    )


def read_ahp_file(source: Source, name: str | None = None) -> AhpProblem:
    file = source_name(source, name)
    try:
        data = read_bounded(source, max_bytes=MAX_AHP_BYTES, name=file)
        parsed = (
            load_json(data, name=file)
            if data.lstrip()[:1] in (b"{", b"[")
            else load_yaml(data, name=file)
        )
    except UnsafeFileError as exc:
        raise AhpFileError(file, exc.problem) from None
    return problem_from_data(parsed, file)
