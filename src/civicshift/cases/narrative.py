"""The Five Case Model narrative (HM Treasury Green Book): what each section should answer,
and the facts CivicShift already knows, so nobody starts from a blank page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.accounts.people import person_name
from civicshift.core import formatting
from civicshift.formats.cases.report import money

from .models import BusinessCase
from .selectors import OptionFigures

GUIDANCE = {
    "strategic_case": gettext_lazy(
        "Why change? The problem today, who it affects, what it costs, and how the initiative "
        "serves the council's strategic goals."
    ),
    "economic_case": gettext_lazy(
        "Which option gives the best value? The options compared with carrying on as today, "
        "their net present value, the risks and how sure the figures are."
    ),
    "commercial_case": gettext_lazy(
        "Can it be bought well? The market, how you will procure (cooperative contract, RFP), "
        "contract length, data ownership and exit terms."
    ),
    "financial_case": gettext_lazy(
        "Is it affordable? One-time and recurring costs by fiscal year, the effect on the "
        "operating budget, and where the money comes from (budget, grants, financing)."
    ),
    "management_case": gettext_lazy(
        "Can it be delivered? Who owns it, the plan and milestones, staff training, risks and "
        "how success will be measured."
    ),
}


@dataclass
class Section:
    field: str
    label: str
    guidance: str
    facts: list[str]


def narrative_guidance(case: BusinessCase, figures: list[OptionFigures]) -> list[Section]:
    initiative = case.initiative
    currency = case.organization.currency
    goals = [f"{g.code} — {g.statement}" for g in initiative.goals.all()]
    strategic = []
    if initiative.problem_statement:
        strategic.append(_("Problem: %(text)s") % {"text": initiative.problem_statement})
    strategic += [_("Serves goal %(goal)s") % {"goal": g} for g in goals]
    economic = [
        _("Compared with the status quo over %(n)s years at a %(rate)s discount rate.")
        % {"n": case.horizon_years, "rate": formatting.percent(case.discount_rate)}
    ]
    financial = []
    for f in figures:
        if not f.ok:
            continue
        a = f.analysis
        irr = formatting.percent(a.irr) if a.irr is not None else _("not defined")
        payback = (
            _("%(y).1f years") % {"y": a.payback_years}
            if a.payback_years is not None
            else _("not within the horizon")
        )
        economic.append(
            _(
                "%(option)s: net present value %(npv)s, internal rate of return "
                "%(irr)s, payback %(payback)s."
            )
            % {
                "option": f.option.name,
                "npv": money(a.npv, currency),
                "irr": irr,
                "payback": payback,
            }
        )
        financial.append(
            _("%(option)s: total cost of ownership %(tco)s over the horizon.")
            % {"option": f.option.name, "tco": money(a.tco, currency)}
        )
    if case.recommended_option:
        economic.append(_("Recommended option: %(name)s.") % {"name": case.recommended_option})
        if case.recommendation_reason.strip():
            economic.append(
                _("Why it is recommended: %(reason)s") % {"reason": case.recommendation_reason}
            )
    management = []
    if initiative.owner:
        management.append(_("Owner: %(who)s") % {"who": person_name(initiative.owner)})
    departments = ", ".join(d.name for d in initiative.sponsor_departments.all())
    if departments:
        management.append(_("Sponsoring departments: %(names)s") % {"names": departments})
    facts = {
        "strategic_case": strategic,
        "economic_case": economic,
        "commercial_case": [],
        "financial_case": financial,
        "management_case": management,
    }
    return [
        Section(
            field=name,
            label=str(BusinessCase._meta.get_field(name).verbose_name),
            guidance=str(text),
            facts=facts[name],
        )
        for name, text in GUIDANCE.items()
    ]
