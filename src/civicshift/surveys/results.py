"""The results of one survey as plain data (JSON-ready), computed once and used everywhere: the
results page, the API, the command line and the exports. So the k rule is applied in one place
and nothing downstream can show a department the rule hides.

Everything statistical comes from ``civicshift.core.survey`` (docs/survey-statistics.md):
subscale means with a t interval, Cronbach's alpha with Feldt's interval, Likert summaries,
the k-anonymity plan with complement protection, rwg(j) for group agreement, ICC(1), and the
Mann-Whitney / Wilcoxon wave comparisons.

Rules decided here (docs/decisions.md, "Survey results"):
* nothing but the number of answers is shown until at least k people answered;
* the department breakdown runs the k rule over every group of respondents, "prefer not to say"
  included as a group of its own, so the shown departments can never be subtracted from the
  overall result to reveal a small one;
* a group's score is shown only where its members agree: rwg(j) >= 0.70 over the subscale's
  items (James, Demaree & Wolf 1984); ICC(1) over departments is reported beside it;
* a hotspot is a shown group (or the whole survey) whose subscale mean is below 3 on the 5-point
  scale (below "neither agree nor disagree"), with agreement;
* the wave comparison uses Mann-Whitney U for anonymous waves and the paired Wilcoxon test only
  for respondents who typed the same linking word in both waves (a word used more than once in
  a wave is ambiguous and left out), and only when at least k such pairs exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from civicshift.core.survey import (
    SurveyDataError,
    apply_k_anonymity,
    compare_paired,
    compare_waves,
    cronbach_alpha,
    free_text_without_small_groups,
    icc1,
    likert_summaries,
    load_bank,
    mean_interval,
    plan_groups,
    rwg_j,
)
from civicshift.core.survey.anonymity import OTHER_GROUPS
from civicshift.core.survey.items import BANKS

RWG_CUTOFF = 0.70
ALPHA_CUTOFF = 0.70
NOT_SAID = ""  # the group of respondents who preferred not to name a department


@dataclass(frozen=True)
class ItemSpec:
    id: str
    text: str
    kind: str
    points: int | None
    subscale: str  # "" when none
    bank: str
    bank_item: str
    choices: tuple[str, ...] = ()

    @property
    def scale_key(self) -> str:
        return f"{self.bank or 'custom'}:{self.subscale}" if self.subscale else ""


@dataclass
class Answers:
    """One survey's answers in columns: a float matrix of the scale items (NaN = skipped), the
    group of each respondent, and the other answers as given."""

    items: list[ItemSpec]
    groups: list[str]
    link_hashes: list[str]
    rows: list[dict] = field(repr=False)
    scale_items: list[ItemSpec] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    @classmethod
    def build(cls, items: list[ItemSpec], rows: list[tuple[str, dict, str]]) -> Answers:
        scale_items = [i for i in items if i.points]
        matrix = np.full((len(rows), len(scale_items)), np.nan)
        keys = [i.id for i in scale_items]
        for r, (_group, answers, _link) in enumerate(rows):
            for c, key in enumerate(keys):
                value = answers.get(key)
                if value is not None:
                    matrix[r, c] = value
        return cls(
            items=items,
            groups=[g for g, _a, _l in rows],
            link_hashes=[link for _g, _a, link in rows],
            rows=[a for _g, a, _l in rows],
            scale_items=scale_items,
            matrix=matrix,
        )

    def scale_columns(self) -> dict[str, list[int]]:
        columns: dict[str, list[int]] = {}
        for index, item in enumerate(self.scale_items):
            if item.scale_key:
                columns.setdefault(item.scale_key, []).append(index)
        return columns

    def scores(self, key: str) -> np.ndarray:
        """Per respondent: the mean of the subscale's items, NaN if any was skipped."""
        return self.matrix[:, self.scale_columns()[key]].mean(axis=1)


def scale_label(key: str) -> str:
    bank, _sep, subscale = key.partition(":")
    if bank in BANKS:
        return load_bank(bank).subscales.get(subscale, subscale)
    return subscale


def _round(value, digits: int = 3):
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else round(value, digits)


def _interval(values) -> dict | None:
    try:
        interval = mean_interval(values)
    except SurveyDataError:
        return None
    return {
        "mean": _round(interval.mean),
        "low": _round(interval.low),
        "high": _round(interval.high),
        "n": interval.n,
    }


def _alpha(matrix: np.ndarray) -> dict:
    try:
        result = cronbach_alpha(matrix, ci=0.95)
    except SurveyDataError as error:
        return {"value": None, "reason": str(error)}
    return {
        "value": _round(result.alpha),
        "low": _round(result.ci[0]) if result.ci else None,
        "high": _round(result.ci[1]) if result.ci else None,
        "n_used": result.n_used,
        "n_dropped": result.n_dropped,
        "warning": result.alpha < ALPHA_CUTOFF,
    }


def _subscales(answers: Answers) -> list[dict]:
    out = []
    for key, columns in answers.scale_columns().items():
        points = answers.scale_items[columns[0]].points
        scores = answers.matrix[:, columns].mean(axis=1)
        out.append(
            {
                "key": key,
                "label": scale_label(key),
                "items": len(columns),
                "points": points,
                "interval": _interval(scores),
                "alpha": _alpha(answers.matrix[:, columns]) if len(columns) >= 2 else None,
            }
        )
    return out


def _item_summaries(answers: Answers) -> list[dict]:
    out = []
    by_points: dict[int, list[int]] = {}
    for index, item in enumerate(answers.scale_items):
        by_points.setdefault(item.points, []).append(index)
    summaries: dict[int, object] = {}
    for points, columns in by_points.items():
        for column, summary in zip(
            columns, likert_summaries(answers.matrix[:, columns], points=points), strict=True
        ):
            summaries[column] = summary
    for index, item in enumerate(answers.scale_items):
        s = summaries[index]
        out.append(
            {
                "id": item.id,
                "text": item.text,
                "subscale": item.scale_key,
                "points": item.points,
                "n": s.n,
                "missing": s.missing,
                "counts": list(s.counts),
                "shares": [_round(v, 4) for v in s.shares],
                "mean": _round(s.mean),
                "median": _round(s.median),
                "disagree": _round(s.disagree, 4),
                "neutral": _round(s.neutral, 4),
                "agree": _round(s.agree, 4),
            }
        )
    return out


def _choices(answers: Answers) -> list[dict]:
    out = []
    for item in answers.items:
        if item.kind not in ("single", "multiple"):
            continue
        counts = dict.fromkeys(item.choices, 0)
        answered = 0
        for row in answers.rows:
            value = row.get(item.id)
            chosen = value if isinstance(value, list) else [value] if value else []
            chosen = [c for c in chosen if c in counts]
            if chosen:
                answered += 1
            for c in chosen:
                counts[c] += 1
        out.append(
            {
                "id": item.id,
                "text": item.text,
                "kind": item.kind,
                "n": answered,
                "choices": [
                    {
                        "choice": c,
                        "count": n,
                        "share": _round(n / answered, 4) if answered else None,
                    }
                    for c, n in counts.items()
                ],
            }
        )
    return out


def _group_plan(answers: Answers, k: int):
    counts: dict[str, int] = {}
    for group in answers.groups:
        counts[group] = counts.get(group, 0) + 1
    return counts, plan_groups(counts, k=k, protect_complement=True)


def _departments(answers: Answers, k: int, subscales: list[dict]) -> dict:
    """The heat map: one row per department the k rule shows (and "other groups" when the
    merged bucket reaches k), one cell per subscale: the group's mean where rwg(j) >= 0.70."""
    rows_by_group: dict[str, list[int]] = {}
    for index, group in enumerate(answers.groups):
        rows_by_group.setdefault(group, []).append(index)
    columns = answers.scale_columns()

    def cells(indices: list[int]) -> dict:
        result = {"n": len(indices), "cells": {}}
        for sub in subscales:
            cols = columns[sub["key"]]
            block = answers.matrix[np.ix_(indices, cols)]
            complete = block[~np.isnan(block).any(axis=1)]
            cell = {"mean": None, "rwg": None, "agrees": False, "n": int(complete.shape[0])}
            if complete.shape[0] >= 2:
                cell["mean"] = _round(complete.mean(), 2)
                try:
                    cell["rwg"] = _round(rwg_j(complete, points=sub["points"]), 2)
                except SurveyDataError:
                    cell["rwg"] = None
                cell["agrees"] = cell["rwg"] is not None and cell["rwg"] >= RWG_CUTOFF
            if not cell["agrees"]:
                cell["mean"] = None  # not the group's view: answers too mixed
            result["cells"][sub["key"]] = cell
        return result

    anonymous = apply_k_anonymity(rows_by_group, cells, k=k, protect_complement=True)
    groups = [
        {"name": name, **value}
        for name, value in sorted(anonymous.groups.items(), key=lambda kv: kv[0])
        if name != NOT_SAID
    ]
    not_said = anonymous.groups.get(NOT_SAID)
    iccs = {}
    for sub in subscales:
        shown = {g: answers.scores(sub["key"])[rows_by_group[g]] for g in anonymous.groups}
        try:
            iccs[sub["key"]] = _round(icc1(shown), 3) if len(shown) >= 2 else None
        except SurveyDataError:
            iccs[sub["key"]] = None
    return {
        "groups": groups,
        "not_said": {"name": NOT_SAID, **not_said} if not_said else None,
        "other": {"name": OTHER_GROUPS, **anonymous.other} if anonymous.other else None,
        "other_count": anonymous.other_count,
        "suppressed_count": anonymous.suppressed_count,
        "icc1": iccs,
    }


def _hotspots(departments: dict, subscales: list[dict]) -> list[dict]:
    out = []
    for sub in subscales:
        midpoint = (sub["points"] + 1) / 2
        overall = (sub["interval"] or {}).get("mean")
        if overall is not None and overall < midpoint:
            out.append({"group": None, "scale": sub["key"], "label": sub["label"], "mean": overall})
        rows = list(departments["groups"])
        if departments["other"]:
            rows.append(departments["other"])
        for row in rows:
            cell = row["cells"][sub["key"]]
            if cell["mean"] is not None and cell["mean"] < midpoint:
                out.append(
                    {
                        "group": row["name"],
                        "scale": sub["key"],
                        "label": sub["label"],
                        "mean": cell["mean"],
                    }
                )
    return sorted(out, key=lambda h: h["mean"])


def _free_text(answers: Answers, k: int) -> list[dict]:
    counts, _plan = _group_plan(answers, k)
    out = []
    for item in answers.items:
        if item.kind != "text":
            continue
        given = [
            (group, str(row.get(item.id)).strip())
            for group, row in zip(answers.groups, answers.rows, strict=True)
            if row.get(item.id) and str(row.get(item.id)).strip()
        ]
        shown = free_text_without_small_groups(given, counts=counts, k=k)
        out.append(
            {
                "id": item.id,
                "text": item.text,
                "answers": [{"group": (g if g else None), "text": t} for g, t in shown],
            }
        )
    return out


def _comparison(before: Answers, after: Answers, k: int) -> list[dict]:
    out = []
    before_cols = before.scale_columns()
    for key in after.scale_columns():
        if key.startswith("custom:") or key not in before_cols:
            continue
        b, a = before.scores(key), after.scores(key)
        entry = {"key": key, "label": scale_label(key), "anonymous": None, "paired": None}
        try:
            w = compare_waves(b, a)
            entry["anonymous"] = {
                "u": _round(w.u, 1),
                "p": _round(w.p_value, 4),
                "n_before": w.n_before,
                "n_after": w.n_after,
                "cles": _round(w.cles, 3),
                "rank_biserial": _round(w.rank_biserial, 3),
                "size": w.size,
                "words": w.words,
                "mean_before": _round(np.nanmean(b), 2),
                "mean_after": _round(np.nanmean(a), 2),
            }
        except SurveyDataError as error:
            entry["anonymous_reason"] = str(error)
        pairs = _pairs(before, after, b, a)
        if len(pairs[0]) >= k:
            try:
                p = compare_paired(pairs[0], pairs[1])
                entry["paired"] = {
                    "statistic": _round(p.statistic, 1),
                    "p": _round(p.p_value, 4),
                    "n_pairs": p.n_pairs,
                    "n_nonzero": p.n_nonzero,
                    "rank_biserial": _round(p.rank_biserial, 3),
                    "size": p.size,
                    "words": p.words,
                }
            except SurveyDataError as error:
                entry["paired_reason"] = str(error)
        entry["linked_pairs"] = len(pairs[0])
        out.append(entry)
    return out


def _pairs(before: Answers, after: Answers, b: np.ndarray, a: np.ndarray):
    def unique(hashes):
        seen: dict[str, int] = {}
        repeated = set()
        for index, value in enumerate(hashes):
            if not value:
                continue
            if value in seen:
                repeated.add(value)
            seen[value] = index
        return {h: i for h, i in seen.items() if h not in repeated}

    first, second = unique(before.link_hashes), unique(after.link_hashes)
    common = sorted(set(first) & set(second))
    keep = [h for h in common if not (np.isnan(b[first[h]]) or np.isnan(a[second[h]]))]
    return [float(b[first[h]]) for h in keep], [float(a[second[h]]) for h in keep]


def compute(
    items: list[ItemSpec],
    rows: list[tuple[str, dict, str]],
    *,
    k: int,
    previous: tuple[list[ItemSpec], list[tuple[str, dict, str]]] | None = None,
) -> dict:
    """Everything the results show. ``rows`` are (group, answers, link hash) per response,
    group "" for "prefer not to say"."""
    answers = Answers.build(items, rows)
    result = {"n": len(rows), "k": k, "enough": len(rows) >= k}
    if not result["enough"]:
        return result
    subscales = _subscales(answers)
    departments = _departments(answers, k, subscales)
    result.update(
        subscales=subscales,
        items=_item_summaries(answers),
        choices=_choices(answers),
        departments=departments,
        hotspots=_hotspots(departments, subscales),
        free_text=_free_text(answers, k),
        comparison=None,
    )
    if previous is not None and len(previous[1]) >= k:
        result["comparison"] = _comparison(Answers.build(*previous), answers, k)
    return result
