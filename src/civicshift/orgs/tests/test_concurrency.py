"""Two administrators acting at the same moment, in two threads with their own database
connections (a second PostgreSQL session, or a second SQLite connection to a file database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.audit.services import StaleObjectError
from civicshift.orgs import services
from civicshift.orgs.models import Department, Membership
from civicshift.orgs.roles import Role
from civicshift.testing.concurrency import rendezvous, run_together
from civicshift.testing.factories import make_org, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_admins(concurrent_database):
    org = make_org("maple")
    ana = make_user("ana@example.org", first_name="Ana", last_name="Alvarez")
    bo = make_user("bo@example.org", first_name="Bo", last_name="Berg")
    for user in (ana, bo):
        Membership.objects.create(organization=org, user=user, role=Role.ADMIN)
    return org, ana, bo


@pytest.fixture
def overlap(monkeypatch):
    """Both threads pause between reading the administrators and writing, so without the lock
    they would both see two administrators and both go ahead."""
    meet = rendezvous(2)
    real = services._is_last_admin

    def checked_then_wait(membership):
        answer = real(membership)
        meet()
        return answer

    monkeypatch.setattr(services, "_is_last_admin", checked_then_wait)


def _membership(org, user):
    return Membership.objects.for_org(org).get(user=user)


def _refusals(outcomes):
    return [o for o in outcomes if isinstance(o, Exception)]


def _assert_one_admin_left(org):
    assert Membership.objects.for_org(org).filter(role=Role.ADMIN).count() == 1


def test_two_last_admins_demoting_themselves_at_once_leave_one(two_admins, overlap):
    org, ana, bo = two_admins
    outcomes = run_together(
        lambda: services.membership_change_role(
            actor=ana, membership=_membership(org, ana), role=Role.EDITOR
        ),
        lambda: services.membership_change_role(
            actor=bo, membership=_membership(org, bo), role=Role.EDITOR
        ),
    )
    refused = _refusals(outcomes)
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError)
    assert "at least one administrator" in " ".join(refused[0].messages)
    _assert_one_admin_left(org)
    assert AuditEvent.objects.for_org(org).filter(action="update").count() == 1


def test_two_last_admins_demoting_each_other_at_once_leave_one(two_admins, overlap):
    org, ana, bo = two_admins
    outcomes = run_together(
        lambda: services.membership_change_role(
            actor=ana, membership=_membership(org, bo), role=Role.VIEWER
        ),
        lambda: services.membership_change_role(
            actor=bo, membership=_membership(org, ana), role=Role.VIEWER
        ),
    )
    refused = _refusals(outcomes)
    assert len(refused) == 1, outcomes
    # The loser is no longer an administrator when its turn comes: refused as such.
    assert isinstance(refused[0], PermissionDenied)
    _assert_one_admin_left(org)


def test_removing_and_demoting_the_two_last_admins_at_once_leaves_one(two_admins, overlap):
    org, ana, bo = two_admins
    outcomes = run_together(
        lambda: services.membership_remove(actor=ana, membership=_membership(org, ana)),
        lambda: services.membership_change_role(
            actor=bo, membership=_membership(org, bo), role=Role.EDITOR
        ),
    )
    refused = _refusals(outcomes)
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError)
    _assert_one_admin_left(org)


def test_concurrent_demotions_through_the_web_never_answer_500(two_admins, overlap):
    org, ana, bo = two_admins

    def demote_self(user):
        client = Client()
        client.force_login(user)
        membership = _membership(org, user)
        response = client.post(
            reverse("orgs:member_role", args=[org.slug, membership.pk]), {"role": Role.EDITOR}
        )
        return response.status_code, [str(m) for m in response.wsgi_request._messages]

    outcomes = run_together(lambda: demote_self(ana), lambda: demote_self(bo))
    assert all(isinstance(o, tuple) for o in outcomes), outcomes
    assert [status for status, _messages in outcomes] == [302, 302]
    said = [m for _status, messages in outcomes for m in messages]
    assert sum("at least one administrator" in m for m in said) == 1, said
    _assert_one_admin_left(org)


def test_two_saves_of_the_same_version_at_once_keep_exactly_one(two_admins):
    org, ana, bo = two_admins
    department = services.department_create(actor=ana, organization=org, name="Public Works")

    def rename(user, name):
        copy = Department.objects.for_org(org).get(pk=department.pk)
        return services.department_update(
            actor=user, department=copy, expected_version=1, name=name
        )

    outcomes = run_together(lambda: rename(ana, "Works"), lambda: rename(bo, "Parks"))
    refused = _refusals(outcomes)
    assert len(refused) == 1 and isinstance(refused[0], StaleObjectError), outcomes
    saved = next(o for o in outcomes if isinstance(o, Department))
    department.refresh_from_db()
    assert (department.name, department.version) == (saved.name, 2)
    updates = AuditEvent.objects.for_org(org).filter(action="update")
    assert [e.changes["name"] for e in updates] == [["Public Works", saved.name]]
