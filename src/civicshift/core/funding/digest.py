"""What is new in a saved search since someone's last visit: the news of each catalog entry
(a notice, or a program with no notice of its own), read from the changes the imports
recorded (``funding.FundingChange``: ``{field: [before, after]}`` per import and entry).

An entry is **new** when it was created after the visit. Otherwise its changes since the
visit are folded together, oldest first, so two imports that moved a close date and moved it
back say nothing, and two that moved it twice say "from the first date to the last":

* **now open** (forecast → posted): ``is_forecast`` went from true to false, or the status
  the file states (Simpler.Grants.gov) went from ``forecasted`` to ``posted``;
* **due date moved**: ``close_date`` (or, for a forecast, ``forecast_close_date``) differs
  between the first "before" and the last "after";
* **back in the source**: a withdrawn notice a newer extract lists again;
* **other changes**: any other field whose first "before" and last "after" differ (amounts,
  eligibility, text), named so the page can say which.

Eligibility and the search's own filters are applied by ``search.select`` before these are
read; this module only sorts the changes, so it needs no index and no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Changes that are the subject of their own line, not "other changes".
DUE_FIELDS = ("close_date", "forecast_close_date")
OWN_LINE = frozenset({*DUE_FIELDS, "is_forecast", "source_status", "withdrawn_at"})


@dataclass(frozen=True)
class EntryChange:
    """One recorded change of one entry: ``kind`` created, updated, restored or withdrawn."""

    key: str
    kind: str
    at: datetime
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DueMove:
    field: str
    before: date | None
    after: date | None


@dataclass(frozen=True)
class News:
    """What changed in one entry since the visit."""

    key: str
    is_new: bool = False
    now_open: bool = False
    due_moves: tuple[DueMove, ...] = ()
    restored: bool = False
    other_fields: tuple[str, ...] = ()
    last_at: datetime | None = None

    @property
    def is_news(self) -> bool:
        return bool(
            self.is_new or self.now_open or self.due_moves or self.restored or self.other_fields
        )


@dataclass(frozen=True)
class Counts:
    """How many entries of the digest carry each kind of news (one entry can carry several),
    and how many changed entries the search found but the organization cannot apply to."""

    listed: int = 0
    new: int = 0
    now_open: int = 0
    due_moved: int = 0
    restored: int = 0
    other: int = 0
    left_out_ineligible: int = 0


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def news_of(changes: Iterable[EntryChange]) -> dict[str, News]:
    """The news of every entry that has any, by key."""
    by_key: dict[str, list[EntryChange]] = {}
    for change in changes:
        by_key.setdefault(change.key, []).append(change)
    found: dict[str, News] = {}
    for key, rows in by_key.items():
        rows.sort(key=lambda c: c.at)
        last_at = rows[-1].at
        if any(c.kind == "created" for c in rows):
            found[key] = News(key=key, is_new=True, last_at=last_at)
            continue
        first: dict[str, Any] = {}
        last: dict[str, Any] = {}
        restored = False
        for change in rows:
            if change.kind == "restored":
                restored = True
            if change.kind == "withdrawn":
                restored = False
            for name, pair in change.changes.items():
                if not isinstance(pair, list | tuple) or len(pair) != 2:
                    continue
                first.setdefault(name, pair[0])
                last[name] = pair[1]
        moved = {name for name in first if first[name] != last[name]}
        now_open = (
            "is_forecast" in moved and first["is_forecast"] and not last["is_forecast"]
        ) or (
            "source_status" in moved
            and first["source_status"] == "forecasted"
            and last["source_status"] == "posted"
        )
        due_moves = tuple(
            DueMove(name, _date(first[name]), _date(last[name]))
            for name in DUE_FIELDS
            if name in moved and _date(first[name]) != _date(last[name])
        )
        news = News(
            key=key,
            now_open=bool(now_open),
            due_moves=due_moves,
            restored=restored,
            other_fields=tuple(sorted(moved - OWN_LINE)),
            last_at=last_at,
        )
        if news.is_news:
            found[key] = news
    return found


def count(news: Iterable[News], *, left_out_ineligible: int = 0) -> Counts:
    listed = new = now_open = due_moved = restored = other = 0
    for item in news:
        listed += 1
        new += item.is_new
        now_open += item.now_open
        due_moved += bool(item.due_moves)
        restored += item.restored
        other += bool(item.other_fields)
    return Counts(listed, new, now_open, due_moved, restored, other, left_out_ineligible)
