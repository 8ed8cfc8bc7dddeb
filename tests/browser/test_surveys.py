"""A readiness survey as people use it: a staff member opens the link without signing in,
picks a department, answers every question, types a private linking word and sends it; the
thank-you page says what is not stored. Then an editor opens the results and sees one more
answer, the department heat map and the wave comparison. axe-core (WCAG 2.1 AA) clean and no
horizontal overflow at 1280 and 375 px."""

from __future__ import annotations

import pytest

from civicshift.surveys import tokens
from civicshift.surveys.models import Survey, SurveyResponse

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _no_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"


@pytest.mark.parametrize("width", [1280, 375])
def test_answer_through_the_link_then_read_the_results(
    demo, live_server, page_factory, axe_source, width, monkeypatch
):
    monkeypatch.setattr(tokens, "RENDER_MIN_AGE", 0)  # a test fills the form faster than a person
    org = demo.organization
    survey = Survey.objects.for_org(org).get(title="ERP readiness, after training")
    before = SurveyResponse.objects.filter(survey=survey).count()

    respondent = page_factory(width)
    respondent.goto(f"{live_server.url}/s/{survey.token}/")
    assert "What is stored, and what is not" in respondent.content()
    assert axe_violations(respondent, axe_source) == []
    _no_overflow(respondent)
    # People click the labels (USWDS draws its own radio buttons over the inputs).
    respondent.locator("label.usa-radio__label", has_text="Finance").click()
    questions = respondent.locator("fieldset:has(legend:text-matches('^People who work here'))")
    assert questions.count() == 12
    for question in questions.all():
        question.locator("label", has_text="Somewhat agree").click()
    assert respondent.get_by_label("Finance", exact=True).is_checked()
    respondent.get_by_label("Private linking word (optional)").fill("heron by the river")
    with respondent.expect_navigation():
        respondent.get_by_role("button", name="Send my answers").click()
    assert "your answers were received" in respondent.locator("h1").inner_text()
    assert axe_violations(respondent, axe_source) == []
    _no_overflow(respondent)

    stored = SurveyResponse.objects.filter(survey=survey)
    assert stored.count() == before + 1
    mine = stored.get(link_hash=tokens.link_hash(org.pk, "heron by the river"))
    assert mine.department.name == "Finance" and set(mine.answers.values()) == {4}

    editor = next((email, pw) for role, email, pw in demo.logins if role == "editor")
    page = page_factory(width)
    sign_in(page, live_server.url, *editor)
    page.goto(f"{live_server.url}/o/{org.slug}/surveys/")
    with page.expect_navigation():
        page.get_by_role("link", name="Results ERP readiness, after training").click()
    assert f"{before + 1} people answered" in page.locator(".usa-intro").inner_text()
    heat = page.locator("table[data-table=departments]").inner_text()
    assert "Finance" in heat and "City Manager" not in heat
    assert page.locator("[data-comparison='oric:efficacy']").count() == 1
    assert page.locator("[data-paired='oric:efficacy']").count() == 1
    page.wait_for_function("document.querySelector('canvas[data-chart=diverging]')._chart")
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
