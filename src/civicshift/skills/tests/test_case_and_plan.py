"""The training plan into the business case (cost lines, shown then added, replaced on a second
add) and into the plan (one task per session, updated on a second add)."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases.models import CaseLine
from civicshift.cases.services import business_case_create
from civicshift.orgs.roles import Role
from civicshift.plans.models import PlanTask
from civicshift.plans.services import plan_create
from civicshift.skills import services_case, services_training
from civicshift.skills.models import TrainingCaseLine
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_world():
    """A July fiscal year (FY2027 = July 2026 – June 2027), a case from FY2027 over 5 years,
    a vendor course of 16 hours with sessions in FY2027 and FY2028, and an e-learning course
    with no session."""
    org = make_org(fiscal_year_start_month=7)
    editor = make_member(org, Role.EDITOR)
    initiative = factories.make_initiative(org, editor)
    case = business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=5
    )
    vendor = factories.make_course(
        org,
        editor,
        initiative=initiative,
        name="ERP vendor training",
        hours_per_person=Decimal("16"),
        cost_per_seat=Decimal("350"),
        fixed_cost=Decimal("1500"),
        seats=10,
    )
    factories.make_session(org, editor, course=vendor, starts_on=date(2027, 3, 1))  # FY2027
    later = factories.make_session(org, editor, course=vendor, starts_on=date(2027, 9, 1))
    people = [factories.make_person(org, editor) for _ in range(3)]
    services_training.enrolment_create(actor=editor, session=later, people=people)
    elearning = factories.make_course(
        org,
        editor,
        initiative=initiative,
        name="ERP e-learning",
        kind="elearning",
        hours_per_person=Decimal("4"),
        cost_per_seat=Decimal("40"),
        fixed_cost=Decimal("0"),
        seats=20,
    )
    return org, editor, initiative, case, vendor, elearning


def test_proposal_counts_enrolled_people_else_planned_seats(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    proposal = services_case.training_proposal(initiative, case, Decimal("50"))
    figures = {c.course.name: c for c in proposal.courses}
    # Vendor: 3 enrolled → 1500 + 350 × 3 = 2550; 16 h × 3 = 48 h; × 50 = 2400. FY of its
    # first session (March 2027 → FY2027): year 0.
    assert figures["ERP vendor training"].attendees == 3
    assert figures["ERP vendor training"].cost.training == Decimal("2550.00")
    assert figures["ERP vendor training"].cost.backfill == Decimal("2400.00")
    assert figures["ERP vendor training"].period == 0
    # E-learning: nobody enrolled → 20 planned seats; 40 × 20 = 800; 4 × 20 × 50 = 4000; no
    # session → year 0.
    assert figures["ERP e-learning"].attendees == 20
    assert figures["ERP e-learning"].cost.training == Decimal("800.00")
    assert figures["ERP e-learning"].cost.backfill == Decimal("4000.00")
    assert not figures["ERP e-learning"].dated
    assert [(p.part, p.period, p.amount) for p in proposal.lines] == [
        ("training", 0, Decimal("3350.00")),
        ("backfill", 0, Decimal("6400.00")),
    ]
    assert proposal.backfill_hours == Decimal("128")


def test_a_course_in_a_later_fiscal_year_goes_in_that_year_of_the_case(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    factories.make_session(org, editor, course=elearning, starts_on=date(2028, 8, 15))  # FY2029
    proposal = services_case.training_proposal(initiative, case, Decimal("50"))
    assert {(p.part, p.fiscal_year, p.period) for p in proposal.lines} == {
        ("training", 2027, 0),
        ("backfill", 2027, 0),
        ("training", 2029, 2),
        ("backfill", 2029, 2),
    }


def test_adding_twice_replaces_the_lines_instead_of_duplicating(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    option = case.options.get()
    first = services_case.training_lines_apply(
        actor=editor, initiative=initiative, option=option, hourly_rate=Decimal("50")
    )
    assert [(line.category, line.likely) for line in first] == [
        ("training", Decimal("3350.00")),
        ("staff_backfill", Decimal("6400.00")),
    ]
    second = services_case.training_lines_apply(
        actor=editor, initiative=initiative, option=option, hourly_rate=Decimal("60")
    )
    lines = CaseLine.objects.for_org(org).filter(option=option)
    assert lines.count() == 2
    assert {line.pk for line in lines} == {line.pk for line in second}
    assert lines.get(category="staff_backfill").likely == Decimal("7680.00")  # 128 h × 60
    assert TrainingCaseLine.objects.for_org(org).count() == 2
    assert AuditEvent.objects.for_org(org).filter(action="delete").count() >= 2


def test_lines_typed_by_hand_are_kept(plan_world):
    from civicshift.cases.services import line_create

    org, editor, initiative, case, vendor, elearning = plan_world
    option = case.options.get()
    own = line_create(
        actor=editor,
        option=option,
        name="Change management",
        kind="cost",
        category="training",
        likely=Decimal("40000"),
        first_period=0,
        last_period=0,
    )
    for _ in range(2):
        services_case.training_lines_apply(
            actor=editor, initiative=initiative, option=option, hourly_rate=Decimal("50")
        )
    assert CaseLine.objects.for_org(org).filter(option=option).count() == 3
    assert CaseLine.objects.filter(pk=own.pk).exists()


def test_the_confirm_page_shows_the_lines_before_anything_is_added(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    client = Client()
    client.force_login(editor)
    url = reverse("skills:case_lines", args=[org.slug, initiative.pk])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Training plan: courses, FY2027" in text
    # The default rate ($45 an hour): 128 hours × 45 = 5,760.
    assert "$3,350" in text and "$5,760" in text
    assert CaseLine.objects.for_org(org).count() == 0
    option = case.options.get()
    preview = client.post(url, {"option": option.pk, "hourly_rate": "60"})
    assert preview.status_code == 200 and "$7,680" in preview.content.decode()
    assert CaseLine.objects.for_org(org).count() == 0
    added = client.post(url, {"option": option.pk, "hourly_rate": "60", "add": "1"})
    assert added.status_code == 302
    assert CaseLine.objects.for_org(org).filter(option=option).count() == 2


def test_the_option_page_links_to_the_training_lines(plan_world):
    from civicshift.cases.line_sources import line_sources

    org, editor, initiative, case, vendor, elearning = plan_world
    option = case.options.get()
    links = dict(line_sources(option))
    url = links["Add the training plan's cost and backfill"]
    assert url.startswith(reverse("skills:case_lines", args=[org.slug, initiative.pk]))


def test_a_bad_rate_is_refused(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    with pytest.raises(ValidationError):
        services_case.training_lines_apply(
            actor=editor,
            initiative=initiative,
            option=case.options.get(),
            hourly_rate=Decimal("-1"),
        )


def test_sessions_become_plan_tasks_once_and_are_updated_after(plan_world):
    org, editor, initiative, case, vendor, elearning = plan_world
    plan_create(actor=editor, initiative=initiative, start=datetime(2027, 1, 4, 8, 0))
    tasks = services_case.session_tasks_apply(actor=editor, initiative=initiative)
    assert len(tasks) == 2
    first = tasks[0]
    assert first.constraint == "SNET"
    assert first.constraint_date == datetime(2027, 3, 1, 9, 0)
    assert first.duration_minutes == 240  # 4 hours
    assert first.parent.name == "Staff training"
    session = vendor.sessions.order_by("starts_on").first()
    session.refresh_from_db()
    assert session.task_id == first.pk
    services_training.session_update(actor=editor, session=session, start_time=time(13, 30))
    again = services_case.session_tasks_apply(actor=editor, initiative=initiative)
    assert [t.pk for t in again] == [t.pk for t in tasks]
    assert PlanTask.objects.for_org(org).filter(plan__initiative=initiative).count() == 3
    first.refresh_from_db()
    assert first.constraint_date == datetime(2027, 3, 1, 13, 30)


def test_without_a_plan_the_tasks_page_is_not_found(plan_world):
    org, editor, initiative, *_ = plan_world
    client = Client()
    client.force_login(editor)
    assert (
        client.get(reverse("skills:plan_tasks", args=[org.slug, initiative.pk])).status_code == 404
    )
