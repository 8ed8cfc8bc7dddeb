"""The vendors' background work: the award recommendation memo (Word and tagged PDF).

Registered with ``civicshift.jobs`` in ``VendorsConfig.ready()`` (``register()``). The memo is
built from one data object (``memo_data.award_memo``) turned into one document
(``formats.vendors.award_memo.memo_document``) that both writers print, so the two files say
the same. It is deterministic for the same rows and day, so it is cached by a fingerprint of
the evaluation's rows and the audit events it cites (any new score, declaration or consensus
writes an event, so the fingerprint changes). Only editors and administrators build it: it
holds every evaluator's submitted scores and the conflict explanations.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.audit.models import AuditEvent
from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

from .models import Evaluation

AWARD_MEMO = "vendors.award_memo"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _docx(memo) -> bytes:
    from civicshift.formats.document.docx import write_docx
    from civicshift.formats.vendors.award_memo_text import memo_document

    return write_docx(memo_document(memo))


def _pdf(memo) -> bytes:
    from civicshift.formats.document.pdf import write_pdf
    from civicshift.formats.vendors.award_memo_text import memo_document

    return write_pdf(memo_document(memo))


#: format → (writer, content type); the URL names the format.
MEMO_FORMATS = {"docx": (_docx, DOCX), "pdf": (_pdf, PDF)}


def _evaluation(organization, inputs) -> Evaluation:
    evaluation = (
        Evaluation.objects.for_org(organization)
        .select_related("initiative", "organization")
        .filter(pk=inputs["evaluation"])
        .first()
    )
    if evaluation is None:
        raise JobFailed(_("The evaluation was deleted before the memo could be made."))
    return evaluation


def memo_fingerprint(organization, inputs) -> dict[str, Any]:
    """What the memo depends on: the organization's latest audit event (every change to the
    evaluation, its panel, scores, consensus and diligence writes one), the format and the day
    (the memo says when it was prepared)."""
    evaluation = _evaluation(organization, inputs)
    latest = AuditEvent.objects.for_org(organization).order_by("-pk").values_list("pk").first()
    return {
        "evaluation": evaluation.pk,
        "version": evaluation.version,
        "latest_event": latest[0] if latest else None,
        "organization": organization.name,
        "format": inputs["format"],
        "date": timezone.localdate(),
    }


def memo_filename(evaluation: Evaluation, extension: str) -> str:
    stem = slugify(evaluation.title)[:60] or "evaluation"
    return f"{stem}-award-memo.{extension}"


def build_memo(context) -> JobOutcome:
    from .memo_data import award_memo

    evaluation = _evaluation(context.organization, context.inputs)
    extension = context.inputs["format"]
    if extension not in MEMO_FORMATS:
        raise JobFailed(_("The memo is made as Word (.docx) or PDF (.pdf)."))
    writer, content_type = MEMO_FORMATS[extension]
    context.report_progress(0.1, _("Reading the evaluation, its scores and its audit trail."))
    memo = award_memo(evaluation)
    context.report_progress(0.5, _("Writing the memo."))
    content = writer(memo)
    context.report_progress(0.95, _("The memo is ready."))
    return JobOutcome(
        content=content,
        filename=memo_filename(evaluation, extension),
        content_type=content_type,
    )


def register() -> None:
    register_kind(
        JobKind(
            key=AWARD_MEMO,
            label=gettext_lazy("Award recommendation memo"),
            run=build_memo,
            fingerprint=memo_fingerprint,
            rate_limited=True,
            role=Role.EDITOR,
        )
    )
