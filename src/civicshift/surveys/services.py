"""Writes of the readiness surveys: surveys and their questions (editors, audited), one-time
codes (one audit record for the batch, none per code), and the anonymous submission (no audit
record at all: the audit trail stores a time, which would date each answer)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from civicshift.audit.models import Action
from civicshift.audit.services import audited_create, audited_delete, audited_update, record_event
from civicshift.core.survey.items import load_bank
from civicshift.orgs.models import Department, Organization
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import tokens
from .models import ItemKind, OneTimeCode, Survey, SurveyItem, SurveyResponse, SurveyStatus

MAX_CODES_PER_BATCH = 2000


def _check_related(organization: Organization, fields: dict, survey: Survey | None = None):
    initiative = fields.get("initiative")
    if initiative is not None and initiative.organization_id != organization.pk:
        raise ValidationError({"initiative": _("Choose an initiative of this organization.")})
    previous = fields.get("previous_wave")
    if previous is not None:
        if previous.organization_id != organization.pk:
            raise ValidationError({"previous_wave": _("Choose a survey of this organization.")})
        if survey is not None:
            seen, current = set(), previous
            while current is not None and current.pk not in seen:
                if current.pk == survey.pk:
                    raise ValidationError(
                        {"previous_wave": _("A survey cannot follow itself or a later wave.")}
                    )
                seen.add(current.pk)
                current = current.previous_wave


@transaction.atomic
def survey_create(*, actor, organization: Organization, **fields) -> Survey:
    require_role(actor, organization, Role.EDITOR)
    _check_related(organization, fields)
    return audited_create(actor=actor, model=Survey, organization=organization, **fields)


@transaction.atomic
def survey_update(
    *, actor, survey: Survey, expected_version: int | None = None, **fields
) -> Survey:
    require_role(actor, survey.organization, Role.EDITOR)
    _check_related(survey.organization, fields, survey)
    return audited_update(actor=actor, obj=survey, expected_version=expected_version, **fields)


@transaction.atomic
def survey_delete(*, actor, survey: Survey) -> None:
    """Only a survey nobody answered can be deleted: answers are never removed by staff."""
    require_role(actor, survey.organization, Role.EDITOR)
    if survey.responses.exists():
        raise ValidationError(
            _("People have answered this survey: close it instead; its answers are kept.")
        )
    for item in survey.items.all():
        audited_delete(actor=actor, obj=item)
    survey.codes.all().delete()
    audited_delete(actor=actor, obj=survey)


def _refuse_if_answered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(
            _(
                "People have answered this survey, so its questions can no longer change "
                "(the answers would no longer match them). Start a new wave instead."
            )
        )


def _next_position(survey: Survey) -> int:
    return (survey.items.aggregate(m=Max("position"))["m"] or 0) + 10


def _clean_choices(kind: str, choices) -> list[str]:
    choices = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind in (ItemKind.SINGLE, ItemKind.MULTIPLE):
        if len(choices) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("Each choice must be different.")})
        return choices
    return []


@transaction.atomic
def survey_item_create(*, actor, survey: Survey, **fields) -> SurveyItem:
    require_role(actor, survey.organization, Role.EDITOR)
    _refuse_if_answered(survey)
    fields["choices"] = _clean_choices(fields.get("kind", ItemKind.LIKERT5), fields.get("choices"))
    fields.setdefault("position", _next_position(survey))
    fields.setdefault("bank", "")
    return audited_create(
        actor=actor, model=SurveyItem, organization=survey.organization, survey=survey, **fields
    )


@transaction.atomic
def survey_item_update(
    *, actor, item: SurveyItem, expected_version: int | None = None, **fields
) -> SurveyItem:
    require_role(actor, item.organization, Role.EDITOR)
    _refuse_if_answered(item.survey)
    if item.bank and ({"text", "kind", "subscale"} & set(fields)):
        changed = {
            f for f in ("text", "kind", "subscale") if f in fields and fields[f] != getattr(item, f)
        }
        if changed:
            raise ValidationError(
                _("A question from a published instrument keeps its wording and scale.")
            )
    if "kind" in fields or "choices" in fields:
        fields["choices"] = _clean_choices(
            fields.get("kind", item.kind), fields.get("choices", item.choices)
        )
    return audited_update(actor=actor, obj=item, expected_version=expected_version, **fields)


@transaction.atomic
def survey_item_delete(*, actor, item: SurveyItem) -> None:
    require_role(actor, item.organization, Role.EDITOR)
    _refuse_if_answered(item.survey)
    audited_delete(actor=actor, obj=item)


@transaction.atomic
def survey_add_bank(*, actor, survey: Survey, bank_id: str) -> list[SurveyItem]:
    """Add every item of a published bank (ORIC, technology acceptance), in the bank's order,
    worded with the survey's names for the change and the system."""
    require_role(actor, survey.organization, Role.EDITOR)
    _refuse_if_answered(survey)
    bank = load_bank(bank_id)
    if survey.items.filter(bank=bank.id).exists():
        raise ValidationError(_("This survey already has the questions of that instrument."))
    kind = ItemKind.LIKERT5 if bank.points == 5 else ItemKind.LIKERT7
    position = _next_position(survey)
    created = []
    for offset, item in enumerate(bank.items):
        text = item.text.replace("{change}", survey.change_name).replace(
            "{system}", survey.system_name
        )
        created.append(
            audited_create(
                actor=actor,
                model=SurveyItem,
                organization=survey.organization,
                survey=survey,
                position=position + offset,
                bank=bank.id,
                bank_item=item.id,
                subscale=item.subscale,
                kind=kind,
                text=text,
                required=False,
            )
        )
    return created


@transaction.atomic
def survey_codes_generate(*, actor, survey: Survey, count: int) -> list[str]:
    """Make ``count`` one-time codes; returns them in clear, once. Stored hashed, in random
    order (UUID keys), with no time; one audit record says how many were made."""
    require_role(actor, survey.organization, Role.EDITOR)
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValidationError(
            {"count": _("Make between 1 and %(n)d codes at a time.") % {"n": MAX_CODES_PER_BATCH}}
        )
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(tokens.new_code())
    before = survey.codes.count()
    OneTimeCode.objects.bulk_create(
        [
            OneTimeCode(
                organization=survey.organization,
                survey=survey,
                code_hash=tokens.code_hash(survey.pk, code),
            )
            for code in codes
        ]
    )
    record_event(
        actor=actor,
        organization=survey.organization,
        action=Action.UPDATE,
        obj=survey,
        changes={"one-time codes": [before, before + count]},
    )
    return sorted(codes)


class SubmissionRefused(ValidationError):
    """The submission cannot be accepted; the message says why, for the respondent."""


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: dict[str, object],
    department: Department | None,
    code: str = "",
    link_word: str = "",
) -> SurveyResponse:
    """Record one anonymous answer. No actor, no audit record, no time, nothing about the
    person; a one-time code is marked used (in the same transaction) without any link to the
    answer stored."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise SubmissionRefused(_("This survey is not taking answers."))
    if department is not None and department.organization_id != survey.organization_id:
        raise SubmissionRefused(_("Choose one of the departments listed."))
    if survey.require_code:
        if not code.strip():
            raise SubmissionRefused(_("Type the one-time code you were given."))
        row = (
            OneTimeCode.objects.for_org(survey.organization)
            .select_for_update()
            .filter(survey=survey, code_hash=tokens.code_hash(survey.pk, code))
            .first()
        )
        if row is None:
            raise SubmissionRefused(_("This code is not one of this survey's codes: check it."))
        if row.used:
            raise SubmissionRefused(
                _("This code has already been used: each code works once. Ask for a new one.")
            )
        # Conditional: of two submissions racing with the same code, only one marks it used.
        if not OneTimeCode.objects.filter(pk=row.pk, used=False).update(used=True):
            raise SubmissionRefused(
                _("This code has already been used: each code works once. Ask for a new one.")
            )
    word = link_word.strip() if survey.allow_linking else ""
    return SurveyResponse.objects.create(
        organization=survey.organization,
        survey=survey,
        department=department,
        answers=answers,
        link_hash=tokens.link_hash(survey.organization_id, word) if word else "",
    )


@transaction.atomic
def survey_next_wave(*, actor, survey: Survey, title: str = "") -> Survey:
    """A new draft survey following ``survey``: the same settings and questions, with
    ``survey`` as its previous wave, so the results compare the two (before/after training)."""
    require_role(actor, survey.organization, Role.EDITOR)
    fields = {
        name: getattr(survey, name)
        for name in (
            "initiative",
            "change_name",
            "system_name",
            "introduction",
            "k",
            "ask_department",
            "require_code",
            "allow_linking",
        )
    }
    wave = survey_create(
        actor=actor,
        organization=survey.organization,
        title=title or _("%(title)s (next wave)") % {"title": survey.title},
        previous_wave=survey,
        **fields,
    )
    for item in survey.items.all():
        audited_create(
            actor=actor,
            model=SurveyItem,
            organization=survey.organization,
            survey=wave,
            **{
                name: getattr(item, name)
                for name in (
                    "position",
                    "bank",
                    "bank_item",
                    "subscale",
                    "kind",
                    "text",
                    "choices",
                    "required",
                )
            },
        )
    return wave
