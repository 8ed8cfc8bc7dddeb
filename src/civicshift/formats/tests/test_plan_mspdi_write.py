"""Writing MSPDI: read → write → read gives the same Project (calendar names and UIDs
included), and the written elements follow the order and enumerations of Microsoft's schema
mspdi_pj12.xsd as published in MicrosoftDocs/office-developer-msproject-xml-docs
(project-xml-data-interchange/xml-schema-for-the-{project,calendars,tasks}-element.md). The
XSD itself is not on this machine, so the sequences below are copied from those pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.plan.mspdi_write import write_mspdi
from civicshift.formats.plan.planfile import read_plan_file
from civicshift.formats.tests.plan_helpers import FIXTURES, shared_mspdi
from civicshift.formats.tests.test_plan_file import FULL

NS = "{http://schemas.microsoft.com/project}"


def _names(text: str) -> list[str]:
    return text.split()


# xml-schema-for-the-tasks-element.md, Task's xsd:sequence (elements CivicShift writes and the
# ones around them). Active/Manual (after Name) and ManualStart/ManualFinish (after Duration)
# are the Project 2010 schema's, placed where Project 2010+ writes them.
TASK_SEQUENCE = _names("""UID ID Name Active Manual Type IsNull CreateDate Contact WBS WBSLevel
OutlineNumber OutlineLevel Priority Start Finish Duration ManualStart ManualFinish
DurationFormat Work Stop Resume ResumeValid EffortDriven Recurring OverAllocated Estimated
Milestone Summary Critical IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask
ExternalTaskProject EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance
WorkVariance FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete
PercentWorkComplete Cost OvertimeCost OvertimeWork ActualStart ActualFinish ActualDuration
ActualCost ActualOvertimeCost ActualWork ActualOvertimeWork RegularWork RemainingDuration
RemainingCost RemainingWork RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType
CalendarUID ConstraintDate Deadline LevelAssignments LevelingCanSplit LevelingDelay
LevelingDelayFormat PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress
HyperlinkSubAddress IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP
PhysicalPercentComplete EarnedValueMethod PredecessorLink ActualWorkProtected
ActualOvertimeWorkProtected ExtendedAttribute Baseline OutlineCode IsPublished""")
LINK_SEQUENCE = _names("PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat")
BASELINE_SEQUENCE = _names("""TimephasedData Number Interim Start Finish Duration DurationFormat
EstimatedDuration Work Cost""")
# xml-schema-for-the-calendars-element.md
CALENDAR_SEQUENCE = _names("UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks")
WEEKDAY_SEQUENCE = _names("DayType DayWorking TimePeriod WorkingTimes")
EXCEPTION_SEQUENCE = _names("""EnteredByOccurrences TimePeriod Occurrences Name Type Period
DaysOfWeek MonthItem MonthPosition Month MonthDay DayWorking WorkingTimes""")
WORKWEEK_SEQUENCE = _names("TimePeriod Name WeekDays")
# xml-schema-for-the-project-element.md (StatusDate after AutoAddNewResourcesAndTasks, before
# CurrentDate); the same order Project 2007 wrote in mpxj_mspdirelations.xml, with Title after
# Name as in mpxj_legacy_sample.xml.
PROJECT_SEQUENCE = _names("""SaveVersion Name Title Subject Category Company Manager Author
CreationDate Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate
CriticalSlackLimit CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition CalendarUID
DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek DaysPerMonth DefaultTaskType
DefaultFixedCostAccrual DefaultStandardRate DefaultOvertimeRate DurationFormat WorkFormat
EditableActualCosts HonorConstraints InsertedProjectsLikeSummary MultipleCriticalPaths
NewTasksEffortDriven NewTasksEstimated SplitsInProgressTasks SpreadActualCost
SpreadPercentComplete TaskUpdatesResource FiscalYearStart WeekStartDay MoveCompletedEndsBack
MoveRemainingStartsBack MoveRemainingStartsForward MoveCompletedEndsForward
BaselineForEarnedValue AutoAddNewResourcesAndTasks StatusDate CurrentDate
MicrosoftProjectServerURL Autolink NewTaskStartDate DefaultTaskEVMethod
ProjectExternallyEdited ExtendedCreationDate ActualsInSync RemoveFileProperties AdminProject
OutlineCodes WBSMasks ExtendedAttributes Calendars Tasks Resources Assignments""")

DURATION_FORMATS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 19, 20, 21, 35, 36, 37, 38, 39, 40, 41}
DURATION_FORMATS |= {42, 43, 44, 51, 52, 53}


def sources():
    return [
        shared_mspdi("mpxj_mspdirelations.xml"),
        shared_mspdi("mpxj_mspdiduration.xml"),
        shared_mspdi("mpxj_legacy_sample.xml"),
        FIXTURES / "calendars_2007.xml",
    ]


def test_read_write_read_is_the_same_project():
    for path in sources():
        project = read_mspdi(path)
        again = read_mspdi(write_mspdi(project), "again.xml")
        assert again == project, path
        assert [(c.id, c.name) for c in again.calendars] == [
            (c.id, c.name) for c in project.calendars
        ]


def test_the_legacy_sample_keeps_its_calendar_uids_and_names():
    written = ET.fromstring(write_mspdi(read_mspdi(shared_mspdi("mpxj_legacy_sample.xml"))))
    calendars = [
        (c.findtext(f"{NS}UID"), c.findtext(f"{NS}Name"), c.findtext(f"{NS}BaseCalendarUID"))
        for c in written.iter(f"{NS}Calendar")
    ]
    # The file's own Calendars: 1 Standard, 2 Night Shift, 3 First Resource (base 1),
    # 4 Second Resource (base 2).
    assert calendars == [
        ("1", "Standard", "-1"),
        ("2", "Night Shift", "-1"),
        ("3", "First Resource", "1"),
        ("4", "Second Resource", "2"),
    ]


def _is_in_order(children: list[str], sequence: list[str]) -> bool:
    positions = [sequence.index(tag) for tag in children]  # ValueError: not in the schema
    return positions == sorted(positions)


def _local(tag: str) -> str:
    return tag.removeprefix(NS)


@pytest.mark.parametrize("index", range(4))
def test_written_elements_follow_the_schema_sequences(index):
    root = ET.fromstring(write_mspdi(read_mspdi(sources()[index])))
    assert _is_in_order([_local(c.tag) for c in root], PROJECT_SEQUENCE)
    for parent, sequence in (
        ("Task", TASK_SEQUENCE),
        ("PredecessorLink", LINK_SEQUENCE),
        ("Baseline", BASELINE_SEQUENCE),
        ("Calendar", CALENDAR_SEQUENCE),
        ("WeekDay", WEEKDAY_SEQUENCE),
        ("Exception", EXCEPTION_SEQUENCE),
        ("WorkWeek", WORKWEEK_SEQUENCE),
    ):
        for element in root.iter(f"{NS}{parent}"):
            assert _is_in_order([_local(c.tag) for c in element], sequence), parent


def test_written_values_are_in_the_schema_enumerations():
    root = ET.fromstring(write_mspdi(read_plan_file(FULL, "erp.yaml")))
    assert {int(e.text) for e in root.iter(f"{NS}DayType")} <= set(range(8))
    assert {int(e.text) for e in root.iter(f"{NS}DurationFormat")} <= DURATION_FORMATS
    assert {int(e.text) for e in root.iter(f"{NS}LagFormat")} <= DURATION_FORMATS - {21, 53}
    assert {int(e.text) for e in root.iter(f"{NS}ConstraintType")} <= set(range(8))
    links = [int(link.findtext(f"{NS}Type")) for link in root.iter(f"{NS}PredecessorLink")]
    assert set(links) <= {0, 1, 2, 3} and len(links) == 4
    # Exception Type 1–9 (1 = daily); every exception written is a daily range.
    assert {e.findtext(f"{NS}Type") for e in root.iter(f"{NS}Exception")} == {"1"}


def test_a_plan_file_with_text_ids_gets_numbered_uids():
    project = read_plan_file(FULL, "erp.yaml")
    again = read_mspdi(write_mspdi(project), "erp.xml")
    # Tasks P1, RFP, EVAL, COUNCIL, CUT become UIDs 1–5 in order; calendars town, nights,
    # clerk become 1–3; names, durations, link types and lags stay.
    assert [t.id for t in again.tasks] == ["1", "2", "3", "4", "5"]
    assert [t.name for t in again.tasks] == [t.name for t in project.tasks]
    assert [t.duration for t in again.tasks] == [t.duration for t in project.tasks]
    assert [c.name for c in again.calendars] == ["Town Hall", "Data centre nights", "clerk"]
    assert again.calendars[2].base_id == "1"
    assert [c.week for c in again.calendars] == [c.week for c in project.calendars]
    assert [(k.type, k.lag) for k in again.links] == [(k.type, k.lag) for k in project.links]
    cost = {t.name: (t.cost, t.actual_cost) for t in again.tasks}
    assert cost["Write the RFP"] == (15000, 4000)  # written in hundredths, read back


def test_a_plan_with_unresolved_references_is_refused():
    from dataclasses import replace

    from civicshift.core.schedule.model import Link, ScheduleError

    project = read_plan_file(FULL, "erp.yaml")
    broken = replace(project, links=(*project.links, Link("RFP", "GHOST")))
    with pytest.raises(ScheduleError, match="a link names task 'GHOST'"):
        write_mspdi(broken)
    task = replace(project.tasks[1], calendar_id="moon")
    with pytest.raises(ScheduleError, match="task RFP .* no calendar with id 'moon'"):
        write_mspdi(replace(project, tasks=(project.tasks[0], task, *project.tasks[2:])))
