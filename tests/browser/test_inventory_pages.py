"""The inventory pages in a real browser: record a system through the form, assess it by
clicking levels, see the disposition, correct the assessment; axe-core on the list, detail,
assessment and correction pages."""

from __future__ import annotations

from civicshift.inventory.models import Assessment, System
from civicshift.orgs.roles import Role
from civicshift.testing.factories import PASSWORD, make_member, make_org

from .axe import axe_violations, sign_in


def test_record_and_assess_a_system_and_axe_passes(
    transactional_db, settings, live_server, page_factory, axe_source
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    org = make_org("maple-falls", name="Maple Falls")
    make_member(org, Role.EDITOR, "editor@maple-falls.example.org")
    base = f"{live_server.url}/o/{org.slug}/systems/"
    page = page_factory()
    sign_in(page, live_server.url, "editor@maple-falls.example.org", PASSWORD)
    failures: list[str] = []

    page.goto(base + "new/")
    failures += [f"form: {p}" for p in axe_violations(page, axe_source)]
    page.fill("#id_name", "Financials (AS/400)")
    page.select_option("#id_category", "finance_erp")
    page.fill("#id_vendor", "IBM")
    page.fill("#id_product_version", "7.1")
    page.fill("#id_cost_maintenance", "18000")
    page.fill("#id_support_mainstream_end", "2018-04-30")
    page.fill("#id_support_extended_end", "2024-04-30")
    page.click("label[for=id_regulated_data_4]")  # federal tax information
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_load_state()
    system = System.objects.get(name="Financials (AS/400)")
    assert page.url.endswith(f"/systems/{system.pk}/"), page.url
    assert system.regulated_data == ["federal_tax"] and system.product_version == "7.1"
    assert "past extended support (2024-04-30)" in page.content()
    failures += [f"detail: {p}" for p in axe_violations(page, axe_source)]

    page.click("a:has-text('Assess')")
    page.wait_for_load_state()
    failures += [f"assess: {p}" for p in axe_violations(page, axe_source)]
    # High value, poor condition: clicking the levels' labels (the words of each level).
    for key, level in (
        ("business_importance", 5),
        ("fitness_for_purpose", 4),
        ("user_satisfaction", 3),
        ("vendor_support", 1),
        ("age", 1),
        ("skills_available", 2),
        ("security_posture", 2),
    ):
        page.click(f"label[for=id_{key}_{level - 1}]")
    page.click("button[type=submit]:has-text('Save assessment')")
    page.wait_for_load_state()
    assert Assessment.objects.filter(system=system).count() == 1
    text = page.inner_text("main")
    assert "Migrate" in text
    assert "High business value, poor condition" in text
    failures += [f"detail after assessment: {p}" for p in axe_violations(page, axe_source)]

    # Correcting it: the same questions, with the date, then the page says the change.
    page.click("a:has-text('Correct it')")
    page.wait_for_load_state()
    failures += [f"correct: {p}" for p in axe_violations(page, axe_source)]
    page.click("label[for=id_vendor_support_3]")  # level 4
    page.fill("#id_notes", "Vendor confirmed support to 2031")
    page.click("button[type=submit]:has-text('Save the correction')")
    page.wait_for_load_state()
    corrected = Assessment.objects.get(system=system)
    assert corrected.answers["vendor_support"] == 4 and corrected.version == 2
    assert "Assessment corrected." in page.inner_text("main")

    page.goto(base)
    assert "Financials (AS/400)" in page.inner_text("main")
    failures += [f"list: {p}" for p in axe_violations(page, axe_source)]
    page.goto(base + "components/")
    failures += [f"components: {p}" for p in axe_violations(page, axe_source)]
    page.goto(base + "reviews/")
    failures += [f"reviews: {p}" for p in axe_violations(page, axe_source)]
    # On a phone's width the tables stack; still no violation.
    narrow = page_factory(375)
    sign_in(narrow, live_server.url, "editor@maple-falls.example.org", PASSWORD)
    for path in ("", f"{system.pk}/", f"{system.pk}/assess/"):
        narrow.goto(base + path)
        failures += [f"{path or 'list'} @375: {p}" for p in axe_violations(narrow, axe_source)]
    assert not failures, "\n".join(failures)
