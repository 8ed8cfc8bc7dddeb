"""The vendors API keeps the panel's rules (an evaluator never reads another evaluator's
unsubmitted scores, an evaluator not on the panel does not see the evaluation), and refuses
the registry's and the evaluation's bad input with a message naming it, nothing saved. The
panel's paths one by one: ``test_api_panel.py``."""

import pytest
from rest_framework.test import APIClient

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services_panel

from .. import factories
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


def _setup():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    return org, officer, _client(officer), f"/api/v1/o/{org.slug}/vendors/"


def test_a_likely_duplicate_vendor_is_refused_unless_it_is_said_to_be_another_company():
    org, officer, client, base = _setup()
    first = client.post(base + "registry/", {"name": "Acme Civic, Inc.", "tax_id": "12-3456789"})
    assert first.status_code == 201, first.content
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor_id, event.object_pk) == (
        "create",
        officer.pk,
        str(first.json()["id"]),
    )
    # "ACME CIVIC LLC" is the same name once case and company-form words are left out.
    before = AuditEvent.objects.count()
    again = client.post(base + "registry/", {"name": "ACME CIVIC LLC"}, format="json")
    assert again.status_code == 400
    assert again.json()["name"][0].startswith(
        f"Likely the same company as “Acme Civic, Inc.” (id {first.json()['id']})"
    )
    same_tax = client.post(base + "registry/", {"name": "Other", "tax_id": "123456789"})
    assert same_tax.status_code == 400 and "name" in same_tax.json()
    assert AuditEvent.objects.count() == before
    allowed = client.post(
        base + "registry/", {"name": "ACME CIVIC LLC", "different_company": True}, format="json"
    )
    assert allowed.status_code == 201
    assert "different_company" not in allowed.json()
    # Sending a record's name back unchanged (or only its spelling) is no new duplicate; a
    # rename onto another record's name is.
    url = f"{base}registry/{first.json()['id']}/"
    assert client.patch(url, {"name": "Acme Civic Inc"}, format="json").status_code == 200
    other = client.post(base + "registry/", {"name": "Birch Data"}, format="json").json()
    rename = client.patch(f"{base}registry/{other['id']}/", {"name": "Acme Civic"}, format="json")
    assert rename.status_code == 400 and "Likely the same company" in rename.json()["name"][0]


def test_a_vendor_with_proposals_stays_and_negative_costs_are_refused():
    org, officer, client, base = _setup()
    proposal = factories.make_proposal(org, officer)
    response = client.delete(f"{base}registry/{proposal.vendor_id}/")
    assert response.status_code == 400
    assert "sent proposals to an evaluation" in response.json()["non_field_errors"][0]
    url = f"{base}evaluations/{proposal.evaluation_id}/proposals/{proposal.pk}/"
    other = factories.make_vendor(org, officer)
    before = AuditEvent.objects.count()
    response = client.patch(url, {"annual_cost": "-1.00"}, format="json")
    assert response.json() == {"annual_cost": ["A cost cannot be negative."]}
    response = client.patch(url, {"vendor": other.pk}, format="json")
    assert response.json() == {"vendor": ["A proposal stays with the vendor that sent it."]}
    assert AuditEvent.objects.count() == before


def test_the_way_of_buying_needs_its_justification():
    org, officer, client, base = _setup()
    initiative = factories.make_initiative(org, officer)
    body = {"initiative": initiative.pk, "title": "Permitting", "solicitation": "sole_source"}
    response = client.post(base + "evaluations/", body, format="json")
    assert response.json() == {
        "justification": ["A sole-source purchase needs a written justification."]
    }
    response = client.post(base + "evaluations/", {**body, "solicitation": "cooperative"})
    assert response.json() == {
        "cooperative_contract": ["Name the cooperative contract you buy from."]
    }
    contract = factories.make_item(org, officer, "contract")
    response = client.post(
        base + "evaluations/",
        {**body, "solicitation": "cooperative", "cooperative_contract": contract.pk,
         "justification": "Sourcewell competed it nationally; its prices beat our quotes."},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["cooperative_contract"] == contract.pk
    assert response.json()["random_index"] == "saaty-1980"
    bad_table = client.patch(
        f"{base}evaluations/{response.json()['id']}/", {"random_index": "made-up"}, format="json"
    )
    assert bad_table.status_code == 400 and "random_index" in bad_table.json()


def test_typed_weights_add_up_to_100_or_are_refused_naming_the_group():
    org, officer, client, base = _setup()
    evaluation = factories.make_evaluation(org, officer)
    fit = factories.make_criterion(org, officer, evaluation, name="Functional fit")
    cost = factories.make_criterion(org, officer, evaluation, name="Cost")
    payroll = factories.make_criterion(org, officer, evaluation, name="Payroll", parent=fit)
    url = f"{base}evaluations/{evaluation.pk}/weights/"
    before = AuditEvent.objects.count()
    # 60 + 30 = 90, not 100.
    response = client.post(url, {"weights": {str(fit.pk): "60", str(cost.pk): "30"}}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "weights": ["The weights of the main criteria add up to 90 %, not 100 %."]
    }
    response = client.post(url, {"weights": {str(fit.pk): "100"}}, format="json")
    assert response.json() == {
        "weights": ["Give a weight to every criterion of the main criteria."]
    }
    response = client.post(
        url, {"weights": {str(fit.pk): "60", str(payroll.pk): "40"}}, format="json"
    )
    assert response.json() == {"weights": [f"Not criteria of this group: {payroll.pk}."]}
    response = client.post(
        url, {"parent": fit.pk, "weights": {str(payroll.pk): "90"}}, format="json"
    )
    assert response.json() == {
        "weights": ["The weights of the parts of “Functional fit” add up to 90 %, not 100 %."]
    }
    assert AuditEvent.objects.count() == before
    response = client.post(
        url, {"weights": {str(fit.pk): "62.5", str(cost.pk): "37.5"}}, format="json"
    )
    assert response.status_code == 200
    assert {c["name"]: c["weight"] for c in response.json()} == {
        "Functional fit": "62.50",
        "Cost": "37.50",
    }
    # A criterion's weight is not changed on its own (the group would no longer add up).
    response = client.patch(
        f"{base}evaluations/{evaluation.pk}/criteria/{fit.pk}/", {"weight": "10"}, format="json"
    )
    assert response.status_code == 200 and response.json()["weight"] == "62.50"
    assert AuditEvent.objects.filter(action="update").count() >= 2
