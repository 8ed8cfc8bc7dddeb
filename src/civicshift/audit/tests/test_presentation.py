"""The history reads as sentences, and shows each role only what it may see elsewhere."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.audit.presentation import present
from civicshift.initiatives import services as initiative_services
from civicshift.orgs import services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple", name="Maple Falls")


@pytest.fixture
def dana(org):
    user = make_member(org, Role.EDITOR, "dana.ruiz@example.org")
    user.first_name, user.last_name = "Dana", "Ruiz"
    user.save()
    return user


def _history(client, org, **params) -> str:
    return client.get(reverse("audit:org_history", args=[org.slug]), params).content.decode()


def test_a_change_reads_as_a_sentence_with_labels_money_and_names(client, org, dana):
    initiative = initiative_services.initiative_create(
        actor=dana, organization=org, title="ERP", cost_high=Decimal("120000")
    )
    initiative_services.initiative_update(
        actor=dana, initiative=initiative, title="ERP", cost_high=Decimal("150000.00"), owner=dana
    )
    event = AuditEvent.objects.filter(action="update").get()
    [view] = present([event], organization=org, show_contact=False)
    assert view.who == "Dana Ruiz"
    assert view.what == "changed the initiative “ERP”"
    texts = [c.text for c in view.changes]
    assert "Rough cost, high: from $120,000 to $150,000" in texts
    # The owner is stored as the username (an e-mail address): shown by name.
    assert "Owner: Dana Ruiz" in texts
    local = timezone.localtime(event.created_at)
    # In the server's time zone, in US English (CLDR puts a narrow space before "PM").
    assert view.when == local.strftime("%B %-d, %Y, %-I:%M\u202f%p")
    assert f">{view.when}</time>." in str(view.sentence)

    viewer = make_member(org, Role.VIEWER)
    client.force_login(viewer)
    page = _history(client, org)
    assert "<strong>Dana Ruiz</strong> changed the initiative “ERP” on" in page
    assert "dana.ruiz@example.org" not in page
    assert "cost_high" not in page


def test_choices_percentages_dates_and_yes_no_are_shown_in_words(org):
    admin = make_member(org, Role.ADMIN, "admin@example.org")
    services.organization_update(
        actor=admin,
        organization=org,
        name=org.name,
        kind="county",
        discount_rate=Decimal("0.0345"),
        fiscal_year_start_month=1,
        require_two_factor=True,
    )
    event = AuditEvent.objects.filter(action="update").get()
    texts = {c.text for c in present([event], organization=org, show_contact=True)[0].changes}
    assert "Kind of government: from City to County" in texts
    assert "Default real discount rate: from 3% to 3.45%" in texts
    assert "Fiscal year starts in: from July to January" in texts
    assert "Require two-factor sign-in: from no to yes" in texts

    initiative = initiative_services.initiative_create(
        actor=admin, organization=org, title="GIS", target_start=dt.date(2027, 3, 1)
    )
    created = AuditEvent.objects.filter(action="create", object_pk=str(initiative.pk)).get()
    texts = {c.text for c in present([created], organization=org, show_contact=True)[0].changes}
    assert "Target start: March 1, 2027" in texts
    assert "Status: Idea" in texts


def test_the_changed_by_filter_finds_people_by_name(client, org, dana):
    services.department_create(actor=dana, organization=org, name="Clerk")
    other = make_member(org, Role.EDITOR, "sam@example.org")
    services.department_create(actor=other, organization=org, name="Police")
    client.force_login(make_member(org, Role.VIEWER))
    assert "1 change found" in _history(client, org, actor="ruiz")
    assert "1 change found" in _history(client, org, actor="Dana Ruiz")
    assert "Clerk" in _history(client, org, actor="dana r")
    # A viewer cannot search by e-mail address (they never see one).
    assert "0 changes found" in _history(client, org, actor="sam@example")


def test_membership_and_invitation_records_only_for_administrators(client, org, dana):
    admin = make_member(org, Role.ADMIN, "boss@example.org")
    newcomer = make_member(make_org(), Role.VIEWER, "newcomer@example.org")
    services.membership_create(actor=admin, organization=org, user=newcomer, role=Role.EDITOR)
    services.invitation_create(
        actor=admin,
        organization=org,
        email="invited@example.org",
        role=Role.VIEWER,
        accept_url_base="http://testserver/",
    )
    services.department_create(actor=dana, organization=org, name="Clerk")
    assert AuditEvent.objects.for_org(org).filter(content_type__model="membership").exists()

    for role, sees in [(Role.VIEWER, False), (Role.EDITOR, False), (Role.ADMIN, True)]:
        client.force_login(dana if role == Role.EDITOR else make_member(org, role))
        for url in (
            reverse("audit:org_history", args=[org.slug]),
            reverse("orgs:dashboard", args=[org.slug]),
        ):
            page = client.get(url).content.decode()
            assert "Clerk" in page, (role, url)
            assert ("newcomer@example.org" in page) is sees, (role, url)
            assert ("invited@example.org" in page) is sees, (role, url)
        options = _history(client, org)
        assert ('value="orgs.membership"' in options) is sees
