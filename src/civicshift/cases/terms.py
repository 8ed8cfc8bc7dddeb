"""The terms of a case's figures as the settings page shows them (issue 7): the discount rate
both ways (Fisher), the optimism-bias reference ranges beside the uplifts, the warnings, and
whether the recommended option needs a recorded reason (it does not have the best NPV).

Reads only: the services call ``recommendation_problem`` before they save, and the settings
page's live panel calls ``terms_panel`` on each change."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from civicshift.core.cases import (
    CaseError,
    basis_warnings,
    fisher_nominal,
    fisher_real,
    summarize,
)
from civicshift.core.formatting import percent
from civicshift.core.optimism import Category, outside_bounds, reference

from .bridge import option_case
from .models import OPTIMISM_FIELDS, TERMS_FIELDS, BusinessCase, Option

if TYPE_CHECKING:
    from .selectors import OptionFigures

#: NPVs closer than this (in currency units) are a tie: no reason is needed for either.
NPV_TIE = 0.005

#: The case's fields that decide whether the recommendation needs a reason: the choice and the
#: reason themselves, and every term of the figures (``bridge.option_case`` reads them). An
#: update of a case that sets none of them (the narrative, the seed) is not refused for a
#: missing reason; the case page warns instead (``recommendation_warning``).
DECIDING_FIELDS = frozenset(
    {
        "recommended_option",
        "recommendation_reason",
        "start_year",
        "horizon_years",
        "discount_rate",
        *TERMS_FIELDS,
        *OPTIMISM_FIELDS,
    }
)


def deciding(fields: dict) -> bool:
    """Whether an update of the case sets a field that decides the recommendation's check."""
    return not DECIDING_FIELDS.isdisjoint(fields)


def with_fields(case: BusinessCase, fields: dict) -> BusinessCase:
    """A copy of ``case`` with ``fields`` applied, not saved (to compute figures before saving)."""
    draft = copy.copy(case)
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft


def lead_npvs(case: BusinessCase, figures: Iterable[OptionFigures] | None = None) -> dict:
    """Each option's NPV at the figures the case leads with (expected or likely), by option
    id; options that cannot be analysed yet (no lines, a line in error) are left out.
    ``figures`` (``selectors.case_figures`` of the saved case) saves computing them again."""
    if figures is not None:
        return {f.option.pk: f.summary.lead.npv for f in figures if f.summary is not None}
    options = Option.objects.for_org(case.organization).filter(case=case).prefetch_related("lines")
    out = {}
    for option in options:
        lines = list(option.lines.all())
        if not lines:
            continue
        try:
            out[option.pk] = summarize(option_case(case, option, lines)).lead.npv
        except (CaseError, ValueError):
            continue
    return out


@dataclass
class RecommendationCheck:
    """Whether the recommended option has the best NPV, and which option has it if not."""

    needs_reason: bool
    best_name: str = ""
    best_npv: float = 0.0
    recommended_npv: float = 0.0


def recommendation_check(
    case: BusinessCase, figures: Iterable[OptionFigures] | None = None
) -> RecommendationCheck:
    """The one rule for "does the recommended option have the best NPV", used by the service
    that saves the settings, the case page's warning and the documents."""
    option = case.recommended_option
    if option is None:
        return RecommendationCheck(False)
    figures = None if figures is None else list(figures)
    npvs = lead_npvs(case, figures)
    if option.pk not in npvs or len(npvs) < 2:
        return RecommendationCheck(False)
    best_pk = max(npvs, key=npvs.get)
    if npvs[best_pk] - npvs[option.pk] <= NPV_TIE:
        return RecommendationCheck(False)
    if figures is not None:
        name = next(f.option.name for f in figures if f.option.pk == best_pk)
    else:
        name = Option.objects.for_org(case.organization).get(pk=best_pk).name
    return RecommendationCheck(True, name, npvs[best_pk], npvs[option.pk])


def recommendation_problem(case: BusinessCase) -> str:
    """The message for ``recommendation_reason`` when the recommended option does not have the
    best NPV and no reason is recorded; "" when all is well."""
    if (case.recommendation_reason or "").strip():
        return ""
    check = recommendation_check(case)
    if not check.needs_reason:
        return ""
    figures = _("expected") if case.lead == "expected" else _("likely")
    return _(
        "“%(option)s” does not have the best NPV at the %(figures)s figures (“%(best)s” "
        "does): say why it is recommended in “why this option is recommended”."
    ) % {"option": case.recommended_option.name, "figures": figures, "best": check.best_name}


def recommendation_warning(
    case: BusinessCase, figures: Iterable[OptionFigures] | None = None
) -> str:
    """The warning for the case page when the recommended option no longer has the best NPV
    and no reason is recorded: a line (or the uploaded template, or an import) changed the
    figures after the settings were saved. Those edits are not refused; this says what to do.
    "" when all is well. The documents print the same warning (``report_text``)."""
    if (case.recommendation_reason or "").strip():
        return ""
    check = recommendation_check(case, figures)
    if not check.needs_reason:
        return ""
    if case.lead == "expected":
        text = _(
            "The recommended option no longer has the best expected NPV (“%(best)s” has a "
            "higher one); record why in Settings."
        )
    else:
        text = _(
            "The recommended option no longer has the best NPV at the likely amounts "
            "(“%(best)s” has a higher one); record why in Settings."
        )
    return text % {"best": check.best_name}


# --- the live panel of the settings page -------------------------------------------------------


def fisher_sentence(basis: str, rate: float, inflation: float) -> str:
    """ "3.0% real = 5.1% nominal at 2.0% inflation" (Fisher: (1 + r)(1 + i) = 1 + n)."""
    if inflation <= -1:
        return ""
    if basis == "nominal":
        other = fisher_real(rate, inflation)
        return _("%(rate)s nominal = %(other)s real at %(inflation)s inflation") % {
            "rate": percent(rate),
            "other": percent(other),
            "inflation": percent(inflation),
        }
    other = fisher_nominal(rate, inflation)
    return _("%(rate)s real = %(other)s nominal at %(inflation)s inflation") % {
        "rate": percent(rate),
        "other": percent(other),
        "inflation": percent(inflation),
    }


@dataclass
class UpliftBounds:
    name: str  # optimism_one_time …
    label: str
    lower: float | None
    upper: float | None

    @property
    def published(self) -> bool:
        return self.lower is not None


@dataclass
class TermsPanel:
    fisher: str
    category: Category | None
    bounds: dict[str, UpliftBounds]
    outside: list[str]
    warnings: list[str]
    recommendation: str
    source: str = field(default_factory=lambda: reference().source)
    url: str = field(default_factory=lambda: reference().url)
    note: str = field(default_factory=lambda: reference().note)
    version: str = field(default_factory=lambda: reference().version)


UPLIFTS = (
    ("optimism_one_time", "one_time"),
    ("optimism_recurring", "recurring"),
    ("optimism_duration", "duration"),
)


def uplift_bounds(category_key: str) -> dict[str, UpliftBounds]:
    category = reference().get(category_key or "")
    labels = {
        "optimism_one_time": _("one-time costs (capital expenditure)"),
        "optimism_recurring": _("recurring costs (operating expenditure)"),
        "optimism_duration": _("duration of the works"),
    }
    out = {}
    for name, key in UPLIFTS:
        bounds = getattr(category, key) if category is not None else None
        out[name] = UpliftBounds(
            name,
            labels[name],
            None if bounds is None else bounds.lower,
            None if bounds is None else bounds.upper,
        )
    return out


def _number(value, default: float = 0.0) -> float:
    try:
        return default if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return default


def terms_panel(case: BusinessCase, data: dict | None = None) -> TermsPanel:
    """What the settings page shows beside its inputs, for the values typed so far (``data``,
    the form's cleaned or raw values) or the saved case."""
    data = data or {}

    def get(name):
        return data.get(name, getattr(case, name))

    basis = get("basis") or "real"
    rate = _number(get("discount_rate"))
    inflation = _number(get("inflation"))
    category_key = get("optimism_category") or ""
    uplifts = {key: _number(get(name)) for name, key in UPLIFTS}
    draft = with_fields(
        case,
        {
            name: data[name]
            for name in ("basis", "inflation", "discount_rate", "lead")
            if name in data and data[name] not in (None, "")
        },
    )
    warnings: list[str] = []
    if basis == "real":
        options = Option.objects.for_org(case.organization).filter(case=case)
        for option in options.prefetch_related("lines"):
            lines = list(option.lines.all())
            try:
                core = option_case(draft, option, lines) if lines else None
            except (CaseError, ValueError):
                continue
            for warning in basis_warnings(core) if core else []:
                text = f"{option.name}: {warning}"
                if text not in warnings:
                    warnings.append(text)
    draft.recommended_option = get("recommended_option")
    draft.recommendation_reason = get("recommendation_reason") or ""
    recommendation = recommendation_problem(draft)
    return TermsPanel(
        fisher=fisher_sentence(basis, rate, inflation),
        category=reference().get(category_key),
        bounds=uplift_bounds(category_key),
        outside=outside_bounds(category_key, **uplifts) if category_key else [],
        warnings=warnings,
        recommendation=recommendation,
    )
