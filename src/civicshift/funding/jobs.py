"""Long work of the funding module (jobs): importing an uploaded funding file (a Grants.gov
extract, Simpler.Grants.gov JSON or the csv of typed programs) into the organization's own
programs. The file is the job's input, read in the worker, never in the request; the import
is one transaction, so a file refused halfway writes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

IMPORT = "funding.import"


def run_import(context) -> JobOutcome:
    from civicshift.formats.funding.model import FundingFileError

    from .services_import import funding_import

    name = context.job.input_filename or _("the uploaded file")
    context.report_progress(0.05, _("Reading %(file)s.") % {"file": name})

    def progress(done: int) -> None:
        # The number of records is not known before the end of a streamed file.
        context.report_progress(
            min(0.9, 0.1 + done / (done + 2000)),
            _("Read %(done)s funding notices.") % {"done": done},
        )

    try:
        result = funding_import(
            actor=context.user,
            source=context.input_content,
            name=name,
            organization=context.organization,
            full_extract=context.inputs.get("full_extract"),
            keep_valid=bool(context.inputs.get("keep_valid")),
            progress=progress,
        )
    except FundingFileError as exc:
        raise JobFailed(str(exc)) from exc
    return JobOutcome(data=result.as_dict())


def register() -> None:
    register_kind(
        JobKind(
            key=IMPORT,
            label=gettext_lazy("Import of a funding file"),
            run=run_import,
            role=Role.EDITOR,
        )
    )
