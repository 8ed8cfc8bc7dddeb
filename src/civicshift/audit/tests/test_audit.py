import pytest
from django.urls import reverse

from civicshift.audit.models import AppendOnlyError, AuditEvent
from civicshift.orgs import services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    services.department_create(actor=editor, organization=org, name="Clerk")
    return AuditEvent.objects.get()


def test_audit_records_cannot_be_changed_or_deleted(event):
    event.reason = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_delete_keeps_the_last_values(event):
    org = event.organization
    dept = org.pk and services.Department.objects.for_org(org).get()
    admin = make_member(org, Role.ADMIN)
    services.department_delete(actor=admin, department=dept)
    deleted = AuditEvent.objects.get(action="delete")
    assert deleted.changes["name"] == ["Clerk", None]
    assert deleted.object_repr == "Clerk"


def test_history_page_filters_by_kind_of_change(client, event):
    org = event.organization
    viewer = make_member(org, Role.VIEWER)
    client.force_login(viewer)
    url = reverse("audit:org_history", args=[org.slug])
    assert "Clerk" in client.get(url, {"action": "create"}).content.decode()
    response = client.get(url, {"action": "delete"})
    assert "0 changes found" in response.content.decode()


def test_there_is_no_url_that_writes_to_the_history(client, event):
    org = event.organization
    admin = make_member(org, Role.ADMIN)
    client.force_login(admin)
    url = reverse("audit:org_history", args=[org.slug])
    assert client.post(url).status_code == 405
    assert AuditEvent.objects.count() == 1


def test_record_events_writes_what_record_event_writes_for_each_event():
    """The bulk path (imports) against the one-event path, column by column."""
    from civicshift.audit.services import record_event, record_events

    org = make_org()
    editor = make_member(org, Role.EDITOR)
    clerk = services.department_create(actor=editor, organization=org, name="Clerk")
    works = services.department_create(actor=editor, organization=org, name="Public Works")
    events = [
        ("create", clerk, {"name": [None, "Clerk"]}),
        ("update", works, {"name": ["Works", "Public Works"], "code": ["", "PW"]}),
        ("update", org, {}),
    ]
    for actor in (editor, None):
        start = AuditEvent.objects.count()
        singles = [
            record_event(
                actor=actor,
                organization=org,
                action=action,
                obj=obj,
                changes=changes,
                reason="Imported from a file.",
            ).pk
            for action, obj, changes in events
        ]
        assert (
            record_events(
                actor=actor, organization=org, events=events, reason="Imported from a file."
            )
            == 3
        )
        written = list(AuditEvent.objects.filter(pk__gt=max(singles)).order_by("pk"))
        assert len(written) == 3 and AuditEvent.objects.count() == start + 6
        kept = (
            "organization_id",
            "actor_id",
            "actor_label",
            "action",
            "content_type_id",
            "object_pk",
            "object_repr",
            "changes",
            "reason",
            "imported",
        )
        references = AuditEvent.objects.filter(pk__in=singles).order_by("pk")
        for single, bulk in zip(references, written, strict=True):
            assert {k: getattr(bulk, k) for k in kept} == {k: getattr(single, k) for k in kept}
            assert bulk.created_at >= single.created_at
        assert written[0].actor_label == (editor.get_username() if actor else "system")
