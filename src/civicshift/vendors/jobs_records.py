"""Background work of the evaluation's record: the public-records export (a ZIP with the
proposal documents in it can take a while). Registered by ``VendorsConfig.ready()``."""

from __future__ import annotations

import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

PUBLIC_RECORD = "vendors.public_record"


def build_public_record(context) -> JobOutcome:
    from .models import Evaluation
    from .public_record import public_record_filename
    from .services_records import public_record_export

    evaluation = (
        Evaluation.objects.for_org(context.organization)
        .select_related("initiative", "organization")
        .filter(pk=context.inputs["evaluation"])
        .first()
    )
    if evaluation is None:
        raise JobFailed(_("The evaluation was deleted before its record could be exported."))
    context.report_progress(0.02, _("Collecting the evaluation's record."))
    # The archive is built in a temporary file (the documents go in one at a time), and
    # read once at the end for the job's result.
    with tempfile.TemporaryFile() as target:
        public_record_export(
            actor=context.user,
            evaluation=evaluation,
            target=target,
            progress=context.report_progress,
        )
        target.seek(0)
        content = target.read()
    context.report_progress(1.0, _("The public record is ready to download."))
    return JobOutcome(
        content=content,
        filename=public_record_filename(evaluation),
        content_type="application/zip",
    )


def register() -> None:
    register_kind(
        JobKind(
            key=PUBLIC_RECORD,
            label=gettext_lazy("Public-records export of an evaluation"),
            run=build_public_record,
            role=Role.EDITOR,
            rate_limited=True,
        )
    )
