"""The inventory's pages: the systems list, a system's page and form, components, the
assessment, accepted risks and reviews. Roles, bad input naming the field, and the figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.inventory import services
from civicshift.inventory.models import Assessment, Component, ReviewRequest, RiskAcceptance, System
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org, make_user

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple")


@pytest.fixture
def editor(org):
    user = make_member(org, Role.EDITOR, "editor@example.org")
    user.first_name, user.last_name = "Edith", "Editor"
    user.save()
    return user


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER, "viewer@example.org")


def client_for(client, user):
    client.force_login(user)
    return client


def url(name, org, *args):
    return reverse(f"inventory:{name}", args=[org.slug, *args])


SYSTEM_POST = {
    "name": "Utility billing",
    "category": "utility_billing",
    "vendor": "Tyler",
    "product": "Incode",
    "product_version": "10",
    "hosting": "vendor_hosted",
    "cost_licence": "12000",
    "cost_maintenance": "3000",
    "cost_hosting": "0",
    "staff_fte": "0.5",
    "staff_loaded_cost": "90000",
    "mfa": "none",
    "sso": "no",
    "regulated_data": ["pii", "payment_card"],
    "staff_who_know": "1",
    "support_mainstream_end": "2025-01-01",
    "support_extended_end": "2030-01-01",
}


# --- list --------------------------------------------------------------------------------------


def test_list_shows_cost_parts_support_and_total(client, org, editor, viewer):
    factories.make_system(
        org,
        editor,
        name="Payroll",
        cost_licence=Decimal(1000),
        cost_maintenance=Decimal(500),
        staff_fte=Decimal("0.25"),
        staff_loaded_cost=Decimal(100000),
    )
    factories.make_system(org, editor, name="GIS", cost_hosting=Decimal(2000))
    page = client_for(client, viewer).get(url("list", org)).content.decode()
    assert "Payroll" in page and "GIS" in page
    # 1,000 + 500 + 0.25 × 100,000 = 26,500; with GIS 2,000, the run cost is 28,500.
    assert "$26,500" in page
    assert "$28,500" in page
    assert "support dates not recorded" in page
    assert "Record a system" not in page  # a viewer cannot


def test_list_filters_search_category_and_red_flags(client, org, editor):
    factories.make_system(
        org, editor, name="Permits", vendor="Accela", category="permitting_licensing"
    )
    factories.make_system(
        org,
        editor,
        name="Backups fine",
        category="gis",
        backup_status="tested",
        backup_tested_on=timezone.localdate(),
    )
    c = client_for(client, editor)
    page = c.get(url("list", org), {"q": "accela"}).content.decode()
    assert "Permits" in page and "Backups fine" not in page
    page = c.get(url("list", org), {"category": "gis"}).content.decode()
    assert "Backups fine" in page and "Permits" not in page
    # "Permits" has no tested backup: a red flag; "Backups fine" has none.
    page = c.get(url("list", org), {"red_flags": "1"}).content.decode()
    assert "Permits" in page and "Backups fine" not in page
    page = c.get(url("list", org), {"disposition": "none", "sort": "-cost"}).content.decode()
    assert "2 systems found" in page


def test_list_support_filter_and_the_component_that_decided(client, org, editor):
    system = factories.make_system(org, editor, name="File server")
    factories.make_component(
        org,
        editor,
        name="Windows Server 2012 R2",
        support_mainstream_end=date(2018, 10, 9),
        support_extended_end=date(2023, 10, 10),
        support_esu_end=date(2026, 10, 13),
        systems=[system],
    )
    factories.make_system(org, editor, name="New thing")
    c = client_for(client, editor)
    # The issue's own example: Windows Server 2012 R2 past paid updates (2026-10-13).
    page = c.get(url("list", org), {"support": "4"}).content.decode()
    assert "File server" in page and "New thing" not in page
    assert "past paid extended security updates (2026-10-13)" in page
    assert "decided by Windows Server 2012 R2" in page


def test_list_paginates(client, org, editor):
    for i in range(27):
        factories.make_system(org, editor, name=f"App {i:02d}")
    page = client_for(client, editor).get(url("list", org), {"page": "2"}).content.decode()
    assert "App 26" in page and "App 00" not in page
    assert "Page 2 of 2" in page


def test_list_htmx_returns_only_the_results(client, org, editor):
    response = client_for(client, editor).get(
        url("list", org), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="system-results"
    )
    assert response.content.decode().startswith('<div id="system-results">')


# --- create, edit, delete ------------------------------------------------------------------------


def test_editor_creates_a_system_through_the_form(client, org, editor):
    dept = org_services.department_create(actor=editor, organization=org, name="Utilities")
    data = {**SYSTEM_POST, "departments": [dept.pk], "owner": editor.pk}
    response = client_for(client, editor).post(url("create", org), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    system = System.objects.get(name="Utility billing")
    assert response["Location"] == url("detail", org, system.pk)
    assert system.regulated_data == ["pii", "payment_card"]
    assert list(system.departments.all()) == [dept]
    assert system.owner == editor
    assert AuditEvent.objects.filter(action="create", object_pk=str(system.pk)).exists()


def test_form_shows_the_fieldsets_with_help(client, org, editor):
    page = client_for(client, editor).get(url("create", org)).content.decode()
    for legend in (
        "What it is",
        "Who uses it",
        "What it costs each year",
        "Vendor support",
        "Data and security",
        "Recovery",
        "People",
        "Your own lifecycle",
    ):
        assert f">{legend}</legend>" in page
    assert 'type="checkbox" name="regulated_data" value="criminal_justice"' in page


def test_viewer_cannot_open_or_post_the_form(client, org, viewer):
    c = client_for(client, viewer)
    assert c.get(url("create", org)).status_code == 403
    assert c.post(url("create", org), SYSTEM_POST).status_code == 403
    assert not System.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"support_mainstream_end": "2030-01-01", "support_extended_end": "2025-01-01"},
            "support_extended_end",
            "Extended support cannot end before mainstream.",
        ),
        (
            {"lifecycle_active": "2020-01-01", "lifecycle_phase_out": "2019-01-01"},
            "lifecycle_phase_out",
            "This date comes before the previous phase",
        ),
        ({"year_deployed": "1900"}, "year_deployed", "greater than or equal to 1950"),
        ({"cost_licence": "-5"}, "cost_licence", "greater than or equal to 0"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, org, editor, changes, field, message):
    response = client_for(client, editor).post(url("create", org), {**SYSTEM_POST, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors[field]
    assert not System.objects.exists()


def test_duplicate_name_and_vendor_is_refused_on_the_name(client, org, editor):
    factories.make_system(org, editor, name="Utility billing", vendor="Tyler")
    response = client_for(client, editor).post(url("create", org), SYSTEM_POST)
    assert "name" in response.context["form"].errors


def test_owner_from_another_organization_is_refused(client, org, editor):
    stranger = make_user("stranger@example.org")
    response = client_for(client, editor).post(
        url("create", org), {**SYSTEM_POST, "owner": stranger.pk}
    )
    assert "owner" in response.context["form"].errors


def test_edit_keeps_the_version_and_saves(client, org, editor):
    system = factories.make_system(org, editor, name="Payroll")
    c = client_for(client, editor)
    page = c.get(url("edit", org, system.pk)).content.decode()
    assert 'name="version" value="1"' in page
    response = c.post(
        url("edit", org, system.pk), {**SYSTEM_POST, "name": "Payroll", "version": "1"}
    )
    assert response.status_code == 302
    system.refresh_from_db()
    assert system.version == 2 and system.product_version == "10"
    # An old version is refused and nothing changes.
    response = c.post(url("edit", org, system.pk), {**SYSTEM_POST, "name": "Old", "version": "1"})
    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    system.refresh_from_db()
    assert system.name == "Payroll"


def test_delete_removes_the_system_and_its_children_each_audited(client, org, editor):
    system = factories.make_system(org, editor)
    factories.make_assessment(org, editor, system=system)
    c = client_for(client, editor)
    assert c.get(url("delete", org, system.pk)).status_code == 200
    assert c.post(url("delete", org, system.pk)).status_code == 302
    assert not System.objects.filter(pk=system.pk).exists()
    assert AuditEvent.objects.filter(action="delete", content_type__model="assessment").exists()


# --- detail --------------------------------------------------------------------------------------


def test_detail_shows_every_section_and_figures(client, org, editor, viewer):
    system = services.system_create(
        actor=editor,
        organization=org,
        name="Financials",
        category="finance_erp",
        cost_licence=Decimal(10000),
        regulated_data=["federal_tax"],
        mfa="available",
        staff_who_know=1,
        support_mainstream_end=date(2019, 1, 1),
        support_extended_end=date(2024, 4, 30),
    )
    services.assessment_record(
        actor=editor,
        system=system,
        answers={"business_importance": 5, "fitness_for_purpose": 4, "vendor_support": 1},
    )
    page = client_for(client, viewer).get(url("detail", org, system.pk)).content.decode()
    for heading in (
        "Review status",
        "Completeness:",
        "Red flags",
        "Vendor support",
        "Lifecycle risk, and its parts",
        "Assessment",
        "Modernisation priority, and its parts",
        "What it costs each year",
        "Initiatives",
    ):
        assert heading in page, heading
    # The AS/400 example: past extended support (2024-04-30).
    assert "past extended support (2024-04-30)" in page
    # value = (2×5 + 2×4) / 4 = 4.5; condition = vendor support 1 → migrate (Gartner TIME).
    assert "4.5" in page and "Migrate" in page
    assert "Regulated data without multi-factor sign-in" in page
    assert "Only one person knows how to run it" in page
    assert "needed to look up support dates" in page  # a missing field and why it matters
    assert "Accept this risk" not in page  # viewer


def test_detail_of_another_organizations_system_is_404(client, org, editor):
    other = make_org("elm")
    theirs = factories.make_system(other, make_member(other, Role.ADMIN))
    assert client_for(client, editor).get(url("detail", org, theirs.pk)).status_code == 404


def test_detail_lists_the_initiatives_that_retire_it(client, org, editor):
    link = factories.make_link(org, editor)
    page = client_for(client, editor).get(url("detail", org, link.system_id)).content.decode()
    assert link.initiative.title in page
    assert "its successor" in page


# --- components ----------------------------------------------------------------------------------


def test_component_links_systems_and_shows_dependents(client, org, editor):
    a = factories.make_system(org, editor, name="Clerk records")
    b = factories.make_system(org, editor, name="Court fines")
    c = client_for(client, editor)
    response = c.post(
        url("component_create", org),
        {
            "name": "IBM i 7.3",
            "kind": "os",
            "support_mainstream_end": "2023-09-30",
            "support_extended_end": "2028-09-30",
            "systems": [a.pk, b.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    component = Component.objects.get(name="IBM i 7.3")
    page = c.get(url("component_detail", org, component.pk)).content.decode()
    assert "Clerk records" in page and "Court fines" in page
    # The example: IBM i 7.3 "on extended support only, until 2028-09-30".
    assert "on extended support only, until 2028-09-30" in page
    assert "IBM i 7.3" in c.get(url("component_list", org)).content.decode()


def test_component_dates_out_of_order_name_the_field(client, org, editor):
    response = client_for(client, editor).post(
        url("component_create", org),
        {
            "name": "Oracle 11g",
            "kind": "database",
            "support_extended_end": "2020-12-31",
            "support_esu_end": "2019-01-01",
        },
    )
    assert "support_esu_end" in response.context["form"].errors
    assert not Component.objects.exists()


# --- assessment ----------------------------------------------------------------------------------


def test_assessment_form_has_one_fieldset_per_question_with_words(client, org, editor):
    system = factories.make_system(org, editor)
    page = client_for(client, editor).get(url("assess", org, system.pk)).content.decode()
    # Issue 8 item 5 names seven criteria; the questionnaire adds business importance: 8.
    assert page.count('<fieldset class="usa-fieldset cs-choices"') == 8
    assert "How old is the technology it is built on?" in page
    assert "More than 20 years old, or a platform no longer sold." in page
    assert 'type="radio" name="age" value="5"' in page


def test_saving_an_assessment_keeps_history_and_shows_the_disposition(client, org, editor):
    system = factories.make_system(org, editor)
    c = client_for(client, editor)
    first = {"business_importance": "2", "vendor_support": "5", "notes": "first"}
    assert c.post(url("assess", org, system.pk), first).status_code == 302
    second = {"business_importance": "5", "vendor_support": "1", "security_posture": "2"}
    response = c.post(url("assess", org, system.pk), second, follow=True)
    page = response.content.decode()
    assert Assessment.objects.filter(system=system).count() == 2
    # value 5, condition (2×1 + 2×2)/4 = 1.5: high value, poor condition → migrate.
    assert "Business value 5.0, technical condition 1.5 (of 5): Migrate." in page
    assert "Earlier assessments" in page


def test_assessment_with_no_answer_is_refused(client, org, editor):
    system = factories.make_system(org, editor)
    response = client_for(client, editor).post(url("assess", org, system.pk), {"notes": "x"})
    assert response.status_code == 200
    assert "Answer at least one question." in response.content.decode()
    assert not Assessment.objects.exists()


def test_assessment_level_out_of_range_names_the_question(client, org, editor):
    system = factories.make_system(org, editor)
    response = client_for(client, editor).post(url("assess", org, system.pk), {"age": "7"})
    assert "age" in response.context["form"].errors


# --- accepted risks ------------------------------------------------------------------------------


def test_accept_a_risk_then_withdraw_it(client, org, editor):
    system = factories.make_system(org, editor, staff_who_know=1)
    c = client_for(client, editor)
    page = c.get(url("risk_accept", org, system.pk) + "?flag=single_person").content.decode()
    assert 'value="single_person" selected' in page
    until = (timezone.localdate() + timedelta(days=90)).isoformat()
    data = {
        "flag": "single_person",
        "accepted_by_name": "Dana Reyes, City Manager",
        "until": until,
        "rationale": "Second admin hired in spring.",
    }
    assert c.post(url("risk_accept", org, system.pk), data).status_code == 302
    page = c.get(url("detail", org, system.pk)).content.decode()
    assert "Accepted by Dana Reyes, City Manager until" in page
    acceptance = RiskAcceptance.objects.get()
    assert c.post(url("risk_withdraw", org, system.pk, acceptance.pk)).status_code == 302
    assert not RiskAcceptance.objects.exists()


def test_accepting_a_risk_until_a_past_date_names_the_field(client, org, editor):
    system = factories.make_system(org, editor, staff_who_know=1)
    data = {
        "flag": "single_person",
        "accepted_by_name": "Dana",
        "until": "2020-01-01",
        "rationale": "x",
    }
    response = client_for(client, editor).post(url("risk_accept", org, system.pk), data)
    assert "until" in response.context["form"].errors
    assert not RiskAcceptance.objects.exists()


# --- reviews -------------------------------------------------------------------------------------


def test_ask_the_owner_sends_a_request_and_an_email(client, org, editor):
    owner = make_member(org, Role.VIEWER, "owner@example.org")
    system = factories.make_system(org, editor, name="Cemetery plots", owner=owner)
    c = client_for(client, editor)
    response = c.post(url("review_request", org, system.pk), {"message": "Check the version."})
    assert response.status_code == 302
    request = ReviewRequest.objects.get()
    assert request.requested_of == owner
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    assert "Cemetery plots" in mail.outbox[0].subject
    assert f"http://testserver{url('detail', org, system.pk)}" in mail.outbox[0].body


def test_owner_with_viewer_role_marks_their_record_reviewed(client, org, editor):
    owner = make_member(org, Role.VIEWER, "owner@example.org")
    system = factories.make_system(org, editor, owner=owner)
    services.review_request_send(actor=editor, system=system)
    response = client_for(client, owner).post(url("mark_reviewed", org, system.pk))
    assert response.status_code == 302
    system.refresh_from_db()
    assert system.last_reviewed_by == owner
    assert ReviewRequest.objects.get().completed_at is not None


def test_a_viewer_who_is_not_the_owner_cannot_mark_reviewed(client, org, editor, viewer):
    system = factories.make_system(org, editor, owner=editor)
    response = client_for(client, viewer).post(url("mark_reviewed", org, system.pk))
    assert response.status_code == 403
    system.refresh_from_db()
    assert system.last_reviewed_at is None


def test_reviews_page_per_department_and_own_requests_first(client, org, editor):
    works = org_services.department_create(actor=editor, organization=org, name="Public Works")
    other_owner = make_member(org, Role.VIEWER, "other@example.org")
    a = factories.make_system(
        org, editor, name="Work orders", owner=other_owner, departments=[works]
    )
    b = factories.make_system(org, editor, name="Fleet", owner=editor, departments=[works])
    services.review_request_send(actor=editor, system=a)
    services.review_request_send(actor=editor, system=b)
    page = client_for(client, editor).get(url("reviews", org)).content.decode()
    requests = page[page.index("Open review requests") :]
    assert requests.index("Fleet") < requests.index("Work orders")  # mine first
    assert "Public Works" in page


def test_bulk_ask_every_owner_of_an_old_record(client, org, editor):
    owner = make_member(org, Role.VIEWER, "owner@example.org")
    old = factories.make_system(org, editor, name="Old", owner=owner)
    fresh = factories.make_system(org, editor, name="Fresh", owner=owner)
    factories.make_system(org, editor, name="No owner")
    services.system_mark_reviewed(actor=editor, system=fresh)
    System.objects.filter(pk=old.pk).update(last_reviewed_at=timezone.now() - timedelta(days=400))
    c = client_for(client, editor)
    response = c.post(url("reviews", org), {"months": "12"})
    assert response.status_code == 302
    assert list(ReviewRequest.objects.values_list("system__name", flat=True)) == ["Old"]
    assert len(mail.outbox) == 1
    # Asked again: the open request is not duplicated.
    c.post(url("reviews", org), {"months": "12"})
    assert ReviewRequest.objects.count() == 1


def test_bulk_ask_with_bad_months_names_the_field(client, org, editor):
    response = client_for(client, editor).post(url("reviews", org), {"months": "0"})
    assert response.status_code == 200
    assert "months" in response.context["form"].errors


def test_list_and_detail_queries_do_not_grow_with_systems(
    client, org, editor, django_assert_max_num_queries
):
    for i in range(5):
        system = factories.make_system(org, editor, name=f"S{i}")
        factories.make_component(org, editor, systems=[system])
        factories.make_assessment(org, editor, system=system)
    c = client_for(client, editor)
    c.get(url("list", org))
    with django_assert_max_num_queries(25):
        c.get(url("list", org))
    for i in range(5, 20):
        system = factories.make_system(org, editor, name=f"S{i}")
        factories.make_component(org, editor, systems=[system])
    with django_assert_max_num_queries(25):
        c.get(url("list", org))


def test_owner_and_owner_name_together_are_refused_on_the_name(client, org, editor):
    response = client_for(client, editor).post(
        url("create", org), {**SYSTEM_POST, "owner": editor.pk, "owner_name": "Pat"}
    )
    assert "owner_name" in response.context["form"].errors
    assert not System.objects.exists()


def test_an_accepted_risk_returns_when_its_date_passes(client, org, editor):
    system = factories.make_system(org, editor, staff_who_know=1)
    acceptance = factories.make_acceptance(org, editor, system=system, flag="single_person")
    c = client_for(client, editor)
    row = c.get(url("list", org), {"red_flags": "1"}).content.decode()
    # Still open: no tested backup. Accepted: one person knows it.
    assert "Accepted by City Manager until" in c.get(url("detail", org, system.pk)).content.decode()
    RiskAcceptance.objects.filter(pk=acceptance.pk).update(
        until=timezone.localdate() - timedelta(days=1)
    )
    page = c.get(url("detail", org, system.pk)).content.decode()
    assert "passed: the flag shows again" in page
    assert "Accepted by City Manager until" not in page
    assert system.name in row


def test_list_sorts_by_priority(client, org, editor):
    low = factories.make_system(org, editor, name="Aardvark")
    high = factories.make_system(org, editor, name="Zebra")
    factories.make_assessment(org, editor, system=low, answers={"business_importance": 1})
    factories.make_assessment(
        org, editor, system=high, answers={"business_importance": 5, "vendor_support": 1}
    )
    page = client_for(client, editor).get(url("list", org), {"sort": "-priority"}).content
    page = page.decode()
    assert page.index("Zebra") < page.index("Aardvark")
