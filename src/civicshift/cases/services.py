"""Write paths for business cases, options and lines, and saving an analysis for the record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

import civicshift
from civicshift.audit.models import Action
from civicshift.audit.services import (
    audited_create,
    audited_delete,
    audited_update,
    record_event,
)
from civicshift.core.cases import default_in_npv
from civicshift.initiatives.models import Initiative
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import LINE_INPUT_FIELDS, BusinessCase, CaseLine, CaseRun, Option
from .terms import deciding, recommendation_problem, with_fields


def current_fiscal_year(organization, today=None) -> int:
    """The fiscal year in progress, named by the calendar year it ends in (US practice: FY2027
    runs July 2026 – June 2027 for a July start)."""
    today = today or timezone.localdate()
    start = organization.fiscal_year_start_month
    if start == 1:
        return today.year
    return today.year + 1 if today.month >= start else today.year


@transaction.atomic
def business_case_create(*, actor, initiative: Initiative, **fields) -> BusinessCase:
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    if BusinessCase.objects.for_org(organization).filter(initiative=initiative).exists():
        raise ValidationError(_("This initiative already has a business case."))
    fields.setdefault("start_year", current_fiscal_year(organization) + 1)
    fields.setdefault("discount_rate", organization.discount_rate)
    case = audited_create(
        actor=actor, model=BusinessCase, organization=organization, initiative=initiative, **fields
    )
    audited_create(
        actor=actor,
        model=Option,
        organization=organization,
        case=case,
        name=_("Proposed solution"),
        position=1,
    )
    return case


@transaction.atomic
def business_case_update(
    *, actor, case: BusinessCase, expected_version: int | None = None, **fields
) -> BusinessCase:
    require_role(actor, case.organization, Role.EDITOR)
    horizon = fields.get("horizon_years", case.horizon_years)
    too_late = CaseLine.objects.for_org(case.organization).filter(
        option__case=case, last_period__gt=horizon
    )
    if too_late.exists():
        raise ValidationError(
            {
                "horizon_years": _(
                    "Lines run past year %(n)s (for example “%(line)s”); shorten them first."
                )
                % {"n": horizon, "line": too_late.first().name}
            }
        )
    recommended = fields.get("recommended_option")
    if recommended is not None and recommended.case_id != case.pk:
        raise ValidationError({"recommended_option": _("Choose one of this case's options.")})
    problem = recommendation_problem(with_fields(case, fields)) if deciding(fields) else ""
    if problem:
        raise ValidationError({"recommendation_reason": problem})
    return audited_update(actor=actor, obj=case, expected_version=expected_version, **fields)


@transaction.atomic
def business_case_delete(*, actor, case: BusinessCase) -> None:
    """Delete a case and, each with its own audit record, its saved analyses, options and
    lines (a cascade would remove them without a trace)."""
    require_role(actor, case.organization, Role.EDITOR)
    reason = _("Its business case was deleted.")
    for run in list(case.runs.all()):
        audited_delete(actor=actor, obj=run, reason=reason)
    if case.recommended_option_id:
        audited_update(actor=actor, obj=case, recommended_option=None, reason=reason)
    for option in list(case.options.all()):
        for line in list(option.lines.all()):
            audited_delete(actor=actor, obj=line, reason=reason)
        audited_delete(actor=actor, obj=option, reason=reason)
    audited_delete(actor=actor, obj=case)


# Options (in a case) and lines (in an option) are both named children of a parent: one
# implementation of "unique name within the parent, ordered at the end, audited".

_DUPLICATE_NAME = {
    Option: _lazy("This case already has an option with this name."),
    CaseLine: _lazy("This option already has a line with this name."),
}


def _unique_name(model, parent_field: str, parent, name: str, exclude_pk=None) -> None:
    siblings = model.objects.for_org(parent.organization).filter(
        **{parent_field: parent, "name__iexact": name}
    )
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    if siblings.exists():
        raise ValidationError({"name": str(_DUPLICATE_NAME[model])})


@transaction.atomic
def _child_create(model, parent_field: str, parent, *, actor, **fields):
    require_role(actor, parent.organization, Role.EDITOR)
    _unique_name(model, parent_field, parent, fields.get("name", ""))
    siblings = model.objects.for_org(parent.organization).filter(**{parent_field: parent})
    fields.setdefault("position", siblings.count() + 1)
    return audited_create(
        actor=actor,
        model=model,
        organization=parent.organization,
        **{parent_field: parent},
        **fields,
    )


@transaction.atomic
def _child_update(obj, parent_field: str, *, actor, expected_version=None, **fields):
    require_role(actor, obj.organization, Role.EDITOR)
    if "name" in fields:
        _unique_name(type(obj), parent_field, getattr(obj, parent_field), fields["name"], obj.pk)
    return audited_update(actor=actor, obj=obj, expected_version=expected_version, **fields)


def option_create(*, actor, case: BusinessCase, **fields) -> Option:
    return _child_create(Option, "case", case, actor=actor, **fields)


def option_update(
    *, actor, option: Option, expected_version: int | None = None, **fields
) -> Option:
    return _child_update(option, "case", actor=actor, expected_version=expected_version, **fields)


#: Fields of a line copied into a variant (everything a person entered, and the counting).
_LINE_COPY_FIELDS = (*LINE_INPUT_FIELDS, "in_npv", "position")


def _variant_name(case: BusinessCase, name: str) -> str:
    """ "Name (variant)", or "Name (variant 2)" … when that is taken; within the 120 letters."""
    taken = {
        n.casefold()
        for n in Option.objects.for_org(case.organization)
        .filter(case=case)
        .values_list("name", flat=True)
    }
    number = 1
    while True:
        suffix = _(" (variant)") if number == 1 else _(" (variant %(n)s)") % {"n": number}
        candidate = name[: 120 - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


@transaction.atomic
def option_duplicate(*, actor, option: Option, name: str = "") -> Option:
    """Copy an option and its lines as a variant to change ("… (variant)"), each row audited,
    all in one transaction: a line refused leaves nothing behind."""
    require_role(actor, option.organization, Role.EDITOR)
    case = option.case
    reason = _("Copied from the option “%(name)s” as a variant.") % {"name": option.name}
    variant = _child_create(
        Option,
        "case",
        case,
        actor=actor,
        name=name.strip() or _variant_name(case, option.name),
        description=option.description,
        reason=reason,
    )
    for line in CaseLine.objects.for_org(option.organization).filter(option=option):
        audited_create(
            actor=actor,
            model=CaseLine,
            organization=option.organization,
            option=variant,
            reason=reason,
            **{field: getattr(line, field) for field in _LINE_COPY_FIELDS},
        )
    return variant


@transaction.atomic
def option_delete(*, actor, option: Option) -> None:
    require_role(actor, option.organization, Role.EDITOR)
    case = option.case
    if case.recommended_option_id == option.pk:
        audited_update(
            actor=actor,
            obj=case,
            recommended_option=None,
            reason=_("The recommended option was deleted."),
        )
    for line in list(option.lines.all()):
        audited_delete(actor=actor, obj=line, reason=_("Its option was deleted."))
    audited_delete(actor=actor, obj=option)


def line_create(*, actor, option: Option, **fields) -> CaseLine:
    if fields.get("in_npv") is None:  # not said: the category decides, as in files and the API
        fields["in_npv"] = default_in_npv(fields.get("category", ""))
    return _child_create(CaseLine, "option", option, actor=actor, **fields)


def line_update(
    *, actor, line: CaseLine, expected_version: int | None = None, **fields
) -> CaseLine:
    return _child_update(line, "option", actor=actor, expected_version=expected_version, **fields)


@transaction.atomic
def line_delete(*, actor, line: CaseLine) -> None:
    require_role(actor, line.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=line)


@transaction.atomic
def case_run_save(*, actor, case: BusinessCase, label: str, inputs: dict, results: dict) -> CaseRun:
    """Keep the figures shown, with the inputs, seed and version that produced them."""
    require_role(actor, case.organization, Role.EDITOR)
    run = CaseRun.objects.create(
        organization=case.organization,
        case=case,
        created_by=actor,
        label=label[:200],
        inputs=inputs,
        results=results,
        seed=case.seed,
        iterations=case.iterations,
        version=civicshift.__version__,
    )
    record_event(
        actor=actor,
        organization=case.organization,
        action=Action.CREATE,
        obj=run,
        changes={
            "label": [None, run.label],
            "seed": [None, run.seed],
            "iterations": [None, run.iterations],
        },
    )
    return run


class LineReplaceError(Exception):
    """A line the services refused during a replacement; everything was rolled back."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(index, error)
        self.index = index
        self.error = error


def option_lines_replace(*, actor, option: Option, lines: list[dict], source: str) -> int:
    """Replace every line of ``option`` with ``lines`` (all or nothing), e.g. from an uploaded
    template; each deletion and creation is audited, plus one import event naming the file.
    Raises LineReplaceError (with the row index) if a line is refused; nothing is kept."""
    require_role(actor, option.organization, Role.EDITOR)
    with transaction.atomic():
        old = list(CaseLine.objects.for_org(option.organization).filter(option=option))
        for line in old:
            line_delete(actor=actor, line=line)
        for index, fields in enumerate(lines):
            try:
                line_create(actor=actor, option=option, **fields)
            except ValidationError as exc:
                raise LineReplaceError(index, exc) from exc
        record_event(
            actor=actor,
            organization=option.organization,
            action=Action.IMPORT,
            obj=option,
            changes={"lines": [len(old), len(lines)]},
            reason=_("Lines replaced from the uploaded template %(file)s.") % {"file": source},
        )
    return len(lines)


class ModelApplyError(Exception):
    """The services refused part of an uploaded model; everything was rolled back. ``option``
    is the index of the option whose line was refused (None: the case's settings)."""

    def __init__(self, error: ValidationError, option: int | None = None, line: int = 0):
        super().__init__(error, option, line)
        self.error = error
        self.option = option
        self.line = line


def business_case_model_apply(
    *,
    actor,
    case: BusinessCase,
    fields: dict,
    options: list[tuple[Option, list[dict]]],
    source: str,
) -> int:
    """Apply an uploaded live-formula model: the case's settings (``business_case_update``)
    and every option's lines (``option_lines_replace``), all or nothing, each change audited,
    plus one import event naming the file. Returns the number of lines written; raises
    ModelApplyError (nothing kept) when a setting or a line is refused.

    A longer horizon (``fields["horizon_years"]``) is saved before the lines, so that lines in
    the new years fit; a shorter one after them, once no line runs past it."""
    require_role(actor, case.organization, Role.EDITOR)
    fields = dict(fields)
    before = case.horizon_years
    with transaction.atomic():
        if fields.get("horizon_years", before) > before:
            try:
                business_case_update(
                    actor=actor,
                    case=case,
                    reason=_("Horizon from the uploaded model %(file)s.") % {"file": source},
                    horizon_years=fields.pop("horizon_years"),
                )
            except ValidationError as exc:
                raise ModelApplyError(exc) from exc
        count = 0
        for index, (option, lines) in enumerate(options):
            option.case = case  # the lines are checked against the case as saved
            try:
                count += option_lines_replace(
                    actor=actor, option=option, lines=lines, source=source
                )
            except LineReplaceError as exc:
                raise ModelApplyError(exc.error, index, exc.index) from exc
        try:  # after the lines: the recommendation is checked against the new figures
            business_case_update(
                actor=actor,
                case=case,
                reason=_("Settings from the uploaded model %(file)s.") % {"file": source},
                **fields,
            )
        except ValidationError as exc:
            raise ModelApplyError(exc) from exc
        record_event(
            actor=actor,
            organization=case.organization,
            action=Action.IMPORT,
            obj=case,
            changes={
                "options": [None, len(options)],
                "lines": [None, count],
                **(
                    {"horizon_years": [before, case.horizon_years]}
                    if case.horizon_years != before
                    else {}
                ),
            },
            reason=_("The uploaded model %(file)s was applied.") % {"file": source},
        )
    return count
