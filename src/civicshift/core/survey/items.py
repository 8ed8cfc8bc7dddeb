"""Item banks as data. ORIC (Shea et al. 2014, Implementation Science 9:7): 12 items, 5 change
commitment + 7 change efficacy, 5-point disagree-agree scale; each subscale's score is the mean
of its items (``data/oric.yaml`` holds the wording and the citation).

Scoring: a respondent's subscale score is the mean of that subscale's items; a respondent who
skipped any item of the subscale has no score for it (NaN), so every score is over the same
items.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

from civicshift.core.survey.reliability import SurveyDataError, as_matrix


@dataclass(frozen=True)
class Item:
    id: str
    subscale: str
    text: str  # with the "{change}" placeholder
    paper_code: str | None = None  # the item's code in the source's tables, where it has one

    def worded(self, change: str) -> str:
        return self.text.replace("{change}", change)


@dataclass(frozen=True)
class ItemBank:
    id: str
    source: str
    points: int
    labels: tuple[str, ...]
    subscales: dict[str, str]
    items: tuple[Item, ...]
    wording_verified: bool
    version: int = 1
    placeholder: str = "{change}"

    def subscale_columns(self) -> dict[str, list[int]]:
        columns: dict[str, list[int]] = {s: [] for s in self.subscales}
        for index, item in enumerate(self.items):
            columns[item.subscale].append(index)
        return columns


#: The item banks shipped in ``data/`` (file name without ``.yaml``).
BANKS = ("oric", "technology_acceptance")


@cache
def load_bank(bank_id: str) -> ItemBank:
    """One shipped item bank by its id (``BANKS``): ORIC, or the technology-acceptance items
    (Davis 1989, wording adapted: ``data/technology_acceptance.yaml``)."""
    if bank_id not in BANKS:
        raise SurveyDataError(f"no item bank {bank_id!r}; known: {', '.join(BANKS)}")
    path = f"data/{bank_id}.yaml"
    raw = yaml.safe_load(
        resources.files("civicshift.core.survey").joinpath(path).read_text("utf-8")
    )
    items = tuple(
        Item(i["id"], i["subscale"], i["text"], i.get("paper_code")) for i in raw["items"]
    )
    return ItemBank(
        raw["id"],
        raw["source"],
        int(raw["scale"]["points"]),
        tuple(raw["scale"]["labels"]),
        dict(raw["subscales"]),
        items,
        bool(raw["wording_verified_against_paper"]),
        int(raw["version"]),
        raw.get("placeholder", "{change}"),
    )


def load_oric() -> ItemBank:
    return load_bank("oric")


def score_subscales(responses, bank: ItemBank) -> dict[str, np.ndarray]:
    """Respondents x the bank's items (in the bank's order) -> subscale -> per-respondent mean
    (NaN where the respondent skipped one of the subscale's items)."""
    data = as_matrix(responses)
    if data.shape[1] != len(bank.items):
        raise SurveyDataError(
            f"{bank.id}: expected {len(bank.items)} answers per respondent, got {data.shape[1]}"
        )
    return {name: data[:, cols].mean(axis=1) for name, cols in bank.subscale_columns().items()}
