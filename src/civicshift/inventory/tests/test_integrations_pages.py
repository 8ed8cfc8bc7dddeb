"""The integrations list and its forms: create, edit, delete, filters, and the refusals."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.inventory.models import Integration
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    return org, editor


def _url(org, name, **kwargs):
    return reverse(f"inventory:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_an_editor_adds_an_interface_and_it_is_audited(client, town):
    org, editor = town
    permits = factories.make_system(org, editor, name="Permits")
    gis = factories.make_system(org, editor, name="GIS")
    client.force_login(editor)
    response = client.post(
        _url(org, "integration_create"),
        {
            "source": permits.pk,
            "target": gis.pk,
            "direction": "one_way",
            "method": "manual_rekeying",
            "frequency": "weekly",
            "data_exchanged": "Parcel numbers",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(org, "integrations")
    made = Integration.objects.for_org(org).get()
    assert (made.source, made.target, made.method, made.frequency) == (
        permits,
        gis,
        "manual_rekeying",
        "weekly",
    )
    kind = ContentType.objects.get_for_model(Integration)
    assert AuditEvent.objects.for_org(org).filter(content_type=kind, object_pk=made.pk).count() == 1
    page = client.get(_url(org, "integrations")).content.decode()
    assert "Parcel numbers" in page and "Manual re-keying" in page
    assert "1 is manual re-keying" in page


def test_a_system_cannot_connect_to_itself_and_the_message_names_the_field(client, town):
    org, editor = town
    permits = factories.make_system(org, editor, name="Permits")
    client.force_login(editor)
    before = AuditEvent.objects.count()
    response = client.post(
        _url(org, "integration_create"),
        {"source": permits.pk, "target": permits.pk, "direction": "one_way", "method": "api"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["target"]
    assert errors["target"] == [
        "“To system” must be another system than “From system” (Permits): a system cannot "
        "connect to itself."
    ]
    assert AuditEvent.objects.count() == before
    assert not Integration.objects.exists()


def test_the_system_choices_are_this_organizations_only(client, town):
    org, editor = town
    mine = factories.make_system(org, editor, name="Ours")
    other = make_org()
    theirs = factories.make_system(other, make_member(other, Role.EDITOR), name="Theirs")
    client.force_login(editor)
    form = client.get(_url(org, "integration_create")).context["form"]
    assert list(form.fields["source"].queryset) == [mine]
    assert list(form.fields["target"].queryset) == [mine]
    response = client.post(
        _url(org, "integration_create"),
        {"source": mine.pk, "target": theirs.pk, "direction": "one_way", "method": "api"},
    )
    assert "target" in response.context["form"].errors
    assert not Integration.objects.exists()


def test_edit_and_delete(client, town):
    org, editor = town
    interface = factories.make_integration(org, editor, method="file_transfer")
    client.force_login(editor)
    response = client.post(
        _url(org, "integration_edit", pk=interface.pk),
        {
            "source": interface.source_id,
            "target": interface.target_id,
            "direction": "two_way",
            "method": "api",
            "frequency": "real_time",
            "version": interface.version,
        },
    )
    assert response.status_code == 302
    interface.refresh_from_db()
    assert (interface.direction, interface.method, interface.frequency) == (
        "two_way",
        "api",
        "real_time",
    )
    response = client.post(_url(org, "integration_delete", pk=interface.pk))
    assert response.status_code == 302
    assert not Integration.objects.exists()
    assert AuditEvent.objects.for_org(org).filter(action="delete").count() == 1


def test_the_list_filters_by_system_and_by_method(client, town):
    org, editor = town
    a, b, c = (factories.make_system(org, editor, name=n) for n in ("Alpha", "Bravo", "Charlie"))
    factories.make_integration(org, editor, source=a, target=b, method="api")
    factories.make_integration(org, editor, source=c, target=a, method="manual_rekeying")
    factories.make_integration(org, editor, source=b, target=c, method="api")
    client.force_login(make_member(org, Role.VIEWER))

    def listed(**query):
        response = client.get(_url(org, "integrations"), query)
        return [(i.source.name, i.target.name) for i, _f, _t in response.context["integrations"]]

    assert listed() == [("Alpha", "Bravo"), ("Bravo", "Charlie"), ("Charlie", "Alpha")]
    # either end: Alpha sends to Bravo and receives from Charlie
    assert listed(system=a.pk) == [("Alpha", "Bravo"), ("Charlie", "Alpha")]
    assert listed(method="api") == [("Alpha", "Bravo"), ("Bravo", "Charlie")]
    assert listed(system=a.pk, method="api") == [("Alpha", "Bravo")]
    # an id that is not one of this organization's systems is an invalid choice: no filter
    response = client.get(_url(org, "integrations"), {"system": 999999})
    assert "system" in response.context["filter_form"].errors


def test_a_viewer_sees_no_edit_links(client, town):
    org, editor = town
    factories.make_integration(org, editor)
    client.force_login(make_member(org, Role.VIEWER))
    page = client.get(_url(org, "integrations")).content.decode()
    assert "Add an interface" not in page
    assert "/edit/" not in page
