"""The financing calculator: level payments on a loan, a lease or subscription, and a bond.

All three are the same annuity, solved by ``civicshift.core.finance.pmt`` (Excel's PMT):

* **Loan**: principal P at an annual rate r, repaid over ``years`` in ``payments_per_year``
  level payments at the end of each period (PMT's type 0). The rate per period is r / m, the
  number of payments years × m (Microsoft's PMT documentation: "make sure that you are
  consistent about the units … 12 %/12 for monthly payments"). Each row of the schedule is the
  textbook amortisation: interest = balance × rate per period, principal = payment − interest,
  balance − principal (Ross, Westerfield & Jordan, *Fundamentals of Corporate Finance*,
  "Amortized loans").
* **Lease or subscription**: the same annuity; with payment **in advance** (each period's
  payment at its start, PMT's type 1, an annuity-due) the first payment carries no interest.
* **Bond**: level debt service, one payment a year at the coupon (or yield) rate over the term,
  on a par amount of the money needed *plus* the issuance costs (underwriting, counsel,
  rating), given as a percentage of the money needed: par = amount × (1 + cost %). Annual debt
  service = −PMT(rate, term, par).

Amounts in are positive dollars; payments come out positive (PMT's sign turned). Rates are
decimals (0.045 = 4.5 %). Inputs outside plausible bounds raise ``FinancingError`` naming the
field, so a form or the API can put the message beside it. Floats inside (as the business case
engine), rounded to cents only when shown. No Django here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from civicshift.core.finance import pmt

KINDS = ("loan", "lease", "bond")
PAYMENTS_PER_YEAR = (1, 2, 4, 12)
MAX_AMOUNT = 1e12
MAX_RATE = 1.0  # 100 % a year
MAX_YEARS = 50
MAX_ISSUANCE_COST = 0.2  # 20 % of the money needed


class FinancingError(ValueError):
    """An input the calculator refuses; ``field`` names it (amount, rate, years, …)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Period:
    """One payment: its number (1 = first), the year of the term it falls in (1 = first),
    the payment, its interest and principal parts, and the balance after it."""

    number: int
    year: int
    payment: float
    interest: float
    principal: float
    balance: float


@dataclass(frozen=True)
class Financing:
    kind: str
    #: What is borrowed: the principal, or for a bond its par (amount plus issuance costs).
    principal: float
    annual_rate: float
    years: int
    payments_per_year: int
    in_advance: bool
    payment: float  # per period, positive
    schedule: tuple[Period, ...]
    #: The money needed before issuance costs (equal to ``principal`` but for a bond).
    amount: float = 0.0
    issuance_cost: float = 0.0  # the bond's costs in dollars

    @property
    def periods(self) -> int:
        return self.years * self.payments_per_year

    @property
    def total_paid(self) -> float:
        return self.payment * self.periods

    @property
    def total_interest(self) -> float:
        return self.total_paid - self.principal

    @property
    def annual_payment(self) -> float:
        """What one year of the term costs: the payments falling in it (for a bond, the annual
        debt service)."""
        return self.payment * self.payments_per_year

    def by_year(self) -> list[tuple[int, float, float, float]]:
        """Per year of the term: (year, payments, interest, principal)."""
        rows: dict[int, list[float]] = {}
        for p in self.schedule:
            row = rows.setdefault(p.year, [0.0, 0.0, 0.0])
            row[0] += p.payment
            row[1] += p.interest
            row[2] += p.principal
        return [(year, *values) for year, values in sorted(rows.items())]


def _number(value: object, field: str) -> float:
    if isinstance(value, bool):
        raise FinancingError(field, f"{field} must be a number.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FinancingError(field, f"{field} must be a number.") from None
    if not math.isfinite(number):
        raise FinancingError(field, f"{field} must be a finite number.")
    return number


def check_amount(value: object, field: str = "amount") -> float:
    amount = _number(value, field)
    if amount <= 0:
        raise FinancingError(field, "The amount must be more than zero.")
    if amount > MAX_AMOUNT:
        raise FinancingError(field, "The amount must be at most one trillion.")
    return amount


def check_rate(value: object, field: str = "rate") -> float:
    rate = _number(value, field)
    if rate < 0:
        raise FinancingError(field, "The rate cannot be negative.")
    if rate > MAX_RATE:
        raise FinancingError(field, "The rate must be at most 100 % a year.")
    return rate


def check_years(value: object, field: str = "years") -> int:
    years = _number(value, field)
    if years != int(years):
        raise FinancingError(field, "The term is a whole number of years.")
    if years < 1:
        raise FinancingError(field, "The term must be at least one year.")
    if years > MAX_YEARS:
        raise FinancingError(field, f"The term must be at most {MAX_YEARS} years.")
    return int(years)


def check_payments_per_year(value: object, field: str = "payments_per_year") -> int:
    count = _number(value, field)
    if count not in PAYMENTS_PER_YEAR:
        raise FinancingError(field, "Payments a year must be 1, 2, 4 or 12.")
    return int(count)


def _schedule(
    principal: float, rate: float, periods: int, per_year: int, payment: float, advance: bool
) -> tuple[Period, ...]:
    rows = []
    balance = principal
    for n in range(1, periods + 1):
        # In advance the payment comes at the start of the period, before any interest runs:
        # the first one is all principal, and each later one pays the interest the balance
        # earned over the period before.
        interest = 0.0 if advance and n == 1 else balance * rate
        part = payment - interest
        balance -= part
        if n == periods:
            balance = 0.0 if abs(balance) < 1e-6 * max(principal, 1.0) else balance
        rows.append(Period(n, (n - 1) // per_year + 1, payment, interest, part, balance))
    return tuple(rows)


def annuity(
    principal: object,
    annual_rate: object,
    years: object,
    payments_per_year: object = 12,
    *,
    in_advance: bool = False,
    kind: str = "loan",
) -> Financing:
    """Level payments on ``principal`` (a loan, or a lease or subscription with
    ``in_advance`` for payments at the start of each period)."""
    p = check_amount(principal, "amount")
    r = check_rate(annual_rate, "rate")
    y = check_years(years, "years")
    m = check_payments_per_year(payments_per_year, "payments_per_year")
    per_period = r / m
    payment = -pmt(per_period, y * m, p, 0.0, "begin" if in_advance else "end")
    return Financing(
        kind=kind,
        principal=p,
        amount=p,
        annual_rate=r,
        years=y,
        payments_per_year=m,
        in_advance=bool(in_advance),
        payment=payment,
        schedule=_schedule(p, per_period, y * m, m, payment, bool(in_advance)),
    )


def loan(principal: object, annual_rate: object, years: object, payments_per_year: object = 12):
    return annuity(principal, annual_rate, years, payments_per_year, kind="loan")


def lease(
    principal: object,
    annual_rate: object,
    years: object,
    payments_per_year: object = 12,
    *,
    in_advance: bool = True,
) -> Financing:
    return annuity(
        principal, annual_rate, years, payments_per_year, in_advance=in_advance, kind="lease"
    )


def bond(amount: object, rate: object, years: object, issuance_cost: object = 0.0) -> Financing:
    """Level annual debt service on a bond whose par is ``amount`` plus issuance costs of
    ``issuance_cost`` (a decimal share of ``amount``, 0.02 = 2 %)."""
    need = check_amount(amount, "amount")
    cost_share = _number(issuance_cost, "issuance_cost")
    if cost_share < 0:
        raise FinancingError("issuance_cost", "Issuance costs cannot be negative.")
    if cost_share > MAX_ISSUANCE_COST:
        raise FinancingError(
            "issuance_cost", "Issuance costs above 20 % of the amount are not plausible."
        )
    par = need * (1.0 + cost_share)
    r = check_rate(rate, "rate")
    y = check_years(years, "years")
    service = -pmt(r, y, par)
    return Financing(
        kind="bond",
        principal=par,
        amount=need,
        issuance_cost=par - need,
        annual_rate=r,
        years=y,
        payments_per_year=1,
        in_advance=False,
        payment=service,
        schedule=_schedule(par, r, y, 1, service, False),
    )


def calculate(
    kind: str,
    *,
    amount: object,
    rate: object,
    years: object,
    payments_per_year: object = 12,
    in_advance: bool = False,
    issuance_cost: object = 0.0,
) -> Financing:
    """One entry point for the page, the API and the command line."""
    if kind == "loan":
        return loan(amount, rate, years, payments_per_year)
    if kind == "lease":
        return lease(amount, rate, years, payments_per_year, in_advance=in_advance)
    if kind == "bond":
        return bond(amount, rate, years, issuance_cost)
    raise FinancingError("kind", "Choose a loan, a lease or subscription, or a bond.")
