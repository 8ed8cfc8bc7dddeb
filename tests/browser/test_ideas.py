"""The staff ideas board as staff use it: a viewer supports an idea on the board (htmx swaps
the button and count in place, no page load) and shares one; an editor declines an idea, is
asked for the reason, gives it, and the response shows in the idea's timeline. axe-core
(WCAG 2.1 AA) clean and no horizontal overflow at 1280 and 375 px."""

from __future__ import annotations

import pytest

from civicshift.ideas.models import Idea, IdeaResponse, Status

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _login(demo, role):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def _no_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_viewer_supports_an_idea_in_place(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    # The demo's fire-inspection idea: supported by the administrator only, not by the viewer.
    idea = Idea.objects.for_org(org).get(title="Fire inspection checklists on tablets")
    before = idea.support_count
    page = page_factory(width)
    sign_in(page, live_server.url, *_login(demo, "viewer"))
    page.goto(f"{live_server.url}/o/{org.slug}/ideas/")
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
    page.evaluate("window.csNotReloaded = true")
    form = page.locator(f"#support-{idea.pk}")
    count = form.locator("[data-support-count]")
    assert count.get_attribute("data-support-count") == str(before)
    with page.expect_response(lambda r: r.url.endswith(f"/ideas/{idea.pk}/support/")):
        form.get_by_role("button", name="Support").click()
    page.wait_for_selector(
        f"#support-{idea.pk} [data-support-count='{before + 1}']", state="attached"
    )
    assert page.evaluate("window.csNotReloaded === true")  # swapped in place
    pressed = page.locator(f"#support-{idea.pk} button")
    assert pressed.get_attribute("aria-pressed") == "true"
    assert "You support this" in pressed.inner_text()
    assert Idea.objects.get(pk=idea.pk).support_count == before + 1
    page.screenshot(path=f"/tmp/ideas-board-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []

    # And back: pressing again takes the support back.
    with page.expect_response(lambda r: r.url.endswith(f"/ideas/{idea.pk}/support/")):
        pressed.click()
    page.wait_for_selector(f"#support-{idea.pk} [data-support-count='{before}']", state="attached")
    assert Idea.objects.get(pk=idea.pk).support_count == before

    # The viewer shares an idea of their own, and finds it under "My ideas".
    page.goto(f"{live_server.url}/o/{org.slug}/ideas/new/")
    page.fill("#id_title", f"Recycling pickup reminders ({width})")
    page.fill("#id_problem", "Residents miss the fortnightly recycling pickup.")
    with page.expect_navigation():
        page.get_by_role("button", name="Share it").click()
    assert page.locator("h1").inner_text() == f"Recycling pickup reminders ({width})"
    page.goto(f"{live_server.url}/o/{org.slug}/ideas/mine/")
    assert f"Recycling pickup reminders ({width})" in page.content()
    page.screenshot(path=f"/tmp/ideas-mine-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_an_editor_declines_with_a_reason(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    idea = Idea.objects.for_org(org).get(title="One calendar for the meeting rooms at City Hall")
    assert idea.status == Status.NEW
    page = page_factory(width)
    sign_in(page, live_server.url, *_login(demo, "editor"))
    page.goto(f"{live_server.url}/o/{org.slug}/ideas/{idea.pk}/")
    respond = page.locator("form[action$='/respond/']")
    respond.get_by_label("Status after this response").select_option("declined")
    with page.expect_navigation():
        respond.get_by_role("button", name="Publish the response").click()
    # Refused without a reason: the form comes back with the message beside the field.
    assert "Say why the idea is declined" in page.content()
    assert axe_violations(page, axe_source) == []
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW
    page.get_by_label("Status after this response").select_option("declined")
    page.get_by_label("Response", exact=True).fill(
        f"The new e-mail system shares room calendars ({width})."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the response").click()
    assert Idea.objects.get(pk=idea.pk).status == Status.DECLINED
    response = IdeaResponse.objects.for_org(org).filter(idea=idea).last()
    timeline = page.locator(f"#response-{response.pk}").inner_text()
    assert "New → Declined" in timeline and "shares room calendars" in timeline
    page.screenshot(path=f"/tmp/ideas-declined-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
