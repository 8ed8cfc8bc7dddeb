"""Recommending the award: refused before the consensus is complete, for another evaluation's
proposal and without reasons (each with a message naming it, nothing saved); recorded through
the service with its audit event; the form, the evaluation page and who may use them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors.models import Evaluation
from civicshift.vendors.services_award import evaluation_recommend_award

from .award_setup import agree_consensus, award_world
from .factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return award_world(make_org())


def _events(evaluation):
    return AuditEvent.objects.filter(
        object_pk=str(evaluation.pk), changes__has_key="awarded_proposal"
    )


def test_before_the_consensus_the_recommendation_is_refused_naming_the_missing_score(world):
    evaluation, (p1, p2) = world["evaluation"], world["proposals"]
    with pytest.raises(ValidationError) as refused:
        evaluation_recommend_award(
            actor=world["officer"], evaluation=evaluation, proposal=p2, rationale="Best value."
        )
    message = refused.value.message_dict["proposal"][0]
    # 2 proposals × 2 criteria, none agreed: 4 missing, the first the first proposal's first.
    assert message.startswith("No consensus yet: 4 consensus score(s)")
    assert f"“Functional fit” for “{p1.vendor.name}”" in message
    evaluation.refresh_from_db()
    assert evaluation.awarded_proposal is None and not _events(evaluation).exists()


def test_a_proposal_of_another_evaluation_is_refused_by_name(world):
    agree_consensus(world)
    other = make_proposal(world["org"], world["officer"])
    with pytest.raises(ValidationError) as refused:
        evaluation_recommend_award(
            actor=world["officer"],
            evaluation=world["evaluation"],
            proposal=other,
            rationale="Cheaper.",
        )
    assert refused.value.message_dict["proposal"] == [
        f"“{other.vendor.name}” did not send a proposal to this evaluation."
    ]
    assert not _events(world["evaluation"]).exists()


def test_a_recommendation_without_reasons_is_refused(world):
    agree_consensus(world)
    p2 = world["proposals"][1]
    with pytest.raises(ValidationError) as refused:
        evaluation_recommend_award(
            actor=world["officer"], evaluation=world["evaluation"], proposal=p2, rationale="  "
        )
    assert p2.vendor.name in refused.value.message_dict["rationale"][0]


def test_evaluators_and_viewers_cannot_recommend(world):
    agree_consensus(world)
    for role in (Role.EVALUATOR, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            evaluation_recommend_award(
                actor=make_member(world["org"], role),
                evaluation=world["evaluation"],
                proposal=world["proposals"][1],
                rationale="Best value.",
            )


def test_the_recommendation_is_recorded_and_audited(world):
    agree_consensus(world)
    p1, p2 = world["proposals"]
    evaluation = evaluation_recommend_award(
        actor=world["officer"],
        evaluation=world["evaluation"],
        proposal=p2,
        rationale="  Highest total; references strong.  ",
    )
    evaluation.refresh_from_db()
    assert evaluation.awarded_proposal == p2
    assert evaluation.award_rationale == "Highest total; references strong."
    (event,) = _events(evaluation)
    assert event.actor == world["officer"] and event.reason == "Award recommended."
    assert event.changes["award_rationale"][1] == "Highest total; references strong."
    # Changed later: a second event, the first kept.
    evaluation_recommend_award(
        actor=world["officer"], evaluation=evaluation, proposal=p1, rationale="Cheaper."
    )
    assert _events(evaluation).count() == 2


def _url(world, name="award"):
    return reverse(f"vendors:{name}", args=[world["org"].slug, world["evaluation"].pk])


def test_the_form_records_it_and_the_evaluation_page_shows_it(world):
    agree_consensus(world)
    p2 = world["proposals"][1]
    client = Client()
    client.force_login(world["officer"])
    form = client.get(_url(world))
    assert form.status_code == 200
    page = form.content.decode()
    # The ranking's leader (83.2 points, test_ranking.py's hand calculation) is named.
    assert f"The ranking puts {p2.vendor.name} first, with 83.20 of 100 points." in page
    response = client.post(
        _url(world),
        {
            "proposal": p2.pk,
            "rationale": "Highest total score.",
            "version": world["evaluation"].version,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#h-award")
    detail = client.get(_url(world, "evaluation_detail")).content.decode()
    assert "Recommended for award" in detail and p2.vendor.name in detail
    assert "Highest total score." in detail
    assert "award-memo.pdf" in detail and "award-memo.docx" in detail


def test_the_form_refuses_another_evaluations_proposal_and_saves_nothing(world):
    agree_consensus(world)
    other = make_proposal(world["org"], world["officer"])
    client = Client()
    client.force_login(world["officer"])
    response = client.post(
        _url(world),
        {"proposal": other.pk, "rationale": "x", "version": world["evaluation"].version},
    )
    assert response.status_code == 200
    assert "Choose a proposal of this evaluation." in response.content.decode()
    assert Evaluation.objects.get(pk=world["evaluation"].pk).awarded_proposal is None


def test_the_form_before_the_consensus_shows_the_named_refusal(world):
    client = Client()
    client.force_login(world["officer"])
    response = client.post(
        _url(world),
        {
            "proposal": world["proposals"][1].pk,
            "rationale": "Best.",
            "version": world["evaluation"].version,
        },
    )
    assert response.status_code == 200
    assert "No consensus yet: 4 consensus score(s)" in response.content.decode()


def test_two_editors_at_once_the_second_is_told(world):
    agree_consensus(world)
    p1, p2 = world["proposals"]
    version = Evaluation.objects.get(pk=world["evaluation"].pk).version
    first, second = Client(), Client()
    first.force_login(world["officer"])
    second.force_login(make_member(world["org"], Role.EDITOR))
    data = {"rationale": "Best value.", "version": version}
    assert first.post(_url(world), {**data, "proposal": p2.pk}).status_code == 302
    refused = second.post(_url(world), {**data, "proposal": p1.pk})
    assert refused.status_code == 200
    assert Evaluation.objects.get(pk=world["evaluation"].pk).awarded_proposal == p2


def test_an_evaluator_on_the_panel_sees_the_recommendation_but_not_the_action(world):
    agree_consensus(world)
    evaluation_recommend_award(
        actor=world["officer"],
        evaluation=world["evaluation"],
        proposal=world["proposals"][1],
        rationale="Highest total score.",
    )
    client = Client()
    client.force_login(world["members"][1].user)  # an evaluator on the panel
    detail = client.get(_url(world, "evaluation_detail")).content.decode()
    assert "Highest total score." in detail and "award-memo.pdf" not in detail
    assert client.get(_url(world)).status_code == 403
    assert client.get(_url(world, "award_memo_pdf")).status_code == 403
