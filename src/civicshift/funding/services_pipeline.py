"""Write paths of the application pipeline (role checked, one transaction, audited): the
funding profile, applications and their moves between stages, checklist items and reporting
dates. The rules of the moves are ``civicshift.core.funding.pipeline.check_move``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.core.funding import pipeline
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import (
    ApplicationItem,
    FundingApplication,
    FundingNotice,
    FundingProfile,
    FundingProgram,
    ItemKind,
    Stage,
)

#: Sources whose notices are federal money (Grants.gov lists federal opportunities only).
FEDERAL_SOURCES = frozenset({"grants.gov-xml", "simpler-json"})

MOVE_MESSAGES = {
    "stage": _("This stage cannot follow the current one."),
    "pass_reason": _("Choose why the notice is passed over: next year’s planning counts it."),
    "amount_awarded": _("Give the amount awarded to record the award."),
}


def profile_of(organization) -> FundingProfile:
    """The organization's funding profile (an unsaved empty one when it has none yet)."""
    found = FundingProfile.objects.for_org(organization).first()
    return found or FundingProfile(organization=organization)


@transaction.atomic
def profile_save(*, actor, organization, expected_version=None, **fields) -> FundingProfile:
    require_role(actor, organization, Role.EDITOR)
    profile = FundingProfile.objects.for_org(organization).select_for_update().first()
    if profile is None:
        return audited_create(
            actor=actor, model=FundingProfile, organization=organization, **fields
        )
    return audited_update(actor=actor, obj=profile, expected_version=expected_version, **fields)


def _visible(organization, notice, program) -> None:
    """A notice or program of the shared catalog or the organization's own, never another's."""
    for row, field in ((notice, "notice"), (program, "program")):
        if row is not None and row.organization_id not in (None, organization.pk):
            raise ValidationError({field: _("Choose one of the catalog’s or your own.")})


def _is_federal(notice: FundingNotice | None, program: FundingProgram | None) -> bool:
    if notice is not None and notice.source in FEDERAL_SOURCES:
        return True
    return bool(program is not None and program.aln_number)


def _check_move(current: str, fields: dict) -> None:
    try:
        pipeline.check_move(
            current,
            fields.get("stage", current),
            pass_reason=fields.get("pass_reason") or "",
            amount_awarded=fields.get("amount_awarded"),
        )
    except pipeline.MoveError as exc:
        raise ValidationError({exc.field: MOVE_MESSAGES[exc.field]}) from None


def _stage_dates(current: str, fields: dict) -> None:
    """Moving to submitted, awarded or declined records today's date unless one is given;
    leaving "passed over" clears its reason."""
    new = fields.get("stage", current)
    if new == current:
        return
    today = timezone.localdate()
    if new == Stage.SUBMITTED and not fields.get("submitted_on"):
        fields["submitted_on"] = today
    if new in (Stage.AWARDED, Stage.DECLINED) and not fields.get("decided_on"):
        fields["decided_on"] = today
    if current == Stage.PASSED_OVER and new != Stage.PASSED_OVER:
        fields["pass_reason"] = ""


@transaction.atomic
def application_create(
    *, actor, initiative, notice=None, program=None, **fields
) -> FundingApplication:
    """Track a notice or program for ``initiative``: the name, due date, program and whether it
    is federal money come from the catalog unless given; the usual documents are added to its
    checklist. A second open application of the initiative to the same notice is refused."""
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    _visible(organization, notice, program)
    if "alignment_statement" in fields:
        fields["alignment_statement"] = _alignment_text(fields["alignment_statement"])
    if notice is None and program is None:
        raise ValidationError({"notice": _("Choose a notice or a program to apply to.")})
    if notice is not None and program is None and notice.program_id:
        program = notice.program
    same = FundingApplication.objects.for_org(organization).filter(initiative=initiative)
    if notice is not None:
        same = same.filter(notice=notice)
    else:
        same = same.filter(notice__isnull=True, program=program)
    if same.filter(stage__in=pipeline.ACTIVE).exists():
        raise ValidationError(
            {"notice": _("This initiative already tracks an open application to it.")}
        )
    # Any stage may be recorded at once (last year's award, a notice passed over straight
    # from the funding tab), with what that stage needs.
    _check_move(fields.setdefault("stage", Stage.RESEARCHING), fields)
    _stage_dates(Stage.RESEARCHING, fields)
    source = notice if notice is not None else program
    fields.setdefault("title", source.title[:300])
    if notice is not None:
        fields.setdefault("due_date", notice.close_date or notice.forecast_close_date)
    fields.setdefault("federal", _is_federal(notice, program))
    application = audited_create(
        actor=actor,
        model=FundingApplication,
        organization=organization,
        initiative=initiative,
        notice=notice,
        program=program,
        **fields,
    )
    for code, label in pipeline.DEFAULT_CHECKLIST:
        audited_create(
            actor=actor,
            model=ApplicationItem,
            organization=organization,
            application=application,
            kind=ItemKind.DOCUMENT,
            code=code,
            label=_(label),
            due_date=application.due_date,
        )
    return application


@transaction.atomic
def application_update(
    *, actor, application: FundingApplication, expected_version=None, **fields
) -> FundingApplication:
    require_role(actor, application.organization, Role.EDITOR)
    _visible(application.organization, fields.get("notice"), fields.get("program"))
    if "alignment_statement" in fields:
        fields["alignment_statement"] = _alignment_text(fields["alignment_statement"])
    # The stored row, not ``application``: a model form has already copied the new values
    # onto the instance it validated.
    stored = FundingApplication.objects.select_for_update().get(pk=application.pk)
    merged = {"pass_reason": stored.pass_reason, "amount_awarded": stored.amount_awarded, **fields}
    _check_move(stored.stage, merged)
    _stage_dates(stored.stage, fields)
    updated = audited_update(
        actor=actor, obj=application, expected_version=expected_version, **fields
    )
    if "due_date" in fields and fields["due_date"] != stored.due_date:
        # Documents still to do that were due with the application follow its new due date.
        follow = stored.items.filter(kind=ItemKind.DOCUMENT, done=False)
        if stored.due_date is None:
            follow = follow.filter(due_date__isnull=True)
        else:
            follow = follow.filter(due_date=stored.due_date)
        for item in follow:
            audited_update(actor=actor, obj=item, due_date=fields["due_date"])
    return updated


@transaction.atomic
def application_delete(*, actor, application: FundingApplication) -> None:
    require_role(actor, application.organization, Role.EDITOR)
    reason = _("Its application was deleted.")
    for item in list(application.items.all()):
        audited_delete(actor=actor, obj=item, reason=reason)
    audited_delete(actor=actor, obj=application)


@transaction.atomic
def item_create(*, actor, application: FundingApplication, **fields) -> ApplicationItem:
    require_role(actor, application.organization, Role.EDITOR)
    return audited_create(
        actor=actor,
        model=ApplicationItem,
        organization=application.organization,
        application=application,
        **fields,
    )


@transaction.atomic
def item_update(*, actor, item: ApplicationItem, expected_version=None, **fields):
    require_role(actor, item.organization, Role.EDITOR)
    return audited_update(actor=actor, obj=item, expected_version=expected_version, **fields)


@transaction.atomic
def item_delete(*, actor, item: ApplicationItem) -> None:
    require_role(actor, item.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=item)


def _alignment_text(text: str) -> str:
    """The statement as kept: line endings made plain, outer blank space dropped; refused
    with a message on the field when it is longer than a funder would ever read."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = FundingApplication.ALIGNMENT_MAX_LENGTH
    if len(text) > limit:
        raise ValidationError(
            {
                "alignment_statement": _(
                    "The alignment statement is %(length)s characters long; keep it under "
                    "%(limit)s (funders ask for a paragraph or a page)."
                )
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            }
        )
    return text


@transaction.atomic
def application_alignment_save(
    *, actor, application: FundingApplication, alignment_statement: str, expected_version=None
) -> FundingApplication:
    """Keep the (edited) alignment statement on the application. Audited like any change, so
    the application's history holds every earlier wording with who saved it and when; a save
    made from an older version of the application is refused (``StaleObjectError``)."""
    require_role(actor, application.organization, Role.EDITOR)
    return audited_update(
        actor=actor,
        obj=application,
        expected_version=expected_version,
        alignment_statement=_alignment_text(alignment_statement),
    )


@transaction.atomic
def application_track_with_alignment(
    *, actor, initiative, notice=None, program=None, alignment_statement: str
) -> FundingApplication:
    """Start tracking ``notice`` or ``program`` for ``initiative`` (as "Track this" on the
    Funding tab does) with the alignment statement already on it: one transaction, so a
    refused statement leaves no application behind."""
    return application_create(
        actor=actor,
        initiative=initiative,
        notice=notice,
        program=program,
        alignment_statement=alignment_statement,
    )
