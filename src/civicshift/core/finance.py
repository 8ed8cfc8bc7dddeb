"""Discounted-cash-flow measures for business cases: NPV, IRR, MIRR, XNPV, XIRR, PMT and payback.

Small pure functions on plain numbers (``float``, ``int``, ``Decimal``) and numpy arrays, without
Django. A council approves money on these figures, so each function states the convention it
follows and where that convention is documented; the tests check every function against the
examples Microsoft publishes for the matching Excel function, and NPV and IRR against
numpy-financial on random cash flows.

Conventions shared by every function here
-----------------------------------------
* A *cash flow* list ``values`` holds one net amount per period. ``values[0]`` happens **now**
  (t = 0, the start of the first period, not discounted); ``values[t]`` happens at the **end of
  period t** and is discounted by ``(1 + rate) ** t``. This is numpy-financial's convention
  (https://numpy.org/numpy-financial/latest/npv.html) and the one a business case needs, where
  period 0 is the year the money is first spent.
* Money paid out is negative, money received (or saved) is positive, as in Excel.
* A ``rate`` is per period, as a fraction (0.03 for 3 %), and must be greater than -1 (-100 %).
* A measure that does not exist for the cash flows given (an IRR for cash flows that never change
  sign, a payback that is not reached within the horizon) is returned as ``None``, never as a
  made-up number.
* Bad input (an empty list, NaN or infinity, a rate at or below -100 %, lists of different
  lengths, text where a number belongs) raises ``ValueError`` whose message names the argument.

Relation to Excel
-----------------
Excel's ``NPV(rate, value1, ..., valueN)`` discounts its *first* value by one period: it treats
value1 as arriving at the end of period 1 (Microsoft, "NPV function",
https://support.microsoft.com/en-us/office/npv-function-8672cb67-2576-4d07-b67b-ac28acf2a568).
So ``Excel NPV(r, v1, ..., vn) == npv(r, [0, v1, ..., vn])``, and the usual spreadsheet idiom
``=NPV(r, B2:B11) + B1`` equals ``npv(r, [B1, B2, ..., B11])``. IRR, MIRR, XNPV, XIRR and PMT
follow Excel's conventions directly; each function's docstring cites its page.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

__all__ = [
    "discount_factors",
    "discounted_payback_period",
    "irr",
    "irr_all",
    "mirr",
    "npv",
    "payback_period",
    "payback_periods",
    "pmt",
    "xirr",
    "xnpv",
]

FloatArray = NDArray[np.float64]

#: Cumulative cash flows within this fraction of the gross flows count as zero in payback, so
#: that an exact break-even (say -1.10, 0.70, 0.40) is not lost to binary rounding.
_PAYBACK_TOLERANCE = 1e-12

#: Rates of return are searched for between about -99.9999 % and +1,000,000 % per period, on a
#: grid in u = ln(1 + rate) with this step (a 0.5 % change in 1 + rate between grid points).
_U_MIN = math.log(1e-6)
_U_MAX = math.log1p(1e4)
_U_STEP = 0.005

#: A candidate rate of return is accepted only if NPV at that rate is this small relative to the
#: gross present value of the flows (the sum of their absolute values, discounted).
_ROOT_RESIDUAL = 1e-9


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real | Decimal) and not isinstance(x, bool)


def _check_number(value: object, name: str) -> float:
    """A finite real number, as float; ValueError naming ``name`` otherwise."""
    if not _is_number(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _check_rate(rate: object, name: str = "rate") -> float:
    """A finite rate per period greater than -1 (-100 %)."""
    number = _check_number(rate, name)
    if number <= -1.0:
        raise ValueError(f"{name} must be greater than -1 (-100%), got {number!r}")
    return number


def _check_values(values: ArrayLike, name: str = "values", *, allow_2d: bool = False) -> FloatArray:
    """Cash flows as a float64 array: 1-D (or 2-D, one row per scenario), non-empty, finite."""
    if isinstance(values, str | bytes):
        raise ValueError(f"{name} must be a sequence of numbers, got a string")
    try:
        raw = np.asarray(values)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(f"{name} must be a list of numbers: {exc}") from None
    if raw.dtype.kind == "O":
        flat = raw.ravel()
        bad = [x for x in flat if not _is_number(x)]
        if bad:
            raise ValueError(f"{name} must contain only numbers, found {bad[0]!r}")
        array = raw.astype(np.float64)
    elif raw.dtype.kind in "iuf":
        array = raw.astype(np.float64, copy=False)
    else:
        raise ValueError(f"{name} must contain only numbers, got an array of {raw.dtype}")
    if array.ndim == 0:
        raise ValueError(f"{name} must be a sequence of numbers, got a single number")
    if array.ndim > (2 if allow_2d else 1):
        shape = "a 1-D or 2-D" if allow_2d else "a 1-D"
        raise ValueError(f"{name} must be {shape} sequence of numbers, got shape {array.shape}")
    if array.shape[-1] == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must not contain NaN or infinity")
    return array


def _check_dates(dates: Sequence[_dt.date], count: int) -> FloatArray:
    """Years from the first date (actual days / 365) for Excel's XNPV and XIRR."""
    if isinstance(dates, str | bytes) or not isinstance(dates, Sequence | np.ndarray):
        raise ValueError("dates must be a sequence of datetime.date")
    if len(dates) != count:
        raise ValueError(
            f"values and dates must have the same length, got {count} values and {len(dates)} dates"
        )
    days: list[int] = []
    for i, day in enumerate(dates):
        if not isinstance(day, _dt.date):
            raise ValueError(f"dates[{i}] must be a datetime.date, got {day!r}")
        if isinstance(day, _dt.datetime):  # Excel ignores the time of day
            day = day.date()
        days.append(day.toordinal())
    first = days[0]
    for i, day in enumerate(days):
        if day < first:
            raise ValueError(
                f"dates[{i}] ({dates[i]}) is before the first date ({dates[0]}); "
                "the first date is the start of the schedule"
            )
    return (np.asarray(days, dtype=np.float64) - first) / 365.0


# --------------------------------------------------------------------------------------------
# NPV and discounting
# --------------------------------------------------------------------------------------------


def discount_factors(rate: float, periods: int) -> FloatArray:
    """``1 / (1 + rate) ** t`` for t = 0 .. periods - 1 (the factor for period 0 is 1).

    Computed as ``exp(-t * log1p(rate))``, which stays accurate for rates close to 0.
    """
    r = _check_rate(rate)
    if isinstance(periods, bool) or not isinstance(periods, numbers.Integral) or periods < 1:
        raise ValueError(f"periods must be a positive whole number, got {periods!r}")
    t = np.arange(int(periods), dtype=np.float64)
    with np.errstate(over="ignore"):
        factors = np.exp(-t * math.log1p(r))
    if not np.isfinite(factors).all():
        raise ValueError(
            f"rate {r!r} is too close to -1 (-100%) for {periods} periods: "
            "the discount factors overflow"
        )
    return factors


def npv(rate: float, values: ArrayLike) -> float | FloatArray:
    """Net present value: ``sum(values[t] / (1 + rate) ** t for t = 0, 1, ...)``.

    ``values[0]`` is at t = 0 and is **not** discounted (numpy-financial's convention,
    https://numpy.org/numpy-financial/latest/npv.html). Excel's NPV instead discounts its first
    argument by one period (https://support.microsoft.com/en-us/office/
    npv-function-8672cb67-2576-4d07-b67b-ac28acf2a568), so
    ``Excel NPV(r, v1, ..., vn) == npv(r, [0, v1, ..., vn])`` and
    ``Excel NPV(r, v1, ..., vn) + v0 == npv(r, [v0, v1, ..., vn])``.

    ``values`` may be one cash-flow list (returns a float) or a 2-D array with one cash-flow list
    per row, e.g. one row per Monte Carlo iteration (returns an array with one NPV per row).
    """
    array = _check_values(values, allow_2d=True)
    factors = discount_factors(rate, array.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        result = array @ factors
    if not np.isfinite(result).all():
        raise ValueError("npv overflowed: the values are too large for this rate")
    if array.ndim == 1:
        return float(result)
    return result


def xnpv(rate: float, values: ArrayLike, dates: Sequence[_dt.date]) -> float:
    """Net present value of cash flows on given dates (Excel's XNPV convention).

    ``sum(values[i] / (1 + rate) ** ((dates[i] - dates[0]).days / 365))``: the first date is the
    start of the schedule (not discounted), every amount is discounted by actual days / 365 from
    it, and the other dates may come in any order but not before the first (Microsoft, "XNPV
    function", https://support.microsoft.com/en-us/office/
    xnpv-function-1b42bbf6-370f-4532-a0eb-d67c16b664b7). ``rate`` is an annual rate. A
    ``datetime.datetime`` counts as its date: Excel ignores the time of day.
    """
    r = _check_rate(rate)
    array = _check_values(values)
    years = _check_dates(dates, array.size)
    with np.errstate(over="ignore", invalid="ignore"):
        result = float(array @ np.exp(-years * math.log1p(r)))
    if not math.isfinite(result):
        raise ValueError("xnpv overflowed: the values are too large for this rate")
    return result


# --------------------------------------------------------------------------------------------
# Rates of return
# --------------------------------------------------------------------------------------------


def _sign_changes(array: FloatArray) -> int:
    signs = np.sign(array[array != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _scaled_npv(array: FloatArray, times: FloatArray, u: FloatArray) -> FloatArray:
    """NPV at rates ``expm1(u)``, each multiplied by a positive factor that prevents overflow.

    NPV(u) = sum(v_i * exp(-u * t_i)). The sum is multiplied by exp(u * t_min) for u >= 0 and by
    exp(u * t_max) for u < 0: a positive factor that keeps every exponent <= 0, so nothing
    overflows and the sign, hence every root, is unchanged.
    """
    shift = np.where(u < 0, times.max(), times.min())
    exponents = -u[:, None] * (times[None, :] - shift[:, None])
    with np.errstate(under="ignore"):
        return np.exp(exponents) @ array


def _gross_pv(array: FloatArray, times: FloatArray, u: float) -> float:
    shift = times.max() if u < 0 else times.min()
    with np.errstate(under="ignore"):
        return float(np.exp(-u * (times - shift)) @ np.abs(array))


def _rate_roots(
    array: FloatArray, times: FloatArray, candidates: Sequence[float] = ()
) -> list[float]:
    """Every rate > -1 (within the searched range) at which the NPV of the flows is zero.

    Brackets come from sign changes of the NPV on a fine grid in u = ln(1 + rate), plus small
    brackets around ``candidates`` (e.g. polynomial roots), each solved with Brent's method
    (scipy.optimize.brentq). A root is kept only if the NPV there is negligible relative to the
    gross present value. Returns rates in increasing order.
    """
    keep = array != 0  # zero flows add nothing; dropping them keeps the scaling tight
    array, times = array[keep], times[keep]

    def f(u: float) -> float:
        return float(_scaled_npv(array, times, np.array([u]))[0])

    brackets: list[tuple[float, float]] = []
    grid = np.arange(_U_MIN, _U_MAX + _U_STEP, _U_STEP)
    values = _scaled_npv(array, times, grid)
    signs = np.sign(values)
    exact = grid[signs == 0]
    for i in np.nonzero(signs[:-1] * signs[1:] < 0)[0]:
        brackets.append((float(grid[i]), float(grid[i + 1])))
    touching: list[float] = [float(u) for u in exact]
    for rate in candidates:
        u0 = math.log1p(rate)
        s0 = np.sign(f(u0))
        if s0 == 0:
            touching.append(u0)
            continue
        step = 1e-9 * max(1.0, abs(u0))
        while step < 0.05:
            lo, hi = u0 - step, u0 + step
            if np.sign(f(lo)) == -s0:
                brackets.append((lo, u0))
                break
            if np.sign(f(hi)) == -s0:
                brackets.append((u0, hi))
                break
            step *= 8
        else:  # no sign change nearby: a double root (touching zero) or a false candidate
            touching.append(u0)

    roots: list[float] = []
    for lo, hi in brackets:
        try:
            u = brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=200)
        except (RuntimeError, ValueError):  # did not converge: no number rather than a wrong one
            continue
        roots.append(u)
    for u in touching:
        roots.append(u)

    accepted: list[float] = []
    for u in sorted(roots):
        scale = _gross_pv(array, times, u)
        if scale == 0 or abs(f(u)) > _ROOT_RESIDUAL * scale:
            continue
        if accepted and abs(u - accepted[-1]) <= 1e-9 * max(1.0, abs(u)):
            continue
        accepted.append(u)
    return [float(np.expm1(u)) for u in accepted]


def _nearest_zero(rates: list[float]) -> float | None:
    if not rates:
        return None
    # nearest to 0; on a tie, the positive one
    return min(rates, key=lambda r: (abs(r), r < 0))


def irr_all(values: ArrayLike) -> list[float]:
    """Every internal rate of return of the periodic cash flows, in increasing order.

    An empty list means IRR is not defined. More than one rate is possible only when the flows
    change sign more than once (Descartes' rule of signs); a business case should then rely on
    NPV or MIRR instead. Roots of the NPV polynomial are found at any rate > -1; the additional
    grid scan covers rates between about -99.9999 % and +1,000,000 % per period.
    """
    array = _check_values(values)
    if _sign_changes(array) == 0:
        return []
    # Candidates: real positive roots x = 1 / (1 + rate) of the polynomial sum(v_t * x**t),
    # as numpy-financial computes them; the grid scan in _rate_roots catches any it misses.
    nonzero = np.nonzero(array)[0]
    trimmed = array[: nonzero[-1] + 1]
    candidates: list[float] = []
    if trimmed.size > 1:
        with np.errstate(all="ignore"):
            poly_roots = np.roots(trimmed[::-1])
        for x in poly_roots:
            if x.real > 0 and abs(x.imag) <= 1e-6 * abs(x):
                rate = 1.0 / x.real - 1.0
                if rate > -1.0 and math.isfinite(rate):
                    candidates.append(rate)
    times = np.arange(array.size, dtype=np.float64)
    return _rate_roots(array, times, candidates)


def irr(values: ArrayLike) -> float | None:
    """Internal rate of return per period: the rate at which ``npv(rate, values) == 0``.

    Returns ``None`` ("not defined") when the cash flows never change sign, when no rate makes
    the NPV zero, or when the solver does not converge: never a wrong number.

    Method: the candidate roots of the NPV polynomial (as numpy-financial computes them,
    https://numpy.org/numpy-financial/latest/irr.html) and every sign change of the NPV on a
    fine grid of rates are each refined with Brent's method and kept only if the NPV there is
    negligible. When the cash flows change sign once (the usual invest-then-benefit case) the
    rate is unique. When they change sign more than once there can be several rates; this
    function then returns the one **nearest to zero** (the positive one on a tie), which is also
    numpy-financial's choice; use :func:`irr_all` to see them all. Excel's IRR
    (https://support.microsoft.com/en-us/office/irr-function-64925eaa-9988-495b-b290-3ad0c163c1bc)
    iterates from a guess of 10 % and finds the same unique rate where one exists.
    """
    return _nearest_zero(irr_all(values))


def mirr(values: ArrayLike, finance_rate: float, reinvest_rate: float) -> float | None:
    """Modified internal rate of return (Excel's MIRR convention).

    Payments (negative values) are discounted to t = 0 at ``finance_rate``, receipts (positive
    values) are compounded to the last period at ``reinvest_rate``, and
    ``MIRR = (FV(receipts) / -PV(payments)) ** (1 / (n - 1)) - 1`` with n = len(values)
    (Microsoft, "MIRR function", https://support.microsoft.com/en-us/office/
    mirr-function-b020f038-7492-4fb4-93c1-35c345b53524; numpy-financial's ``mirr`` is the same).
    Unlike IRR it always has exactly one value. Returns ``None`` when the values do not contain
    at least one payment and one receipt (Excel returns #DIV/0! there).
    """
    array = _check_values(values)
    fr = _check_rate(finance_rate, "finance_rate")
    rr = _check_rate(reinvest_rate, "reinvest_rate")
    if not ((array > 0).any() and (array < 0).any()):
        return None
    n = array.size
    t = np.arange(n, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore"):
        pv_payments = float(np.where(array < 0, array, 0.0) @ np.exp(-t * math.log1p(fr)))
        fv_receipts = float(np.where(array > 0, array, 0.0) @ np.exp((n - 1 - t) * math.log1p(rr)))
    if not (math.isfinite(pv_payments) and math.isfinite(fv_receipts)) or pv_payments == 0:
        return None
    return float((fv_receipts / -pv_payments) ** (1.0 / (n - 1)) - 1.0)


def xirr(values: ArrayLike, dates: Sequence[_dt.date]) -> float | None:
    """Annual internal rate of return of cash flows on given dates (Excel's XIRR convention).

    The rate at which :func:`xnpv` is zero: actual days / 365 from the first date (Microsoft,
    "XIRR function", https://support.microsoft.com/en-us/office/
    xirr-function-de1242ec-6477-445b-b11b-a303ad9adc9d). Returns ``None`` when the values do not
    change sign or no rate is found. If several rates exist (flows that change sign more than
    once) the one nearest to zero is returned, as for :func:`irr`.
    """
    array = _check_values(values)
    years = _check_dates(dates, array.size)
    if _sign_changes(array) == 0 or years.max() == 0:
        return None
    return _nearest_zero(_rate_roots(array, years))


# --------------------------------------------------------------------------------------------
# Loan and saving payments
# --------------------------------------------------------------------------------------------


def pmt(
    rate: float,
    nper: float,
    pv: float,
    fv: float = 0.0,
    when: Literal["begin", "end"] = "end",
) -> float:
    """Constant payment per period for a loan or a saving plan (Excel's PMT convention).

    Solves ``pv * (1 + rate) ** nper + pmt * (1 + rate * w) * ((1 + rate) ** nper - 1) / rate
    + fv == 0`` with w = 1 for payments at the beginning of each period (``when="begin"``,
    Excel's type 1) and w = 0 at the end (``"end"``, type 0, the default); with ``rate == 0``,
    ``pmt = -(pv + fv) / nper``. Excel's sign convention: money received (a loan's principal
    ``pv``) is positive, so the payment comes out negative (Microsoft, "PMT function",
    https://support.microsoft.com/en-us/office/pmt-function-0214da64-9a63-4996-bc20-214433fa6441;
    numpy-financial's ``pmt`` is the same). ``rate`` and ``nper`` must use the same period: for
    monthly payments on an annual rate, pass ``rate / 12`` and ``years * 12``.
    """
    r = _check_rate(rate)
    n = _check_number(nper, "nper")
    if n <= 0:
        raise ValueError(f"nper must be greater than 0, got {n!r}")
    present = _check_number(pv, "pv")
    future = _check_number(fv, "fv")
    if when not in ("begin", "end"):
        raise ValueError(f'when must be "begin" or "end", got {when!r}')
    if r == 0.0:
        return -(present + future) / n
    exponent = n * math.log1p(r)
    if exponent > 700:
        raise ValueError("pmt overflowed: (1 + rate) ** nper is too large")
    growth_minus_1 = math.expm1(exponent)
    annuity = (1.0 + r * (when == "begin")) * growth_minus_1 / r
    return -(future + present * (1.0 + growth_minus_1)) / annuity


# --------------------------------------------------------------------------------------------
# Payback
# --------------------------------------------------------------------------------------------


def payback_periods(values: ArrayLike, rate: float = 0.0) -> FloatArray:
    """Vectorised payback: one payback period per row of ``values`` (NaN if never reached).

    ``values`` is a 1-D cash-flow list or a 2-D array with one list per row (e.g. one row per
    Monte Carlo iteration). With ``rate == 0`` this is the simple payback of
    :func:`payback_period`; with a rate, each flow is first discounted as in :func:`npv`
    (the discounted payback of :func:`discounted_payback_period`). See :func:`payback_period`
    for the definition. Always returns an array (shape ``values.shape[:-1]``, a 0-d array for a
    1-D input).
    """
    array = _check_values(values, allow_2d=True)
    flows = array * discount_factors(rate, array.shape[-1]) if rate != 0 else array
    cumulative = np.cumsum(flows, axis=-1)
    tolerance = _PAYBACK_TOLERANCE * np.cumsum(np.abs(flows), axis=-1)
    reached = cumulative >= -tolerance
    # The payback is where the cumulative flow turns non-negative after having been negative:
    # leading periods with nothing spent yet (a cost that starts in period 1) do not count as
    # "paid back". With no negative period at all, the payback is 0.
    negative = ~reached
    any_negative = negative.any(axis=-1)
    first_negative = np.argmax(negative, axis=-1)
    crossing = reached & (np.arange(array.shape[-1]) > first_negative[..., None])
    cumulative = np.where(reached, np.maximum(cumulative, 0.0), cumulative)
    ever = crossing.any(axis=-1)
    first = np.argmax(crossing, axis=-1)
    before = np.take_along_axis(cumulative, np.maximum(first - 1, 0)[..., None], axis=-1)[..., 0]
    after = np.take_along_axis(cumulative, first[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.clip(-before / (after - before), 0.0, 1.0)
    result = np.where(ever, (first - 1) + fraction, np.nan)
    return np.where(any_negative, result, 0.0)


def payback_period(values: ArrayLike) -> float | None:
    """Simple payback in periods (fractional): when the cumulative net cash flow turns >= 0.

    ``values[0]`` is at t = 0 and ``values[t]`` at the end of period t. Let ``C[t]`` be the
    cumulative sum up to and including period t. If no ``C[t]`` is negative the payback is 0.0.
    Otherwise find the first t, after the first negative ``C``, with ``C[t] >= 0`` and
    interpolate linearly within period t (the flow of a period is taken to arrive evenly
    through it, the usual textbook assumption)::

        payback = (t - 1) + (-C[t - 1]) / (C[t] - C[t - 1])

    e.g. [-100, 30, 30, 60]: C = -100, -70, -40, 20, so the payback is 2 + 40 / 60 = 2.667;
    [0, -100, 50, 60] (spending starts in period 1): C = 0, -100, -50, 10, payback 2.833.
    Returns ``None`` when the cumulative flow never turns non-negative within the values given
    ("not within the horizon"). The *first* crossing counts: a later dip below zero (a
    hardware refresh, say) does not move it; show the cumulative cash-flow table alongside.
    Cumulative sums within 1e-12 of the gross flows count as zero (binary rounding).
    """
    result = float(payback_periods(values))
    return None if math.isnan(result) else result


def discounted_payback_period(rate: float, values: ArrayLike) -> float | None:
    """Discounted payback in periods: :func:`payback_period` on the discounted flows.

    Each flow is first discounted to t = 0 as in :func:`npv` (``values[t] / (1 + rate) ** t``),
    then the same first-crossing, linear-interpolation rule applies to the cumulative
    discounted flow. Returns ``None`` when it is not reached within the values given. When it
    is reached, the NPV at the end of the horizon is not necessarily positive (later costs can
    pull it back), so show NPV alongside.
    """
    r = _check_rate(rate)
    result = float(payback_periods(values, r))
    return None if math.isnan(result) else result
