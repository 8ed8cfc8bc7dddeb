"""The winning proposal's costs into the business case: a page of the evaluation that shows the
lines that would be added to an option (GET, htmx swaps the lines when the choice changes),
then adds them (POST, ``services_case``); and the link on the option page (registered with
``cases.line_sources``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicshift.cases.models import Option
from civicshift.orgs.roles import Role
from civicshift.web.forms import Form, add_service_errors
from civicshift.web.org_views import OrgTemplateView

from . import services_case
from .models import Evaluation, Proposal, ProposalCaseLine
from .views import EvaluationMixin


def proposal_cost_sources(option) -> list[tuple[str, str]]:
    """On the option page: one link per evaluation of the initiative with a proposal that has
    costs; once lines were added, the link says whose proposal they came from (two queries)."""
    organization = option.organization
    evaluations = list(
        Evaluation.objects.for_org(organization)
        .filter(initiative_id=option.case.initiative_id)
        .filter(Q(proposals__one_time_cost__gt=0) | Q(proposals__annual_cost__gt=0))
        .distinct()
        .order_by("pk")
    )
    if not evaluations:
        return []
    added = {
        record.evaluation_id: record
        for record in ProposalCaseLine.objects.for_org(organization)
        .filter(evaluation__in=evaluations)
        .select_related("proposal__vendor")
        .order_by("-pk")
    }
    links = []
    for evaluation in evaluations:
        url = reverse(
            "vendors:case_lines", kwargs={"org_slug": organization.slug, "pk": evaluation.pk}
        )
        record = added.get(evaluation.pk)
        if record is not None:
            label = _("Costs from %(vendor)s's proposal (%(evaluation)s): update them") % {
                "vendor": record.proposal.vendor.name,
                "evaluation": evaluation.title,
            }
        else:
            label = _("Add the winning proposal's costs (%(evaluation)s)") % {
                "evaluation": evaluation.title
            }
        links.append((label, f"{url}?option={option.pk}"))
    return links


class ProposalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.vendor.name


class CaseLinesForm(Form):
    proposal = ProposalChoice(
        label=gettext_lazy("Proposal"),
        queryset=Proposal.objects.none(),
        empty_label=None,
        help_text=gettext_lazy(
            "Whose costs to add. It starts with the proposal recommended for award, or else "
            "the one ranked first."
        ),
    )
    option = forms.ModelChoiceField(
        label=gettext_lazy("Add them to option"),
        queryset=Option.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("The business-case option that buys from this vendor."),
    )

    def __init__(self, *args, proposals, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["option"].queryset = options


def _version(raw) -> int | None:
    return int(raw) if raw and str(raw).isdigit() else None


class CaseLinesView(EvaluationMixin, OrgTemplateView):
    """GET (``?proposal=&option=``): the lines that would be added; POST: add them."""

    template_name = "vendors/case_lines.html"
    read_role = Role.EDITOR
    help_page = "vendors#into-the-business-case"

    def get_template_names(self):
        if self.request.htmx and self.request.method == "GET":
            return ["vendors/case_lines_preview.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Add to the business case"), None))

    def case(self):
        case = services_case.case_of(self.get_evaluation())
        if case is None:
            raise Http404(_("Start the initiative's business case first."))
        return case

    def build_form(self, data=None):
        evaluation, case = self.get_evaluation(), self.case()
        proposals = Proposal.objects.for_org(self.organization).filter(evaluation=evaluation)
        proposals = proposals.select_related("vendor").order_by("vendor__name", "pk")
        options = Option.objects.for_org(self.organization).filter(case=case)
        if not hasattr(self, "why"):  # the defaults, worked out once (the ranking is not free)
            self.default, self.why = services_case.default_proposal(evaluation, proposals)
        option = case.recommended_option or options.first()
        return CaseLinesForm(
            data,
            proposals=proposals,
            options=options,
            initial={"proposal": self.default, "option": option},
        )

    def chosen_form(self):
        """The form of the choice shown: the address's ``proposal``/``option`` when given
        (another organization's or evaluation's id is a 404), else the defaults."""
        wanted = {k: self.request.GET[k] for k in ("proposal", "option") if self.request.GET.get(k)}
        form = self.build_form()
        if wanted:
            data = {
                "proposal": getattr(form.initial["proposal"], "pk", ""),
                "option": getattr(form.initial["option"], "pk", ""),
                **wanted,
            }
            form = self.build_form(data)
            if not form.is_valid() and set(form.errors) & set(wanted):
                raise Http404(_("No such proposal or option here."))
        return form

    def get_context_data(self, **kwargs):
        from civicshift.cases.selectors import option_figures

        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.chosen_form()
        case = self.case()
        choice = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        proposal, option = choice.get("proposal"), choice.get("option")
        planned = lines = before = after = None
        if proposal is not None and option is not None:
            planned = services_case.plan(self.get_evaluation(), proposal, option)
            lines = services_case.lines_after(option, planned)
            context["similar"] = services_case.similar_lines(option, planned)
            before = option_figures(case, option, sensitivity=False, compact=True)
            after = option_figures(case, option, lines, sensitivity=False, compact=True)
        context.update(
            form=form,
            case=case,
            proposal=proposal,
            option=option,
            why=self.why if proposal is not None and proposal == self.default else "",
            plan=planned,
            npv_before=before.summary.lead.npv if before is not None and before.ok else None,
            npv_after=after.summary.lead.npv if after is not None and after.ok else None,
            after_problem=after.problem if after is not None and not after.ok else "",
            added=list(services_case.lines_added(self.get_evaluation())),
            has_bias=any(
                getattr(case, f"optimism_{k}") for k in ("one_time", "recurring", "duration")
            ),
        )
        if context["npv_before"] is None and before is not None and before.problem == "empty":
            context["npv_before"] = 0.0
        if context["npv_before"] is not None and context["npv_after"] is not None:
            context["npv_change"] = context["npv_after"] - context["npv_before"]
        return context

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if form.is_valid():
            option = form.cleaned_data["option"]
            try:
                made = services_case.proposal_lines_apply(
                    actor=request.user,
                    evaluation=self.get_evaluation(),
                    proposal=form.cleaned_data["proposal"],
                    option=option,
                    expected_version=_version(request.POST.get("proposal_version")),
                    expected_case_version=_version(request.POST.get("case_version")),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Added %(n)d line from %(vendor)s's proposal to “%(option)s”.",
                        "Added %(n)d lines from %(vendor)s's proposal to “%(option)s”.",
                        len(made),
                    )
                    % {
                        "n": len(made),
                        "vendor": form.cleaned_data["proposal"].vendor.name,
                        "option": option.name,
                    },
                )
                return HttpResponseRedirect(
                    reverse(
                        "cases:option",
                        kwargs={
                            "org_slug": self.organization.slug,
                            "pk": self.get_evaluation().initiative_id,
                            "option": option.pk,
                        },
                    )
                )
        return self.render_to_response(self.get_context_data(form=form))
