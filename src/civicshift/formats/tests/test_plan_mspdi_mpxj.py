"""Our MSPDI export read by MPXJ, the library ProjectLibre (and many other tools) open
Microsoft Project files with: every plan we write must come back, as MPXJ reads it, with its
tasks in order, their durations, links (type and lag), dates and calendars (MPXJ 16, from
PyPI, run on Debian's JRE through JPype; https://www.mpxj.org). It is the reader a user's
ProjectLibre uses, so this is as close to "ProjectLibre opens it" as a test can get without
the desktop program."""

from __future__ import annotations

from datetime import datetime

import pytest

from civicshift.core.plan_templates import apply_template, load_templates
from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import LinkType
from civicshift.formats.plan.mspdi_read import read_mspdi
from civicshift.formats.plan.mspdi_write import write_mspdi
from civicshift.formats.plan.planfile import read_plan_file
from civicshift.formats.tests.test_plan_file import FULL
from civicshift.formats.tests.test_plan_mspdi_write import sources

# One JVM per test process, started on first use.
pytestmark = pytest.mark.xdist_group("mpxj")

MPXJ_TYPES = {"FS": LinkType.FS, "SS": LinkType.SS, "FF": LinkType.FF, "SF": LinkType.SF}


@pytest.fixture(scope="module")
def mpxj():
    import jpype
    import mpxj  # noqa: F401 - puts MPXJ's jars on the class path

    if not jpype.isJVMStarted():
        # -Xrs: the JVM leaves SIGINT/SIGTERM alone, so processes this test process starts
        # later (the demo's Ctrl+C test) still receive them (docs/decisions.md).
        jpype.startJVM("-Xrs")
    from org.mpxj import TimeUnit
    from org.mpxj.mspdi import MSPDIReader

    return MSPDIReader, TimeUnit


def _projects():
    cases = [(path.name, read_mspdi(path)) for path in sources()]
    cases.append(("plan file", read_plan_file(FULL, "full.yaml")))
    start = datetime(2027, 1, 4, 8)
    for key, template in sorted(load_templates().items()):
        cases.append((f"template {key}", apply_template(template, start=start, title=key)))
    return cases


def _minutes(duration, unit, properties) -> float:
    return float(duration.convertUnits(unit.MINUTES, properties).getDuration())


def _lag(lag, unit, properties):
    """A lag as comparable: a percentage of the predecessor, elapsed, or working minutes."""
    if lag.getUnits() == unit.PERCENT:
        return ("%", float(lag.getDuration()))
    if lag.getUnits().isElapsed():
        return ("elapsed", 0.0)
    return ("working minutes", _minutes(lag, unit, properties))


def _iso(value) -> str | None:
    return None if value is None else str(value)[:16]


@pytest.mark.parametrize("name, project", _projects(), ids=[n for n, _ in _projects()])
def test_mpxj_reads_our_export_as_we_wrote_it(mpxj, tmp_path, name, project):
    reader, unit = mpxj
    computed = schedule(project)
    path = tmp_path / "export.xml"
    path.write_bytes(write_mspdi(project, computed))
    read = reader().read(str(path))
    properties = read.getProjectProperties()
    tasks = [t for t in read.getTasks() if t.getUniqueID().intValue() != 0]  # 0: the project
    ours = list(project.tasks)
    assert [str(t.getName()) for t in tasks] == [t.name for t in ours]
    for task, theirs in zip(ours, tasks, strict=True):  # in outline order (names may repeat)
        assert bool(theirs.getSummary()) == task.summary, (name, task.name)
        if not task.summary and not task.duration.elapsed:
            assert _minutes(theirs.getDuration(), unit, properties) == task.duration.minutes
        dates = computed.tasks.get(task.id)
        if dates is not None and not task.summary:
            assert _iso(theirs.getStart()) == dates.start.isoformat(timespec="minutes")
            assert _iso(theirs.getFinish()) == dates.finish.isoformat(timespec="minutes")
    # Links: one per link of ours, same type and (working-time) lag.
    names = {t.id: t.name for t in ours}
    theirs_links = sorted(
        (
            str(r.getPredecessorTask().getName()),
            str(r.getSuccessorTask().getName()),
            MPXJ_TYPES[str(r.getType())],
            _lag(r.getLag(), unit, properties),
        )
        for t in tasks
        for r in t.getPredecessors()
    )
    ours_links = sorted(
        (
            names[link.predecessor],
            names[link.successor],
            link.type,
            ("%", link.lag.percent)
            if link.lag.percent is not None
            else ("elapsed", 0.0)
            if link.lag.elapsed
            else ("working minutes", link.lag.minutes),
        )
        for link in project.links
    )
    assert theirs_links == ours_links, name
    # Base calendars: the same names and exception days. (A resource calendar, such as the
    # legacy sample's "First Resource", belongs to a resource in MPXJ; plans carry no
    # resources, and MPXJ leaves a resource calendar without its resource out.)
    calendars = {str(c.getName()): c for c in read.getCalendars()}
    for calendar in (c for c in project.calendars if c.base_id is None):
        assert calendar.name in calendars, (name, calendar.name)
        exceptions = sorted(
            str(e.getFromDate()) for e in calendars[calendar.name].getCalendarExceptions()
        )
        assert exceptions == sorted(str(e.start) for e in calendar.exceptions), name
