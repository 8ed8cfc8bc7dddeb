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
import decimal
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
    "IRR_WARNING",
    "headline_irr",
    "irr",
    "irr_all",
    "irr_warning",
    "irrs",
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


# --------------------------------------------------------------------------------------------
# IRR of periodic cash flows: every root, the headline, the warning; 1-D or one row per vector
# --------------------------------------------------------------------------------------------
#
# Method (vectorised over rows). With u = ln(1 + rate), the NPV of a row is the exponential sum
# F(u) = sum(v_t * exp(-u * t)); its zeros are the IRRs, and u covers every rate > -1.
#
# * Descartes' rule of signs: F has at most k zeros, k = the sign changes of the row.
# * k = 1: exactly one zero, and F(u) * exp(u * m) (m = the period where the sign changes) is
#   strictly decreasing, so a safeguarded Newton iteration (a Newton step when it stays inside
#   the bracket, bisection otherwise) inside a bracket from a root bound always finds it.
# * k >= 2 (Rolle): d/du [F(u) * exp(u * m)] = -sum((t - m) * v_t * exp(-u * (t - m))); its
#   coefficients (t - m) * v_t change sign k - 1 times. Its zeros (found the same way, one level
#   down) cut the rate axis into intervals on which F * exp(u * m) is monotone: each interval
#   holds at most one IRR, found by the same safeguarded Newton iteration where F changes sign.
#   A zero of the derivative where F itself is zero (to 1e-12 of the gross present value) is a
#   double root (the NPV touches zero there).
#
# Every evaluation multiplies F by a positive factor (exp(u * s), s = the first period for
# u >= 0, the last for u < 0) that keeps each exponent <= 0, so nothing overflows at rates near
# -100 % or at very large rates: the signs, hence the roots, are unchanged. Only signs and the
# Newton ratio F / F' are used, and neither depends on that factor. There is no polynomial
# eigenvalue step (numpy.roots), which is what raised LinAlgError on badly scaled polynomials.

#: Interior critical points where |NPV| is within this fraction of the gross present value
#: count as a double root (the NPV touches zero without crossing).
_TOUCH_RESIDUAL = 1e-12

#: The smallest rate above -1 that a float can hold: a root closer to -100 % is returned as it.
_JUST_ABOVE_MINUS_ONE = float(np.nextafter(-1.0, 0.0))


def _filled_signs(array: FloatArray) -> NDArray[np.int8]:
    """Sign of each entry, zeros replaced by the sign of the last nonzero entry before them."""
    signs = np.sign(array).astype(np.int8)
    if signs.all():
        return signs
    index = np.where(signs != 0, np.arange(array.shape[1]), 0)
    np.maximum.accumulate(index, axis=1, out=index)
    return np.take_along_axis(signs, index, axis=1)


def _change_counts(array: FloatArray) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Sign changes of each row, and the period where the first one happens (0 if none)."""
    if array.shape[1] < 2:
        zeros = np.zeros(array.shape[0], dtype=np.intp)
        return zeros, zeros
    filled = _filled_signs(array)
    changes = (filled[:, 1:] * filled[:, :-1]) < 0
    return changes.sum(axis=1), np.argmax(changes, axis=1) + 1


#: Up to this many rows, evaluate with powers (few numpy calls); above, by Horner's rule.
_FEW_ROWS = 32


class _Rows:
    """Cash-flow rows ready for evaluation, stored one column per row (so that every step works
    on contiguous vectors): ``forward[j]`` is the flow j periods after the row's first nonzero
    flow, ``reverse[j]`` the flow j periods before its last nonzero flow (zero beyond)."""

    def __init__(self, array: FloatArray) -> None:
        n = array.shape[1]
        nonzero = array != 0
        first = np.argmax(nonzero, axis=1)
        last = n - 1 - np.argmax(nonzero[:, ::-1], axis=1)
        j = np.arange(n)
        if first.any():
            cols = first[:, None] + j
            forward = np.take_along_axis(array, np.minimum(cols, n - 1), 1)
            forward = np.where(cols < n, forward, 0.0)
        else:
            forward = array
        if (last < n - 1).any():
            cols = last[:, None] - j
            reverse = np.where(cols >= 0, np.take_along_axis(array, np.maximum(cols, 0), 1), 0.0)
        else:
            reverse = array[:, ::-1]
        self.forward = np.ascontiguousarray(forward.T)
        self.reverse = np.ascontiguousarray(reverse.T)
        self.count = array.shape[0]

    def take(self, rows: NDArray[np.intp]) -> _Rows:
        """These rows only (in this order, repeats allowed)."""
        subset = object.__new__(_Rows)
        subset.forward = self.forward[:, rows]
        subset.reverse = self.reverse[:, rows]
        subset.count = len(rows)
        return subset

    def evaluate(
        self, rows: NDArray[np.intp] | None, u: FloatArray, gross: bool = False
    ) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        """F, dF/du and (optionally) the gross PV at ``u`` of ``rows`` (None: all), each times
        exp(u * s) (s = the first nonzero period for u >= 0, the last for u < 0, see above).

        Then F = sum(c_j * w ** j) with w = exp(-|u|) <= 1 and c = the forward or the reverse
        flows: evaluated by Horner's rule, and nothing can overflow."""
        forward = self.forward if rows is None else self.forward[:, rows]
        negative = u < 0
        if negative.any():
            reverse = self.reverse if rows is None else self.reverse[:, rows]
            coefficients = np.where(negative, reverse, forward)
        else:
            coefficients = forward
        w = np.exp(-np.abs(u))
        n = coefficients.shape[0]
        if coefficients.shape[1] <= _FEW_ROWS:  # fewer numpy calls than Horner's n steps
            j = np.arange(n, dtype=np.float64)[:, None]
            with np.errstate(under="ignore"):
                powers = w[None, :] ** j
            terms = coefficients * powers
            tsum = (j * terms).sum(axis=0)
            g_few = (np.abs(coefficients) * powers).sum(axis=0) if gross else None
            return terms.sum(axis=0), np.where(negative, tsum, -tsum), g_few
        f = coefficients[n - 1].copy()
        df = np.zeros_like(f)
        g = np.abs(coefficients[n - 1]) if gross else None
        for j in range(n - 2, -1, -1):
            df *= w
            df += f
            f *= w
            f += coefficients[j]
            if g is not None:
                g *= w
                g += np.abs(coefficients[j])
        df *= w  # sum(j * c_j * w ** j)
        return f, np.where(negative, df, -df), g


def _newton(
    rows_obj: _Rows,
    rows: NDArray[np.intp] | None,
    lo: FloatArray,
    hi: FloatArray,
    start: FloatArray,
    sign_lo: FloatArray,
) -> FloatArray:
    """The zero of F in each bracket [lo, hi], F having the sign ``sign_lo`` at lo and the
    opposite one at hi.

    Safeguarded Newton (Numerical Recipes' ``rtsafe``): a Newton step when it stays inside the
    bracket and is at most half the previous step, else bisection. The bracket shrinks at every
    step, so this always converges; the half-step rule stops Newton crawling along an
    exponential tail far from the root (steps of a constant 1 / t there)."""
    sub = rows_obj if rows is None else rows_obj.take(rows)
    lo, hi = lo.copy(), hi.copy()
    u = np.clip(start, lo, hi)
    result = np.full(u.shape, np.nan)
    active = np.arange(u.size)  # brackets not solved yet
    position = active.copy()  # their columns in ``sub``
    u_sub = u.copy()  # the point of each column of ``sub`` (solved ones stay put)
    last_step = hi - lo
    tiny = 4 * np.finfo(np.float64).eps
    for _ in range(300):
        f, df, _g = sub.evaluate(None, u_sub)
        if position.size != f.size:
            f, df = f[position], df[position]
        ua = u_sub[position]
        lo_a, hi_a = lo[active], hi[active]
        same = np.sign(f) == sign_lo[active]
        lo_a = np.where(same, ua, lo_a)
        hi_a = np.where(same, hi_a, ua)
        lo[active], hi[active] = lo_a, hi_a
        with np.errstate(all="ignore"):  # a non-finite step falls back to bisection
            new = ua - f / df
        inside = (new >= lo_a) & (new <= hi_a) & np.isfinite(new)
        inside &= np.abs(new - ua) <= 0.5 * last_step[active]
        new = np.where(inside, new, 0.5 * (lo_a + hi_a))
        last_step[active] = np.abs(new - ua)
        tolerance = tiny * np.maximum(1.0, np.abs(ua))
        done = (f == 0) | (inside & (np.abs(new - ua) <= 4 * tolerance))
        done |= hi_a - lo_a <= tolerance
        result[active[done]] = np.where(f[done] == 0, ua[done], new[done])
        u_sub[position] = new
        active, position = active[~done], position[~done]
        if active.size == 0:
            break
        if active.size < sub.count // 2:  # evaluate fewer columns from now on
            sub = sub.take(position)
            u_sub = u_sub[position]
            position = np.arange(active.size)
    else:  # cannot happen (bisection converges in < 120 steps); the bracket's middle then
        result[active] = 0.5 * (lo[active] + hi[active])
    return result


def _bound(coefficients: FloatArray) -> FloatArray:
    """ln(2) + max over j >= 1 of ln|c_j / c_0| / j (+ a margin): Fujiwara's bound on 1 / |x|
    for every root x of sum(c_j * x ** j) with c_0 != 0."""
    n = coefficients.shape[0]
    if n < 2:
        return np.zeros(coefficients.shape[1])
    with np.errstate(divide="ignore"):
        logs = np.log(np.abs(coefficients))  # -inf for zero flows
    j = np.arange(1, n, dtype=np.float64)[:, None]
    return math.log(2) + 0.01 + np.max((logs[1:] - logs[0]) / j, axis=0)


def _bounds(rows_obj: _Rows) -> tuple[FloatArray, FloatArray]:
    """Every zero of F lies strictly inside (lower, upper) in u = -ln(x): Fujiwara's bound on
    the roots of the polynomial sum(v_t * x ** t) (large rates) and of its reverse (rates near
    -100 %)."""
    return -_bound(rows_obj.reverse), _bound(rows_obj.forward)


def _one_change(array: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """For rows with exactly one sign change: bounds (lower, upper) in u that hold the IRR
    strictly inside, the sign of the NPV at ``lower`` and a first guess.

    With m the period where the sign changes, p the last nonzero period before it, A the sum
    of the |flows| before m and B that from m on: the root x = exp(-u) of sum(v_t * x ** t) lies
    between min(1, (|v_p| / B) ** (1 / (m - p))) and max(1, (A / |v_m|) ** (1 / (m - p)))
    (for x >= 1 the flows from m on outweigh the earlier ones, for x <= 1 the reverse). Below
    ``lower`` (rates near -100 %) the NPV has the sign of the last flow. The guess balances all
    outflows, as one amount at their mean time, against all inflows at theirs."""
    n = array.shape[1]
    rows = np.arange(array.shape[0])
    t = np.arange(n, dtype=np.float64)
    signs = np.sign(array)
    if signs.all():  # no zero flows: the usual case, and a cheaper one
        m = np.argmax(signs[:, 1:] != signs[:, :-1], axis=1) + 1
        p = m - 1
        sign_lower = signs[:, -1]
    else:
        _counts, m = _change_counts(array)
        nonzero = signs != 0
        index = np.where(nonzero, np.arange(n), 0)
        np.maximum.accumulate(index, axis=1, out=index)
        p = index[rows, m - 1]
        last = n - 1 - np.argmax(nonzero[:, ::-1], axis=1)
        sign_lower = signs[rows, last]
    magnitude = np.abs(array)
    early = magnitude * (t < m[:, None])
    sum_before = early.sum(axis=1)
    sum_after = np.maximum(magnitude.sum(axis=1) - sum_before, magnitude[rows, m])
    gap = m - p
    with np.errstate(divide="ignore"):
        lower = -(np.maximum(0.0, np.log(sum_before / magnitude[rows, m]) / gap) + 0.01)
        upper = np.maximum(0.0, np.log(sum_after / magnitude[rows, p]) / gap) + 0.01
    time_before = (early @ t) / sum_before
    time_after = (magnitude @ t - early @ t) / sum_after
    with np.errstate(divide="ignore", invalid="ignore"):
        guess = np.log(sum_after / sum_before) / (time_after - time_before)
    guess = np.where(np.isfinite(guess), guess, 0.5 * (lower + upper))
    return lower, upper, sign_lower, guess


def _normalised(array: FloatArray) -> FloatArray:
    """Each row times a power of two (exact) that brings its largest amount into [0.5, 1): the
    roots are unchanged and no sum overflows."""
    _mantissa, exponent = np.frexp(np.abs(array).max(axis=1))
    return np.ldexp(array, -exponent[:, None])


#: After normalising, amounts below this (2 ** -1000 of a row's largest) count as zero, so that
#: nothing underflows later. Such an amount could matter only at rates beyond about
#: 1e301 ** (1 / periods) or within 1e-301 ** (1 / periods) of -100 %.
_NEGLIGIBLE = 2.0**-1000


def _level_roots(array: FloatArray, k: int) -> FloatArray:
    """The zeros in u of each row of ``array`` (all with ``k`` >= 1 sign changes), sorted and
    padded with NaN: shape (rows, k)."""
    chain = [array]
    for _ in range(k - 1):  # the derivatives, each with one sign change fewer
        top = chain[-1]
        _counts, boundary = _change_counts(top)
        derivative = (np.arange(top.shape[1]) - boundary[:, None]) * top
        if np.abs(derivative).max() > 2.0**900:  # (t - m) factors grow it: keep sums finite
            derivative = _normalised(derivative)
        chain.append(derivative)

    bottom = chain[-1]
    lower, upper, sign_lower, guess = _one_change(bottom)
    roots = _newton(_Rows(bottom), None, lower, upper, guess, sign_lower)[:, None]
    for level in range(k - 2, -1, -1):
        roots = _roots_between(_Rows(chain[level]), roots)
    return roots


def _roots_between(rows_obj: _Rows, critical: FloatArray) -> FloatArray:
    """The zeros of F, given (NaN-padded) every zero of its derivative in u (``critical``)."""
    count, width = critical.shape
    rows = np.arange(count)
    lower, upper = _bounds(rows_obj)
    inside = np.clip(critical, lower[:, None], upper[:, None])  # NaN stays NaN
    ends = np.sort(np.column_stack([lower, inside, upper]), axis=1)  # NaN last
    # upper sits after the critical points, before the NaNs
    valid = np.isfinite(ends)
    flat_rows = np.repeat(rows, width + 2)
    flat_u = np.where(valid, ends, 0.0).ravel()
    f, _df, gross = rows_obj.evaluate(flat_rows, flat_u, gross=True)
    f = f.reshape(count, width + 2)
    gross = gross.reshape(count, width + 2)
    sign = np.where(valid, np.sign(f), np.nan)

    pair_valid = valid[:, 1:] & valid[:, :-1]
    bracket = pair_valid & (sign[:, 1:] * sign[:, :-1] < 0)
    zero_end = valid & (sign == 0)
    # interior critical points where the NPV touches zero without changing sign
    interior = np.zeros_like(valid)
    interior[:, 1:-1] = valid[:, 1:-1] & valid[:, 2:]
    left = np.concatenate([sign[:, :1], sign[:, :-1]], axis=1)
    right = np.concatenate([sign[:, 1:], sign[:, -1:]], axis=1)
    touching = (
        interior
        & (sign != 0)
        & (left == sign)
        & (right == sign)
        & (np.abs(f) <= _TOUCH_RESIDUAL * gross)
    )

    b_rows, b_col = np.nonzero(bracket)
    lo, hi = ends[b_rows, b_col], ends[b_rows, b_col + 1]
    solved = _newton(rows_obj, b_rows, lo, hi, 0.5 * (lo + hi), sign[b_rows, b_col])
    z_rows, z_col = np.nonzero(zero_end | touching)

    all_rows = np.concatenate([b_rows, z_rows])
    all_u = np.concatenate([solved, ends[z_rows, z_col]])
    result = np.full((count, width + 1), np.nan)
    if all_rows.size:
        order = np.lexsort((all_u, all_rows))
        all_rows, all_u = all_rows[order], all_u[order]
        duplicate = np.zeros(all_rows.size, dtype=bool)
        duplicate[1:] = (all_rows[1:] == all_rows[:-1]) & (all_u[1:] == all_u[:-1])
        all_rows, all_u = all_rows[~duplicate], all_u[~duplicate]
        starts = np.searchsorted(all_rows, all_rows, side="left")
        position = np.arange(all_rows.size) - starts
        keep = position < width + 1
        result[all_rows[keep], position[keep]] = all_u[keep]
    return result


def _roots_u(array: FloatArray) -> FloatArray:
    """Every zero in u of each row of a 2-D array, sorted, NaN-padded: (rows, max count)."""
    array, offset = _balanced(array)
    counts, _first = _change_counts(array)
    width = int(counts.max()) if counts.size else 0
    result = np.full((array.shape[0], max(width, 1)), np.nan)
    for k in np.unique(counts):
        if k == 0:
            continue
        selected = np.nonzero(counts == k)[0]
        result[selected, :k] = _level_roots(array[selected], int(k))
    result += offset[:, None]
    return result[:, :width] if width else result[:, :0]


#: Rows whose nonzero amounts span more than e ** 600 (about 1e260) are balanced first.
_SPAN_TO_BALANCE = 600.0


def _balanced(array: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Rows with amounts of wildly different sizes, rescaled: v_t * exp(-c * t) (computed in
    logarithms), with c chosen so that the first and last nonzero amounts have the same size.

    F(u) = sum(v_t * exp(-u * t)) = sum(v_t * exp(-c * t) * exp(-(u - c) * t)): the zeros of
    the rescaled row are those of the row shifted by -c, so ``offset`` (c per row, 0 for rows
    left alone) is added back to them. This keeps every amount that matters representable, so
    a root within 1e-300 of -100 % (which made numpy.roots overflow) is still found."""
    offset = np.zeros(array.shape[0])
    magnitude = np.abs(array)
    nonzero = magnitude > 0
    if array.shape[1] < 2 or not nonzero.any():
        return array, offset
    top = magnitude.max()
    bottom = np.min(magnitude, where=nonzero, initial=np.inf)
    usual = top <= 2.0**800 and bottom >= 2.0**-800
    if usual and top * math.exp(-_SPAN_TO_BALANCE) <= bottom:
        return array, offset  # the usual case: nothing to rescale
    largest = magnitude.max(axis=1)
    smallest = np.min(magnitude, axis=1, where=nonzero, initial=np.inf)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        extreme = largest / smallest > math.exp(_SPAN_TO_BALANCE)
    # rows of very large or very small amounts: times a power of two (sums stay finite)
    rescale = ~extreme & ((largest > 2.0**800) | ((largest < 2.0**-800) & (largest > 0)))
    if rescale.any():
        array = array.copy()
        array[rescale] = _normalised(array[rescale])
    extreme = np.nonzero(extreme)[0]
    if extreme.size == 0:
        return array, offset
    n = array.shape[1]
    sub_nonzero = nonzero[extreme]
    with np.errstate(divide="ignore"):
        sub_logs = np.log(magnitude[extreme])
    first = np.argmax(sub_nonzero, axis=1)
    last = n - 1 - np.argmax(sub_nonzero[:, ::-1], axis=1)
    rows = np.arange(extreme.size)
    c = (sub_logs[rows, last] - sub_logs[rows, first]) / (last - first)
    t = np.arange(n, dtype=np.float64)
    scaled = np.where(sub_nonzero, sub_logs - c[:, None] * t, -np.inf)
    scaled -= scaled.max(axis=1, keepdims=True)
    scaled[scaled < math.log(_NEGLIGIBLE)] = -np.inf  # would underflow later: exactly zero
    array = array.copy()
    array[extreme] = np.sign(array[extreme]) * np.exp(scaled)
    offset[extreme] = c
    return array, offset


def _rates(u: FloatArray) -> FloatArray:
    """Rates from u = ln(1 + rate): a root nearer -100 % than a float can hold becomes the
    float just above -1; a rate too large for a float (above about 1e308) is dropped (NaN)."""
    with np.errstate(over="ignore"):
        rates = np.expm1(u)
    rates = np.where(rates <= -1.0, _JUST_ABOVE_MINUS_ONE, rates)
    return np.where(np.isfinite(rates), rates, np.nan)


def _roots_table(values: ArrayLike) -> tuple[FloatArray, FloatArray, bool]:
    """(flows as 2-D, rates as a NaN-padded 2-D array sorted per row, whether input was 1-D)."""
    array = _check_values(values, allow_2d=True)
    one_d = array.ndim == 1
    table = array[None, :] if one_d else array
    return table, _rates(_roots_u(table)), one_d


def _row_lists(rates: FloatArray) -> list[list[float]]:
    return [[r for r in row if r == r] for row in rates.tolist()]  # r != r: NaN


def irrs(values: ArrayLike) -> list[float] | list[list[float]]:
    """Every internal rate of return above -100 %, in increasing order (an empty list: none).

    ``values`` is one cash-flow list (returns a list of rates) or a 2-D array with one cash-flow
    list per row (returns one list per row, all rows solved at once). More than one rate is
    possible only when the flows change sign more than once (Descartes' rule of signs); a
    business case should then rely on NPV and MIRR, and :func:`irr_warning` says so.

    Every rate > -1 is searched (no grid, no range): see the method note above. A root nearer
    -100 % than a float can represent (1 + rate < 1.1e-16) is returned as the float just above
    -1; one above about 1e308 (not representable) is left out. Valid input never raises.
    """
    _table, rates, one_d = _roots_table(values)
    lists = _row_lists(rates)
    return lists[0] if one_d else lists


def irr_all(values: ArrayLike) -> list[float]:
    """Every internal rate of return of one cash-flow list, in increasing order.

    Kept for existing callers: the same as :func:`irrs` for a 1-D list."""
    array = _check_values(values)
    return irrs(array)  # type: ignore[return-value]


def _sign_at(table: FloatArray, rate: float) -> FloatArray:
    """Sign of the NPV of each row at ``rate`` (0 where it is within 1e-12 of the gross PV)."""
    # normalised and shifted to start at their first nonzero flow: positive factors, same sign
    rows_obj = _Rows(_normalised(table))
    u = np.full(table.shape[0], math.log1p(rate))
    f, _df, gross = rows_obj.evaluate(None, u, gross=True)
    return np.where(np.abs(f) <= _TOUCH_RESIDUAL * gross, 0.0, np.sign(f))


def _headlines(table: FloatArray, rates: FloatArray, rate: float) -> FloatArray:
    if rates.shape[1] == 0:
        return np.full(table.shape[0], np.nan)
    sign = _sign_at(table, rate)[:, None]
    above = np.where((rates > rate) & (sign > 0), rates, np.inf).min(axis=1)
    below = np.where((rates < rate) & (sign < 0), rates, -np.inf).max(axis=1)
    distance = np.where(np.isnan(rates), np.inf, np.abs(rates - rate))
    nearest = np.take_along_axis(rates, np.argmin(distance, axis=1)[:, None], axis=1)[:, 0]
    s = sign[:, 0]
    result = np.where(s > 0, above, np.where(s < 0, below, nearest))
    return np.where(np.isfinite(result), result, np.nan)


def _nearest_zero_rows(rates: FloatArray) -> FloatArray:
    """Per row, the rate nearest 0 (the positive one on a tie); NaN where there is none."""
    if rates.shape[1] == 0:
        return np.full(rates.shape[0], np.nan)
    key = np.where(np.isnan(rates), np.inf, np.abs(rates))
    best = key.min(axis=1, keepdims=True)
    # on a tie the positive one: the largest rate among those at the smallest distance
    tied = np.where((key == best) & ~np.isnan(rates), rates, -np.inf).max(axis=1)
    return np.where(np.isfinite(best[:, 0]), tied, np.nan)


def headline_irr(
    values: ArrayLike, rate: float, *, roots: Sequence[float] | None = None
) -> float | None | FloatArray:
    """The IRR to show beside the NPV at the discount ``rate``: the one that agrees with it.

    When NPV(rate) > 0, the smallest IRR above ``rate``; when NPV(rate) < 0, the largest IRR
    below it; when NPV(rate) is zero (to 1e-12 of the gross present value), the IRR nearest to
    ``rate``. ``None`` when no IRR agrees: then show no headline IRR, only the NPV (and MIRR).
    So "the IRR is above the discount rate" holds exactly when the NPV is positive, whatever
    the number of roots. With one sign change this is the unique IRR, as Excel and LibreOffice
    give it; with several it is the root on the NPV's side nearest to the rate (for
    -250,000, 100,000 ... with a late exit cost: see docs/finance.md).

    ``values`` may be a 2-D array (one cash-flow list per row): returns an array, NaN where no
    IRR agrees. ``roots`` (1-D only) saves recomputing :func:`irrs` when the caller has them.
    """
    r = _check_rate(rate)
    array = _check_values(values, allow_2d=True)
    if array.ndim == 1:
        table = array[None, :]
        if roots is None:
            rates = _rates(_roots_u(table))
        else:
            rates = np.array([[float(x) for x in roots]], dtype=np.float64).reshape(1, -1)
        value = float(_headlines(table, rates, r)[0])
        return None if math.isnan(value) else value
    if roots is not None:
        raise ValueError("roots can be given only with a 1-D values list")
    return _headlines(array, _rates(_roots_u(array)), r)


def irr(values: ArrayLike, rate: float | None = None) -> float | None | FloatArray:
    """Internal rate of return per period: a rate at which ``npv(rate, values) == 0``.

    With a discount ``rate``, the headline IRR of :func:`headline_irr`: the root that agrees
    with the NPV at that rate (above it exactly when the NPV is positive), or ``None``. Use this
    beside an NPV. Without ``rate`` (the behaviour before the headline rule, kept for existing
    callers): the root **nearest to zero** (the positive one on a tie), which is also
    numpy-financial's choice; with one sign change (the usual invest-then-benefit case) the two
    agree, because the IRR is unique.

    Returns ``None`` ("not defined") when the cash flows never change sign or when no rate
    makes the NPV zero: never a wrong number, and never an exception for valid input. Excel's
    IRR (https://support.microsoft.com/en-us/office/irr-function-64925eaa-9988-495b-b290-3ad0c163c1bc)
    iterates from a guess of 10 % and finds the same unique rate where one exists. Every root is
    found by :func:`irrs`.

    ``values`` may be a 2-D array with one cash-flow list per row: all rows are solved at once
    (vectorised) and the result is an array with one rate per row, NaN where not defined.
    """
    if rate is not None:
        return headline_irr(values, rate)
    table, rates, one_d = _roots_table(values)
    result = _nearest_zero_rows(rates)
    if one_d:
        value = float(result[0])
        return None if math.isnan(value) else value
    return result


#: The warning shown whenever a project has several IRRs; ``%(rates)s`` is the list of them.
IRR_WARNING = (
    "This project has several IRRs (%(rates)s); NPV and MIRR are the reliable measures here."
)


def irr_warning(
    roots: Sequence[float], *, locale: str | None = None, template: str = IRR_WARNING
) -> str | None:
    """The plain warning to show when there are several IRRs, else ``None``.

    "This project has several IRRs (-19.1% and 89.9%); NPV and MIRR are the reliable measures
    here." The rates are percentages rounded (not truncated) to one decimal by
    :func:`civicshift.core.formatting.percent` (more decimals only if two would otherwise read
    the same), joined as the locale joins a list ("a, b, and c"). Web, documents, API and CLI
    all call this, so they show the same sentence; a translated page passes its translation of
    :data:`IRR_WARNING` as ``template``.
    """
    from babel.lists import format_list  # noqa: PLC0415  (Babel is loaded by formatting anyway)

    from civicshift.core import formatting  # noqa: PLC0415

    rates = sorted(float(r) for r in roots)
    if len(rates) < 2:
        return None
    with decimal.localcontext() as context:
        context.prec = 400  # a rate as large as 1e308 still prints (Babel rounds in Decimal)
        for digits in range(1, 7):
            texts = [formatting.percent(r, digits, locale=locale) for r in rates]
            if len(set(texts)) == len(texts):
                break
    loc = formatting._locale(locale)  # noqa: SLF001
    return template % {"rates": format_list(texts, locale=loc)}


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
