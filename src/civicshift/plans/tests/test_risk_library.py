"""Starting a register from the municipal risk library (issue 9, item 7: "A library of common
municipal technology risks to start from"), and the register's two rules: accepting a risk needs
a rationale and a review date; a risk that occurs becomes an issue linked to it.

The expected values are the library entries themselves (``core/data/risk_library.yaml``, whose
sources are in its ``source`` field), read through ``load_library`` rather than copied here.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.core.risk_library import load_library
from civicshift.plans import services_risks
from civicshift.plans.models import Risk, RiskIssue, RiskStatus
from civicshift.plans.risk_summary import register_summary

from .factories import make_initiative, make_risk

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
FIRST, SECOND = LIBRARY.risks[0], LIBRARY.risks[1]
WITH_RANGES = next(e for e in LIBRARY.risks if e.cost_share and e.schedule_days)


def test_library_entries_become_drafts_with_the_entrys_words_and_ranges(org, editor):
    initiative = make_initiative(org, editor)
    before = AuditEvent.objects.for_org(org).count()
    budget = Decimal("1000000")
    (risk,) = services_risks.risks_from_library(
        actor=editor,
        organization=org,
        initiative=initiative,
        library_ids=[WITH_RANGES.id],
        budget=budget,
    )
    assert risk.status == RiskStatus.DRAFT and risk.initiative == initiative
    assert (risk.title, risk.category, risk.cause, risk.event, risk.effect) == (
        WITH_RANGES.title,
        WITH_RANGES.category,
        WITH_RANGES.cause,
        WITH_RANGES.event,
        WITH_RANGES.effect,
    )
    assert (risk.likelihood, risk.impact, risk.response) == (
        WITH_RANGES.likelihood,
        WITH_RANGES.impact,
        WITH_RANGES.response,
    )
    assert risk.contingency_plan == WITH_RANGES.mitigation and risk.library_id == WITH_RANGES.id
    share = WITH_RANGES.cost_share
    assert [risk.cost_low, risk.cost_likely, risk.cost_high] == [
        Decimal(round(s * float(budget))) for s in (share.low, share.likely, share.high)
    ]
    days = WITH_RANGES.schedule_days
    assert [float(risk.delay_low_days), float(risk.delay_high_days)] == [days.low, days.high]
    event = AuditEvent.objects.for_org(org).order_by("-pk").first()
    assert AuditEvent.objects.for_org(org).count() == before + 1
    assert event.reason == "Added from the risk library."


def test_without_a_budget_the_cost_is_left_to_fill_in(org, editor):
    (risk,) = services_risks.risks_from_library(
        actor=editor, organization=org, library_ids=[WITH_RANGES.id]
    )
    assert risk.initiative is None  # the programme's register
    assert (risk.cost_low, risk.cost_likely, risk.cost_high) == (None, None, None)


def test_drafts_count_in_no_reserve_until_opened(org, editor):
    initiative = make_initiative(org, editor)
    (risk,) = services_risks.risks_from_library(
        actor=editor,
        organization=org,
        initiative=initiative,
        library_ids=[WITH_RANGES.id],
        budget=Decimal("500000"),
    )
    summary = register_summary([risk])
    assert summary.open_count == 0 and summary.contingency == 0
    risk = services_risks.risk_update(actor=editor, risk=risk, status=RiskStatus.OPEN)
    assert register_summary([risk]).open_count == 1
    assert register_summary([risk]).contingency > 0


def test_entries_already_in_the_register_are_skipped(org, editor):
    initiative = make_initiative(org, editor)
    services_risks.risks_from_library(
        actor=editor, organization=org, initiative=initiative, library_ids=[FIRST.id]
    )
    again = services_risks.risks_from_library(
        actor=editor, organization=org, initiative=initiative, library_ids=[FIRST.id, SECOND.id]
    )
    assert [r.library_id for r in again] == [SECOND.id]
    # Another register (the programme's) may hold the same entry.
    other = services_risks.risks_from_library(
        actor=editor, organization=org, library_ids=[FIRST.id]
    )
    assert len(other) == 1


def test_an_unknown_entry_refuses_the_whole_request(org, editor):
    with pytest.raises(ValidationError) as caught:
        services_risks.risks_from_library(
            actor=editor, organization=org, library_ids=[FIRST.id, "no-such-risk"]
        )
    assert "no-such-risk" in caught.value.message_dict["library_ids"][0]
    assert not Risk.objects.for_org(org).exists()
    with pytest.raises(ValidationError):
        services_risks.risks_from_library(actor=editor, organization=org, library_ids=[])


def test_a_viewer_cannot_add_from_the_library(org, viewer):
    with pytest.raises(PermissionDenied):
        services_risks.risks_from_library(actor=viewer, organization=org, library_ids=[FIRST.id])
    assert not Risk.objects.for_org(org).exists()


def test_accepting_a_risk_needs_a_rationale_and_a_review_date(org, editor):
    risk = make_risk(org, editor)
    with pytest.raises(ValidationError) as caught:
        services_risks.risk_update(actor=editor, risk=risk, response="accept")
    assert set(caught.value.message_dict) == {"acceptance_rationale", "review_on"}
    risk.refresh_from_db()
    assert risk.response == "mitigate"
    accepted = services_risks.risk_update(
        actor=editor,
        risk=risk,
        response="accept",
        acceptance_rationale="Cheaper to absorb than to insure.",
        review_on=date(2027, 6, 1),
    )
    assert accepted.response == "accept"


def test_a_risk_that_occurs_becomes_an_issue_linked_to_it(org, editor):
    risk = make_risk(org, editor, initiative=make_initiative(org, editor))
    issue = services_risks.risk_occurred(actor=editor, risk=risk)
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OCCURRED
    assert RiskIssue.objects.for_org(org).get() == issue
    assert (issue.risk, issue.initiative, issue.title) == (risk, risk.initiative, risk.title)
    with pytest.raises(ValidationError):  # once: it already has its issue
        services_risks.risk_occurred(actor=editor, risk=risk)
    assert RiskIssue.objects.for_org(org).count() == 1


def test_a_draft_is_reviewed_before_it_can_happen(org, editor):
    (draft,) = services_risks.risks_from_library(
        actor=editor, organization=org, library_ids=[FIRST.id]
    )
    with pytest.raises(ValidationError):
        services_risks.risk_occurred(actor=editor, risk=draft)
    assert not RiskIssue.objects.for_org(org).exists()


# --- the page ------------------------------------------------------------------------------


def _urls(org, initiative):
    kwargs = {"org_slug": org.slug, "pk": initiative.pk}
    return reverse("plans:risks", kwargs=kwargs), reverse("plans:risk_library", kwargs=kwargs)


def test_the_register_offers_the_library_with_and_without_javascript(client, org, editor):
    initiative = make_initiative(org, editor)
    register, library = _urls(org, initiative)
    client.force_login(editor)
    page = client.get(register).content.decode()
    assert f'href="{library}" hx-get="{library}" hx-target="#library-picker"' in page
    full = client.get(library).content.decode()  # no JavaScript: a page of its own
    assert "<html" in full and 'id="library-form"' in full
    part = client.get(library, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and 'id="library-form"' in part and "data-focus-on-load" in part
    # One fieldset per category with its legend; every checkbox has its label.
    assert part.count("<legend") == len({e.category for e in LIBRARY.risks})
    for entry in LIBRARY.risks:
        assert f'id="library-{entry.id}"' in part and f'for="library-{entry.id}"' in part


def test_ticking_risks_adds_them_and_returns_to_the_register(client, org, editor):
    initiative = make_initiative(org, editor)
    register, library = _urls(org, initiative)
    client.force_login(editor)
    response = client.post(library, {"library_ids": [FIRST.id, SECOND.id]})
    assert response.status_code == 302 and response["Location"] == register + "#register"
    risks = Risk.objects.for_org(org).filter(initiative=initiative)
    assert sorted(risks.values_list("library_id", flat=True)) == sorted([FIRST.id, SECOND.id])
    page = client.get(register).content.decode()
    assert "2 risks from the library are drafts" in page
    # Entries already in the register are shown, not offered again.
    part = client.get(library, headers={"HX-Request": "true"}).content.decode()
    assert f'value="{FIRST.id}" disabled' in part
    assert client.post(library, {"library_ids": [FIRST.id]}).status_code == 200  # not a choice


def test_ticking_nothing_says_what_to_do(client, org, editor):
    initiative = make_initiative(org, editor)
    _register, library = _urls(org, initiative)
    client.force_login(editor)
    response = client.post(library, {})
    assert response.status_code == 200
    assert "Tick at least one risk to add." in response.content.decode()
    assert not Risk.objects.for_org(org).exists()
