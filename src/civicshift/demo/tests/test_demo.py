"""The demo municipality loads once, completely, through the services, from its data file."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from civicshift.audit.models import Action, AuditEvent
from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DEFAULT_DATA_PATH, DemoDataError, read_demo_data
from civicshift.initiatives.models import Initiative, StatusChange
from civicshift.orgs.base import org_owned_models
from civicshift.orgs.models import Department, Membership, Organization, StrategicGoal
from civicshift.orgs.roles import Role

DATA = read_demo_data()


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _counts() -> dict[str, int]:
    """Rows of every organization-owned model (whatever modules are installed), users and the
    audit trail."""
    counts = {model._meta.label: model.objects.count() for model in org_owned_models()}
    counts["users"] = get_user_model().objects.count()
    counts["organizations"] = Organization.objects.count()
    counts["memberships"] = Membership.objects.count()
    counts["audit_events"] = AuditEvent.objects.count()
    return counts


def test_data_file_is_identified_and_versioned():
    raw = _raw()
    assert raw["id"] == "civicshift-demo-municipality"
    assert raw["version"] == 1


def test_data_file_shows_every_stage_and_the_issue_sizes():
    main = DATA.main
    assert 45_000 <= main.fields["population"] <= 60_000
    assert 8 <= len(main.departments) <= 10
    assert 4 <= len(main.goals) <= 6
    assert len(main.initiatives) >= 6
    finals = {i.final_status for i in main.initiatives}
    assert {"idea", "proposed", "approved", "funded", "in_progress", "live", "on_hold"} <= finals
    assert set(main.roles().values()) == set(Role.values)
    assert all(u.email.endswith(".example") for u in DATA.users())


@pytest.mark.django_db
def test_load_creates_what_the_file_describes():
    result = load_demo()

    assert result.created is True
    assert result.organization.slug == "maple-falls"
    assert result.organization.name == "City of Maple Falls"
    for block in DATA.organizations:
        org = Organization.objects.get(slug=block.slug)
        assert Department.objects.for_org(org).count() == len(block.departments)
        assert StrategicGoal.objects.for_org(org).count() == len(block.goals)
        assert Initiative.objects.for_org(org).count() == len(block.initiatives)
        roles = Counter(Membership.objects.for_org(org).values_list("role", flat=True))
        assert roles == Counter(block.roles().values())
    assert Organization.objects.count() == len(DATA.organizations)


@pytest.mark.django_db
def test_admin_is_site_admin_with_a_name_and_an_editor_next_door():
    load_demo()
    admin = get_user_model().objects.get(email="admin@maplefalls.example")
    assert admin.is_staff and not admin.is_superuser
    assert admin.get_full_name() == "Dana Whitfield"
    cedar = Organization.objects.get(slug="cedar-county")
    assert Membership.objects.for_org(cedar).get(user=admin).role == Role.EDITOR
    others = get_user_model().objects.exclude(pk=admin.pk)
    assert not others.filter(is_staff=True).exists()


@pytest.mark.django_db
def test_running_twice_neither_duplicates_nor_fails():
    first = load_demo()
    before = _counts()

    second = load_demo()

    assert second.created is False
    assert second.organization == first.organization
    assert second.logins == first.logins
    assert _counts() == before


@pytest.mark.django_db
def test_statuses_end_where_the_file_says_with_history():
    load_demo()
    for block in DATA.organizations:
        org = Organization.objects.get(slug=block.slug)
        for demo in block.initiatives:
            initiative = Initiative.objects.for_org(org).get(title=demo.title)
            assert initiative.status == demo.final_status, demo.title
            changes = list(initiative.status_changes.order_by("id"))
            assert [c.to_status for c in changes] == [s.to for s in demo.status_path]
            assert [c.reason for c in changes] == [s.reason for s in demo.status_path]
            assert all(c.changed_by is not None for c in changes)
    on_hold = Initiative.objects.get(status="on_hold")
    assert on_hold.status_before_hold == "approved"


@pytest.mark.django_db
def test_audit_trail_is_attributed_to_demo_people():
    load_demo()
    demo_emails = {u.email for u in DATA.users()}
    events = AuditEvent.objects.all()
    assert events.filter(action=Action.CREATE).exists()
    assert events.filter(action=Action.STATUS).count() == StatusChange.objects.count() > 0
    assert set(events.values_list("actor_label", flat=True)) <= demo_emails
    assert not events.filter(actor__isnull=True).exists()
    maple = Organization.objects.get(slug="maple-falls")
    status_actors = set(
        events.filter(organization=maple, action=Action.STATUS).values_list(
            "actor__email", flat=True
        )
    )
    assert status_actors == {"admin@maplefalls.example", "editor@maplefalls.example"}


@pytest.mark.django_db
def test_every_demo_login_can_sign_in():
    result = load_demo()
    assert len(result.logins) == len(DATA.users())
    for role, email, password in result.logins:
        request = RequestFactory().post("/")
        user = authenticate(request=request, username=email, password=password)
        assert user is not None, (role, email)
        assert user.email == email


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: raw["initiatives"][1].pop("title"), "initiatives[1].title"),
        (lambda raw: raw["organization"].pop("slug"), "organization.slug"),
        (lambda raw: raw.pop("version"), "version"),
        (
            lambda raw: raw["neighbours"][0]["goals"][1].pop("statement"),
            "neighbours[0].goals[1].statement",
        ),
        (
            lambda raw: raw["initiatives"][0]["status_path"][0].pop("reason"),
            "initiatives[0].status_path[0].reason",
        ),
    ],
)
def test_malformed_file_names_the_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    before = _counts()

    with pytest.raises(DemoDataError, match=re.escape(f"'{named}'")):
        load_demo(data_path=_write(tmp_path, raw))

    assert _counts() == before


@pytest.mark.django_db
def test_file_with_wrong_id_version_or_references_is_refused(tmp_path):
    for change, message in [
        (lambda raw: raw.update(id="something-else"), "Key 'id'"),
        (lambda raw: raw.update(version=2), "reads version 1"),
        (
            lambda raw: raw["initiatives"][0].update(sponsors=["NOPE"]),
            "initiatives[0].sponsors[0]' names unknown department code 'NOPE'",
        ),
        (
            lambda raw: raw["initiatives"][0]["status_path"][0].update(to="live"),
            "cannot go from 'idea' to 'live'",
        ),
        (
            lambda raw: raw["initiatives"][0].update(created_by="viewer"),
            "initiatives[0].created_by",
        ),
    ]:
        raw = _raw()
        change(raw)
        with pytest.raises(DemoDataError, match=re.escape(message)):
            load_demo(data_path=_write(tmp_path, raw))
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_part_way_leaves_nothing_behind():
    from civicshift.demo import loader

    real = loader.initiative_change_status
    calls = {"n": 0}

    def fail_on_tenth(**kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("database went away")
        return real(**kwargs)

    before = _counts()
    with (
        mock.patch.object(loader, "initiative_change_status", fail_on_tenth),
        pytest.raises(RuntimeError),
    ):
        load_demo()
    assert _counts() == before


@pytest.mark.django_db
def test_command_prints_result_logins_and_address():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Loaded demo municipality City of Maple Falls" in text
    assert "admin@maplefalls.example" in text and "maple-falls-admin" in text
    assert "http://127.0.0.1:8000/" in text

    out = io.StringIO()
    call_command("load_demo", "--host", "demo.example", "--port", "8080", stdout=out)
    text = out.getvalue()
    assert "Demo municipality already loaded" in text
    assert "viewer@maplefalls.example" in text
    assert "http://demo.example:8080/" in text


@pytest.mark.django_db
def test_command_reports_a_malformed_file(tmp_path):
    raw = _raw()
    del raw["departments"]
    with pytest.raises(CommandError, match="'departments'"):
        call_command("load_demo", "--data", str(_write(tmp_path, raw)), stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_pages_open_for_readers_and_editors(client):
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    pages = [
        reverse("orgs:dashboard", args=[maple.slug]),
        reverse("initiatives:list", args=[maple.slug]),
        reverse("initiatives:list", args=[maple.slug]) + "?status=on_hold",
        reverse("audit:org_history", args=[maple.slug]),
    ] + [
        reverse("initiatives:detail", args=[maple.slug, pk])
        for pk in Initiative.objects.for_org(maple).values_list("pk", flat=True)
    ]
    for email in ("viewer@maplefalls.example", "editor@maplefalls.example"):
        client.force_login(get_user_model().objects.get(email=email))
        for url in pages:
            assert client.get(url).status_code == 200, (email, url)
    client.force_login(get_user_model().objects.get(email="admin@maplefalls.example"))
    assert client.get(reverse("web:org_create")).status_code == 200
    assert client.get(reverse("backup:export", args=[maple.slug])).status_code == 200
    assert client.get(reverse("orgs:member_list", args=[maple.slug])).status_code == 200


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_command_refuses_production_settings_unless_told():
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert Organization.objects.count() == 0
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert Organization.objects.filter(slug="maple-falls").exists()


@pytest.mark.django_db
def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_demo", "--data", str(tmp_path / "nope.yaml"), stdout=io.StringIO())
