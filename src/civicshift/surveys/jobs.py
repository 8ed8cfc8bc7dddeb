"""Background work of the surveys: the exports of large surveys."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role


def run_export(context) -> JobOutcome:
    from . import exports
    from .models import Survey

    survey = (
        Survey.objects.for_org(context.organization).filter(pk=context.inputs["survey"]).first()
    )
    if survey is None:
        raise JobFailed(_("This survey no longer exists."))
    context.report_progress(0.1, _("Reading the answers."))
    what, fmt = context.inputs["what"], context.inputs["format"]
    content, filename, content_type = exports.build(
        survey, what, fmt, progress=context.report_progress
    )
    return JobOutcome(content=content, filename=filename, content_type=content_type)


def register() -> None:
    register_kind(
        JobKind(
            key="surveys.export",
            label=_("Survey export"),
            run=run_export,
            role=Role.VIEWER,
            rate_limited=True,
            fingerprint=None,
            version="1",
        )
    )
