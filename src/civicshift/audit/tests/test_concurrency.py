"""Optimistic concurrency in the update path (``audited_update``): versions, refusals and an
audit trail whose "before" values are always the previous change's "after" values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation

from civicshift.audit.models import AuditEvent
from civicshift.audit.services import StaleObjectError
from civicshift.initiatives import services as initiative_services
from civicshift.initiatives.models import Initiative
from civicshift.orgs import services
from civicshift.orgs.models import Department
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple")


@pytest.fixture
def ana(org):
    user = make_member(org, Role.EDITOR, "ana@example.org")
    user.first_name, user.last_name = "Ana", "Alvarez"
    user.save()
    return user


@pytest.fixture
def bo(org):
    return make_member(org, Role.EDITOR, "bo@example.org")


@pytest.fixture
def department(org, ana):
    return services.department_create(actor=ana, organization=org, name="Clerk", head="Kim")


def _copy(department):
    """Another request's copy of the same row."""
    return Department.objects.for_org(department.organization).get(pk=department.pk)


def _updates(department):
    return list(
        AuditEvent.objects.filter(action="update", object_pk=str(department.pk)).order_by("pk")
    )


def test_each_update_counts_a_version_and_its_before_is_the_previous_after(department, ana, bo):
    assert department.version == 1
    services.department_update(actor=ana, department=_copy(department), name="City Clerk")
    services.department_update(actor=bo, department=_copy(department), name="Clerk's Office")
    services.department_update(actor=ana, department=_copy(department), head="Lee")
    department.refresh_from_db()
    assert department.version == 4
    first, second, third = _updates(department)
    assert first.changes == {"name": ["Clerk", "City Clerk"]}
    assert second.changes == {"name": ["City Clerk", "Clerk's Office"]}
    assert third.changes == {"head": ["Kim", "Lee"]}  # the version itself is not "a change"


def test_a_save_from_an_older_copy_is_refused_and_leaves_no_trace(department, ana, bo):
    ana_copy, bo_copy = _copy(department), _copy(department)
    services.department_update(actor=ana, department=ana_copy, name="City Clerk")
    events = AuditEvent.objects.count()
    with pytest.raises(StaleObjectError) as refused:
        services.department_update(actor=bo, department=bo_copy, name="Records")
    department.refresh_from_db()
    assert (department.name, department.version) == ("City Clerk", 2)
    assert AuditEvent.objects.count() == events
    when = formats.date_format(
        timezone.localtime(_updates(department)[0].created_at), "DATETIME_FORMAT"
    )
    assert refused.value.messages == [
        f"Changed by Ana Alvarez at {when} since you opened it. Your changes were not saved: "
        "reload to see theirs."
    ]
    assert (refused.value.expected_version, refused.value.current_version) == (1, 2)


def test_the_expected_version_is_the_one_given_not_the_copy_in_hand(department, ana, bo):
    services.department_update(actor=ana, department=_copy(department), name="City Clerk")
    old_copy = _copy(department)
    services.department_update(actor=ana, department=_copy(department), head="Lee")
    # The page was opened at version 2; the copy in hand was read at version 2 as well.
    with pytest.raises(StaleObjectError):
        services.department_update(
            actor=bo, department=_copy(department), expected_version=2, name="X"
        )
    # A caller holding an old copy but naming the current version is let through, and the
    # audit record's "before" is what is stored (head "Lee"), not the old copy's "Kim".
    services.department_update(
        actor=bo, department=old_copy, expected_version=3, name="Records", head="Ray"
    )
    last = _updates(department)[-1]
    assert last.changes == {"name": ["City Clerk", "Records"], "head": ["Lee", "Ray"]}


def test_saving_without_changes_keeps_the_version(department, ana):
    services.department_update(actor=ana, department=_copy(department), name="Clerk")
    department.refresh_from_db()
    assert department.version == 1
    assert _updates(department) == []


def test_a_refused_validation_keeps_the_version(department, ana):
    with pytest.raises(ValidationError) as refused:  # the model's own validation
        services.department_update(actor=ana, department=_copy(department), name="")
    assert "name" in refused.value.message_dict
    department.refresh_from_db()
    assert (department.name, department.version) == ("Clerk", 1)


def test_saving_a_row_deleted_meanwhile_says_so(department, ana, bo, org):
    stale = _copy(department)
    admin = make_member(org, Role.ADMIN)
    services.department_delete(actor=admin, department=_copy(department))
    with pytest.raises(StaleObjectError) as refused:
        services.department_update(actor=bo, department=stale, name="Records")
    assert refused.value.messages[0].startswith("Deleted by ")


def test_the_message_is_translated_and_names_the_time_in_the_reader_s_format(department, ana, bo):
    stale = _copy(department)
    services.department_update(actor=ana, department=_copy(department), name="City Clerk")
    with translation.override("es"), pytest.raises(StaleObjectError) as refused:
        services.department_update(actor=bo, department=stale, name="Records")
    when = _updates(department)[0].created_at
    with translation.override("es"):
        expected_time = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
    assert expected_time in refused.value.messages[0]
    assert "Ana Alvarez" in refused.value.messages[0]


def test_a_status_change_makes_an_open_edit_page_out_of_date(org, ana, bo):
    initiative = initiative_services.initiative_create(
        actor=ana, organization=org, title="Online permitting"
    )
    opened_at = initiative.version
    initiative_services.initiative_change_status(
        actor=ana, initiative=initiative, to_status="proposed", reason="Ready for review"
    )
    fresh = Initiative.objects.for_org(org).get(pk=initiative.pk)
    assert fresh.version == opened_at + 1
    with pytest.raises(StaleObjectError) as refused:
        initiative_services.initiative_update(
            actor=bo, initiative=fresh, expected_version=opened_at, title="E-permits"
        )
    assert "Ana Alvarez" in refused.value.messages[0]
