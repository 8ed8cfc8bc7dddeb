"""The ORIC item bank (Shea et al. 2014): 12 items, 5 commitment, 7 efficacy, 5 points."""

import numpy as np
import pytest

from civicshift.core.survey import SurveyDataError, load_oric, score_subscales


def test_oric_bank_shape_and_wording():
    bank = load_oric()
    assert len(bank.items) == 12 and bank.points == 5
    columns = bank.subscale_columns()
    assert len(columns["commitment"]) == 5 and len(columns["efficacy"]) == 7
    assert all(item.text.startswith("People who work here") for item in bank.items)
    assert "9:7" in bank.source and "Shea" in bank.source
    assert bank.labels[0] == "Disagree" and bank.labels[-1] == "Agree"
    assert bank.items[0].worded("the new ERP") == (
        "People who work here are committed to implementing the new ERP."
    )
    assert bank.wording_verified is False  # see data/oric.yaml


def test_items_cover_the_papers_study_one_items_once():
    # Shea et al. 2014, Tables 1-2: commitment C1-C5, efficacy E1-E6 (the seventh efficacy
    # item, "handle the challenges", is not in those tables).
    bank = load_oric()
    codes = sorted(i.paper_code for i in bank.items if i.paper_code)
    assert codes == ["C1", "C2", "C3", "C4", "C5", "E1", "E2", "E3", "E4", "E5", "E6"]
    for item in bank.items:
        assert item.paper_code is None or item.paper_code[0] == item.subscale[0].upper()


def test_subscale_score_is_the_mean_of_its_items():
    bank = load_oric()
    row = [5, 4, 5, 4, 5] + [2, 3, 2, 3, 2, 3, 2]
    skipped = [5, 4, 5, 4, 5] + [2, 3, None, 3, 2, 3, 2]
    scores = score_subscales([row, skipped], bank)
    assert scores["commitment"][0] == pytest.approx(4.6)
    assert scores["efficacy"][0] == pytest.approx(17 / 7)
    assert scores["commitment"][1] == pytest.approx(4.6) and np.isnan(scores["efficacy"][1])
    with pytest.raises(SurveyDataError, match="expected 12 answers"):
        score_subscales([[1, 2]], bank)


def test_technology_acceptance_bank_davis_1989_adapted():
    # Davis 1989, MIS Quarterly 13(3):319-340: six perceived-usefulness and six perceived
    # ease-of-use items; adapted here to name the system and to ORIC's 5-point scale.
    from civicshift.core.survey import load_bank

    bank = load_bank("technology_acceptance")
    assert bank.version == 1 and bank.points == 5 and bank.placeholder == "{system}"
    columns = bank.subscale_columns()
    assert len(columns["usefulness"]) == 6 and len(columns["ease_of_use"]) == 6
    assert "Davis" in bank.source and "adapted" in bank.source
    assert all("{system}" in item.text for item in bank.items)
    assert bank.wording_verified is False
    assert load_bank("oric") is load_oric() or load_bank("oric") == load_oric()
    with pytest.raises(SurveyDataError, match="no item bank"):
        load_bank("nope")
