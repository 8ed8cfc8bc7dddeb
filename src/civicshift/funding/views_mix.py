"""The funding mix of an initiative (under its Funding tab): the sources per fiscal year against
the business case's costs, as a table and a chart; adding, changing and removing a source; and
the financing calculator, whose payments can be added to the mix.

With htmx the mix page's form posts in place: the answer is the page again (the mix region is
swapped in, the chart drawn again); without JavaScript it is an ordinary POST and redirect.
"""

from __future__ import annotations

import json
from decimal import Decimal

from babel import numbers as babel_numbers
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.cases.selectors import case_for_initiative
from civicshift.cases.services import current_fiscal_year
from civicshift.cases.views_portfolio import fiscal_year_span
from civicshift.core.funding.mix import KINDS
from civicshift.core.portfolio import INVALID, NO_CASE, NO_LINES, NO_RECOMMENDED_OPTION
from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.orgs.roles import Role
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgServiceFormView,
    OrgTemplateView,
)
from civicshift.web.templatetags.civicshift import active_locale

from . import services_mix as services
from .forms_mix import AddPaymentsForm, FinancingForm, MixLineForm, annual_amounts
from .models import SourceKind, SourceStatus
from .selectors_mix import MixSummary, case_years, mix_line_get, mix_summary

#: Chart colours per kind of source (USWDS palette, distinguishable and 3:1 on white).
COLOURS = {
    "grant": "#00a91c",
    "capital_budget": "#005ea2",
    "operating_budget": "#1a4480",
    "lease": "#e66f0e",
    "bond_loan": "#8168b3",
    "partnership": "#008480",
    "cooperative_purchasing": "#71767a",
}


def fy(year: int) -> str:
    return f"FY{year}"


def cents(value, currency: str) -> str:
    """Money to the cent ('$1,037.03'), for payments."""
    return babel_numbers.format_currency(
        Decimal(str(round(float(value), 2))), currency or "USD", locale=active_locale()
    )


def why_no_costs(summary: MixSummary) -> str:
    return {
        NO_CASE: _("This initiative has no business case yet, so there are no costs to fund."),
        NO_RECOMMENDED_OPTION: _(
            "The business case has no recommended option yet, so there are no costs to fund."
        ),
        NO_LINES: _("The recommended option has no costs yet."),
        INVALID: _("The recommended option cannot be analysed: %(detail)s")
        % {"detail": summary.detail},
    }.get(summary.missing, "")


def mix_table(summary: MixSummary) -> dict:
    """The table's rows (one per figure, one column per fiscal year and a total), and the
    chart's data from the same figures."""
    mix = summary.mix
    years = mix.years
    labels = dict(SourceKind.choices)
    statuses = dict(SourceStatus.choices)

    def row(key, label, values, total, *, strong=False, explain=""):
        return {
            "key": key,
            "label": label,
            "values": list(values),
            "total": total,
            "strong": strong,
            "explain": explain,
        }

    rows = []
    if mix.has_costs:
        rows += [
            row(
                "one_time",
                _("One-time cost"),
                (y.cost.one_time for y in years),
                sum((y.cost.one_time for y in years), Decimal(0)),
                explain=_(
                    "Licences, hardware, implementation, data migration, training and other "
                    "costs paid once, in the years the case spends them."
                ),
            ),
            row(
                "recurring",
                _("Recurring cost"),
                (y.cost.recurring for y in years),
                sum((y.cost.recurring for y in years), Decimal(0)),
                explain=_(
                    "Subscriptions, maintenance, hosting, support and added staff, every year."
                ),
            ),
            row(
                "cost",
                _("Cost"),
                (y.cost.total for y in years),
                mix.total("cost"),
                strong=True,
                explain=_(
                    "One-time plus recurring cost of the recommended option that year, at the "
                    "expected amounts, as the portfolio roll-up counts them. Savings and revenue "
                    "are not subtracted."
                ),
            ),
        ]
    for kind in KINDS:
        if kind in mix.kinds_used:
            rows.append(
                row(
                    f"kind-{kind}",
                    labels[kind],
                    (y.by_kind[kind] for y in years),
                    mix.kind_total(kind),
                )
            )
    rows.append(
        row(
            "funded",
            _("Funded"),
            (y.funded for y in years),
            mix.total("funded"),
            strong=True,
            explain=_("Every source of that year, whatever its status."),
        )
    )
    for status in ("committed", "requested", "planned"):
        rows.append(
            row(
                f"status-{status}",
                _("of which %(status)s") % {"status": str(statuses[status]).lower()},
                (y.by_status[status] for y in years),
                mix.status_total(status),
            )
        )
    if mix.has_costs:
        rows += [
            row(
                "gap",
                _("Gap"),
                (y.gap for y in years),
                mix.total("gap"),
                strong=True,
                explain=_(
                    "Cost minus funded. Above zero: money still to find that year. Below zero: "
                    "a surplus, more lined up than the case spends that year."
                ),
            ),
            row(
                "uncommitted",
                _("Not yet committed"),
                (y.uncommitted_gap for y in years),
                mix.total("uncommitted_gap"),
                explain=_(
                    "Cost minus committed sources: what is not certain yet, counting requested "
                    "and planned money as not there."
                ),
            ),
        ]
    chart = {
        "labels": [fy(y.fiscal_year) for y in years],
        "sources": [
            {
                "label": str(labels[kind]),
                "colour": COLOURS[kind],
                "values": [float(y.by_kind[kind]) for y in years],
            }
            for kind in mix.kinds_used
        ],
        "cost": (
            {"label": _("Cost"), "values": [float(y.cost.total) for y in years]}
            if mix.has_costs
            else None
        ),
    }
    return {"rows": rows, "chart": chart}


def mix_sentence(summary: MixSummary, currency: str) -> str:
    """The chart's one-sentence summary."""
    from civicshift.core.formatting import money

    mix, loc = summary.mix, active_locale()
    if not mix.years:
        return _("No fiscal years yet.")
    if not mix.has_costs:
        return _("Sources total %(funded)s; there are no costs to set them against.") % {
            "funded": money(mix.total("funded"), currency, locale=loc)
        }
    short = [y for y in mix.years if y.gap is not None and y.gap > 0]
    values = {
        "funded": money(mix.total("funded"), currency, locale=loc),
        "cost": money(mix.total("cost"), currency, locale=loc),
    }
    if not short:
        return _("Sources (%(funded)s) cover the cost (%(cost)s) in every fiscal year.") % values
    worst = max(short, key=lambda y: y.gap)
    return _(
        "Sources total %(funded)s against a cost of %(cost)s; %(n)d fiscal years are short, "
        "the most %(worst)s (%(gap)s short)."
    ) % {
        **values,
        "n": len(short),
        "worst": fy(worst.fiscal_year),
        "gap": money(worst.gap, currency, locale=loc),
    }


class MixMixin(InitiativeMixin):
    section = "initiatives"
    help_page = "funding#funding-mix"

    def mix_url(self) -> str:
        return reverse(
            "funding:mix", kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]}
        )

    def case_years(self) -> tuple[int, ...]:
        """The business case's fiscal years, or () without a case (one query, no figures)."""
        return case_years(case_for_initiative(self.organization, self.kwargs["pk"]))

    def mix_crumbs(self, *tail):
        funding = reverse(
            "funding:initiative_funding",
            kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]},
        )
        head = (_("Funding mix"), self.mix_url() if tail else None)
        return self.initiative_crumbs((_("Funding"), funding), head, *tail)

    def get_breadcrumbs(self):
        return self.mix_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.get_initiative(),
            tab="funding",
            modules=MODULES.values(),
            mix_url=self.mix_url(),
        )
        return context


def mix_page_context(view, form=None, notice: str = "") -> dict:
    """What the mix page shows (the view's own context comes on top)."""
    initiative = view.get_initiative()
    summary = mix_summary(initiative)
    currency = view.organization.currency
    table = mix_table(summary)
    years = case_years(summary.case)
    if form is None and view.can(Role.EDITOR):
        form = MixLineForm(
            fiscal_years=years,
            initial={"fiscal_year": years[0] if years else current_fiscal_year(view.organization)},
        )
    start_month = view.organization.fiscal_year_start_month
    first = summary.mix.years[0].fiscal_year if summary.mix.years else None
    return {
        "summary": summary,
        "table": table,
        "chart_json": json.dumps({**table["chart"], "currency": currency or "USD"}),
        "sentence": mix_sentence(summary, currency),
        "no_costs": why_no_costs(summary),
        "form": form,
        "notice": notice,
        "fiscal_years": years,
        # What the first fiscal year covers (the organization's fiscal year start month).
        "first_span": (first, *fiscal_year_span(first, start_month)) if first else None,
        "labels": {
            "kind": dict(SourceKind.choices),
            "status": dict(SourceStatus.choices),
        },
    }


class MixView(MixMixin, OrgTemplateView):
    template_name = "funding/mix.html"

    def get_context_data(self, mix_form=None, notice="", **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(mix_page_context(self, form=mix_form, notice=notice))
        return context


class MixLineFormMixin(MixMixin):
    template_name = "funding/mix_form.html"
    form_class = MixLineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fiscal_years": self.case_years()}

    def get_success_url(self, result=None):
        return self.mix_url() + "#mix-lines"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.mix_url()
        return context


class MixLineCreateView(MixLineFormMixin, OrgServiceFormView):
    """GET: the form on a page of its own. POST (from it or from the mix page)."""

    def get_breadcrumbs(self):
        return self.mix_crumbs((_("New source"), None))

    def get_initial(self):
        years = self.case_years()
        return {"fiscal_year": years[0] if years else current_fiscal_year(self.organization)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New source of funding")
        return context

    def perform(self, form):
        return services.mix_line_create(
            actor=self.request.user, initiative=self.get_initiative(), **form.cleaned_data
        )

    def render_mix(self, form, notice=""):
        view = MixView()
        view.setup(self.request, *self.args, **self.kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(view.get_context_data(mix_form=form, notice=notice))

    def form_valid(self, form):
        try:
            line = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        notice = _("Added “%(name)s”, %(amount)s in FY%(year)s.") % {
            "name": line.name,
            "amount": cents(line.amount, self.organization.currency),
            "year": line.fiscal_year,
        }
        if self.request.htmx:
            return self.render_mix(None, notice=notice)
        messages.success(self.request, notice)
        return HttpResponseRedirect(self.get_success_url(line))

    def form_invalid(self, form):
        if self.request.htmx:
            return self.render_mix(form)
        return super().form_invalid(form)


class MixLineEditView(MixLineFormMixin, OrgServiceFormView):
    def get_line(self):
        if not hasattr(self, "_line"):
            self._line = mix_line_get(self.get_initiative(), self.kwargs["line"])
        return self._line

    def get_breadcrumbs(self):
        return self.mix_crumbs((str(self.get_line()), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_line()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Source “%s”") % self.get_line().name, history_object=self.get_line()
        )
        return context

    def perform(self, form):
        return services.mix_line_update(
            actor=self.request.user,
            line=self.get_line(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    success_message = ""

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved “%s”.") % result.name)
        return super().get_success_url(result)


class MixLineDeleteView(MixMixin, OrgConfirmDeleteView):
    object_label = _("source of funding")

    def get_object(self):
        return mix_line_get(self.get_initiative(), self.kwargs["line"])

    def get_breadcrumbs(self):
        return self.mix_crumbs((_("Delete a source"), None))

    def delete(self, obj):
        services.mix_line_delete(actor=self.request.user, line=obj)

    def get_success_url(self):
        return self.mix_url() + "#mix-lines"


def calculator_context(view, form, add_form=None) -> dict:
    result = form.cleaned_data.get("result") if form.is_bound and form.is_valid() else None
    currency = view.organization.currency
    years = view.case_years()
    context = {"form": form, "result": result, "fiscal_years": years}
    if result is None:
        return context
    labels = {"loan": _("Loan"), "lease": _("Lease or subscription"), "bond": _("Bond")}
    if add_form is None and view.can(Role.EDITOR):
        kind = {"lease": SourceKind.LEASE, "loan": SourceKind.OPERATING_BUDGET}.get(
            result.kind, SourceKind.OPERATING_BUDGET
        )
        add_form = AddPaymentsForm(
            prefix="add",
            initial={
                "first_fiscal_year": years[1] if len(years) > 1 else (years[0] if years else None),
                "kind": kind,
                "name": _("Payments on the %(kind)s") % {"kind": str(labels[result.kind]).lower()},
                "status": SourceStatus.PLANNED,
            },
        )
    schedule = [
        {
            "number": p.number,
            "year": p.year,
            "payment": cents(p.payment, currency),
            "interest": cents(p.interest, currency),
            "principal": cents(p.principal, currency),
            "balance": cents(p.balance, currency),
        }
        for p in result.schedule
    ]
    context.update(
        kind_label=labels[result.kind],
        add_form=add_form,
        figures={
            "payment": cents(result.payment, currency),
            "annual": cents(result.annual_payment, currency),
            "total_paid": cents(result.total_paid, currency),
            "total_interest": cents(result.total_interest, currency),
            "principal": cents(result.principal, currency),
            "issuance_cost": cents(result.issuance_cost, currency),
        },
        by_year=[
            {
                "year": year,
                "paid": cents(paid, currency),
                "interest": cents(interest, currency),
                "principal": cents(principal, currency),
            }
            for year, paid, interest, principal in result.by_year()
        ],
        schedule=schedule,
        # A monthly schedule over decades is long: shown folded.
        long_schedule=len(schedule) > 24,
    )
    return context


class CalculatorView(MixMixin, OrgTemplateView):
    """GET only: the figures are computed from the query string, nothing is written."""

    template_name = "funding/mix_calculator.html"
    help_page = "funding#financing-calculator"

    def get_breadcrumbs(self):
        return self.mix_crumbs((_("Financing calculator"), None))

    def get_context_data(self, form=None, add_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if form is None:
            bound = "amount" in self.request.GET
            form = FinancingForm(self.request.GET if bound else None)
        context.update(calculator_context(self, form, add_form=add_form))
        return context


class CalculatorAddView(MixMixin, OrgActionView):
    """POST: add the calculated payments to the mix, one line per fiscal year."""

    def post(self, request, *args, **kwargs):
        form = FinancingForm(request.POST)
        add_form = AddPaymentsForm(request.POST, prefix="add")
        if form.is_valid() and add_form.is_valid():
            result = form.cleaned_data["result"]
            data = add_form.cleaned_data
            try:
                lines = services.mix_lines_from_payments(
                    actor=request.user,
                    initiative=self.get_initiative(),
                    first_fiscal_year=data["first_fiscal_year"],
                    annual_amounts=annual_amounts(result),
                    kind=data["kind"],
                    name=data["name"],
                    status=data["status"],
                )
            except ValidationError as exc:
                add_service_errors(add_form, exc)
            else:
                messages.success(
                    request,
                    _("Added %(n)d yearly lines of payments, FY%(first)s to FY%(last)s.")
                    % {
                        "n": len(lines),
                        "first": lines[0].fiscal_year,
                        "last": lines[-1].fiscal_year,
                    },
                )
                return HttpResponseRedirect(self.mix_url() + "#mix-lines")
        view = CalculatorView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        context = view.get_context_data(form=form, add_form=add_form)
        return view.render_to_response(context)
