"""The web export runs in the background (a job): a large organization takes a while."""

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
