"""A small RFC 5545 reader for the tests of the calendar feeds (plans' milestones, funding's
deadlines), written from the standard rather than from the writers' code, so a writer's
mistake is not read back as right:

* 3.1: lines end in CRLF, are at most 75 octets, and a line that starts with a space or tab
  continues the previous one;
* 3.4 and 3.6: the object is BEGIN:VCALENDAR … END:VCALENDAR, with the required VERSION (2.0)
  and PRODID properties; a VEVENT is the lines between BEGIN:VEVENT and END:VEVENT;
* 3.6.1: every VEVENT has the required UID and DTSTAMP (a UTC date-time, 3.3.5 form 2), and a
  DTSTART.
"""

from __future__ import annotations

import re

_UTC_DATETIME = re.compile(r"^\d{8}T\d{6}Z$")


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text, checked for CRLF endings and 75-octet lines."""
    assert text.endswith("\r\n"), "an iCalendar text ends with CRLF"
    lines: list[str] = []
    for physical in text.split("\r\n")[:-1]:
        assert "\n" not in physical and "\r" not in physical, "bare LF or CR in a line"
        assert len(physical.encode("utf-8")) <= 75, f"line longer than 75 octets: {physical!r}"
        if physical[:1] in (" ", "\t"):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


def read_events(text: str) -> list[dict[str, str]]:
    """VEVENTs of an iCalendar text as {property name: value} (parameters dropped), after
    checking the structure above."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar_props = {line.partition(":")[0] for line in lines if ":" in line}
    assert "VERSION" in calendar_props and "PRODID" in calendar_props
    assert "VERSION:2.0" in lines
    events, current = [], None
    for line in lines:
        name, _sep, value = line.partition(":")
        name = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            assert current is None, "a VEVENT inside a VEVENT"
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            assert current.get("UID"), "a VEVENT without UID"
            assert _UTC_DATETIME.match(current.get("DTSTAMP", "")), "DTSTAMP is not UTC"
            assert current.get("DTSTART"), "a VEVENT without DTSTART"
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    assert current is None, "a VEVENT is not closed"
    return events


def dtstart_params(text: str) -> list[str]:
    """The DTSTART lines as written (name and parameters, before the value)."""
    return [line.partition(":")[0] for line in unfold(text) if line.startswith("DTSTART")]
