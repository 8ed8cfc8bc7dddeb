"""Export → import → export gives the same data: nothing is lost or changed on the way."""

from __future__ import annotations

import copy
import json

import pytest
from django.contrib.auth import get_user_model

from civicshift.audit.models import Action, AuditEvent
from civicshift.backup.schema import ROW, USER, table_plans
from civicshift.backup.services import export_organization_data
from civicshift.initiatives.models import Initiative, StatusChange
from civicshift.orgs.base import backed_up_models
from civicshift.orgs.models import Department, Invitation, Membership

from .conftest import import_confirmed

pytestmark = pytest.mark.django_db

ORG = "orgs.organization"


def canonical(export: dict) -> dict:
    """The export with every id replaced by the row's position in its table (rows are in id
    order, and the import keeps that order), users by e-mail, and the volatile keys dropped."""
    data = copy.deepcopy(export)
    for key in ("exported_at", "source_slug"):
        data.pop(key)
    emails = {u["id"]: u["email"].lower() for u in data["users"]}
    data["users"] = sorted(({**u, "id": None} for u in data["users"]), key=lambda u: u["email"])
    position = {
        label: {row["id"]: index for index, row in enumerate(rows)}
        for label, rows in data["tables"].items()
    }
    for plan in table_plans():
        for row in data["tables"].get(plan.label, []):
            row["id"] = position[plan.label][row["id"]]
            for f in plan.fields:
                value = row[f.name]
                if f.kind == ROW:
                    mapped = (
                        [position[f.target][v] for v in value]
                        if f.many
                        else (None if value is None else position[f.target][value])
                    )
                    row[f.name] = sorted(mapped) if f.many else mapped
                elif f.kind == USER:
                    row[f.name] = sorted(emails[v] for v in value) if f.many else emails.get(value)
            if plan.generic_reference:
                ct_name, id_name = plan.generic_reference
                ct, object_id = row[ct_name], row[id_name]
                if ct == ORG:
                    row[id_name] = "this organization"
                elif ct in position and object_id:
                    found = position[ct].get(int(object_id)) if object_id.isdigit() else None
                    row[id_name] = (
                        f"row {found}"
                        if found is not None
                        else f"deleted:{object_id.removeprefix('deleted:')}"
                    )
    return data


def test_every_organization_owned_model_is_a_table():
    assert [p.label for p in table_plans()] != []
    assert {p.label for p in table_plans()} == {m._meta.label_lower for m in backed_up_models()}


def test_tables_come_after_the_tables_they_point_at():
    """Except in a cycle (a case's recommended option is one of its own options): such a link
    points forward, so it must be nullable, and the importer fills it in afterwards."""
    order = [p.label for p in table_plans()]
    for plan in table_plans():
        for f in plan.fields:
            if f.kind == ROW and f.target != plan.label:
                forward = order.index(f.target) > order.index(plan.label)
                assert not forward or f.field.null, (plan.label, f.name)
    assert order[-1] == "audit.auditevent"  # generic references: after every other table


def test_export_contains_every_row_with_references_as_old_ids(rich_org):
    data = export_organization_data(rich_org)
    assert data["format"] == "civicshift-export" and data["version"] == 1
    assert data["source_slug"] == "maple-falls"
    assert data["organization"]["name"] == "City of Maple Falls"
    assert data["organization"]["discount_rate"] == "0.0275"
    assert not {"id", "slug", "created_at", "updated_at"} & set(data["organization"])
    json.dumps(data)  # JSON-ready throughout
    for model in backed_up_models():
        label = model._meta.label_lower
        assert [r["id"] for r in data["tables"][label]] == list(
            model.objects.filter(organization=rich_org).order_by("pk").values_list("pk", flat=True)
        )
    permits = next(
        r
        for r in data["tables"]["initiatives.initiative"]
        if r["title"] == "Online building permits"
    )
    assert permits["cost_low"] == "45000.50"
    assert permits["target_start"] == "2025-07-01"
    assert permits["owner"] == rich_org.editor_user.pk
    assert "organization" not in permits
    works = Department.objects.get(organization=rich_org, name="Public Works")
    assert works.pk in permits["sponsor_departments"]
    assert permits["sponsor_departments"] == sorted(permits["sponsor_departments"])
    events = data["tables"]["audit.auditevent"]
    assert {e["content_type"] for e in events} >= {"orgs.department", "initiatives.initiative"}
    assert {u["email"] for u in data["users"]} == {
        "it@maplefalls.example",
        "Clerk.Jones@MapleFalls.example",
        "viewer@maplefalls.example",
    }


def test_round_trip_is_lossless(rich_org):
    before = export_organization_data(rich_org)
    copy_org = import_confirmed(before, into_slug="maple-falls-copy")
    after = export_organization_data(copy_org)

    assert after["source_slug"] == "maple-falls-copy"
    import_event = after["tables"]["audit.auditevent"].pop()
    assert import_event["action"] == Action.IMPORT
    assert import_event["imported"] is False  # the import itself happened here
    assert {e["imported"] for e in before["tables"]["audit.auditevent"]} == {False}
    # Every other event is history brought in from the file, and says so.
    assert {e["imported"] for e in after["tables"]["audit.auditevent"]} == {True}
    for event in after["tables"]["audit.auditevent"]:
        event["imported"] = False
    assert canonical(after) == canonical(before)
    # The source is untouched.
    assert canonical(export_organization_data(rich_org)) == canonical(before)


def test_imported_rows_keep_their_links_times_and_people(rich_org):
    copy_org = import_confirmed(
        export_organization_data(rich_org), into_slug="maple-falls-copy", name="Maple Falls (copy)"
    )
    assert copy_org.name == "Maple Falls (copy)"
    assert copy_org.population == 12400
    old = Initiative.objects.get(organization=rich_org, title="Online building permits")
    new = Initiative.objects.get(organization=copy_org, title="Online building permits")
    assert new.pk != old.pk
    assert (new.created_at, new.updated_at) == (old.created_at, old.updated_at)
    assert new.status == "proposed"
    assert new.owner == rich_org.editor_user
    assert {d.name for d in new.sponsor_departments.all()} == {"Public Works", "City Clerk"}
    assert all(d.organization_id == copy_org.pk for d in new.sponsor_departments.all())
    assert {t.organization_id for t in new.tags.all()} == {copy_org.pk}
    assert StatusChange.objects.get(organization=copy_org).initiative == new
    assert Membership.objects.filter(organization=copy_org).count() == 3
    assert get_user_model().objects.count() == 3  # everyone matched by e-mail


def test_audit_trail_points_at_the_new_rows(rich_org):
    copy_org = import_confirmed(export_organization_data(rich_org), into_slug="maple-falls-copy")
    events = AuditEvent.objects.for_org(copy_org)
    works = Department.objects.get(organization=copy_org, name="Public Works")
    created = events.get(action=Action.CREATE, object_repr="Public Works")
    assert created.object_pk == str(works.pk)
    deleted = events.get(action=Action.DELETE, object_repr="Temporary Task Force")
    assert deleted.object_pk.startswith("deleted:")
    # the deleted department's whole history stays together
    assert events.filter(object_pk=deleted.object_pk).count() == 3
    last = events.order_by("-pk").first()
    assert last.action == Action.IMPORT and last.object_pk == str(copy_org.pk)
    assert last.actor is None and last.actor_label == "system"
    original = AuditEvent.objects.for_org(rich_org).order_by("pk").first()
    assert events.order_by("pk").first().created_at == original.created_at


def test_import_restores_invitations_on_a_new_installation(rich_org_with_invitation):
    data = export_organization_data(rich_org_with_invitation)
    rich_org_with_invitation.delete()  # as if restoring onto a fresh server
    org = import_confirmed(data, into_slug="maple-falls")
    exported = data["tables"]["orgs.invitation"][0]
    restored = Invitation.objects.get(organization=org)
    assert "token_hash" not in exported  # the link's secret never leaves the server
    assert restored.email == exported["email"]
    assert len(restored.token_hash) == 64
    assert restored.invited_by.email == "it@maplefalls.example"


def test_a_copy_on_the_same_server_gets_new_invitation_secrets(rich_org_with_invitation):
    """Accepted and pending invitations alike: the copy imports beside the original."""
    data = export_organization_data(rich_org_with_invitation)
    copy = import_confirmed(data, into_slug="maple-falls-copy")
    original = Invitation.objects.get(organization=rich_org_with_invitation)
    copied = Invitation.objects.get(organization=copy)
    assert copied.token_hash != original.token_hash
    assert copied.email == original.email


def test_round_trip_of_a_business_case_with_its_recommended_option(rich_org):
    """Cases and options point at each other (case → recommended option → case)."""
    from decimal import Decimal

    from civicshift.cases import services as case_services
    from civicshift.initiatives.models import Initiative

    admin = rich_org.admin_user
    initiative = Initiative.objects.for_org(rich_org).first()
    case = case_services.business_case_create(actor=admin, initiative=initiative, start_year=2027)
    saas = case.options.get()
    case_services.line_create(
        actor=admin,
        option=saas,
        name="Subscription",
        kind="cost",
        category="subscription",
        distribution="triangular",
        low=Decimal(90),
        likely=Decimal(100),
        high=Decimal(130),
        first_period=1,
        last_period=5,
        ramp="0.5, 0.8",
    )
    case_services.business_case_update(actor=admin, case=case, recommended_option=saas)
    before = export_organization_data(rich_org)
    copy_org = import_confirmed(before, into_slug="maple-falls-copy")
    after = export_organization_data(copy_org)
    after["tables"]["audit.auditevent"].pop()
    for event in after["tables"]["audit.auditevent"]:
        assert event["imported"] is True
        event["imported"] = False
    assert canonical(after) == canonical(before)
    copied = copy_org and type(case).objects.for_org(copy_org).get()
    assert copied.recommended_option.case_id == copied.pk
    assert copied.recommended_option.lines.get().ramp == "0.5, 0.8"
