"""The system form's "Operating system" box: it links the system to an operating-system
component (created when new, shared when it exists), moves it off the one it ran on, and each
component changed keeps its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.inventory.models import Component, ComponentKind, System
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


def url(name, org, *args):
    return reverse(f"inventory:{name}", args=[org.slug, *args])


def _edit_post(client, org, system, **changes):
    """The edit form as the browser sends it back: its own values, with ``changes``."""
    page = client.get(url("edit", org, system.pk))
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(changes)
    return client.post(url("edit", org, system.pk), data)


def test_a_new_system_with_an_operating_system_creates_the_component(client, org, editor):
    client.force_login(editor)
    data = {
        "name": "File server",
        "category": "network_infrastructure",
        "mfa": "unknown",
        "sso": "unknown",
    }
    response = client.post(
        url("create", org), {**data, "operating_system": " Windows Server 2012 R2 "}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    system = System.objects.get(name="File server")
    (component,) = system.components.all()
    assert (component.name, component.kind) == ("Windows Server 2012 R2", ComponentKind.OS)
    created = AuditEvent.objects.get(
        action="create", object_pk=str(component.pk), object_repr=component.name
    )
    assert created.changes["systems"] == [None, ["File server"]]


def test_the_box_shows_the_operating_system_and_moves_the_system_off_it(client, org, editor):
    client.force_login(editor)
    old = factories.make_component(org, editor, name="Windows Server 2012 R2", kind="os")
    other = factories.make_system(org, editor, name="Backup server")
    system = factories.make_system(org, editor, name="File server")
    old.systems.set([system, other])
    newer = factories.make_component(org, editor, name="Windows Server 2022", kind="os")
    page = client.get(url("edit", org, system.pk))
    assert page.context["form"]["operating_system"].value() == "Windows Server 2012 R2"
    # Typed in other capitals: the existing component is linked, not a second one made.
    response = _edit_post(client, org, system, operating_system="windows server 2022")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(system.components.all()) == [newer]
    assert list(old.systems.all()) == [other]  # the other system stays on it
    moved = AuditEvent.objects.filter(
        action="update", object_pk=str(old.pk), object_repr=old.name
    ).latest("pk")
    assert moved.changes["systems"] == [["Backup server", "File server"], ["Backup server"]]
    assert Component.objects.for_org(org).count() == 2


def test_emptying_the_box_unlinks_the_operating_system(client, org, editor):
    client.force_login(editor)
    component = factories.make_component(org, editor, name="IBM i 7.1", kind="os")
    system = factories.make_system(org, editor, name="Financials")
    component.systems.set([system])
    response = _edit_post(client, org, system, operating_system="")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not system.components.exists()
    assert Component.objects.for_org(org).filter(pk=component.pk).exists()


def test_a_system_on_several_operating_systems_keeps_them(client, org, editor):
    client.force_login(editor)
    system = factories.make_system(org, editor, name="Courts")
    for name in ("IBM i 7.3", "Windows Server 2019"):
        factories.make_component(org, editor, name=name, kind="os").systems.set([system])
    page = client.get(url("edit", org, system.pk))
    field = page.context["form"].fields["operating_system"]
    assert field.disabled and "IBM i 7.3, Windows Server 2019" in str(field.help_text)
    response = _edit_post(client, org, system, operating_system="Linux", users_count="12")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(c.name for c in system.components.all()) == ["IBM i 7.3", "Windows Server 2019"]
    system.refresh_from_db()
    assert system.users_count == 12


def test_a_too_long_name_is_refused_on_the_box(client, org, editor):
    client.force_login(editor)
    data = {
        "name": "File server",
        "category": "network_infrastructure",
        "mfa": "unknown",
        "sso": "unknown",
    }
    response = client.post(url("create", org), {**data, "operating_system": "W" * 201})
    assert response.status_code == 200
    assert "operating_system" in response.context["form"].errors
    assert not System.objects.filter(name="File server").exists()
