"""Write paths for an initiative's funding mix: add, change and remove a line, and add a
financing's payments as one line per fiscal year. Each checks the role, keeps the fiscal year
inside the business case's years, and writes the audit record in the same transaction."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.cases.models import BusinessCase
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import FundingMixLine, SourceKind, SourceStatus
from .selectors_mix import case_years


def _check_fiscal_year(initiative, fiscal_year) -> None:
    """A fiscal year of the business case (any plausible one when there is no case yet)."""
    if fiscal_year is None:
        return
    case = BusinessCase.objects.for_org(initiative.organization).filter(initiative=initiative)
    years = case_years(case.first())
    if years and int(fiscal_year) not in years:
        raise ValidationError(
            {
                "fiscal_year": _(
                    "FY%(year)s is outside the business case's years, FY%(first)s to "
                    "FY%(last)s. Choose one of those, or change the case's first year or "
                    "horizon."
                )
                % {"year": fiscal_year, "first": years[0], "last": years[-1]}
            }
        )


@transaction.atomic
def mix_line_create(*, actor, initiative, **fields) -> FundingMixLine:
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    _check_fiscal_year(initiative, fields.get("fiscal_year"))
    return audited_create(
        actor=actor,
        model=FundingMixLine,
        organization=organization,
        initiative=initiative,
        **fields,
    )


@transaction.atomic
def mix_line_update(
    *, actor, line: FundingMixLine, expected_version: int | None = None, **fields
) -> FundingMixLine:
    require_role(actor, line.organization, Role.EDITOR)
    fields.pop("initiative", None)  # a line stays with its initiative
    if "fiscal_year" in fields:
        _check_fiscal_year(line.initiative, fields["fiscal_year"])
    return audited_update(actor=actor, obj=line, expected_version=expected_version, **fields)


@transaction.atomic
def mix_line_delete(*, actor, line: FundingMixLine) -> None:
    require_role(actor, line.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=line)


FINANCING_KINDS = (SourceKind.LEASE, SourceKind.OPERATING_BUDGET, SourceKind.BOND_LOAN)


@transaction.atomic
def mix_lines_from_payments(
    *,
    actor,
    initiative,
    first_fiscal_year: int,
    annual_amounts: list[Decimal],
    kind: str,
    name: str,
    status: str = SourceStatus.PLANNED,
    notes: str = "",
) -> list[FundingMixLine]:
    """One line per fiscal year from ``first_fiscal_year``, each the year's payments. Every
    year must be one of the case's: all the lines are written, or none."""
    require_role(actor, initiative.organization, Role.EDITOR)
    if kind not in FINANCING_KINDS:
        raise ValidationError({"kind": _("Choose lease, operating budget, or bond or loan.")})
    if not annual_amounts:
        raise ValidationError({"first_fiscal_year": _("There are no payments to add.")})
    last = first_fiscal_year + len(annual_amounts) - 1
    _check_fiscal_year(initiative, first_fiscal_year)
    try:
        _check_fiscal_year(initiative, last)
    except ValidationError:
        raise ValidationError(
            {
                "first_fiscal_year": _(
                    "The payments run to FY%(last)s, past the business case's last year. "
                    "Start earlier, shorten the term, or lengthen the case's horizon."
                )
                % {"last": last}
            }
        ) from None
    return [
        mix_line_create(
            actor=actor,
            initiative=initiative,
            fiscal_year=first_fiscal_year + i,
            kind=kind,
            name=name,
            amount=amount,
            status=status,
            notes=notes,
        )
        for i, amount in enumerate(annual_amounts)
    ]
