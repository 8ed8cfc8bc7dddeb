"""``civicshift survey results ORG_SLUG SURVEY_ID [--json]``: the same figures as the page,
under the same k rule."""

import json

import pytest

from civicshift.cli import main
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .factories import answer, department, make_survey, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    # Django's command runner closes every connection when a command ends (right for the
    # command line); here that would close the test's own transaction on PostgreSQL.
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_results_as_json_and_text(capsys):
    org = make_org("ogdenville")
    editor = make_member(org, Role.EDITOR)
    survey = make_survey(org, editor)
    open_survey(survey, editor)
    finance, tiny = department(org, "Finance"), department(org, "Cemetery")
    for _ in range(8):
        answer(survey, [4, 4, 5, 4, 4] + [2, 2, 2, 1, 2, 2, 2], department=finance)
    for _ in range(6):
        answer(survey, [4] * 12)  # prefer not to say
    answer(survey, [3] * 12, department=tiny)
    assert main(["survey", "results", "ogdenville", str(survey.pk), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 15 and data["survey"] == survey.pk
    assert "Cemetery" not in json.dumps(data)
    efficacy = next(s for s in data["subscales"] if s["key"] == "oric:efficacy")
    assert efficacy["interval"]["n"] == 15
    assert main(["survey", "results", "ogdenville", str(survey.pk)]) == 0
    text = capsys.readouterr().out
    assert "Change efficacy: mean" in text and "Cemetery" not in text
    assert "Hotspot: Finance" in text


def test_unknown_survey_and_verb(capsys):
    make_org("ogdenville")
    with pytest.raises(SystemExit) as exit_:
        main(["survey", "results", "ogdenville", "999"])
    assert exit_.value.code == 1
    assert "no survey 999" in capsys.readouterr().err
    assert main(["survey", "frobnicate"]) == 2
