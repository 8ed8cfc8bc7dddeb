"""The vendors API keeps the panel's rules: an evaluator never reads another evaluator's
unsubmitted scores, and an evaluator not on the panel does not see the evaluation."""

import pytest
from rest_framework.test import APIClient

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services_panel

from ..factories import make_scoring

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_scores_over_the_api_are_blind_until_submitted():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    alice, bob = make_member(org, Role.EVALUATOR), make_member(org, Role.EVALUATOR)
    data = make_scoring(org, officer, evaluators=(alice, bob))
    _o, a, b = data["members"]
    for member in (a, b):
        for p in data["proposals"]:
            for c in data["criteria"]:
                services_panel.score_set(
                    actor=member.user, member=member, proposal=p, criterion=c, value=3
                )
    url = f"/api/v1/o/{org.slug}/vendors/evaluations/{data['evaluation'].pk}/scores/"
    seen = lambda user: {  # noqa: E731
        s["evaluator"] for s in _client(user).get(url).json()["results"]
    }
    assert seen(alice) == {alice.pk}
    assert seen(officer) == set()  # an editor sees submitted scores only
    services_panel.scores_submit(actor=bob, member=b)
    assert seen(alice) == {alice.pk}
    assert seen(officer) == {bob.pk}
    services_panel.scores_submit(actor=alice, member=a)
    assert seen(alice) == {alice.pk, bob.pk}


def test_an_evaluator_not_on_the_panel_does_not_see_the_evaluation():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    data = make_scoring(org, officer)
    carol = make_member(org, Role.EVALUATOR)
    base = f"/api/v1/o/{org.slug}/vendors/evaluations/"
    assert _client(carol).get(base).json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    assert _client(carol).get(f"{base}{data['evaluation'].pk}/").status_code == 404
    assert _client(carol).get(f"{base}{data['evaluation'].pk}/scores/").status_code == 404
    assert _client(officer).get(f"{base}{data['evaluation'].pk}/").status_code == 200
