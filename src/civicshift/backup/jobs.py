"""The web export and the web import run in the background (jobs): a large organization takes
a while. The import is site-wide work (its organization does not exist yet): see
docs/decisions.md, "Importing in the background"."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

from .errors import BackupError

EXPORT = "backup.export"


def build_export(context) -> JobOutcome:
    from .services import export_for_download

    context.report_progress(0.05, _("Collecting every table of the organization."))
    try:
        export = export_for_download(
            actor=context.user,
            organization=context.organization,
            file_format=context.inputs["format"],
        )
    except BackupError as exc:
        raise JobFailed(str(exc)) from exc
    return JobOutcome(
        content=export.content, filename=export.filename, content_type=export.content_type
    )


def register() -> None:
    register_kind(
        JobKind(
            key=EXPORT, label=gettext_lazy("Export of all data"), run=build_export, role=Role.ADMIN
        )
    )
    _register_import()


IMPORT = "backup.import"


def import_message(summary) -> str:
    """What the administrator is told once the import is written."""
    text = _("Imported %(rows)s records into %(name)s.") % {
        "rows": summary.total_rows,
        "name": summary.organization.name,
    }
    if summary.created_users:
        text += " " + _(
            "%(n)s people had no account here; theirs were created switched off, without "
            "a password."
        ) % {"n": len(summary.created_users)}
    if summary.left_out_users:
        text += " " + _("Not given a role (not confirmed): %(people)s.") % {
            "people": ", ".join(summary.left_out_users)
        }
    return text


def run_import(context) -> JobOutcome:
    """Write a confirmed upload. Cancelling raises inside the import's one transaction, so
    nothing of it stays (the upload stays waiting, and can be confirmed again)."""
    from django.urls import reverse

    from .services import pending_import_confirm, pending_import_for

    pending = pending_import_for(context.user, context.inputs["pending"])
    if pending is None:
        raise JobFailed(_("This upload is no longer waiting for confirmation; upload it again."))
    context.report_progress(0.02, _("Checking the file again before writing."))

    def on_progress(fraction: float) -> None:
        context.report_progress(0.05 + 0.9 * fraction, _("Writing the organization's records."))

    try:
        summary = pending_import_confirm(
            actor=context.user,
            pending=pending,
            confirm_existing=context.inputs.get("confirm", []),
            on_progress=on_progress,
        )
    except BackupError as exc:
        raise JobFailed(str(exc)) from exc
    slug = summary.organization.slug
    return JobOutcome(
        data={"message": import_message(summary), "slug": slug},
        url=reverse("orgs:dashboard", kwargs={"org_slug": slug}),
    )


def _register_import() -> None:
    register_kind(
        JobKind(
            key=IMPORT,
            label=gettext_lazy("Import of a backup"),
            run=run_import,
            role=Role.ADMIN,
            site_wide=True,
        )
    )
