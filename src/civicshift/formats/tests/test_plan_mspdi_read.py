"""Reading MSPDI: the three files Microsoft Project saved (shared data, from MPXJ's test suite)
and the project's hand-written Project 2007 fixture. Each expected value is what the file's
text says, the element named beside it; Microsoft Project's results are the ones listed in
../shared/data/README.md."""

from __future__ import annotations

from datetime import date, datetime

from civicshift.core.schedule.model import (
    CalendarException,
    ConstraintType,
    LinkType,
    WorkingPeriod,
)
from civicshift.formats.plan.mspdi_read import read_mspdi, read_mspdi_stored
from civicshift.formats.tests.plan_helpers import FIXTURES, shared_mspdi

STANDARD_DAY = (WorkingPeriod(480, 720), WorkingPeriod(780, 1020))  # 08–12, 13–17


def test_relations_file_tasks_links_and_settings():
    project = read_mspdi(shared_mspdi("mpxj_mspdirelations.xml"))
    # <StartDate>2006-09-21T08:00:00</StartDate>, <CalendarUID>1</CalendarUID>,
    # <HonorConstraints>0</HonorConstraints>, <CurrencyCode>GBP</CurrencyCode>
    assert project.start == datetime(2006, 9, 21, 8, 0)
    assert project.calendar_id == "1"
    assert project.honor_constraints is False
    assert project.currency == "GBP"
    assert project.title == "mspdirelations.xml"  # <Name>; the file has no <Title>
    # UID 0 (the project summary) is skipped: five tasks, UIDs 1–5, each PT8H0M0S with
    # DurationFormat 39 (7 + 32, "estimated days").
    assert [t.id for t in project.tasks] == ["1", "2", "3", "4", "5"]
    assert all(t.duration.minutes == 480 and t.duration.unit == "d" for t in project.tasks)
    # PredecessorLink: 2←1 Type 1 (FS), 3←2 Type 3 (SS) LinkLag 4800 (= 480 min), 4←3 Type 0
    # (FF), 5←4 Type 2 (SF).
    assert [(k.predecessor, k.successor, k.type, k.lag.minutes) for k in project.links] == [
        ("1", "2", LinkType.FS, 0),
        ("2", "3", LinkType.SS, 480),
        ("3", "4", LinkType.FF, 0),
        ("4", "5", LinkType.SF, 0),
    ]


def test_relations_file_stored_results_match_the_readme():
    stored = read_mspdi_stored(shared_mspdi("mpxj_mspdirelations.xml"))
    # README: critical UIDs 1–4; UID 5 has 1 day of slack (4800 tenths of a minute).
    assert [uid for uid, s in stored.items() if s.critical] == ["1", "2", "3", "4"]
    assert stored["5"].total_slack_tenths == 4800
    assert stored["5"].total_slack_minutes == 480
    assert stored["4"].finish == datetime(2006, 9, 25, 17, 0)


def test_duration_file_units_and_elapsed():
    project = read_mspdi(shared_mspdi("mpxj_mspdiduration.xml"))
    by_id = {t.id: t for t in project.tasks}
    # Duration / DurationFormat of tasks 1–10: PT0H1M0S/3, PT1H0M0S/5, PT8H0M0S/7, PT40H0M0S/9,
    # PT160H0M0S/11, then the elapsed ones PT0H1M0S/4, PT1H0M0S/6, PT24H0M0S/8, PT168H0M0S/10,
    # PT720H0M0S/12.
    expected = {
        "1": (1, False, "m"),
        "2": (60, False, "h"),
        "3": (480, False, "d"),
        "4": (2400, False, "w"),
        "5": (9600, False, "mo"),
        "6": (1, True, "em"),
        "7": (60, True, "eh"),
        "8": (1440, True, "ed"),
        "9": (10080, True, "ew"),
        "10": (43200, True, "emo"),
    }
    for uid, (minutes, elapsed, unit) in expected.items():
        d = by_id[uid].duration
        assert (d.minutes, d.elapsed, d.unit) == (minutes, elapsed, unit), uid
    stored = read_mspdi_stored(shared_mspdi("mpxj_mspdiduration.xml"))
    # README: T10 finishes 2009-04-24T08:00 and is the only critical task.
    assert stored["10"].finish == datetime(2009, 4, 24, 8, 0)
    assert [uid for uid, s in stored.items() if s.critical] == ["10"]


def test_legacy_sample_calendars_constraints_and_negative_lag():
    project = read_mspdi(shared_mspdi("mpxj_legacy_sample.xml"))
    cals = {c.id: c for c in project.calendars}
    # Calendar UID 2 "Night Shift": Monday (DayType 2) 23:00–00:00 (ToTime 00:00 = 24:00),
    # Tuesday (DayType 3) 00:00–03:00, 04:00–08:00, 23:00–00:00; Sunday (DayType 1) off.
    night = cals["2"]
    assert night.name == "Night Shift"
    assert night.week[0] == (WorkingPeriod(1380, 1440),)
    assert night.week[1] == (
        WorkingPeriod(0, 180),
        WorkingPeriod(240, 480),
        WorkingPeriod(1380, 1440),
    )
    assert night.week[6] == ()
    # UID 4 "Second Resource" has BaseCalendarUID 2 and no WeekDays: Night Shift's week.
    assert cals["4"].base_id == "2"
    assert cals["4"].week == night.week
    assert cals["3"].base_id == "1" and cals["3"].week[0] == STANDARD_DAY
    tasks = {t.id: t for t in project.tasks}
    # UID 3 "Third task": PT0H0M0S, Milestone 1.
    assert tasks["3"].is_milestone
    # UID 7: ConstraintType 4 (SNET), ConstraintDate 2003-02-01T08:00:00.
    assert tasks["7"].constraint is ConstraintType.SNET
    assert tasks["7"].constraint_date == datetime(2003, 2, 1, 8, 0)
    # UID 1 "First Task": Summary 1, OutlineLevel 1; UID 2 OutlineLevel 2.
    assert tasks["1"].summary and tasks["1"].outline_level == 1
    assert tasks["2"].outline_level == 2
    links = {(k.predecessor, k.successor): k for k in project.links}
    # UID 14 ← 13: Type 1, LinkLag -4800 (a one-day lead); 21 ← 20: Type 2 (SF).
    assert links[("13", "14")].lag.minutes == -480
    assert links[("20", "21")].type is LinkType.SF
    assert "4" not in tasks and "5" not in tasks  # the file has no tasks with UIDs 4 and 5


def test_project_2007_fixture_calendars():
    project = read_mspdi(FIXTURES / "calendars_2007.xml")
    cals = {c.id: c for c in project.calendars}
    town = cals["1"]
    assert town.name == "Town Hall" and town.base_id is None
    assert town.week[0] == STANDARD_DAY and town.week[5] == ()
    # <Exceptions> present, so the legacy DayType 0 entry (2027-05-31) is ignored; the yearly
    # exception (Type 2, Month 6 = July, MonthDay 4) becomes one day per year 2027–2029.
    assert town.exceptions == (
        CalendarException(date(2027, 1, 18), date(2027, 1, 18), (), "Martin Luther King Jr. Day"),
        CalendarException(date(2027, 7, 4), date(2027, 7, 4), (), "Independence Day"),
        CalendarException(date(2028, 7, 4), date(2028, 7, 4), (), "Independence Day"),
        CalendarException(date(2029, 7, 4), date(2029, 7, 4), (), "Independence Day"),
        CalendarException(
            date(2027, 12, 24),
            date(2027, 12, 24),
            (WorkingPeriod(480, 720),),
            "Christmas Eve, mornings only",
        ),
    )
    # <WorkWeek> "Summer hours": Friday (DayType 6) 07:00–12:00, other days keep the default.
    (summer,) = town.work_weeks
    assert (summer.start, summer.finish, summer.name) == (
        date(2027, 6, 7),
        date(2027, 8, 27),
        "Summer hours",
    )
    assert summer.week[4] == (WorkingPeriod(420, 720),)
    assert summer.week[0] is None
    # Calendar 2: no <Exceptions>, so the legacy DayType 0 range 2027-03-01…03-05 is read;
    # Monday 22:00–00:00 is 1320–1440.
    nights = cals["2"]
    assert nights.exceptions == (CalendarException(date(2027, 3, 1), date(2027, 3, 5)),)
    assert nights.week[0] == (WorkingPeriod(1320, 1440),)
    # Calendar 3 is derived from 1: Friday off (its own WeekDay), the rest of the week, the
    # exceptions (its own first) and the work week come from "Town Hall".
    clerk = cals["3"]
    assert clerk.base_id == "1"
    assert clerk.week[4] == () and clerk.week[0] == STANDARD_DAY
    assert clerk.exceptions[0] == CalendarException(
        date(2027, 2, 15), date(2027, 2, 19), (), "Training week"
    )
    assert clerk.exceptions[1:] == town.exceptions
    assert clerk.work_weeks == town.work_weeks


def test_project_2007_fixture_settings_tasks_and_links():
    project = read_mspdi(FIXTURES / "calendars_2007.xml")
    assert project.title == "Permitting rollout"  # <Title>
    assert project.critical_slack_limit_days == 1
    assert project.multiple_critical_paths is True
    assert project.status_date == datetime(2027, 2, 1, 17, 0)
    assert project.currency == "EUR"
    tasks = {t.id: t for t in project.tasks}
    assert list(tasks) == ["1", "2", "3", "5", "6"]  # UID 0 and the null task UID 4 skipped
    req = tasks["2"]
    assert (req.wbs, req.outline_level, req.percent_complete) == ("1.1", 2, 50)
    assert (req.cost, req.actual_cost, req.owner) == (12000, 5000, "IT department")
    assert req.actual_start == datetime(2027, 1, 4, 8, 0)
    assert req.calendar_id == "3"
    assert req.constraint is ConstraintType.SNET
    assert req.baseline_finish == datetime(2027, 1, 6, 17, 0)
    assert req.baseline_duration.minutes == 1440
    assert req.notes == "Interview the permit clerks."
    demos = tasks["3"]
    assert (demos.duration.minutes, demos.duration.elapsed, demos.duration.unit) == (
        2880,
        True,
        "ed",
    )
    assert demos.constraint is ConstraintType.FNLT
    assert demos.deadline == datetime(2027, 1, 22, 17, 0)
    assert tasks["5"].active is False
    assert tasks["6"].constraint is ConstraintType.MSO and tasks["6"].is_milestone
    links = {(k.predecessor, k.successor): k for k in project.links}
    # LagFormat 19 (%): LinkLag -50 is the raw percentage, a lead of half of task 2.
    pct = links[("2", "3")].lag
    assert (pct.percent, pct.elapsed, pct.unit) == (-50.0, False, "%")
    # LagFormat 6 (eh): LinkLag 14400 tenths = 1440 min of wall-clock time.
    eh = links[("3", "5")]
    assert (eh.type, eh.lag.minutes, eh.lag.elapsed, eh.lag.unit) == (
        LinkType.SS,
        1440,
        True,
        "eh",
    )
    assert links[("2", "5")].type is LinkType.FF and links[("2", "5")].lag.minutes == 240
    assert links[("5", "6")].type is LinkType.SF


def test_recurring_exceptions_are_expanded_into_dates():
    """Exception Type 5 (monthly by position; MonthItem 5 = Tuesday, MonthPosition 1 = second)
    and Type 6 (weekly; DaysOfWeek 2 = Monday, Period 2 = every other week), as the pj12
    schema defines them. Dates from the 2027 calendar (1 January 2027 is a Friday): the second
    Tuesdays of January–March are the 12th, 9 February and 9 March; every other Monday from
    4 January is 4 and 18 January, 1 February."""
    xml = """<Project xmlns="http://schemas.microsoft.com/project">
      <StartDate>2027-01-04T08:00:00</StartDate>
      <Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
        <Exceptions>
          <Exception><TimePeriod><FromDate>2027-01-01T00:00:00</FromDate>
            <ToDate>2027-03-31T23:59:00</ToDate></TimePeriod><Name>Council</Name><Type>5</Type>
            <Period>1</Period><MonthItem>5</MonthItem><MonthPosition>1</MonthPosition>
            <DayWorking>0</DayWorking></Exception>
          <Exception><TimePeriod><FromDate>2027-01-04T00:00:00</FromDate>
            <ToDate>2027-02-07T23:59:00</ToDate></TimePeriod><Name>Server patching</Name>
            <Type>6</Type><Period>2</Period><DaysOfWeek>2</DaysOfWeek><DayWorking>1</DayWorking>
            <WorkingTimes><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>
            </WorkingTime></WorkingTimes></Exception>
        </Exceptions></Calendar></Calendars>
      <Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration></Task></Tasks>
    </Project>"""
    (calendar,) = read_mspdi(xml.encode(), "recurring.xml").calendars
    afternoon = (WorkingPeriod(780, 1020),)
    assert calendar.exceptions == (
        CalendarException(date(2027, 1, 12), date(2027, 1, 12), (), "Council"),
        CalendarException(date(2027, 2, 9), date(2027, 2, 9), (), "Council"),
        CalendarException(date(2027, 3, 9), date(2027, 3, 9), (), "Council"),
        CalendarException(date(2027, 1, 4), date(2027, 1, 4), afternoon, "Server patching"),
        CalendarException(date(2027, 1, 18), date(2027, 1, 18), afternoon, "Server patching"),
        CalendarException(date(2027, 2, 1), date(2027, 2, 1), afternoon, "Server patching"),
    )


def test_resource_driven_tasks_are_marked():
    # README: in mpxj_legacy_sample.xml "UID 2 is resource-driven"; its Assignments give task 2
    # work from resources 1 and 2 (PT200H0M0S, PT300H0M0S), every other assignment is the
    # placeholder ResourceUID -65535 with no work.
    stored = read_mspdi_stored(shared_mspdi("mpxj_legacy_sample.xml"))
    assert [uid for uid, s in stored.items() if s.resource_driven] == ["2"]
    assert not any(
        s.resource_driven
        for s in read_mspdi_stored(shared_mspdi("mpxj_mspdirelations.xml")).values()
    )
