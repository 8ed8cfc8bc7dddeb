"""Skills and training as an editor uses it: rate a person in place (htmx) and watch the heat
map change; add the training plan's cost to the business case through its confirm step; a
person's own self-assessment link, opened without signing in. Every page passes axe-core."""

from __future__ import annotations

import pytest

from civicshift.cases.models import CaseLine
from civicshift.initiatives.models import Initiative
from civicshift.skills.models import Assessment, Skill, StaffPerson, TrainingCaseLine

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def _login(demo, role):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def test_an_editor_rates_a_person_and_the_heat_map_changes(
    demo, live_server, page_factory, axe_source
):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title=ERP)
    irene = StaffPerson.objects.for_org(org).get(name="Irene Sokolova")
    ledger = Skill.objects.for_org(org).get(source_key="erp-general-ledger")
    in_ledger = f"td[data-skill='{ledger.pk}']"
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo, "editor"))
    tab = f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/skills/"
    page.goto(tab)
    row = page.locator(f"table[data-table=heat-map] tr[data-person='{irene.pk}']")
    assert row.locator(in_ledger).get_attribute("data-gap") == "3"  # needs 3, has 0
    summary = page.locator("[data-summary=heat-map]").inner_text()
    assert "people are short of at least one required skill" in summary
    assert axe_violations(page, axe_source) == []

    with page.expect_response(lambda r: f"/assess/{irene.pk}/" in r.url):
        row.get_by_role("link", name="Assess").click()
    form = page.locator("#assess-panel form[data-form=assess]")
    form.wait_for()
    assert page.url == tab  # loaded in place
    page.wait_for_function("() => (document.activeElement || {}).id === 'assess-heading'")
    assert axe_violations(page, axe_source) == []
    group = form.locator("fieldset").filter(has_text="ERP general ledger")
    group.locator("label", has_text="3 – Independent").click()  # USWDS styles the label
    with page.expect_response(lambda r: r.request.method == "POST" and "/assess/" in r.url):
        form.get_by_role("button", name="Save the ratings").click()
    page.wait_for_selector("#heat-map .usa-alert--success")
    assert page.url == tab
    assert "Saved the ratings of Irene Sokolova" in page.locator("#heat-map").inner_text()
    row = page.locator(f"table[data-table=heat-map] tr[data-person='{irene.pk}']")
    cell = row.locator(in_ledger)
    assert cell.get_attribute("data-gap") == "0"
    assert "M 3" in cell.inner_text()
    assert (
        Assessment.objects.get(
            person=irene, skill__name__startswith="ERP general", source="manager"
        ).level
        == 3
    )
    assert axe_violations(page, axe_source) == []


def test_the_training_cost_is_shown_then_added_to_the_business_case(
    demo, live_server, page_factory, axe_source
):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title=ERP)
    option = erp.business_case.recommended_option
    before = set(CaseLine.objects.filter(option=option).values_list("name", flat=True))
    added_before = TrainingCaseLine.objects.for_org(org).filter(initiative=erp).count()
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo, "editor"))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/skills/training/")
    assert axe_violations(page, axe_source) == []
    page.get_by_role("link", name="Add the cost to the business case").click()
    page.wait_for_selector("table[data-table=proposed-lines]")
    assert axe_violations(page, axe_source) == []
    hours = page.locator("[data-figure=backfill-hours]").inner_text()
    page.fill("#id_hourly_rate", "60")
    page.get_by_role("button", name="Show the lines again").click()
    page.wait_for_selector("table[data-table=proposed-lines]")
    assert page.locator("[data-figure=backfill-hours]").inner_text() == hours
    total = page.locator("[data-figure=backfill-total]").inner_text()
    assert CaseLine.objects.filter(option=option).count() == len(before)  # nothing added yet
    assert "This replaces the" in page.content()  # the demo added them once already
    with page.expect_navigation():
        page.get_by_role("button", name="Add these lines").click()
    assert f"/options/{option.pk}" in page.url or f"/{option.pk}/" in page.url
    assert "Added" in page.locator(".usa-alert--success").inner_text()
    after = set(CaseLine.objects.filter(option=option).values_list("name", flat=True))
    assert after == before  # replaced, not duplicated (same years, same names)
    assert TrainingCaseLine.objects.for_org(org).filter(initiative=erp).count() == added_before
    backfill = CaseLine.objects.filter(
        option=option, category="staff_backfill", name__startswith="Training plan:"
    )
    assert sum(line.likely for line in backfill) == pytest.approx(
        float(total.replace("$", "").replace(",", "")), abs=len(backfill)
    )
    assert axe_violations(page, axe_source) == []


def test_a_person_rates_their_own_skills_through_their_link(
    demo, live_server, page_factory, axe_source
):
    org = demo.organization
    owen = StaffPerson.objects.for_org(org).get(name="Owen Marsh")
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo, "editor"))
    page.goto(f"{live_server.url}/o/{org.slug}/skills/staff/{owen.pk}/")
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Make a link").click()
    address = page.input_value("#self-link")
    assert "/self-assessment/css_" in address
    assert axe_violations(page, axe_source) == []

    anonymous = page_factory(375, 800)
    anonymous.goto(address)
    assert "What is stored" in anonymous.content()
    assert axe_violations(anonymous, axe_source) == []
    anonymous.locator("label", has_text="4 – Can teach others").click()
    anonymous.get_by_role("button", name="Save my ratings").click()
    anonymous.wait_for_selector(".usa-alert--success")
    assert Assessment.objects.get(person=owen, source="self").level == 4
    assert axe_violations(anonymous, axe_source) == []
