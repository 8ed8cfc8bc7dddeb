"""The spreadsheet import's two pieces of long work (jobs): reading a file for its preview, and
importing it. Both read the uploaded file kept as the job's input; the import reads it again
(with the mapping the person confirmed) rather than trusting anything the browser sends back.

* ``inventory.preview``: headers, the suggested mapping (or the one remembered for the same
  headers), every row's problems and what would be created or updated. Nothing is written.
* ``inventory.import``: the valid rows written in one transaction (``importing.import_rows``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.formats import safety
from civicshift.formats.inventory import columns, reader
from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

PREVIEW = "inventory.preview"
IMPORT = "inventory.import"
#: Rows listed one by one in the preview (every problem is listed, whatever the count).
PREVIEW_ROWS = 200
#: Problems kept in a job's result; past this the preview says how many more there are.
MAX_PROBLEMS = 5_000


def signature(headers: list[str]) -> str:
    """What a remembered mapping is found by: a hash of the normalised headers, in order."""
    text = json.dumps(columns.header_signature(headers))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remembered_mapping(organization, headers: list[str]):
    from .models import ImportMapping

    return ImportMapping.objects.for_org(organization).filter(signature=signature(headers)).first()


def _read(context) -> reader.Table:
    name = context.job.input_filename or _("the uploaded file")
    try:
        return reader.read_table(context.input_content, name=name)
    except safety.UnsafeFileError as exc:
        raise JobFailed(str(exc)) from exc


def _parse(table: reader.Table, mapping: dict | None) -> reader.Parsed:
    try:
        return reader.parse_rows(table, mapping)
    except reader.MappingError as exc:
        raise JobFailed(str(exc)) from exc


def build_preview(context) -> JobOutcome:
    from .importing import _Matcher

    context.report_progress(0.05, _("Reading the file."))
    table = _read(context)
    mapping = context.inputs.get("mapping")
    remembered = None
    if mapping is None:
        remembered = remembered_mapping(context.organization, table.headers)
    suggestions = reader.suggest_mapping(
        table.headers, remembered.mapping if remembered is not None else None
    )
    if mapping is None:
        mapping = {s.header: s.field for s in suggestions if s.header}
    context.report_progress(0.5, _("Checking %(n)s rows.") % {"n": len(table.rows)})
    parsed = _parse(table, mapping)
    matcher = _Matcher(context.organization)
    new = update = 0
    listed = []
    for row in parsed.rows:
        action = "rejected"
        if row.ok and not parsed.general:
            action = "update" if matcher.find(row.values) is not None else "new"
            new += action == "new"
            update += action == "update"
        if len(listed) < PREVIEW_ROWS:
            listed.append(
                {
                    "row": row.row,
                    "name": row.values.get("name", ""),
                    "vendor": row.values.get("vendor", ""),
                    "action": action,
                    "problems": [p.as_dict() for p in row.problems],
                }
            )
    problems = parsed.problems
    data: dict[str, Any] = {
        "filename": table.name,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "headers": table.headers,
        "suggestions": [
            {"header": s.header, "field": s.field, "confidence": s.confidence, "reason": s.reason}
            for s in suggestions
        ],
        "mapping": mapping,
        "remembered": remembered.name if remembered is not None else "",
        "notes": parsed.notes,
        "ignored_columns": parsed.ignored_columns,
        "rows_total": len(parsed.rows),
        "rows_valid": len(parsed.valid),
        "rows_rejected": len(parsed.rejected),
        "rows_new": new,
        "rows_update": update,
        "rows": listed,
        "problems": [p.as_dict() for p in problems[:MAX_PROBLEMS]],
        "problems_left_out": max(0, len(problems) - MAX_PROBLEMS),
    }
    context.report_progress(1.0, _("The preview is ready."))
    # The first reading of an upload goes on to the mapping step; a confirmed mapping's
    # reading to the preview.
    step = "import_mapping" if context.inputs.get("mapping") is None else "import_preview"
    return JobOutcome(
        data=data,
        url=reverse(
            f"inventory:{step}",
            kwargs={"org_slug": context.organization.slug, "pk": context.job.pk},
        ),
    )


def run_import(context) -> JobOutcome:
    from .importing import import_rows

    context.report_progress(0.02, _("Reading the file again."))
    table = _read(context)
    parsed = _parse(table, context.inputs.get("mapping"))

    def progress(fraction: float, sentence: str) -> None:
        context.report_progress(0.1 + 0.9 * fraction, sentence)

    result = import_rows(
        actor=context.user,
        organization=context.organization,
        parsed=parsed,
        headers=table.headers,
        progress=progress,
    )
    data = result.as_dict()
    data["problems"] = data["problems"][:MAX_PROBLEMS]
    data["filename"] = table.name
    return JobOutcome(
        data=data,
        url=reverse(
            "inventory:import_result",
            kwargs={"org_slug": context.organization.slug, "pk": context.job.pk},
        ),
    )


def register() -> None:
    register_kind(
        JobKind(
            key=PREVIEW,
            label=gettext_lazy("Preview of a spreadsheet import"),
            run=build_preview,
            role=Role.EDITOR,
        )
    )
    register_kind(
        JobKind(
            key=IMPORT,
            label=gettext_lazy("Import of systems from a spreadsheet"),
            run=run_import,
            role=Role.EDITOR,
        )
    )
