"""core.skills: the counted level, the gap, course costs, fiscal years and percentages.

The rules are the module's own (documented in ``core/skills.py``); the fiscal-year naming is the
US convention (GFOA: a fiscal year is named for the calendar year in which it ends), the same as
``cases.services.current_fiscal_year``."""

from datetime import date
from decimal import Decimal

from civicshift.core import skills


def test_the_managers_level_counts_before_the_self_assessment():
    assert skills.counted_level(2, 4) == 2
    assert skills.counted_level(None, 4) == 4
    assert skills.counted_level(0, 3) == 0  # a manager's 0 is a rating, not "not given"
    assert skills.counted_level(None, None) is None


def test_the_gap_is_never_negative_and_not_assessed_counts_as_zero():
    assert skills.gap(3, 1) == 2
    assert skills.gap(3, 4) == 0
    assert skills.gap(3, None) == 3


def test_gap_matrix_counts_only_the_skills_a_role_requires():
    m = skills.gap_matrix(
        people=["ana", "bo", "cy"],
        skills=["gl", "payroll"],
        role_of={"ana": "clerk", "bo": "clerk", "cy": "manager"},
        requirements={("clerk", "gl"): 3, ("manager", "gl"): 4, ("manager", "payroll"): 2},
        levels={("ana", "gl"): 3, ("bo", "gl"): 1, ("cy", "gl"): 2},
    )
    assert m.cell("ana", "gl").gap == 0
    assert m.cell("bo", "gl").gap == 2
    assert m.cell("bo", "payroll") == skills.Cell(None, None, 0)  # not needed by a clerk
    assert m.cell("cy", "payroll").gap == 2  # not assessed: 2 − 0
    assert m.people_with_gaps == ["bo", "cy"]
    assert m.total_gap == 2 + 2 + 2
    assert m.skill_totals()["gl"] == (3, 2, 4)
    assert m.widest_skill() == "gl"


def test_course_cost_is_fixed_plus_seats_and_backfill_is_hours_times_rate():
    cost = skills.course_cost(
        fixed=Decimal("1500"),
        per_seat=Decimal("350"),
        hours_per_person=Decimal("16"),
        attendees=12,
        hourly_rate=Decimal("48.50"),
    )
    assert cost.training == Decimal("5700.00")  # 1500 + 350 × 12
    assert cost.backfill_hours == Decimal("192")  # 16 × 12
    assert cost.backfill == Decimal("9312.00")  # 192 × 48.50


def test_fiscal_year_is_named_by_the_year_it_ends_in():
    assert skills.fiscal_year(date(2026, 7, 1), 7) == 2027
    assert skills.fiscal_year(date(2026, 6, 30), 7) == 2026
    assert skills.fiscal_year(date(2026, 12, 31), 1) == 2026
    assert skills.fiscal_year(date(2026, 10, 1), 10) == 2027  # US federal: FY2027 from Oct 2026


def test_percent_rounds_half_up_and_says_nothing_without_enrolments():
    assert skills.percent(1, 8) == 13  # 12.5 → 13
    assert skills.percent(2, 3) == 67
    assert skills.percent(0, 0) is None
