"""The initiative's Systems tab: links, migration work, and a retired system's running costs
added to the successor's business case (issue 8, item 7)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases.models import CaseLine
from civicshift.cases.services import business_case_create
from civicshift.core import inventory as engine
from civicshift.initiatives.services import initiative_create
from civicshift.inventory import selectors, services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple", fiscal_year_start_month=7)


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR)


@pytest.fixture
def as400(org, editor):
    return factories.make_system(
        org,
        editor,
        name="AS/400 finance",
        cost_licence=Decimal("12000"),
        cost_maintenance=Decimal("38500"),
        cost_hosting=Decimal("0"),
        staff_fte=Decimal("0.5"),
        staff_loaded_cost=Decimal("96000"),
        lifecycle_retired=date(2028, 3, 31),
    )


@pytest.fixture
def initiative(org, editor):
    return initiative_create(actor=editor, organization=org, title="Cloud ERP")


@pytest.fixture
def case(initiative, editor):
    return business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=8
    )


@pytest.mark.parametrize(
    ("retired", "month", "start", "expected"),
    [
        # July start: 2028-03-31 is in FY2028 (July 2027 – June 2028); costs stop in FY2029,
        # period 2029 - 2027 = 2.
        (date(2028, 3, 31), 7, 2027, 2),
        # 2028-08-15 is in FY2029 with a July start; costs stop in FY2030.
        (date(2028, 8, 15), 7, 2027, 3),
        # A January start: fiscal year = calendar year.
        (date(2028, 8, 15), 1, 2027, 2),
        # U.S. federal October start: 2027-10-01 is in FY2028.
        (date(2027, 10, 1), 10, 2027, 2),
        # Already retired before the case starts: from period 0.
        (date(2020, 1, 1), 7, 2027, 0),
        # No date: the year after spending starts.
        (None, 7, 2027, 1),
    ],
)
def test_first_period_without_the_system(retired, month, start, expected):
    assert engine.first_period_after(retired, start, month, horizon=8) == expected


def test_preview_shows_the_lines_and_writes_nothing(client, org, editor, as400, initiative, case):
    link = services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="retires"
    )
    client.force_login(editor)
    url = reverse("inventory:avoided_costs", args=[org.slug, initiative.pk, link.pk])
    before = AuditEvent.objects.count()
    response = client.get(url)
    assert response.status_code == 200
    lines = response.context["lines"]
    # Hosting is zero: no line. Staff = 0.5 FTE × 96,000.
    assert [(x.part, x.amount, x.first_period, x.last_period) for x in lines] == [
        ("licence", Decimal("12000"), 2, 8),
        ("maintenance", Decimal("38500"), 2, 8),
        ("staff", Decimal("48000.0"), 2, 8),
    ]
    text = response.content.decode()
    assert "$38,500" in text and "FY2029" in text and "FY2035" in text
    assert AuditEvent.objects.count() == before
    assert "data-existing-savings" not in text


def test_savings_already_in_the_option_are_shown(client, org, editor, as400, initiative, case):
    from civicshift.cases.services import line_create

    option = case.options.get()
    line_create(
        actor=editor,
        option=option,
        name="AS/400 fees retired",
        kind="benefit",
        category="cashable_savings",
        likely=50000,
        first_period=2,
        last_period=8,
    )
    link = services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="retires"
    )
    client.force_login(editor)
    url = reverse("inventory:avoided_costs", args=[org.slug, initiative.pk, link.pk])
    text = client.get(url).content.decode()
    assert "data-existing-savings" in text and "AS/400 fees retired" in text


def test_adding_the_lines_puts_them_in_the_case(client, org, editor, as400, initiative, case):
    link = services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="replaces"
    )
    option = case.options.get()
    client.force_login(editor)
    url = reverse("inventory:avoided_costs", args=[org.slug, initiative.pk, link.pk])
    response = client.post(
        url,
        {
            "option": option.pk,
            "parts": ["licence", "maintenance", "staff"],
            "first_period": 3,
            "last_period": 8,
            "add": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    lines = {line.name: line for line in CaseLine.objects.filter(option=option)}
    assert set(lines) == {
        "AS/400 finance: licence no longer paid",
        "AS/400 finance: maintenance no longer paid",
        "AS/400 finance: staff time released",
    }
    staff = lines["AS/400 finance: staff time released"]
    assert (staff.kind, staff.category, staff.likely) == ("benefit", "staff_time", 48000)
    # The business case's own default for the category decides (core.cases.default_in_npv).
    assert staff.in_npv is True
    fees = lines["AS/400 finance: maintenance no longer paid"]
    assert (fees.category, fees.first_period, fees.last_period, fees.in_npv) == (
        "cashable_savings",
        3,
        8,
        True,
    )
    # Added twice: refused on the name, nothing more written.
    before = CaseLine.objects.count()
    again = client.post(
        url,
        {
            "option": option.pk,
            "parts": ["licence"],
            "first_period": 3,
            "last_period": 8,
            "add": "1",
        },
    )
    assert again.status_code == 200
    assert "already has a line with this name" in again.content.decode()
    assert CaseLine.objects.count() == before


def test_bad_years_are_refused_naming_the_field(client, org, editor, as400, initiative, case):
    link = services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="retires"
    )
    client.force_login(editor)
    url = reverse("inventory:avoided_costs", args=[org.slug, initiative.pk, link.pk])
    option = case.options.get()
    response = client.post(
        url,
        {
            "option": option.pk,
            "parts": ["licence"],
            "first_period": 5,
            "last_period": 3,
            "add": "1",
        },
    )
    assert "last_period" in response.context["form"].errors
    response = client.post(
        url,
        {
            "option": option.pk,
            "parts": ["licence"],
            "first_period": 1,
            "last_period": 9,
            "add": "1",
        },
    )
    assert "last_period" in response.context["form"].errors  # the case has 8 years
    assert not CaseLine.objects.filter(option=option).exists()


def test_integrating_is_not_retiring(client, org, editor, as400, initiative, case):
    link = services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="integrates"
    )
    client.force_login(editor)
    url = reverse("inventory:avoided_costs", args=[org.slug, initiative.pk, link.pk])
    assert client.get(url).status_code == 404


def test_the_option_page_offers_the_retired_systems_costs(
    client, org, editor, as400, initiative, case
):
    services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="retires"
    )
    option = case.options.get()
    client.force_login(editor)
    page = client.get(reverse("cases:option", args=[org.slug, initiative.pk, option.pk]))
    text = page.content.decode()
    assert "Add avoided costs from AS/400 finance" in text
    assert f"?option={option.pk}" in text


def test_migration_work_lists_direct_and_indirect_dependents(org, editor, as400, initiative):
    billing = factories.make_system(org, editor, name="Utility billing")
    portal = factories.make_system(org, editor, name="Payment portal")
    gis = factories.make_system(org, editor, name="GIS")
    factories.make_integration(
        org, editor, source=as400, target=billing, method="database_link", frequency="daily"
    )
    factories.make_integration(org, editor, source=billing, target=portal, method="api")
    factories.make_integration(org, editor, source=gis, target=portal, method="api")
    services.initiative_system_link(
        actor=editor, initiative=initiative, system=as400, relation="retires"
    )
    work = selectors.migration_work(initiative)
    assert [(t.affected.name, len(t.interfaces), t.via and t.via.name) for t in work] == [
        ("Utility billing", 1, None),
        ("Payment portal", 0, "Utility billing"),
    ]
    # Billing goes too: the interface between the two needs no work, the portal still does.
    services.initiative_system_link(
        actor=editor, initiative=initiative, system=billing, relation="replaces"
    )
    work = selectors.migration_work(initiative)
    assert [(t.retired.name, t.affected.name) for t in work] == [
        ("AS/400 finance", "Payment portal"),
        ("Utility billing", "Payment portal"),
    ]


def test_the_tab_shows_links_and_work(client, org, editor, as400, initiative, case):
    billing = factories.make_system(org, editor, name="Utility billing")
    factories.make_integration(
        org, editor, source=as400, target=billing, method="manual_rekeying", frequency="weekly"
    )
    client.force_login(editor)
    tab = reverse("inventory:initiative_systems", args=[org.slug, initiative.pk])
    response = client.post(
        reverse("inventory:initiative_link", args=[org.slug, initiative.pk]),
        {"system": as400.pk, "relation": "retires"},
    )
    assert response.status_code == 302
    text = client.get(tab).content.decode()
    assert "AS/400 finance" in text
    assert "$98,500" in text  # 12,000 + 38,500 + 0.5 × 96,000
    assert "Utility billing" in text and "manual re-keying" in text.lower()
    viewer = make_member(org, Role.VIEWER)
    client.force_login(viewer)
    text = client.get(tab).content.decode()
    assert "Add its costs to the business case" not in text and "Link a system" not in text
