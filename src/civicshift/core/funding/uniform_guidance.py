"""Uniform Guidance thresholds (2 CFR part 200) as revised in 2024, and the Single Audit check.

OMB's revision of 2 CFR 200 (89 FR 30046, 22 April 2024) applies to federal awards made on or
after 1 October 2024. The figures used here:

* Single Audit: a non-federal entity that *expends* $1,000,000 or more of federal awards in its
  fiscal year must have a single or program-specific audit (2 CFR 200.501(a); $750,000 before).
* Equipment: tangible property with a per-unit acquisition cost of $10,000 or more and a useful
  life of more than one year (2 CFR 200.1, "Equipment"; $5,000 before).
* De minimis indirect cost rate: up to 15 % of modified total direct costs (2 CFR 200.414(f);
  10 % before).

Planned awards stand in for expenditure: the check flags a fiscal year whose planned federal
amounts reach the threshold, which is when the finance office should budget for the audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

EFFECTIVE = date(2024, 10, 1)
SINGLE_AUDIT_THRESHOLD = Decimal("1000000")  # 2 CFR 200.501(a), awards from 2024-10-01
SINGLE_AUDIT_THRESHOLD_BEFORE = Decimal("750000")
EQUIPMENT_THRESHOLD = Decimal("10000")  # 2 CFR 200.1 "Equipment"
EQUIPMENT_THRESHOLD_BEFORE = Decimal("5000")
DE_MINIMIS_INDIRECT_RATE = Decimal("0.15")  # 2 CFR 200.414(f)
DE_MINIMIS_INDIRECT_RATE_BEFORE = Decimal("0.10")


@dataclass(frozen=True)
class PlannedFederalAmount:
    fiscal_year: int
    amount: Decimal
    source: str = ""


@dataclass(frozen=True)
class SingleAuditFlag:
    fiscal_year: int
    total: Decimal
    threshold: Decimal
    crosses: bool
    message: str


def single_audit_threshold(award_date: date | None = None) -> Decimal:
    """$1,000,000 for awards from 2024-10-01 (2 CFR 200.501), $750,000 before."""
    if award_date is not None and award_date < EFFECTIVE:
        return SINGLE_AUDIT_THRESHOLD_BEFORE
    return SINGLE_AUDIT_THRESHOLD


def is_equipment(unit_cost: Decimal, useful_life_years: float = 2) -> bool:
    """Equipment under 2 CFR 200.1: per-unit cost of $10,000 or more, useful life over a year."""
    return unit_cost >= EQUIPMENT_THRESHOLD and useful_life_years > 1


def de_minimis_indirect(modified_total_direct_costs: Decimal) -> Decimal:
    """The most a de minimis indirect rate allows: 15 % of MTDC (2 CFR 200.414(f))."""
    return (modified_total_direct_costs * DE_MINIMIS_INDIRECT_RATE).quantize(Decimal("0.01"))


def single_audit_flags(
    planned: Iterable[PlannedFederalAmount], threshold: Decimal = SINGLE_AUDIT_THRESHOLD
) -> list[SingleAuditFlag]:
    """One flag per fiscal year with its planned federal total; ``crosses`` when the total
    reaches the threshold ("expends $1,000,000 or more", so equality crosses)."""
    totals: dict[int, Decimal] = {}
    for item in planned:
        totals[item.fiscal_year] = totals.get(item.fiscal_year, Decimal(0)) + item.amount
    flags = []
    for year in sorted(totals):
        total = totals[year]
        crosses = total >= threshold
        if crosses:
            message = (
                f"FY{year}: planned federal awards of ${total:,.0f} reach the Single Audit "
                f"threshold of ${threshold:,.0f} (2 CFR 200.501); budget for a Single Audit."
            )
        else:
            message = (
                f"FY{year}: planned federal awards of ${total:,.0f} stay below the Single Audit "
                f"threshold of ${threshold:,.0f} (2 CFR 200.501)."
            )
        flags.append(SingleAuditFlag(year, total, threshold, crosses, message))
    return flags
