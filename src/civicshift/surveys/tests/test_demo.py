"""The surveys' part of the demo (issue 11, item 10): two waves for the ERP initiative, a few
hundred answers, low change efficacy in Finance before training and better after, and enough
linked answers for the paired test."""

import pytest

from civicshift.demo.loader import load_demo
from civicshift.demo.schema_checks import DemoDataError
from civicshift.surveys import selectors
from civicshift.surveys.demo.loader import read_surveys
from civicshift.surveys.models import Survey

pytestmark = pytest.mark.django_db

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def _finance_efficacy(data):
    (finance,) = [g for g in data["departments"]["groups"] if g["name"] == "Finance"]
    return finance["cells"]["oric:efficacy"]


def test_two_waves_show_finance_before_and_after_training():
    load_demo()
    before = Survey.objects.get(title="ERP readiness, before training")
    after = Survey.objects.get(title="ERP readiness, after training")
    assert before.initiative.title == ERP and after.previous_wave == before
    assert before.responses.count() + after.responses.count() >= 250
    first = selectors.survey_results(before, use_cache=False)
    second = selectors.survey_results(after, use_cache=False)
    assert _finance_efficacy(first)["mean"] < 3 < _finance_efficacy(second)["mean"]
    assert any(h["group"] == "Finance" for h in first["hotspots"])
    # The City Manager's Office (3 answers) never appears by name.
    assert "City Manager" not in str(first)
    efficacy = next(c for c in second["comparison"] if c["key"] == "oric:efficacy")
    assert efficacy["anonymous"]["rank_biserial"] > 0
    assert efficacy["paired"]["n_pairs"] >= 40 and efficacy["paired"]["rank_biserial"] > 0


def test_bad_levels_are_refused_naming_the_key():
    raw = {
        "seed": 1,
        "waves": [
            {
                "title": "T",
                "change_name": "c",
                "status": "open",
                "groups": [{"department": "FIN", "answers": 5, "commitment": 7, "efficacy": 3}],
            }
        ],
    }
    with pytest.raises(DemoDataError, match=r"surveys\[0\].waves\[0\].groups\[0\].commitment"):
        read_surveys(raw, "surveys[0]")
