"""Uniform Guidance thresholds as revised by OMB in 2024 (89 FR 30046, 22 April 2024; awards
from 2024-10-01): 2 CFR 200.501(a) Single Audit when a non-federal entity expends $1,000,000 or
more in federal awards in its fiscal year; 2 CFR 200.1 equipment at a per-unit cost of $10,000;
2 CFR 200.414(f) de minimis indirect rate up to 15 % of modified total direct costs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from civicshift.core.funding import uniform_guidance as ug


def test_thresholds_per_the_2024_revision():
    assert ug.single_audit_threshold(date(2024, 10, 1)) == Decimal(1_000_000)
    assert ug.single_audit_threshold(date(2024, 9, 30)) == Decimal(750_000)  # before the revision
    assert Decimal(10_000) == ug.EQUIPMENT_THRESHOLD
    assert Decimal("0.15") == ug.DE_MINIMIS_INDIRECT_RATE


def test_equipment_and_de_minimis():
    assert ug.is_equipment(Decimal(10_000)) and not ug.is_equipment(Decimal("9999.99"))
    assert not ug.is_equipment(Decimal(20_000), useful_life_years=1)
    assert ug.de_minimis_indirect(Decimal(200_000)) == Decimal("30000.00")


def test_single_audit_flag_per_fiscal_year():
    planned = [
        ug.PlannedFederalAmount(2026, Decimal(600_000), "SLCGP"),
        ug.PlannedFederalAmount(2026, Decimal(400_000), "COPS"),  # FY2026: exactly 1,000,000
        ug.PlannedFederalAmount(2027, Decimal(999_999), "CDBG"),
    ]
    flags = ug.single_audit_flags(planned)
    assert [(f.fiscal_year, f.crosses) for f in flags] == [(2026, True), (2027, False)]
    assert "2 CFR 200.501" in flags[0].message and "$1,000,000" in flags[0].message
