"""Vendor evaluations as the panel uses them: an evaluator scores and submits on the score
sheet (a 5 without a comment is refused and what was typed kept), an editor reads the
consensus, the AHP page warns about contradictory judgments, and the ranking's what-if swaps
the results in place (htmx). axe-core (WCAG 2.1 AA) clean at 1280 and 375 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from civicshift.initiatives.models import Initiative
from civicshift.vendors import services, services_panel
from civicshift.vendors.models import Evaluation, Score, Vendor

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def _login(demo, role):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def _user(demo, role):
    return get_user_model().objects.get(email=_login(demo, role)[0])


def _no_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"


def _fresh_evaluation(demo, **fields):
    org = demo.organization
    admin = _user(demo, "admin")
    initiative = Initiative.objects.for_org(org).get(title=ERP)
    return services.evaluation_create(
        actor=admin,
        initiative=initiative,
        title=fields.pop("title", "RFQ: payroll add-on"),
        **fields,
    ), admin


@pytest.mark.parametrize("width", [1280, 375])
def test_an_evaluator_scores_and_submits(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    evaluation, admin = _fresh_evaluation(demo)
    fit = services.criterion_create(
        actor=admin,
        evaluation=evaluation,
        name="Functional fit",
        weight=Decimal(100),
        anchor_low="Misses required functions.",
        anchor_mid="Meets them.",
        anchor_high="Exceeds them.",
    )
    vendors = list(Vendor.objects.for_org(org).order_by("pk")[:2])
    proposals = [
        services.proposal_create(actor=admin, evaluation=evaluation, vendor=v, price=Decimal(1000))
        for v in vendors
    ]
    evaluator = _user(demo, "evaluator")
    member = services_panel.panel_member_add(actor=admin, evaluation=evaluation, user=evaluator)
    services_panel.declarations_submit(
        actor=evaluator, member=member, answers={p.vendor: (False, "") for p in proposals}
    )
    services_panel.proposals_open(actor=admin, evaluation=evaluation)

    page = page_factory(width)
    sign_in(page, live_server.url, *_login(demo, "evaluator"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{evaluation.pk}/my-scores/")
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
    first, second = (f"{p.pk}-{fit.pk}" for p in proposals)
    page.select_option(f"#v-{first}", "5")
    page.select_option(f"#v-{second}", "3")
    page.click("#save-scores")
    page.wait_for_load_state()
    assert "needs a comment" in page.content()
    assert page.input_value(f"#v-{first}") == "5"  # what was typed is kept
    assert axe_violations(page, axe_source) == []
    page.fill(f"#c-{first}", "Every required report shown in the demonstration.")
    page.click("#save-scores")
    page.wait_for_load_state()
    assert Score.objects.filter(member=member).count() == 2
    page.click("#submit-scores")
    page.wait_for_load_state()
    assert "your scores are locked" in page.content()
    member.refresh_from_db()
    assert member.submitted_at is not None
    page.screenshot(path=f"/tmp/vendors-score-sheet-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)


def test_an_editor_reads_the_consensus(demo, live_server, page_factory, axe_source):
    org = demo.organization
    erp = Evaluation.objects.for_org(org).get(weight_method="ahp")
    page = page_factory(1280)
    sign_in(page, live_server.url, *_login(demo, "editor"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{erp.pk}/consensus/")
    table = page.locator("#consensus-table")
    assert table.is_visible()
    assert "Agreed at the consensus meeting" in table.inner_text()
    page.screenshot(path="/tmp/vendors-consensus.png", full_page=True)
    assert axe_violations(page, axe_source) == []


def test_the_ahp_page_shows_the_consistency_warning(demo, live_server, page_factory, axe_source):
    org = demo.organization
    evaluation, admin = _fresh_evaluation(demo, title="RFI: asset management", weight_method="ahp")
    a, b, c = (
        services.criterion_create(actor=admin, evaluation=evaluation, name=n)
        for n in ("Functional fit", "Security", "Cost")
    )
    member = services_panel.panel_member_add(actor=admin, evaluation=evaluation, user=admin)
    for first, second, value in ((a, b, "5"), (b, c, "5"), (a, c, "1/5")):
        services_panel.judgment_set(
            actor=admin, member=member, first=first, second=second, value=value
        )
    page = page_factory(375)
    sign_in(page, live_server.url, *_login(demo, "admin"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{evaluation.pk}/weights/")
    warning = page.locator(".usa-alert--warning")
    assert "The judgments contradict each other" in warning.inner_text()
    assert "most at odds" in warning.inner_text()
    page.screenshot(path="/tmp/vendors-ahp-warning.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)


def test_the_what_if_swaps_the_ranking_in_place(demo, live_server, page_factory, axe_source):
    org = demo.organization
    erp = Evaluation.objects.for_org(org).get(weight_method="ahp")
    page = page_factory(1280)
    sign_in(page, live_server.url, *_login(demo, "admin"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{erp.pk}/ranking/")
    assert axe_violations(page, axe_source) == []
    page.evaluate("window.csNotReloaded = true")
    cost = erp.criteria.get(name="Cost", parent=None)
    with page.expect_response(lambda r: "/ranking/" in r.url):
        page.fill(f"#w{cost.pk}", "90")
        page.locator(f"#w{cost.pk}").dispatch_event("change")
    page.wait_for_selector("#ranking-results >> text=What-if")
    assert page.evaluate("window.csNotReloaded === true")
    assert axe_violations(page, axe_source) == []
