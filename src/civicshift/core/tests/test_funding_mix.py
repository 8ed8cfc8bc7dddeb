"""The funding mix per fiscal year and the financing calculator (``core.funding.mix``,
``core.funding.financing``), against figures published outside this project."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest

from civicshift.core.finance import pmt
from civicshift.core.funding.financing import FinancingError, bond, calculate, lease, loan
from civicshift.core.funding.mix import Source, funding_mix

D = Decimal


# --- the calculator against published figures ----------------------------------------------


def test_pmt_matches_microsofts_documented_examples():
    # Microsoft, "PMT function" (support.microsoft.com/en-us/office/pmt-function-0214da64-9a63-
    # 4996-bc20-214433fa6441): =PMT(8%/12,10,10000) returns -1,037.03 (10 monthly payments on
    # $10,000 at 8 %) and =PMT(8%/12,10,10000,0,1) returns -1,030.16 (payments in advance).
    # The calculator's loans and leases are this function with the sign turned.
    assert round(pmt(0.08 / 12, 10, 10000), 2) == -1037.03
    assert round(pmt(0.08 / 12, 10, 10000, 0, "begin"), 2) == -1030.16


def test_monthly_loan_matches_libreoffices_documented_example():
    # LibreOffice Help, "PMT": "PMT(1.99%/12;36;25000) = -715.96 currency units" (a 3-year
    # loan of 25,000 at 1.99 % a year, paid monthly).
    result = loan(25000, 0.0199, 3, 12)
    assert round(result.payment, 2) == 715.96
    assert result.periods == 36
    assert round(result.total_interest, 2) == round(715.9553344 * 36 - 25000, 2)


def test_annual_loan_schedule_matches_the_textbook_amortisation_table():
    # Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 6 "Amortized loans":
    # $5,000 at 9 % over 5 years with level annual payments of $1,285.46; the table's interest
    # 450.00, 374.81, 292.85, 203.51, 106.14 (total 1,427.31), principal 835.46, 910.65,
    # 992.61, 1,081.95, 1,179.32, ending balances 4,164.54, 3,253.88, 2,261.27, 1,179.32, 0.
    result = loan(5000, 0.09, 5, 1)
    assert round(result.payment, 2) == 1285.46
    assert [round(p.interest, 2) for p in result.schedule] == [
        450.00,
        374.81,
        292.85,
        203.51,
        106.14,
    ]
    assert [round(p.principal, 2) for p in result.schedule] == [
        835.46,
        910.65,
        992.61,
        1081.95,
        1179.32,
    ]
    assert [round(p.balance, 2) for p in result.schedule] == [
        4164.54,
        3253.88,
        2261.27,
        1179.32,
        0.0,
    ]
    assert round(result.total_interest, 2) == 1427.31


@pytest.mark.parametrize("advance", [False, True], ids=["arrears", "advance"])
def test_every_row_of_a_monthly_schedule_matches_numpy_financial(advance):
    # numpy-financial 1.0 (an independent implementation of the spreadsheet functions): pmt,
    # ipmt and ppmt per period, with when="begin" for payments in advance (an annuity-due,
    # Excel's type 1); its interest and principal are negative (money paid).
    result = lease(48000, 0.06, 4, 12, in_advance=advance)
    when = "begin" if advance else "end"
    rate, n = 0.06 / 12, 48
    assert result.payment == pytest.approx(-float(npf.pmt(rate, n, 48000, when=when)), abs=1e-9)
    for period in result.schedule:
        k = period.number
        interest = -float(npf.ipmt(rate, k, n, 48000, when=when))
        principal = -float(npf.ppmt(rate, k, n, 48000, when=when))
        assert period.interest == pytest.approx(interest, abs=1e-6), k
        assert period.principal == pytest.approx(principal, abs=1e-6), k
    assert result.schedule[-1].balance == 0.0
    if advance:  # the first payment, made at signing, carries no interest
        assert result.schedule[0].interest == 0.0
    assert result.by_year()[0][1] == pytest.approx(result.payment * 12)


def test_bond_level_debt_service_on_par_plus_issuance_costs():
    # Level debt service = PMT(rate, term, par), par = the money needed plus issuance costs
    # (2 % of $1,000,000): numpy-financial's pmt(0.04, 20, 1_020_000) = -75,053.39.
    result = bond(1_000_000, 0.04, 20, 0.02)
    assert result.principal == 1_020_000
    assert round(result.issuance_cost, 2) == 20000.00
    assert round(result.annual_payment, 2) == round(-float(npf.pmt(0.04, 20, 1_020_000)), 2)
    assert round(result.annual_payment, 2) == 75053.39
    assert len(result.schedule) == 20 and result.payments_per_year == 1
    assert sum(p.principal for p in result.schedule) == pytest.approx(1_020_000)


def test_zero_rate_is_the_principal_spread_evenly():
    result = loan(12000, 0, 1, 12)
    assert result.payment == 1000
    assert result.total_interest == 0


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"amount": -5}, "amount", "more than zero"),
        ({"amount": 0}, "amount", "more than zero"),
        ({"amount": 1e13}, "amount", "at most"),
        ({"amount": "lots"}, "amount", "number"),
        ({"amount": float("nan")}, "amount", "finite"),
        ({"rate": 1.5}, "rate", "100 %"),
        ({"rate": -0.01}, "rate", "negative"),
        ({"years": 500}, "years", "at most 50"),
        ({"years": 0}, "years", "at least one"),
        ({"years": 2.5}, "years", "whole"),
        ({"payments_per_year": 7}, "payments_per_year", "1, 2, 4 or 12"),
    ],
)
def test_implausible_inputs_are_refused_naming_the_field(kwargs, field, words):
    values = {"amount": 10000, "rate": 0.05, "years": 5, "payments_per_year": 12} | kwargs
    with pytest.raises(FinancingError) as caught:
        calculate("loan", **values)
    assert caught.value.field == field
    assert words in caught.value.message


def test_bond_issuance_cost_and_kind_are_checked():
    with pytest.raises(FinancingError) as caught:
        bond(1000, 0.04, 10, 0.5)
    assert caught.value.field == "issuance_cost"
    with pytest.raises(FinancingError) as caught:
        calculate("swap", amount=1, rate=0, years=1)
    assert caught.value.field == "kind"


# --- the mix per fiscal year -----------------------------------------------------------------


def test_mix_per_year_gap_surplus_and_status():
    sources = [
        Source(2027, "grant", "committed", D("150000.00")),
        Source(2027, "capital_budget", "planned", D("50000.00")),
        Source(2028, "operating_budget", "requested", D("40000.00")),
        Source(2028, "grant", "committed", D("30000.00")),
    ]
    costs = {2027: (200000.004, 10000.0), 2028: (0.0, 60000.0), 2029: (0.0, 60000.0)}
    mix = funding_mix(sources, case_years=[2027, 2028, 2029], costs=costs)
    y27, y28, y29 = mix.years
    assert y27.cost.total == D("210000.00")
    assert y27.funded == D("200000.00") and y27.gap == D("10000.00")
    assert y27.committed == D("150000.00") and y27.uncommitted_gap == D("60000.00")
    assert y28.gap == D("-10000.00")  # a surplus: more lined up than spent that year
    assert y28.by_status["requested"] == D("40000.00")
    assert y29.funded == 0 and y29.gap == D("60000.00")
    assert mix.total("cost") == D("330000.00")
    assert mix.total("funded") == D("270000.00")
    assert mix.total("gap") == D("60000.00")
    assert mix.kind_total("grant") == D("180000.00")
    assert mix.status_total("planned") == D("50000.00")
    assert mix.years_short == (2027, 2029)
    assert mix.kinds_used == ("grant", "capital_budget", "operating_budget")


def test_mix_without_costs_and_a_source_outside_the_case_years():
    mix = funding_mix([Source(2031, "bond_loan", "planned", D("1.00"))], case_years=[2027])
    assert not mix.has_costs
    assert [y.fiscal_year for y in mix.years] == [2027, 2031]
    assert mix.years[1].in_case is False and mix.years[1].gap is None
    assert mix.total("gap") is None and mix.total("funded") == D("1.00")


def test_a_source_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Source(2027, "lottery", "planned", D("1"))
