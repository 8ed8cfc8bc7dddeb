"""The business case's "add the risks' contingency reserve": the expected cost of the
initiative's open risks (``core.risk``) as one contingency cost line of a business-case option,
shown with its amount and year before it is added (registered with ``cases.line_sources``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.cases.models import Option
from civicshift.web.forms import Form, RadioSelect, add_service_errors
from civicshift.web.org_views import OrgTemplateView

from . import selectors
from .risk_summary import register_summary
from .views_plan import PlanTabMixin

BASES = [
    ("after", gettext_lazy("After the planned responses (the reserve to hold if they are done)")),
    ("before", gettext_lazy("Before the responses (if nothing is done about the risks)")),
]


def _exposure(initiative):
    risks = list(
        selectors.risks_for(initiative.organization, initiative).filter(initiative=initiative)
    )
    summary = register_summary(risks)
    after = summary.contingency if summary.contingency_after is None else summary.contingency_after
    return summary, {"before": summary.contingency, "after": after}


def contingency_sources(option) -> list[tuple[str, str]]:
    """One link on the option page when the initiative's open risks have costs."""
    initiative = option.case.initiative
    _summary, amounts = _exposure(initiative)
    if not amounts["before"]:
        return []
    url = reverse(
        "plans:contingency", kwargs={"org_slug": option.organization.slug, "pk": initiative.pk}
    )
    return [(_("Add the risks' contingency reserve"), f"{url}?option={option.pk}")]


class ContingencyForm(Form):
    option = forms.ModelChoiceField(
        label=gettext_lazy("Add it to option"), queryset=Option.objects.none(), empty_label=None
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("Which reserve"), choices=BASES, widget=RadioSelect
    )
    period = forms.IntegerField(
        label=gettext_lazy("Year of the case"),
        min_value=0,
        help_text=gettext_lazy("0 is the year the work starts; the reserve is set aside once."),
    )

    def __init__(self, *args, options, horizon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = options
        self.fields["period"].max_value = horizon
        self.fields["period"].validators.append(MaxValueValidator(horizon))


class ContingencyView(PlanTabMixin, OrgTemplateView):
    """GET: the line that would be added; POST with ``add``: add it."""

    template_name = "plans/contingency.html"
    read_role = "editor"

    def get_breadcrumbs(self):
        risks = reverse(
            "plans:risks", kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]}
        )
        return self.plan_crumbs((_("Risks"), risks), (_("Contingency reserve"), None))

    def case(self):
        case = getattr(self.get_initiative(), "business_case", None)
        if case is None:
            raise Http404(_("Start the business case first."))
        return case

    def build_form(self, data=None):
        case = self.case()
        options = case.options.all()
        wanted = self.request.GET.get("option")
        initial = options.filter(pk=wanted).first() if wanted else None
        initial = initial or case.recommended_option or options.first()
        return ContingencyForm(
            data,
            options=options,
            horizon=case.horizon_years,
            initial={"option": initial, "basis": "after", "period": 0},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.build_form()
        summary, amounts = _exposure(self.get_initiative())
        choice = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        amount = Decimal(round(amounts[choice.get("basis") or "after"]))
        context.update(
            form=form,
            summary=summary,
            amounts=amounts,
            amount=amount,
            case=self.case(),
            name=self.line_name(summary),
        )
        return context

    @staticmethod
    def line_name(summary) -> str:
        return _("Risk contingency reserve (%(n)s open risks)") % {"n": summary.open_count}

    def post(self, request, *args, **kwargs):
        from civicshift.cases.services import line_create

        form = self.build_form(request.POST)
        if form.is_valid() and "add" in request.POST:
            summary, amounts = _exposure(self.get_initiative())
            option = form.cleaned_data["option"]
            period = form.cleaned_data["period"]
            try:
                line_create(
                    actor=request.user,
                    option=option,
                    name=self.line_name(summary)[:200],
                    kind="cost",
                    category="contingency",
                    distribution="point",
                    likely=Decimal(round(amounts[form.cleaned_data["basis"]])),
                    first_period=period,
                    last_period=period,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Added the contingency reserve to “%s”.") % option)
                return HttpResponseRedirect(
                    reverse(
                        "cases:option",
                        kwargs={
                            "org_slug": self.organization.slug,
                            "pk": self.kwargs["pk"],
                            "option": option.pk,
                        },
                    )
                )
        return self.render_to_response(self.get_context_data(form=form))
