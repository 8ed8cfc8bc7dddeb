"""A model added by a later module is exported and imported with no backup code.

The test defines such a model on the fly (with a link to itself, a link to an initiative, a
many-to-many to users, JSON and a duration), creates its table, and removes both afterwards.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from civicshift.backup.schema import table_plans
from civicshift.backup.services import export_organization_data
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.base import OrgOwnedModel
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .conftest import import_confirmed


@pytest.fixture
def widget_model(transactional_db):
    class Widget(OrgOwnedModel):
        name = models.CharField(max_length=50)
        parent = models.ForeignKey(
            "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
        )
        initiative = models.ForeignKey(
            "initiatives.Initiative",
            null=True,
            blank=True,
            on_delete=models.CASCADE,
            related_name="+",
        )
        reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
        payload = models.JSONField(default=dict, blank=True)
        effort = models.DurationField(null=True, blank=True)

        class Meta:
            app_label = "backup"

    with connection.schema_editor() as editor:
        editor.create_model(Widget)
    yield Widget
    with connection.schema_editor() as editor:
        editor.delete_model(Widget)
    app_models = apps.all_models["backup"]
    for name in [n for n, m in app_models.items() if m is Widget or "widget" in n]:
        del app_models[name]
    apps.clear_cache()


def test_a_new_model_is_exported_and_imported_without_code(widget_model):
    Widget = widget_model
    assert "backup.widget" in [p.label for p in table_plans()]
    org = make_org("lakeside")
    admin = make_member(org, Role.ADMIN, email="admin@lakeside.example")
    initiative = initiative_create(actor=admin, organization=org, title="Smart meters")
    child = Widget.objects.create(
        organization=org,
        name="child",
        initiative=initiative,
        payload={"sizes": [1, 2], "ok": True},
        effort=dt.timedelta(days=2, hours=3),
    )
    parent = Widget.objects.create(organization=org, name="parent")
    child.parent = parent  # points forward: filled in after every row exists
    child.save()
    child.reviewers.add(admin)

    data = export_organization_data(org)
    row = next(r for r in data["tables"]["backup.widget"] if r["name"] == "child")
    assert row["parent"] == parent.pk
    assert row["reviewers"] == [admin.pk]
    assert row["effort"] == "P2DT03H00M00S"

    copy = import_confirmed(data, into_slug="lakeside-copy")
    new_child = Widget.objects.get(organization=copy, name="child")
    new_parent = Widget.objects.get(organization=copy, name="parent")
    assert new_child.parent == new_parent
    assert new_child.initiative.organization == copy
    assert new_child.initiative.title == "Smart meters"
    assert list(new_child.reviewers.all()) == [admin]
    assert new_child.payload == {"sizes": [1, 2], "ok": True}
    assert new_child.effort == dt.timedelta(days=2, hours=3)
    assert new_child.created_at == child.created_at


def test_export_outside_a_transaction_reads_one_snapshot(transactional_db):
    """Outside any transaction (the command line, a download), PostgreSQL reads the whole
    organization in one repeatable-read snapshot; this checks the export works that way."""
    org = make_org("snapshot-town")
    make_member(org, Role.ADMIN)
    assert not connection.in_atomic_block
    data = export_organization_data(org)
    assert len(data["tables"]["orgs.membership"]) == 1
