"""The xlsx and iCalendar exports of a plan.

iCalendar references are RFC 5545's own examples: folding (section 3.1: "DESCRIPTION:This is a
lo" CRLF " ng description" …, unfolded by removing CRLF and one whitespace), TEXT escaping
(3.3.11; the DESCRIPTION example of 3.8.1.5 "Project XYZ Final Review\\nConference Room - 3B\\n
Come Prepared." and the LOCATION example of 3.8.1.7 "Conference Room - F123\\, Bldg. 002").
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from civicshift.core.schedule.model import Schedule, TaskSchedule
from civicshift.formats.plan.ics import escape_text, fold_line, write_ics
from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.plan.planfile import read_plan_file
from civicshift.formats.plan.xlsx import LINK_HEADERS, TASK_HEADERS, write_plan_xlsx
from civicshift.formats.tests.plan_helpers import shared_mspdi
from civicshift.formats.tests.test_plan_file import FULL, ISSUE_EXAMPLE


def _given_schedule(project, finish_by_id):
    """A Schedule built by the test (inputs to the export, not results under test)."""
    tasks = {}
    for task in project.tasks:
        when = finish_by_id.get(task.id, project.start)
        tasks[task.id] = TaskSchedule(
            task.id, project.start, when, project.start, when, project.start, when,
            960 if task.id == "5" else 0, 480 if task.id == "5" else 0, 0, 0, task.id != "5",
        )  # fmt: skip
    return Schedule(project.start, max(finish_by_id.values()), tasks, ("1", "2", "3", "4"))


def test_xlsx_tasks_and_links_sheets():
    project = read_mspdi(shared_mspdi("mpxj_mspdirelations.xml"))
    schedule = _given_schedule(project, {"4": datetime(2006, 9, 25, 17, 0)})
    out = io.BytesIO()
    write_plan_xlsx(project, out, schedule)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Tasks", "Links"]
    rows = list(book["Tasks"].iter_rows(values_only=True))
    assert rows[0] == TASK_HEADERS
    by_id = {row[1]: dict(zip(TASK_HEADERS, row, strict=True)) for row in rows[1:]}
    # The file's tasks: WBS 1–5, each 1 day (PT8H0M0S); 3 ← 2 is SS with LinkLag 4800 (1 day),
    # which Microsoft Project shows as "2SS+1 day"; 5 ← 4 is SF.
    assert by_id["3"]["WBS"] == "3" and by_id["3"]["Duration"] == "1d"
    assert by_id["3"]["Duration (working days)"] == 1
    assert by_id["3"]["Predecessors"] == "2 SS+1d"
    assert by_id["5"]["Predecessors"] == "4 SF"
    assert by_id["2"]["Predecessors"] == "1"
    assert by_id["4"]["Finish"] == datetime(2006, 9, 25, 17, 0)
    assert by_id["5"]["Total float (working days)"] == 2  # 960 minutes / 480
    assert by_id["5"]["Critical"] == "no" and by_id["1"]["Critical"] == "yes"
    links = list(book["Links"].iter_rows(values_only=True))
    assert links[0] == LINK_HEADERS
    assert links[2] == ("2", "3", "SS", "1d", 480, None)


def test_xlsx_without_a_schedule_leaves_dates_empty_and_keeps_formulas_as_text():
    project = read_plan_file(
        ISSUE_EXAMPLE.replace(b"name: Requirements", b"name: '=1+1'"), "plan.yaml"
    )
    out = io.BytesIO()
    write_plan_xlsx(project, out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["Tasks"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][3] == "=1+1" and sheet["D2"].data_type == "s"
    assert all(row[6] is None and row[8] is None for row in rows)
    assert rows[2][11] == "B SS+2d"


def test_rfc5545_folding_example_unfolds_to_the_line():
    line = "DESCRIPTION:This is a long description that exists on a long line." * 3
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line  # RFC 5545 3.1 unfolding


def test_folding_never_splits_a_utf8_sequence():
    line = "SUMMARY:" + "Überprüfung der Straßenbeleuchtung – Phase ✓ " * 4
    for physical in fold_line(line).split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")  # each piece is whole UTF-8
    assert fold_line(line).replace("\r\n ", "") == line


def test_rfc5545_text_escaping_examples():
    assert (
        escape_text("Project XYZ Final Review\nConference Room - 3B\nCome Prepared.")
        == "Project XYZ Final Review\\nConference Room - 3B\\nCome Prepared."
    )
    assert escape_text("Conference Room - F123, Bldg. 002") == "Conference Room - F123\\, Bldg. 002"
    assert escape_text("a;b\\c") == "a\\;b\\\\c"


def test_ics_milestones_with_stable_uids():
    project = read_plan_file(FULL, "erp.yaml")
    stamp = datetime(2027, 1, 2, 9, 30, tzinfo=UTC)
    text = write_ics([(project, None)], name="ERP, milestones", stamp=stamp)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    # The one milestone, COUNCIL, finishes no later than 2027-04-30 (date alone: 17:00).
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20270430T170000\r\n" in text
    assert "DTSTAMP:20270102T093000Z\r\n" in text
    assert "X-WR-CALNAME:ERP\\, milestones\r\n" in text
    uid = next(line for line in text.split("\r\n") if line.startswith("UID:"))
    again = write_ics([(project, None)], stamp=datetime(2030, 1, 1, tzinfo=UTC))
    assert uid in again.split("\r\n")  # same plan, same task: the same UID
