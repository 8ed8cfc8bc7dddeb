"""The project's plan file (docs/plan-file.md): the example of issue 9 item 11, every field the
documentation lists, refusals naming the task and field, hostile YAML/JSON, and the round trip
Project → YAML → Project. Unit conversions are Microsoft Project's (1d = MinutesPerDay = 480,
1w = MinutesPerWeek = 2400, 1mo = DaysPerMonth × 480; elapsed days are 1440 wall-clock minutes:
../shared/notes/msproject-scheduling.md section 1)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from civicshift.core.schedule.model import (
    CalendarException,
    ConstraintType,
    LinkType,
    WorkingPeriod,
)
from civicshift.formats.plan import PlanFileError
from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.plan.planfile import plan_file_schema, read_plan_file
from civicshift.formats.plan.planfile_write import write_plan_file
from civicshift.formats.tests.hostile import BILLION_LAUGHS, DEEP_JSON
from civicshift.formats.tests.plan_helpers import FIXTURES, shared_mspdi

#: Issue 9 item 11, verbatim.
ISSUE_EXAMPLE = b"""\
title: Online permitting rollout
start: 2027-01-04T08:00          # project start, local time
calendar:                        # optional; default Mon-Fri 08:00-12:00 and 13:00-17:00
  holidays: [2027-01-18]
tasks:
  - id: A
    name: Requirements
    duration: 3d                 # d = working days, h = working hours, w = working weeks
  - id: B
    name: Configure
    duration: {optimistic: 4d, likely: 6d, pessimistic: 12d}
    after: [A]                   # finish-to-start with no lag
  - id: C
    name: Train staff
    duration: 2d
    after: [{task: B, type: SS, lag: 2d}]   # FS | SS | FF | SF, lag may be negative
  - id: M
    name: Go-live
    duration: 0d                 # a milestone
    after: [B, C]
"""

FULL = b"""\
title: ERP replacement
start: 2027-01-04
finish: 2027-12-17
status_date: 2027-03-01T17:00
currency: CAD
settings: {minutes_per_day: 450, critical_slack_days: 2, honor_constraints: false}
calendar:
  id: town
  name: Town Hall
  week:
    fri: ["08:00-12:00"]
  holidays: [2027-01-18, {from: 2027-12-24, to: 2027-12-31, name: Winter closure}]
  exceptions:
    - {from: 2027-11-26, name: Half day, hours: ["08:00-12:00"]}
  work_weeks:
    - {from: 2027-06-07, to: 2027-08-27, name: Summer, week: {mon: ["07:00-15:00"]}}
calendars:
  - id: nights
    name: Data centre nights
    week: {mon: ["22:00-24:00"], tue: [], wed: [], thu: [], fri: []}
  - id: clerk
    based_on: town
    week: {wed: []}
tasks:
  - id: P1
    name: Procurement
  - id: RFP
    name: Write the RFP
    parent: P1
    duration: 2w
    owner: Purchasing
    cost: 15000
    actual_cost: 4000
    percent_complete: 25
    actual_start: 2027-01-04T08:00
    baseline: {start: 2027-01-04, finish: 2027-01-15, duration: 2w}
    constraint: {type: SNET, date: 2027-01-04}
  - id: EVAL
    name: Evaluate bids
    parent: P1
    duration: {optimistic: 5d, likely: 8d, pessimistic: 15d, distribution: triangular}
    after: [{task: RFP, type: FS, lag: -25%}]
    deadline: 2027-03-31
    calendar: clerk
  - id: COUNCIL
    name: Council approval
    milestone: true
    duration: 0d
    after: [{task: EVAL, lag: 2ed}]
    constraint: {type: FNLT, date: 2027-04-30}
  - id: CUT
    name: Cutover weekend
    duration: 12eh
    calendar: nights
    after: [{task: COUNCIL, type: SS, lag: -1d}, {task: EVAL, type: FF, lag: 90m}]
    manual: {start: 2027-05-01T22:00, finish: 2027-05-02T10:00}
    active: false
    notes: Freeze the old system first.
"""


def test_issue_example():
    project = read_plan_file(ISSUE_EXAMPLE, "plan.yaml")
    assert project.title == "Online permitting rollout"
    assert project.start == datetime(2027, 1, 4, 8, 0)
    (cal,) = project.calendars
    assert cal.exceptions == (CalendarException(date(2027, 1, 18), date(2027, 1, 18)),)
    assert cal.week[0] == (WorkingPeriod(480, 720), WorkingPeriod(780, 1020))
    tasks = {t.id: t for t in project.tasks}
    assert tasks["A"].duration.minutes == 3 * 480
    # Scheduled on likely (6d); the estimate keeps all three points.
    assert tasks["B"].duration.minutes == 6 * 480
    est = tasks["B"].estimate
    assert (est.optimistic.minutes, est.pessimistic.minutes, est.distribution) == (
        4 * 480,
        12 * 480,
        "pert",
    )
    assert tasks["M"].is_milestone
    assert [(k.predecessor, k.successor, k.type, k.lag.minutes) for k in project.links] == [
        ("A", "B", LinkType.FS, 0),
        ("B", "C", LinkType.SS, 2 * 480),
        ("B", "M", LinkType.FS, 0),
        ("C", "M", LinkType.FS, 0),
    ]


def test_every_documented_field():
    project = read_plan_file(FULL, "erp.yaml")
    assert project.start == datetime(2027, 1, 4, 8, 0)  # a date alone starts at 08:00
    assert project.finish == datetime(2027, 12, 17, 17, 0)  # … and finishes at 17:00
    assert (project.minutes_per_day, project.critical_slack_limit_days) == (450, 2)
    assert project.honor_constraints is False and project.currency == "CAD"
    cals = {c.id: c for c in project.calendars}
    assert project.calendar_id == "town"
    town = cals["town"]
    assert town.week[4] == (WorkingPeriod(480, 720),)
    assert town.exceptions == (
        CalendarException(date(2027, 1, 18), date(2027, 1, 18)),
        CalendarException(date(2027, 12, 24), date(2027, 12, 31), (), "Winter closure"),
        CalendarException(
            date(2027, 11, 26), date(2027, 11, 26), (WorkingPeriod(480, 720),), "Half day"
        ),
    )
    assert town.work_weeks[0].week[0] == (WorkingPeriod(420, 900),)
    assert town.work_weeks[0].week[1] is None
    assert cals["nights"].week[0] == (WorkingPeriod(1320, 1440),) and cals["nights"].week[5] == ()
    clerk = cals["clerk"]
    assert clerk.base_id == "town" and clerk.week[2] == () and clerk.week[4] == town.week[4]
    assert clerk.exceptions == town.exceptions
    tasks = {t.id: t for t in project.tasks}
    assert [t.id for t in project.tasks] == ["P1", "RFP", "EVAL", "COUNCIL", "CUT"]
    assert tasks["P1"].summary and tasks["RFP"].outline_level == 2
    assert tasks["RFP"].duration.minutes == 2 * 2400
    assert (tasks["RFP"].owner, tasks["RFP"].cost, tasks["RFP"].actual_cost) == (
        "Purchasing",
        15000,
        4000,
    )
    assert tasks["RFP"].baseline_finish == datetime(2027, 1, 15, 17, 0)
    assert tasks["RFP"].constraint is ConstraintType.SNET
    assert tasks["EVAL"].duration.minutes == 8 * 450  # minutes_per_day 450
    assert tasks["EVAL"].estimate.distribution == "triangular"
    assert tasks["EVAL"].deadline == datetime(2027, 3, 31, 17, 0)
    assert tasks["COUNCIL"].is_milestone  # milestone: true with 0d: the rule, kept as None
    assert tasks["COUNCIL"].constraint_date == datetime(2027, 4, 30, 17, 0)
    cut = tasks["CUT"]
    assert (cut.duration.minutes, cut.duration.elapsed) == (720, True)
    assert cut.manual and cut.manual_start == datetime(2027, 5, 1, 22, 0) and not cut.active
    links = {(k.predecessor, k.successor): k for k in project.links}
    assert links[("RFP", "EVAL")].lag.percent == -25
    assert (links[("EVAL", "COUNCIL")].lag.minutes, links[("EVAL", "COUNCIL")].lag.elapsed) == (
        2880,
        True,
    )
    assert links[("COUNCIL", "CUT")].lag.minutes == -450
    assert links[("EVAL", "CUT")].lag.minutes == 90


def test_json_reads_like_yaml():
    yaml_project = read_plan_file(ISSUE_EXAMPLE, "plan.yaml")
    as_json = json.dumps(
        {
            "title": "Online permitting rollout",
            "start": "2027-01-04T08:00",
            "calendar": {"holidays": ["2027-01-18"]},
            "tasks": [
                {"id": "A", "name": "Requirements", "duration": "3d"},
                {
                    "id": "B",
                    "name": "Configure",
                    "duration": {"optimistic": "4d", "likely": "6d", "pessimistic": "12d"},
                    "after": ["A"],
                },
                {
                    "id": "C",
                    "name": "Train staff",
                    "duration": "2d",
                    "after": [{"task": "B", "type": "SS", "lag": "2d"}],
                },
                {"id": "M", "name": "Go-live", "duration": "0d", "after": ["B", "C"]},
            ],
        }
    ).encode()
    assert read_plan_file(as_json, "plan.json") == yaml_project


def test_round_trip_of_own_fixtures():
    for text in (ISSUE_EXAMPLE, FULL):
        project = read_plan_file(text, "plan.yaml")
        assert read_plan_file(write_plan_file(project).encode(), "again.yaml") == project


def test_round_trip_of_mspdi_plans_through_yaml():
    for path in (
        shared_mspdi("mpxj_mspdirelations.xml"),
        shared_mspdi("mpxj_mspdiduration.xml"),
        shared_mspdi("mpxj_legacy_sample.xml"),
        FIXTURES / "calendars_2007.xml",
    ):
        project = read_mspdi(path)
        assert read_plan_file(write_plan_file(project).encode(), "again.yaml") == project, path


def test_the_schema_is_the_shipped_file():
    schema = plan_file_schema()
    assert schema["$id"] == "urn:civicshift:schema:plan-file:1"
    assert set(schema["$defs"]["task"]["properties"]) >= {
        "id",
        "name",
        "duration",
        "after",
        "parent",
    }


def refused(text: str | bytes) -> str:
    if isinstance(text, str):
        text = text.encode()
    with pytest.raises(PlanFileError) as info:
        read_plan_file(text, "plan.yaml")
    message = str(info.value)
    assert "\n" not in message and message.startswith("plan.yaml: ")
    return message


TASK_C = "title: T\nstart: 2027-01-04T08:00\ntasks:\n  - {id: A, name: Req, duration: 3d}\n"


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (
            "{id: C, name: Train, duration: -2d}",
            "field 'duration', task C ('Train'): the duration '-2d' is negative",
        ),
        (
            "{id: C, name: Train, duration: 2 days}",
            "field 'duration', task C ('Train'): '2 days' is not a duration such as 3d",
        ),
        (
            "{id: C, name: Train, after: [Z]}",
            "field 'after[0]', task C ('Train'): no task has the id 'Z'",
        ),
        (
            "{id: C, name: Train, after: [{task: A, type: XY}]}",
            "field 'after[0].type', task C ('Train'): must be one of FS, SS, FF, SF (got 'XY')",
        ),
        (
            "{id: C, name: Train, after: [{task: A, lag: soon}]}",
            "field 'after[0].lag', task C ('Train'): 'soon' is not a lag",
        ),
        (
            "{id: C, name: Train, constraint: {type: SNET}}",
            "field 'constraint.date', task C ('Train'): a SNET constraint needs a date",
        ),
        (
            "{id: C, name: Train, calendar: nights}",
            "field 'calendar', task C ('Train'): no calendar has the id 'nights'",
        ),
        (
            "{id: C, name: Train, parent: Q}",
            "field 'parent', task C ('Train'): no task has the id 'Q'",
        ),
        ("{id: A, name: Again}", "field 'id', task A ('Again'): two tasks have the id 'A'"),
        (
            "{id: C, name: Train, colour: red}",
            "task C ('Train'): unknown field 'colour'",
        ),
        (
            "{id: C, name: Train, duration: {optimistic: 5d, likely: 3d, pessimistic: 9d}}",
            "field 'duration', task C ('Train'): a three-point estimate needs optimistic ≤ likely",
        ),
        (
            "{id: C, name: Train, percent_complete: 140}",
            "field 'percent_complete', task C ('Train'): must be at most 100 (got 140)",
        ),
    ],
)
def test_refusals_name_the_task_and_field(task, expected):
    assert expected in refused(TASK_C + f"  - {task}\n")


def test_a_calendar_with_no_working_time_is_refused():
    text = (
        "title: T\nstart: 2027-01-04T08:00\ncalendar:\n  week: {mon: [], tue: [], wed: [], "
        "thu: [], fri: []}\ntasks: []\n"
    )
    assert "field 'calendar': the calendar has no working time" in refused(text)


def test_missing_title_and_not_a_mapping():
    assert "'title' is missing" in refused("start: 2027-01-04T08:00\ntasks: []\n")
    assert "must hold a mapping with title, start and tasks" in refused("- just\n- a list\n")


def test_hostile_yaml_and_json_are_refused():
    assert "alias" in refused(BILLION_LAUGHS) or "anchor" in refused(BILLION_LAUGHS)
    with pytest.raises(PlanFileError) as info:
        read_plan_file(("{" + DEEP_JSON[1:]).encode(), "plan.json")
    assert "nest" in str(info.value)
    with pytest.raises(PlanFileError) as info:
        read_plan_file(ISSUE_EXAMPLE * 100, "plan.yaml", max_bytes=1000)
    assert "larger than" in str(info.value)


def test_the_documentation_examples_are_valid_plans():
    """docs/plan-file.md: the first example is a whole plan; the settings, tasks and calendar
    examples together make one; the three-point duration example is a valid duration."""
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[4] / "docs" / "plan-file.md"
    blocks = re.findall(r"```yaml\n(.*?)```", docs.read_text(encoding="utf-8"), re.DOTALL)
    whole = [b for b in blocks if b.startswith("title:")]
    assert len(whole) == 1
    assert read_plan_file(whole[0].encode(), "first.yaml").tasks[-1].name == "Go-live"
    parts = {b.split(":", 1)[0]: b for b in blocks if not b.startswith("title:")}
    combined = "title: Docs\nstart: 2027-01-04\n" + parts["settings"] + parts["calendar"]
    project = read_plan_file((combined + parts["tasks"]).encode(), "docs.yaml")
    assert {t.id for t in project.tasks} == {"P1", "RFP", "EVAL", "COUNCIL"}
    assert {c.id for c in project.calendars} == {"town", "nights", "clerk"}
    task = "title: D\nstart: 2027-01-04\ntasks:\n  - id: X\n    name: X\n    " + parts["duration"]
    assert read_plan_file(task.encode(), "d.yaml").tasks[0].estimate.distribution == "triangular"
