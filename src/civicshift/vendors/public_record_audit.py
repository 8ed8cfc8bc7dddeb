"""Parts of the public record (``public_record``): CSV cells, and the audit trail of the
evaluation's records with the drafting of scores left out and personal notes removed when the
evaluation withholds them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.models import AuditEvent
from civicshift.audit.presentation import present

from .models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    DiligenceAnswer,
    Evaluation,
    Judgment,
    Milestone,
    PanelMember,
    Proposal,
    ProposalDocument,
    ReferenceCheck,
    Score,
)


def csv_bytes(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        # A cell that starts like a formula is prefixed so a spreadsheet shows it as text.
        writer.writerow(
            ["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def audit_events(evaluation: Evaluation, members: list[PanelMember]):
    """The audit events of the evaluation's records, oldest first, with the drafting of
    scores before submission left out and personal notes removed when withheld."""
    organization = evaluation.organization
    owned = {
        Evaluation: [evaluation.pk],
        Milestone: Milestone.objects.filter(evaluation=evaluation),
        Proposal: Proposal.objects.filter(evaluation=evaluation),
        ProposalDocument: ProposalDocument.objects.filter(proposal__evaluation=evaluation),
        Criterion: Criterion.objects.filter(evaluation=evaluation),
        PanelMember: PanelMember.objects.filter(evaluation=evaluation),
        ConflictDeclaration: ConflictDeclaration.objects.filter(member__evaluation=evaluation),
        Judgment: Judgment.objects.filter(member__evaluation=evaluation),
        ConsensusScore: ConsensusScore.objects.filter(proposal__evaluation=evaluation),
        DiligenceAnswer: DiligenceAnswer.objects.filter(proposal__evaluation=evaluation),
        ReferenceCheck: ReferenceCheck.objects.filter(proposal__evaluation=evaluation),
    }
    events = []
    for model, rows in owned.items():
        ids = [
            str(pk)
            for pk in (rows if isinstance(rows, list) else rows.values_list("pk", flat=True))
        ]
        events.extend(
            AuditEvent.objects.for_org(organization).filter(
                content_type=ContentType.objects.get_for_model(model), object_pk__in=ids
            )
        )
    submitted = {m.pk: m.submitted_at for m in members if m.submitted_at is not None}
    score_since = {
        str(pk): submitted[member_id]
        for pk, member_id in Score.objects.filter(member__in=list(submitted)).values_list(
            "pk", "member_id"
        )
    }
    score_events = AuditEvent.objects.for_org(organization).filter(
        content_type=ContentType.objects.get_for_model(Score), object_pk__in=list(score_since)
    )
    for event in score_events:
        if event.created_at > score_since[event.object_pk]:
            events.append(event)  # a change after submission, with its reason
    if evaluation.withhold_personal_notes:
        for event in events:
            if isinstance(event.changes, dict):
                event.changes = {k: v for k, v in event.changes.items() if k != "personal_note"}
    pks = [e.pk for e in events]
    loaded = {
        e.pk: e
        for e in AuditEvent.objects.filter(pk__in=pks).select_related("actor", "content_type")
    }
    for event in events:  # the actor and type loaded, the filtered changes kept
        loaded[event.pk].changes = event.changes
    return sorted(loaded.values(), key=lambda e: (e.created_at, e.pk))


def audit_csv(evaluation: Evaluation, events) -> bytes:
    views = present(events, organization=evaluation.organization, show_contact=False)
    return csv_bytes(
        [_("When"), _("Who"), _("What"), _("Changes"), _("Reason")],
        (
            (when(v.event.created_at), v.who, v.what, "; ".join(c.text for c in v.changes),
             v.event.reason)
            for v in views
        ),
    )  # fmt: skip
