"""Importing funding files into the catalog: ``funding_import`` streams a file through
``read_funding`` and upserts its notices by opportunity id, in batches, inside ONE transaction
(a file that turns out unreadable halfway leaves the catalog as it was). Each notice is linked
to its program by its first Assistance Listing number; a number met for the first time makes
the program from the notice's facts. ``catalog_load`` writes the starter catalog's programs.

``organization=None`` writes the shared catalog (the command line, installation staff);
an organization writes its own notices and programs. Every created, changed, withdrawn or
restored notice (or catalog program) gets a ``FundingChange`` row of the run's
``FundingImport``; an organization's import also writes one audit record (action "import") to
its audit trail with the counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import ngettext

from civicshift.audit.models import Action
from civicshift.audit.services import record_event
from civicshift.core.jsonvalues import to_jsonable
from civicshift.formats.funding.detect import read_funding
from civicshift.formats.funding.model import FundingFileError
from civicshift.formats.funding.model import FundingNotice as ParsedNotice
from civicshift.orgs.bulk import insert_objects, insert_values, update_rows
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import (
    ChangeKind,
    FundingChange,
    FundingImport,
    FundingNotice,
    FundingProgram,
    StatusOverride,
)

BATCH = 500
#: How many problems the import record keeps as text (all are counted).
KEPT_PROBLEMS = 200
#: The formats whose file is the source's whole database (missing notices were withdrawn):
#: the Grants.gov daily extract. Other files are partial unless the caller says otherwise.
FULL_BY_DEFAULT = frozenset({"grants.gov-xml"})

#: Model field ← notice attribute, for everything an import writes.
FIELDS: dict[str, str] = {
    "opportunity_number": "opportunity_number",
    "title": "title",
    "agency_code": "agency_code",
    "agency_name": "agency_name",
    "aln_numbers": "aln_numbers",
    "aln_titles": "aln_titles",
    "instrument": "instrument_kind",
    "funding_instruments": "funding_instruments",
    "category": "category",
    "purposes": "purposes",
    "recurrence": "recurrence",
    "eligible_applicants": "eligible_applicants",
    "unknown_applicant_codes": "unknown_applicant_codes",
    "eligibility_text": "eligibility_text",
    "award_floor": "award_floor",
    "award_ceiling": "award_ceiling",
    "total_funding": "estimated_total_funding",
    "expected_awards": "expected_number_of_awards",
    "cost_sharing": "cost_sharing",
    "local_match_share": "local_match_share",
    "is_forecast": "is_forecast",
    "post_date": "post_date",
    "close_date": "close_date",
    "archive_date": "archive_date",
    "forecast_close_date": "forecast_close_date",
    "description": "description",
    "link": "link",
}
#: The longest text each character field holds (longer values from a file are cut).
_LIMITS = {
    f.name: f.max_length
    for f in FundingNotice._meta.concrete_fields
    if isinstance(f, models.CharField) and f.max_length
}
_OVERRIDES = {StatusOverride.LAPSED.value, StatusOverride.AT_RISK.value}
#: What a change may name: the imported fields and the two set apart from them.
values_fields = frozenset({*FIELDS, "source_status", "status_override", "withdrawn_at"})
#: What a re-import reads of each notice already stored.
_EXISTING = ("pk", "opportunity_id", "program_id", "status_override", "withdrawn_at", *FIELDS)
_EXISTING = (*_EXISTING, "source_status")
#: Where the compared values (``FIELDS``, then ``source_status``: ``_values``' order) start.
_COMPARED_AT = 5
#: The columns a new notice is written with (the others take their defaults and times).
_NEW = (
    "organization_id",
    "program_id",
    "opportunity_id",
    "source",
    "source_file",
    "last_checked",
    "status_override",
    *FIELDS,
    "source_status",
)


#: How many problems a refusal lists in its message (all are in ``FundingRecordsRefused``).
REFUSAL_LISTS = 5


class FundingRecordsRefused(FundingFileError):
    """Some records of a readable file were skipped or had values that could not be read, and
    the caller did not choose to keep the others: nothing was written. ``problems`` lists
    them all (as text); ``valid`` is how many records would have been imported."""

    def __init__(self, file: str, problems: list[str], valid: int) -> None:
        self.problems = problems
        self.valid = valid
        shown = "; ".join(problems[:REFUSAL_LISTS])
        more = len(problems) - REFUSAL_LISTS
        detail = ngettext(
            "%(n)d problem, so nothing was imported: %(shown)s",
            "%(n)d problems, so nothing was imported: %(shown)s",
            len(problems),
        ) % {"n": len(problems), "shown": shown}
        if more > 0:
            detail += " " + ngettext("(and %(n)d more)", "(and %(n)d more)", more) % {"n": more}
        detail += " " + ngettext(
            "Correct the file, or choose to import the %(n)d valid record and skip the others.",
            "Correct the file, or choose to import the %(n)d valid records and skip the others.",
            valid,
        ) % {"n": valid}
        super().__init__(file, detail)


@dataclass
class ImportResult:
    file: str
    format: str
    full_extract: bool
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    restored: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    #: Of ``problems``, those that skipped a record or a value (the others are notes).
    blocking: int = 0
    import_id: int | None = None

    def counts(self) -> dict[str, int]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "archived": self.archived,
            "restored": self.restored,
            "skipped": self.skipped,
            "problems": len(self.problems),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "full_extract": self.full_extract,
            **self.counts(),
            "problem_list": self.problems,
        }


#: How each imported field is read from a notice: (model field, notice attribute, the
#: longest text it holds or 0), in ``FIELDS``' order.
_PLAN = tuple((name, attribute, _LIMITS.get(name, 0)) for name, attribute in FIELDS.items())


def _value(model_field: str, notice: ParsedNotice) -> Any:
    value = getattr(notice, FIELDS[model_field])
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, str):
        if model_field == "link":
            value = value or notice.additional_info_url
        limit = _LIMITS.get(model_field)
        return value[:limit] if limit else value
    return value


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _values(notice: ParsedNotice) -> dict[str, Any]:
    """The model's values for ``notice`` (as ``_value`` gives each, in one pass: this runs
    for every notice of an 80,000-notice extract)."""
    values = {}
    for name, attribute, limit in _PLAN:
        value = getattr(notice, attribute)
        kind = type(value)
        if kind is tuple:
            value = list(value)
        elif kind is str:
            if name == "link":
                value = value or notice.additional_info_url
            if limit:
                value = value[:limit]
        elif isinstance(value, tuple | str):  # subclasses: as _value does
            value = _value(name, notice)
        values[name] = value
    status = notice.status
    values["source_status"] = "" if status in _OVERRIDES else status[:20]
    return values


def _changes(row: models.Model | dict, values: dict[str, Any]) -> dict[str, list[Any]]:
    changed = {}
    for name, new in values.items():
        old = row[name] if isinstance(row, dict) else getattr(row, name)
        if _comparable(old) != _comparable(new):
            changed[name] = [to_jsonable(old), to_jsonable(new)]
    return changed


def _row_changes(stored: tuple, values: dict[str, Any]) -> dict[str, list[Any]]:
    """``_changes`` for a stored notice read as a tuple of ``_EXISTING`` (its compared values
    from ``_COMPARED_AT`` on, in ``values``' order). Values equal as they are need no
    normalizing: ``Decimal("1.0") == Decimal("1.00")``, so only unequal ones go through
    ``_comparable``."""
    changed = {}
    for (name, new), old in zip(values.items(), stored[_COMPARED_AT:], strict=True):
        if old != new and _comparable(old) != _comparable(new):
            changed[name] = [_jsonable(old), _jsonable(new)]
    return changed


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """``to_jsonable(value)``, with the types a notice's fields hold done here: the changes of
    an all-changed re-import of 80,000 notices spent more in its generic checks than anywhere
    else but the reader."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is date:
        return value.isoformat()
    if kind is Decimal:
        return str(value)
    if kind is list and all(type(item) is str for item in value):
        return list(value)
    return to_jsonable(value)


def _batches(notices: Iterable[ParsedNotice], size: int) -> Iterator[list[ParsedNotice]]:
    batch: list[ParsedNotice] = []
    for notice in notices:
        batch.append(notice)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def funding_import(
    *,
    actor,
    source,
    name: str | None = None,
    organization=None,
    full_extract: bool | None = None,
    progress: Callable[[int], None] | None = None,
    notices: Iterable[ParsedNotice] | None = None,
    source_label: str | None = None,
    checked_at: Callable[[ParsedNotice], datetime] | None = None,
    keep_valid: bool = False,
) -> ImportResult:
    """Import a funding file (path, bytes or binary file) into the shared catalog
    (``organization=None``) or the organization's own notices.

    ``full_extract``: the file lists every current notice of its source, so a notice of the
    same source that it no longer lists is marked withdrawn (archived); default: True for the
    Grants.gov XML extract only. ``progress(records_done)`` is called after every batch.
    ``notices``/``source_label``/``checked_at`` feed already-read notices through the same upsert.
    Raises ``FundingFileError`` (nothing written) when the file cannot be read at all, and
    ``FundingRecordsRefused`` (nothing written) when some records were skipped or had values
    that could not be read, unless ``keep_valid``: then the others are imported and the
    problems listed. Notes (an unknown code kept as given) never refuse a file.
    """
    if notices is None:
        report, notices = read_funding(source, name)
        file, kind = report.file, report.format
    else:
        report, file, kind = None, name or "", source_label or "catalog"
    full = kind in FULL_BY_DEFAULT if full_extract is None else full_extract
    result = ImportResult(file=file, format=kind, full_extract=full)
    now = timezone.now()
    with transaction.atomic():
        run = FundingImport.objects.create(
            organization=organization,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor.get_username() if getattr(actor, "is_authenticated", False) else "",
            file=file[:300],
            format=kind,
            full_extract=full,
        )
        scope = FundingNotice.objects.in_scope(organization)
        state = _RunState(
            # The opportunity ids the scope holds (and the run adds): a batch asks the database
            # only about these, so a first import asks nothing.
            stored=set(scope.order_by().values_list("opportunity_id", flat=True)),
        )
        seen = state.seen
        done = 0
        for batch in _batches(notices, BATCH):
            _write_batch(
                batch, run, scope, organization, kind, file, now, state, result, checked_at
            )
            done += len(batch)
            if progress:
                progress(done)
        if report is not None:
            # The importer's own problems (an id seen twice) each skipped a record.
            blocking = [str(p) for p in report.problems if not p.note] + result.problems
            result.skipped += report.skipped
            result.problems = [str(p) for p in report.problems] + result.problems
            result.blocking = len(blocking)
            if blocking and not keep_valid:
                raise FundingRecordsRefused(  # inside the transaction: nothing is kept
                    file, blocking, result.imported + result.updated + result.unchanged
                )
        if full:
            _withdraw_missing(run, scope, organization, kind, seen, now, result)
        run.counts = result.counts()
        run.problems = result.problems[:KEPT_PROBLEMS]
        run.save(update_fields=["counts", "problems"])
        result.import_id = run.pk
        if organization is not None:
            record_event(
                actor=actor,
                organization=organization,
                action=Action.IMPORT,
                obj=run,
                changes={k: [None, v] for k, v in result.counts().items()},
                reason=f"funding import of {file}",
            )
    return result


#: The JSON fields among ``_EXISTING``: read as their text and decoded here (``_stored_rows``).
_JSON_AT = tuple(
    at
    for at, name in enumerate(_EXISTING)
    if name != "pk" and isinstance(FundingNotice._meta.get_field(name), models.JSONField)
)
#: Decoded JSON texts kept per run (few distinct code lists repeat over thousands of rows).
_JSON_TEXTS_AT_MOST = 20_000


def _stored_rows(scope, opportunity_ids: list[str], texts: dict[str, Any]) -> Iterator[tuple]:
    """The stored notices of ``opportunity_ids`` as tuples of ``_EXISTING``, each JSON field
    decoded as ``JSONField.from_db_value`` does (``json.loads`` of its text), once per distinct
    text: most rows repeat a few code lists. The decoded values are only compared and copied
    (``_jsonable``), never changed, so rows may share them."""
    raw = {f"raw_{_EXISTING[at]}": Cast(_EXISTING[at], models.TextField()) for at in _JSON_AT}
    columns = list(_EXISTING)
    for at in _JSON_AT:
        columns[at] = f"raw_{_EXISTING[at]}"
    query = scope.filter(opportunity_id__in=opportunity_ids).order_by().annotate(**raw)
    for row in query.values_list(*columns):
        row = list(row)
        for at in _JSON_AT:
            text = row[at]
            if text is None:
                continue
            value = texts.get(text, _MISSING)
            if value is _MISSING:
                try:
                    value = json.loads(text)
                except json.JSONDecodeError:  # as from_db_value: the text as it is
                    value = text
                if len(texts) < _JSON_TEXTS_AT_MOST:
                    texts[text] = value
            row[at] = value
        yield tuple(row)


_MISSING = object()


@dataclass
class _RunState:
    """What one import carries from batch to batch."""

    #: Opportunity ids stored in the scope: before the run, and created by it.
    stored: set[str]
    #: Opportunity id → is_forecast, for this file.
    seen: dict[str, bool] = field(default_factory=dict)
    #: Program id per (first) Assistance Listing number, found or made so far in this run.
    programs: dict[str, int] = field(default_factory=dict)
    #: Stored JSON text → its decoded value (``_stored_rows``).
    json_texts: dict[str, Any] = field(default_factory=dict)


def _write_batch(batch, run, scope, organization, kind, file, now, state, result, checked_at):
    # Within the file, a synopsis replaces a forecast of the same id; anything else seen
    # twice is skipped (the reader has listed it as a problem).
    seen = state.seen
    unique: dict[str, ParsedNotice] = {}
    for notice in batch:
        oid = notice.opportunity_id[:64]
        if oid in seen and not (seen[oid] and not notice.is_forecast):
            result.skipped += 1
            if oid not in unique:
                result.problems.append(f"{file}: {notice.label}: seen twice, the first is kept")
            continue
        seen[oid] = notice.is_forecast
        unique[oid] = notice
    # Stored rows as tuples of the compared fields (``_EXISTING``): model instances of every
    # notice of a re-imported 80,000-notice extract cost more than the comparison itself.
    asked = [oid for oid in unique if oid in state.stored]
    existing = {}
    if asked:
        existing = {row[1]: row for row in _stored_rows(scope, asked, state.json_texts)}
    program_of = _programs_for(unique.values(), organization, kind, file, state.programs)
    unlinked: dict[int, list[int]] = {}  # program id → existing notices to link to it
    new, new_ids, change_rows = [], [], []
    checked: dict[datetime, list[int]] = {}
    org_id = getattr(organization, "pk", None)
    source_file = file[:300]
    for oid, notice in unique.items():
        values = _values(notice)
        override = notice.status if notice.status in _OVERRIDES else None
        last_checked = checked_at(notice) if checked_at else now
        row = existing.get(oid)
        program_id = program_of.get(notice.aln_numbers[0]) if notice.aln_numbers else None
        if row is None:
            # _NEW's order: the columns, then FIELDS and source_status as _values gives them.
            new.append(
                (
                    org_id,
                    program_id,
                    oid,
                    kind,
                    source_file,
                    last_checked,
                    override or "",
                    *values.values(),
                )
            )
            new_ids.append(oid)
            continue
        pk, _oid, stored_program, stored_override, withdrawn_at = row[:_COMPARED_AT]
        if stored_program is None and program_id is not None:
            unlinked.setdefault(program_id, []).append(pk)
        diff = _row_changes(row, values)
        updates = {name: values[name] for name in diff}
        if override and stored_override != override:
            diff["status_override"] = [stored_override, override]
            updates["status_override"] = override
        kind_of_change = ChangeKind.UPDATED
        if withdrawn_at is not None:
            diff["withdrawn_at"] = [to_jsonable(withdrawn_at), None]
            updates["withdrawn_at"] = None
            kind_of_change = ChangeKind.RESTORED
            result.restored += 1
        if diff:
            # .update() does not run auto_now: the match index's cache stamp reads updated_at.
            updates.update(
                source=kind, source_file=file[:300], last_checked=last_checked, updated_at=now
            )
            if kind_of_change == ChangeKind.UPDATED:
                result.updated += 1
            change_rows.append((pk, kind_of_change, diff, updates))
        else:
            # Only "seen again": one UPDATE per group, not a row-by-row bulk update.
            checked.setdefault(last_checked, []).append(pk)
            result.unchanged += 1
    # The rows Model(**values) then bulk_create would write, without the instances or the
    # per-value compiling (orgs/bulk.py); gives the new rows' ids in order.
    created = insert_values(FundingNotice, _NEW, new)
    state.stored.update(new_ids)
    result.imported += len(new)
    for program_id, pks in unlinked.items():
        FundingNotice.objects.filter(pk__in=pks).update(program_id=program_id)
    # The changed fields of each changed row, as filter(pk=…).update(…) sets them, in one
    # prepared UPDATE per set of changed fields (orgs.bulk.update_rows): bulk_update's CASE
    # per field and row measured 4.7x slower on SQLite (9,900 changed notices: 61 s against
    # 12.9 s, one run), and one ORM update() per row compiled each statement.
    update_rows(
        FundingNotice,
        ((updates, [*updates.values(), pk]) for pk, _kind, _diff, updates in change_rows),
    )
    for last_checked, pks in checked.items():
        FundingNotice.objects.filter(pk__in=pks).update(
            source=kind, source_file=source_file, last_checked=last_checked
        )
    _record_created(run, organization, created)
    if change_rows:
        # As bulk_create of FundingChange(...) would write them (orgs/bulk.py); the changes
        # are JSON full of quotes, hence quoted_text.
        insert_values(
            FundingChange,
            ("funding_import_id", "notice_id", "organization_id", "kind", "changes"),
            [(run.pk, pk, org_id, k.value, diff) for pk, k, diff, _updates in change_rows],
            quoted_text=True,
        )


def _record_created(run, organization, notice_ids: list[int]) -> None:
    """One "new" change row per created notice, through ``orgs.bulk.insert_values``: the
    ORM's bulk_create spent most of the first import of an 80,000-notice extract building
    model instances and per-field SQL for rows that only say "created" (docs/decisions.md,
    "Funding import speed")."""
    if notice_ids:
        org_id = getattr(organization, "pk", None)
        insert_values(
            FundingChange,
            ("funding_import_id", "notice_id", "organization_id", "kind"),
            [(run.pk, pk, org_id, ChangeKind.CREATED.value) for pk in notice_ids],
        )


def _withdraw_missing(run, scope, organization, kind, seen, now, result):
    missing = (
        scope.filter(source=kind, withdrawn_at__isnull=True).exclude(opportunity_id__in=list(seen))
        if len(seen) < 30_000
        else None
    )
    if missing is None:  # very large extracts: compare in Python, not with a huge IN list
        ids = [
            pk
            for pk, oid in scope.filter(source=kind, withdrawn_at__isnull=True)
            .order_by()
            .values_list("pk", "opportunity_id")
            if oid not in seen
        ]
        missing = scope.filter(pk__in=ids)
    programs = list(missing.only("pk"))
    for start in range(0, len(programs), BATCH):
        chunk = programs[start : start + BATCH]
        FundingNotice.objects.filter(pk__in=[p.pk for p in chunk]).update(withdrawn_at=now)
        FundingChange.objects.bulk_create(
            FundingChange(
                funding_import=run,
                notice=p,
                organization=organization,
                kind=ChangeKind.WITHDRAWN,
                changes={"withdrawn_at": [None, to_jsonable(now)]},
            )
            for p in chunk
        )
    result.archived = len(programs)


def _programs_for(
    notices, organization, kind: str, file: str, known: dict[str, int] | None = None
) -> dict[str, int]:
    """Program id per first Assistance Listing number of ``notices``: the scope's own program
    (an organization's import may also use a shared one), made from the first notice that
    names the number when there is none yet. ``known``: the numbers found or made by earlier
    batches of the same run (one transaction), asked about only once; the ones found here are
    added to it."""
    known = {} if known is None else known
    first: dict[str, ParsedNotice] = {}
    for notice in notices:
        if notice.aln_numbers:
            first.setdefault(notice.aln_numbers[0][:16], notice)
    if not first:
        return {}
    wanted = list(first)
    first = {aln: notice for aln, notice in first.items() if aln not in known}
    if not first:
        return {aln: known[aln] for aln in wanted}
    found = dict(
        FundingProgram.objects.in_scope(organization)
        .filter(key__in=list(first))
        .values_list("key", "pk")
    )
    if organization is not None:
        for key, pk in (
            FundingProgram.objects.shared().filter(key__in=list(first)).values_list("key", "pk")
        ):
            found.setdefault(key, pk)
    missing = [
        FundingProgram(
            organization=organization,
            key=aln,
            aln_number=aln,
            title=(notice.aln_titles[0] if notice.aln_titles else notice.title)[:500],
            agency_name=notice.agency_name[:300],
            instrument=notice.instrument_kind[:40],
            purposes=list(notice.purposes),
            recurrence=notice.recurrence[:200],
            eligible_applicants=list(notice.eligible_applicants),
            source=kind,
        )
        for aln, notice in first.items()
        if aln not in found
    ]
    if missing:
        # What bulk_create writes, without its per-value compiling; sets each new program's id.
        insert_objects(missing)
        found.update((p.key, p.pk) for p in missing)
    known.update(found)
    return {aln: known[aln] for aln in wanted if aln in known}


def _catalog_values(entry) -> dict[str, Any]:
    """A starter catalog entry as the program's field values."""
    program = entry.program
    return {
        "aln_number": entry.aln_numbers[0] if entry.aln_numbers else "",
        "title": program.title[:500],
        "agency_name": entry.agency[:300],
        "instrument": entry.instrument,
        "purposes": list(program.purposes),
        "recurrence": entry.recurrence[:200],
        "eligible_applicants": list(program.eligible_applicants),
        "award_floor": program.award_floor,
        "award_ceiling": program.award_ceiling,
        "cost_sharing": program.cost_sharing,
        "local_match_share": program.local_match_share,
        "description": program.description,
        "link": entry.link[:1000],
        "via_state": entry.via_state,
        "status_override": program.status if program.status in _OVERRIDES else "",
        "status_note": entry.status_note,
        "source": "catalog",
        "facts_last_checked": entry.facts_last_checked,
        "verified": list(entry.verified),
        "not_verified": list(entry.not_verified),
    }


def catalog_key(entry) -> str:
    """The program's key: its (first) Assistance Listing number, so that a Grants.gov notice
    of that number finds it; the catalog's own key for a program with none."""
    return entry.aln_numbers[0] if entry.aln_numbers else entry.program.key


def catalog_load(*, actor=None, organization=None) -> ImportResult:
    """Load (or refresh) the starter catalog's programs into the shared catalog (or an
    organization's own), in one transaction: new programs created, changed facts updated and
    recorded, programs a newer catalog version no longer lists marked withdrawn. A program a
    Grants.gov import made from its notices becomes the catalog's (its facts are richer)."""
    from civicshift.core.funding.catalog import load_catalog

    catalog = load_catalog()
    name = f"starter catalog {catalog.id} {catalog.version}"
    result = ImportResult(file=name, format="catalog", full_extract=True)
    now = timezone.now()
    with transaction.atomic():
        run = FundingImport.objects.create(
            organization=organization,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor.get_username() if getattr(actor, "is_authenticated", False) else "",
            file=name[:300],
            format="catalog",
            full_extract=True,
        )
        scope = FundingProgram.objects.in_scope(organization)
        wanted = {catalog_key(e): e for e in catalog.programs}
        existing = {p.key: p for p in scope.filter(key__in=list(wanted))}
        rows = []
        for key, entry in wanted.items():
            values = _catalog_values(entry)
            program = existing.get(key)
            if program is None:
                program = FundingProgram.objects.create(
                    organization=organization, key=key, **values
                )
                rows.append(FundingChange(program=program, kind=ChangeKind.CREATED))
                result.imported += 1
                continue
            if program.flag_by_hand:  # a flag set by hand outlives catalog loads
                values = {**values, "status_override": program.status_override}
                values["status_note"] = program.status_note
            diff = _changes(program, values)
            kind = ChangeKind.UPDATED
            if program.withdrawn_at is not None:
                diff["withdrawn_at"] = [to_jsonable(program.withdrawn_at), None]
                kind = ChangeKind.RESTORED
                result.restored += 1
            if not diff:
                result.unchanged += 1
                continue
            for field_name, value in values.items():
                setattr(program, field_name, value)
            program.withdrawn_at = None
            program.save()
            rows.append(FundingChange(program=program, kind=kind, changes=diff))
            result.updated += kind == ChangeKind.UPDATED
        dropped = list(
            scope.filter(source="catalog", withdrawn_at__isnull=True).exclude(key__in=list(wanted))
        )
        for program in dropped:
            program.withdrawn_at = now
            program.save(update_fields=["withdrawn_at", "updated_at"])
            rows.append(
                FundingChange(
                    program=program,
                    kind=ChangeKind.WITHDRAWN,
                    changes={"withdrawn_at": [None, to_jsonable(now)]},
                )
            )
        result.archived = len(dropped)
        for row in rows:
            row.funding_import, row.organization = run, organization
        FundingChange.objects.bulk_create(rows)
        run.counts = result.counts()
        run.save(update_fields=["counts"])
        result.import_id = run.pk
    return result


@transaction.atomic
def program_flag(*, actor, program: FundingProgram, status: str, note: str = "") -> FundingProgram:
    """Flag a program lapsed or at risk (``status`` "" clears the flag), with the reason.
    A shared program is flagged by installation staff (the command line: ``actor`` None);
    an organization's own by its editors, recorded in its audit trail. The flag then shows on
    every notice of the program and every initiative counting on it, and catalog loads keep it."""
    if status not in _OVERRIDES | {""}:
        raise ValidationError({"status": f"“{status}” is not lapsed, at_risk or empty"})
    if status and not note.strip():
        raise ValidationError({"note": "say why, in a sentence: everyone counting on it reads it"})
    before = {"status_override": program.status_override, "status_note": program.status_note}
    if program.organization_id is not None:
        require_role(actor, program.organization, Role.EDITOR)
    program.status_override, program.status_note = status, " ".join(note.split())
    program.flag_by_hand = bool(status)
    program.save(update_fields=["status_override", "status_note", "flag_by_hand", "updated_at"])
    if program.organization_id is not None:
        record_event(
            actor=actor,
            organization=program.organization,
            action=Action.UPDATE,
            obj=program,
            changes={k: [v, getattr(program, k)] for k, v in before.items()},
            reason="funding program flagged",
        )
    return program
