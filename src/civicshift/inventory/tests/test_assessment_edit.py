"""Correcting and deleting an assessment: services with their audit records, the pages, the
version check, and the assessment before it counting again after a delete."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.core.inventory import assess
from civicshift.inventory import services
from civicshift.inventory.models import Assessment
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple")


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR, "editor@example.org")


def url(name, assessment):
    return reverse(
        f"inventory:{name}",
        args=[assessment.organization.slug, assessment.system_id, assessment.pk],
    )


def _audit(assessment, action):
    return AuditEvent.objects.filter(
        action=action, object_pk=str(assessment.pk), object_repr=str(assessment)
    )


def test_correcting_the_answers_changes_the_disposition_and_is_audited(client, org, editor):
    # Gartner's TIME quadrants split each score at 3: value 4 / condition 2 is "migrate",
    # value 4 / condition 4 "invest".
    assessment = factories.make_assessment(
        org, editor, answers={"business_importance": 4, "vendor_support": 2}
    )
    assert assess(assessment.answers).disposition == "migrate"
    client.force_login(editor)
    page = client.get(url("assessment_edit", assessment))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["vendor_support"].value() == "2" and form["version"].value() == 1
    response = client.post(
        url("assessment_edit", assessment),
        {
            "business_importance": "4",
            "vendor_support": "4",
            "assessed_on": assessment.assessed_on.isoformat(),
            "notes": "Vendor confirmed support to 2031.",
            "version": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment.refresh_from_db()
    assert assessment.answers == {"business_importance": 4, "vendor_support": 4}
    assert assess(assessment.answers).disposition == "invest"
    assert assessment.version == 2
    (event,) = _audit(assessment, "update")
    assert event.changes["answers"] == [
        {"business_importance": 4, "vendor_support": 2},
        {"business_importance": 4, "vendor_support": 4},
    ]
    assert event.changes["notes"] == ["", "Vendor confirmed support to 2031."]


def test_a_correction_from_an_older_version_is_refused(client, org, editor):
    assessment = factories.make_assessment(org, editor)
    services.assessment_update(actor=editor, assessment=assessment, notes="First correction")
    client.force_login(editor)
    response = client.post(
        url("assessment_edit", assessment),
        {
            "business_importance": "1",
            "assessed_on": assessment.assessed_on.isoformat(),
            "version": "1",  # opened before the first correction
        },
    )
    assert response.status_code == 200
    assert response.context["form"].is_stale
    assessment.refresh_from_db()
    assert assessment.notes == "First correction" and assessment.answers["business_importance"] == 4


def test_a_date_in_the_future_is_refused_naming_the_field(client, org, editor):
    assessment = factories.make_assessment(org, editor)
    client.force_login(editor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url("assessment_edit", assessment),
        {"business_importance": "3", "assessed_on": tomorrow.isoformat(), "version": "1"},
    )
    assert response.status_code == 200
    assert "assessed_on" in response.context["form"].errors
    with pytest.raises(ValidationError) as caught:
        services.assessment_update(actor=editor, assessment=assessment, assessed_on=tomorrow)
    assert "assessed_on" in caught.value.message_dict


def test_bad_answers_are_refused_by_the_service(org, editor):
    assessment = factories.make_assessment(org, editor)
    with pytest.raises(ValidationError) as caught:
        services.assessment_update(actor=editor, assessment=assessment, answers={"age": 9})
    assert "answers" in caught.value.message_dict


def test_deleting_the_latest_makes_the_one_before_count_again(client, org, editor):
    system = factories.make_system(org, editor)
    earlier = factories.make_assessment(
        org, editor, system=system, answers={"business_importance": 2}, assessed_on=date(2026, 1, 5)
    )
    latest = factories.make_assessment(
        org, editor, system=system, answers={"business_importance": 5}, assessed_on=date(2026, 6, 1)
    )
    client.force_login(editor)
    detail = client.get(reverse("inventory:detail", args=[org.slug, system.pk]))
    assert url("assessment_delete", latest) in detail.content.decode()
    assert url("assessment_edit", earlier) in detail.content.decode()
    assert client.get(url("assessment_delete", latest)).status_code == 200
    response = client.post(url("assessment_delete", latest))
    assert response.status_code == 302
    assert list(system.assessments.all()) == [earlier]
    (event,) = AuditEvent.objects.filter(action="delete", object_pk=str(latest.pk))
    assert event.changes["answers"] == [{"business_importance": 5}, None]


def test_a_viewer_cannot_correct_or_delete(client, org, editor):
    assessment = factories.make_assessment(org, editor)
    client.force_login(make_member(org, Role.VIEWER, "viewer@example.org"))
    assert client.get(url("assessment_edit", assessment)).status_code == 403
    assert client.post(url("assessment_delete", assessment)).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_another_systems_assessment_is_not_found_under_this_system(client, org, editor):
    assessment = factories.make_assessment(org, editor)
    other = factories.make_system(org, editor)
    client.force_login(editor)
    wrong = reverse("inventory:assessment_edit", args=[org.slug, other.pk, assessment.pk])
    assert client.get(wrong).status_code == 404
