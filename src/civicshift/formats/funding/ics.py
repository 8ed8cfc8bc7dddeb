"""Funding deadlines as an iCalendar file (RFC 5545): one all-day ``VEVENT`` per deadline
(``DTSTART;VALUE=DATE``, RFC 5545 3.3.4 and 3.6.1: an all-day event on that date, with no
``DTEND``, lasts the one day). ``UID`` is stable across exports (the deadline's kind, its
application id and a digest of its title and date) so a calendar program updates an event
instead of adding a copy; ``DTSTAMP`` is the time the file was written, in UTC."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from civicshift.core.funding.pipeline import Deadline
from civicshift.formats.ics import escape_text, fold_line

PRODID = "-//CivicShift//Funding deadlines//EN"
KIND_LABELS = {
    "application": "Application due",
    "document": "Document due",
    "report": "Report due",
    "registration": "Registration",
}


def _uid(deadline: Deadline) -> str:
    digest = hashlib.sha256(f"{deadline.title}|{deadline.day}".encode()).hexdigest()[:16]
    return f"funding-{deadline.kind}-{deadline.application or 0}-{digest}@civicshift"


def write_ics(
    deadlines: Iterable[Deadline], *, name: str = "", stamp: datetime | None = None
) -> str:
    stamp_text = (stamp or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for deadline in deadlines:
        label = KIND_LABELS.get(deadline.kind, deadline.kind)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(deadline)}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{deadline.day.strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(f'{label}: {deadline.title}')}",
            *([f"DESCRIPTION:{escape_text(deadline.detail)}"] if deadline.detail else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
