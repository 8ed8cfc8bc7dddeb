"""The business cases of the demo: settings, Five Case narrative, options and lines, read from
``cases/demo/data/business-cases.yaml``.

Lines are checked with the model's own rules (``CaseLine.clean``), and a case's settings with
``BusinessCase.clean``, so what passes here also passes the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from civicshift.cases.models import (
    BENEFIT_CATEGORIES,
    COST_CATEGORIES,
    BusinessCase,
    CaseLine,
    Distribution,
    LineKind,
)
from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    known_one,
    model_error,
    money,
    only,
    optional,
    required,
    unique,
)


@dataclass(frozen=True)
class DemoLine:
    """A cost or benefit line, as the fields of ``CaseLine`` (see ``service_fields``)."""

    name: str
    kind: str
    category: str
    distribution: str
    likely: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    multiplier: Decimal | None = None
    first_period: int = 0
    last_period: int = 0
    escalation: Decimal = Decimal("0")
    ramp: str = ""
    in_npv: bool = True

    def service_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "category": self.category,
            "distribution": self.distribution,
            "low": self.low,
            "likely": self.likely,
            "high": self.high,
            "multiplier": self.multiplier,
            "first_period": self.first_period,
            "last_period": self.last_period,
            "escalation": self.escalation,
            "ramp": self.ramp,
            "in_npv": self.in_npv,
        }

    @property
    def is_uncertain(self) -> bool:
        return self.distribution != Distribution.POINT


@dataclass(frozen=True)
class DemoOption:
    name: str
    description: str
    lines: list[DemoLine]


@dataclass(frozen=True)
class DemoCase:
    """An initiative's business case: settings, Five Case narrative, options and lines."""

    #: start_year, horizon_years, discount_rate and the optional simulation settings.
    settings: dict[str, Any]
    #: strategic_case … management_case, as given.
    narrative: dict[str, str]
    options: list[DemoOption]
    recommended: str | None = None
    #: Why the recommended option is chosen when it does not have the best NPV.
    recommendation_reason: str = ""
    #: Label of an analysis saved for the record after loading (optional).
    saved_analysis: str | None = None


CASE_KEYS = {
    "start_year",
    "horizon_years",
    "discount_rate",
    "iterations",
    "seed",
    "payback_target_years",
    "recommended",
    "narrative",
    "options",
    "saved_analysis",
    "basis",
    "inflation",
    "lead",
    "alternative_rate",
    "alternative_rate_label",
    "optimism",
    "recommendation_reason",
}
#: ``optimism``: the Green Book project type, the uplifts (decimals) and why.
OPTIMISM_KEYS = {"category", "one_time", "recurring", "duration", "reason"}
NARRATIVE_KEYS = {"strategic", "economic", "commercial", "financial", "management"}
OPTION_KEYS = {"name", "description", "lines"}
LINE_KEYS = {
    "name",
    "kind",
    "category",
    "amount",
    "multiplier",
    "year",
    "from",
    "to",
    "escalation",
    "ramp",
    "in_npv",
}
AMOUNT_KEYS = {"low", "likely", "high", "dist"}


def _amount(raw: dict, where: str) -> dict[str, Any]:
    """``amount``: a number (a single figure) or ``{low, likely, high[, dist]}``."""
    value = required(raw, "amount", where, (int, float, str, dict))
    if not isinstance(value, dict):
        return {"distribution": Distribution.POINT, "likely": money(raw, "amount", where)}
    inner = f"{where}.amount"
    only(value, AMOUNT_KEYS, inner)
    dist = optional(value, "dist", inner, str, Distribution.TRIANGULAR.value)
    return {
        "distribution": choice(
            dist, [Distribution.TRIANGULAR.value, Distribution.PERT.value], f"{inner}.dist"
        ),
        "low": money(value, "low", inner),
        "likely": money(value, "likely", inner),
        "high": money(value, "high", inner),
    }


def _ramp(raw: dict, where: str) -> str:
    shares = optional(raw, "ramp", where, list, [])
    for i, share in enumerate(shares):
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 <= share <= 1:
            raise DemoDataError(f"Key '{where}.ramp[{i}]' must be a share between 0 and 1.")
    return ", ".join(str(share) for share in shares)


def _case_line(raw: Any, where: str, horizon: int) -> DemoLine:
    required(raw, "name", where)  # a mapping with a name, before anything else
    only(raw, LINE_KEYS, where)
    if "year" in raw and ("from" in raw or "to" in raw):
        raise DemoDataError(f"Key '{where}.year': give either 'year' or 'from' and 'to'.")
    if "year" in raw:
        first = last = required(raw, "year", where, int)
        period_keys = {"first_period": "year", "last_period": "year"}
    else:
        first, last = required(raw, "from", where, int), required(raw, "to", where, int)
        period_keys = {"first_period": "from", "last_period": "to"}
    if first < 0:
        raise DemoDataError(f"Key '{where}.{period_keys['first_period']}' must be 0 or more.")
    if last > horizon:
        raise DemoDataError(
            f"Key '{where}.{period_keys['last_period']}' is {last}; the case looks "
            f"{horizon} years ahead (periods 0 to {horizon})."
        )
    amount = _amount(raw, where)
    multiplier = money(raw, "multiplier", where) if raw.get("multiplier") is not None else None
    line = DemoLine(
        name=required(raw, "name", where),
        kind=choice(required(raw, "kind", where), LineKind.values, f"{where}.kind"),
        category=required(raw, "category", where),
        multiplier=multiplier,
        first_period=first,
        last_period=last,
        escalation=money(raw, "escalation", where) if "escalation" in raw else Decimal("0"),
        ramp=_ramp(raw, where),
        in_npv=optional(raw, "in_npv", where, bool, True),
        **amount,
    )
    allowed = COST_CATEGORIES if line.kind == LineKind.COST else BENEFIT_CATEGORIES
    choice(line.category, sorted(str(c) for c in allowed), f"{where}.category")
    # The model's own rules (low ≤ likely ≤ high, positive amounts, ramp shares…).
    model = CaseLine(**line.service_fields())
    amount_key = "amount" if amount["distribution"] == Distribution.POINT else "amount.likely"
    keys = {
        "low": "amount.low",
        "likely": amount_key,
        "high": "amount.high",
        "distribution": "amount.dist",
        **period_keys,
    }
    try:
        model.clean_fields(exclude=["option", "organization", "position"])
        model.clean()
    except ValidationError as exc:
        raise model_error(exc, keys, where) from exc
    return line


def _named_list(raw: Any, key: str, where: str, read: Callable[[Any, str], Any], what: str):
    """The non-empty list under ``key``, each item read by ``read(item, its key)``, with names
    unique regardless of case."""
    items = [read(x, f"{where}.{key}[{i}]") for i, x in enumerate(required(raw, key, where, list))]
    if not items:
        raise DemoDataError(f"Key '{where}.{key}' needs at least one {what}.")
    unique([item.name.lower() for item in items], f"{where}.{key}")
    return items


def _option(raw: Any, where: str, horizon: int) -> DemoOption:
    name = required(raw, "name", where)
    only(raw, OPTION_KEYS, where)
    lines = _named_list(raw, "lines", where, lambda x, at: _case_line(x, at, horizon), "line")
    return DemoOption(
        name=name, description=optional(raw, "description", where, str, ""), lines=lines
    )


def business_case(raw: Any, where: str) -> DemoCase:
    """An initiative's ``business_case`` mapping, checked, or DemoDataError naming the key."""
    settings: dict[str, Any] = {
        "start_year": required(raw, "start_year", where, int),
        "horizon_years": required(raw, "horizon_years", where, int),
        "discount_rate": money(raw, "discount_rate", where),
    }
    only(raw, CASE_KEYS, where)
    for key in ("iterations", "seed", "payback_target_years"):
        if raw.get(key) is not None:
            settings[key] = required(raw, key, where, int)
    for key in ("basis", "lead", "alternative_rate_label"):
        if raw.get(key) is not None:
            settings[key] = required(raw, key, where, str)
    for key in ("inflation", "alternative_rate"):
        if raw.get(key) is not None:
            settings[key] = money(raw, key, where)
    if raw.get("optimism") is not None:
        bias = required(raw, "optimism", where, dict)
        inner = f"{where}.optimism"
        only(bias, OPTIMISM_KEYS, inner)
        settings["optimism_category"] = required(bias, "category", inner, str)
        for key in ("one_time", "recurring", "duration"):
            if bias.get(key) is not None:
                settings[f"optimism_{key}"] = money(bias, key, inner)
        settings["optimism_reason"] = required(bias, "reason", inner, str)
    model = BusinessCase(**settings)
    try:
        model.clean_fields(exclude=["initiative", "organization", "recommended_option"])
        model.clean()
    except ValidationError as exc:
        raise model_error(exc, {}, where) from exc
    narrative_raw = optional(raw, "narrative", where, dict, {})
    only(narrative_raw, NARRATIVE_KEYS, f"{where}.narrative")
    narrative = {
        f"{key}_case": required(narrative_raw, key, f"{where}.narrative") for key in narrative_raw
    }
    horizon = settings["horizon_years"]
    options = _named_list(raw, "options", where, lambda x, at: _option(x, at, horizon), "option")
    recommended = optional(raw, "recommended", where, str, None)
    if recommended is not None:
        known_one(recommended, {o.name for o in options}, f"{where}.recommended", "option")
    return DemoCase(
        settings=settings,
        narrative=narrative,
        options=options,
        recommended=recommended,
        recommendation_reason=optional(raw, "recommendation_reason", where, str, ""),
        saved_analysis=optional(raw, "saved_analysis", where, str, None),
    )
