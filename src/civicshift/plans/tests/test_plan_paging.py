"""The plan page draws one page of rows (chart and table) while the dates, the finish and the
critical path stay those of the whole plan (issue 9, item 9; a Microsoft Project file can
hold thousands of tasks). ``PAGE_ROWS`` is made 5 here so that 12 tasks make three pages."""

import re
from datetime import datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.core.schedule.cpm import schedule
from civicshift.plans import gantt, selectors, services

from .factories import make_baseline, make_plan, make_task

pytestmark = pytest.mark.django_db
DAY = 480


@pytest.fixture(autouse=True)
def _five_rows(monkeypatch):
    monkeypatch.setattr(gantt, "PAGE_ROWS", 5)


@pytest.fixture
def chain(org, editor):
    """Twelve one-day tasks T1 → T2 → … → T12 from Monday 4 January 2027, 08:00, on the default
    Monday–Friday calendar: the plan ends on day 12, Tuesday 19 January 2027 at 17:00."""
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    tasks = [
        make_task(org, editor, plan, key=f"T{i}", name=f"Step {i}", duration_minutes=DAY)
        for i in range(1, 13)
    ]
    for before, after in zip(tasks, tasks[1:], strict=False):
        services.link_create(actor=editor, plan=plan, predecessor=before, successor=after)
    return plan, tasks


def _url(plan, name="plans:plan", **kwargs):
    return reverse(
        name, kwargs={"org_slug": plan.organization.slug, "pk": plan.initiative_id, **kwargs}
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _task_keys(html: str) -> list[str]:
    return re.findall(r'data-task="([^"]+)"', html)


def test_page_two_shows_tasks_six_to_ten_with_the_whole_plans_finish(chain, editor):
    plan, _tasks = chain
    client = _client(editor)
    first = unescape(client.get(_url(plan)).content.decode())
    second = unescape(client.get(_url(plan) + "?page=2").content.decode())
    assert _task_keys(first) == ["T1", "T2", "T3", "T4", "T5"]
    assert _task_keys(second) == ["T6", "T7", "T8", "T9", "T10"]
    assert "This page shows tasks 6 to 10 of 12" in second
    assert "12 tasks from" in second  # the caption counts the whole plan
    # Twelve working days from Monday 4 January 2027 (no holidays on the default calendar):
    # 4–8, 11–15, 18, 19 January, so the last task finishes on Tuesday 19 January 2027.
    finish = schedule(selectors.project_of(plan)).project_finish
    assert finish == datetime(2027, 1, 19, 17, 0)
    for page in (first, second):
        assert 'data-figure="finish">Jan. 19, 2027' in page
    assert 'aria-label="Pages of the timeline"' in second
    assert 'aria-label="Pages of the task table"' in second
    assert "page=1" in second and "page=3" in second


def test_a_page_out_of_range_shows_the_nearest(chain, editor):
    plan, _tasks = chain
    client = _client(editor)
    assert _task_keys(client.get(_url(plan) + "?page=99").content.decode()) == ["T11", "T12"]
    assert _task_keys(client.get(_url(plan) + "?page=abc").content.decode())[0] == "T1"


def test_a_small_plan_has_no_page_links(org, editor):
    plan = make_plan(org, editor)
    make_task(org, editor, plan, key="A", duration_minutes=DAY)
    html = _client(editor).get(_url(plan)).content.decode()
    assert "usa-pagination" not in html
    assert "This page shows tasks" not in html


def test_an_in_place_edit_on_page_two_comes_back_on_page_two(chain, editor):
    plan, tasks = chain
    eighth = tasks[7]
    response = _client(editor).post(
        _url(plan, "plans:task_quick", task=eighth.pk),
        {"duration": "3d", "version": eighth.version, "page": "2"},
        headers={"HX-Request": "true"},
    )
    html = unescape(response.content.decode())
    assert _task_keys(html) == ["T6", "T7", "T8", "T9", "T10"]
    # Two more days on T8 move the finish from Tuesday 19 to Thursday 21 January 2027.
    assert "The plan now finishes Jan. 21, 2027" in html
    eighth.refresh_from_db()
    assert eighth.duration_minutes == 3 * DAY


def test_without_javascript_an_edit_returns_to_the_tasks_page(chain, editor):
    plan, tasks = chain
    eleventh = tasks[10]
    response = _client(editor).post(
        _url(plan, "plans:task_quick", task=eleventh.pk),
        {"duration": "2d", "version": eleventh.version},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plan/?page=3#task-{eleventh.pk}")
    assert gantt.page_of_task(plan, tasks[0]) == 1
    assert gantt.page_of_task(plan, tasks[4]) == 1
    assert gantt.page_of_task(plan, tasks[5]) == 2


def test_the_chosen_baseline_stays_when_turning_pages(chain, org, editor):
    plan, _tasks = chain
    baseline = make_baseline(org, editor, plan)
    html = _client(editor).get(_url(plan) + f"?baseline={baseline.pk}&page=2").content.decode()
    assert f"?baseline={baseline.pk}&amp;page=3" in html
    assert "on the baseline date" in html
