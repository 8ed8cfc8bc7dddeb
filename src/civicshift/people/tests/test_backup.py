"""The People tab's rows survive export and import: every row comes back in the copy, with its
stakeholder, department and plan task pointing at the copy's own rows (a reference inside an
initiative stays inside it)."""

import pytest

from civicshift.backup.services import export_organization_data, import_organization

from ..models import AdkarRating, CommsActivity, ImpactGroup, ResistanceResponse, Stakeholder
from ..services_plan import SAME, activity_send_to_plan, activity_task_proposal
from .factories import (
    make_activity,
    make_department,
    make_group,
    make_initiative,
    make_plan,
    make_rating,
    make_response,
    make_stakeholder,
)

pytestmark = pytest.mark.django_db


def test_export_and_import_keep_every_row_and_link(org, editor):
    initiative = make_initiative(org, editor)
    finance = make_department(org)
    stakeholder = make_stakeholder(org, editor, initiative, department=finance)
    make_rating(org, editor, initiative, stakeholder=stakeholder)
    make_group(org, editor, initiative, department=finance)
    make_response(org, editor, initiative, stakeholder=stakeholder)
    make_plan(editor, initiative)
    activity_send_to_plan(actor=editor, activity=make_activity(org, editor, initiative))

    data = export_organization_data(org)
    emails = [u["email"] for u in data["users"]]
    copy = import_organization(data, confirm_existing=emails, into_slug="copy").organization

    for model in (Stakeholder, AdkarRating, ImpactGroup, CommsActivity, ResistanceResponse):
        assert model.objects.for_org(copy).count() == model.objects.for_org(org).count(), model
    new_stakeholder = Stakeholder.objects.for_org(copy).get()
    assert new_stakeholder.department.organization_id == copy.pk
    assert AdkarRating.objects.for_org(copy).get().stakeholder == new_stakeholder
    assert ResistanceResponse.objects.for_org(copy).get().stakeholder == new_stakeholder
    activity = CommsActivity.objects.for_org(copy).get()
    assert activity.task.plan.initiative_id == activity.initiative_id
    assert activity.task.organization_id == copy.pk
    assert activity_task_proposal(activity).action == SAME  # still "already in the plan"
