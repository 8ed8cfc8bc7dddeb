"""Pages of an evaluation: the initiative's tab (its evaluations), the evaluation's overview
(solicitation, milestones, proposals, criteria, panel), the forms, the milestone's confirm step
into the plan, proposal documents, and the weights (typed or AHP)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgServiceFormView, OrgTemplateView

from . import selectors, services, services_panel
from .forms import (
    CriterionForm,
    DocumentForm,
    EvaluationForm,
    MilestoneForm,
    PanelMemberForm,
    ProposalForm,
)
from .models import Milestone, MilestoneKind, ProposalDocument, WeightMethod
from .starter import starter_criteria


class InitiativeEvaluationsView(InitiativeMixin, OrgTemplateView):
    """The initiative hub's "Vendors" tab."""

    template_name = "vendors/initiative_evaluations.html"
    section = "initiatives"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Vendors"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        context.update(
            initiative=initiative,
            tab="vendors",
            modules=MODULES.values(),
            evaluations=selectors.evaluations_visible(self.organization, self.request.user).filter(
                initiative=initiative
            ),
        )
        return context


class EvaluationCreateView(InitiativeMixin, OrgServiceFormView):
    template_name = "vendors/form.html"
    form_class = EvaluationForm
    section = "initiatives"

    def get_breadcrumbs(self):
        tab = reverse(
            "vendors:initiative_evaluations", args=[self.organization.slug, self.kwargs["pk"]]
        )
        return self.initiative_crumbs((_("Vendors"), tab), (_("New evaluation"), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("New vendor evaluation"),
            intro=_(
                "One solicitation for this initiative: how you buy, the criteria, the panel "
                "and the proposals it receives."
            ),
            cancel_url=reverse(
                "vendors:initiative_evaluations",
                args=[self.organization.slug, self.kwargs["pk"]],
            ),
        )
        return context

    def perform(self, form):
        return services.evaluation_create(
            actor=self.request.user, initiative=self.get_initiative(), **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return reverse("vendors:evaluation_detail", args=[self.organization.slug, result.pk])


class EvaluationMixin:
    section = "initiatives"

    def get_evaluation(self):
        if not hasattr(self, "_evaluation"):
            self._evaluation = selectors.evaluation_get(
                self.organization, self.request.user, self.kwargs["pk"]
            )
        return self._evaluation

    def evaluation_url(self, anchor: str = "") -> str:
        url = reverse(
            "vendors:evaluation_detail", args=[self.organization.slug, self.get_evaluation().pk]
        )
        return f"{url}#{anchor}" if anchor else url

    def evaluation_crumbs(self, *tail):
        evaluation = self.get_evaluation()
        initiative = evaluation.initiative
        crumbs = [
            (_("Initiatives"), reverse("initiatives:list", args=[self.organization.slug])),
            (
                initiative.title,
                reverse("initiatives:detail", args=[self.organization.slug, initiative.pk]),
            ),
            (
                _("Vendors"),
                reverse(
                    "vendors:initiative_evaluations", args=[self.organization.slug, initiative.pk]
                ),
            ),
            (evaluation.title, self.evaluation_url() if tail else None),
        ]
        return crumbs + list(tail)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.get_evaluation()
        context.update(
            evaluation=evaluation,
            member=selectors.member_of(evaluation, self.request.user),
        )
        return context


class EvaluationDetailView(EvaluationMixin, OrgTemplateView):
    template_name = "vendors/evaluation_detail.html"

    def get_breadcrumbs(self):
        return self.evaluation_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.get_evaluation()
        milestones = {m.kind: m for m in evaluation.milestones.select_related("task")}
        context.update(
            milestones=[
                (kind, label, milestones.get(kind)) for kind, label in MilestoneKind.choices
            ],
            milestone_form=MilestoneForm(),
            proposals=evaluation.proposals.select_related("vendor").prefetch_related("documents"),
            tree=selectors.criteria_tree(evaluation),
            panel=evaluation.panel.select_related("user").prefetch_related("declarations__vendor"),
            panel_form=PanelMemberForm(organization=self.organization)
            if self.can(Role.EDITOR)
            else None,
            starter=starter_criteria(),
            has_criteria=evaluation.criteria.exists(),
        )
        return context


class EvaluationUpdateView(EvaluationMixin, OrgServiceFormView):
    template_name = "vendors/form.html"
    form_class = EvaluationForm

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Edit"), None))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "instance": self.get_evaluation(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit the evaluation"),
            cancel_url=self.evaluation_url(),
            history_object=self.get_evaluation(),
        )
        return context

    def perform(self, form):
        return services.evaluation_update(
            actor=self.request.user,
            evaluation=self.get_evaluation(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.evaluation_url()


class SimpleFormView(EvaluationMixin, OrgServiceFormView):
    """A form of the evaluation on a page of its own, back to the overview when saved."""

    template_name = "vendors/form.html"
    title = ""
    intro = ""
    anchor = ""

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((self.title, None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, cancel_url=self.evaluation_url())
        return context

    def get_success_url(self, result=None):
        return self.evaluation_url(self.anchor)


class MilestoneSetView(SimpleFormView):
    form_class = MilestoneForm
    title = _("Set a milestone's date")
    anchor = "h-milestones"

    def perform(self, form):
        return services.milestone_set(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )


class MilestoneTaskView(EvaluationMixin, OrgTemplateView):
    """GET: what would be added to the plan; POST: add it (or bring the task up to date)."""

    template_name = "vendors/milestone_task.html"
    read_role = Role.EDITOR

    def get_milestone(self):
        return get_object_or_404(
            Milestone.objects.for_org(self.organization).select_related("evaluation__initiative"),
            evaluation=self.get_evaluation(),
            pk=self.kwargs["milestone"],
        )

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Add to the plan"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        milestone = self.get_milestone()
        context.update(milestone=milestone, preview=services.milestone_task_preview(milestone))
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.milestone_to_task(actor=request.user, milestone=self.get_milestone())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.path)
        messages.success(request, _("The milestone is in the plan."))
        return HttpResponseRedirect(self.evaluation_url("h-milestones"))


class ProposalCreateView(SimpleFormView):
    form_class = ProposalForm
    title = _("Record a proposal")
    intro = _("The vendor, its price and its costs. Upload the documents on the next step.")
    anchor = "h-proposals"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def perform(self, form):
        return services.proposal_create(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return reverse(
            "vendors:document_upload",
            args=[self.organization.slug, self.get_evaluation().pk, result.pk],
        )


class DocumentUploadView(SimpleFormView):
    form_class = DocumentForm
    title = _("Upload a proposal document")
    anchor = "h-proposals"

    def get_proposal(self):
        return get_object_or_404(
            self.get_evaluation().proposals.select_related("vendor"), pk=self.kwargs["proposal"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("For the proposal of %(v)s. %(hint)s") % {
            "v": self.get_proposal().vendor.name,
            "hint": _("Archives (zip) are refused: upload each document."),
        }
        context["submit_label"] = _("Upload")
        return context

    def perform(self, form):
        return services.document_upload(
            actor=self.request.user, proposal=self.get_proposal(), upload=form.cleaned_data["file"]
        )


class DocumentDownloadView(EvaluationMixin, OrgTemplateView):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            ProposalDocument.objects.for_org(self.organization),
            proposal__evaluation=self.get_evaluation(),
            pk=self.kwargs["document"],
        )
        response = HttpResponse(bytes(document.content), content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CriterionCreateView(SimpleFormView):
    form_class = CriterionForm
    title = _("Add a criterion")
    intro = _(
        "A main criterion, or a part of one. Describe in words what a 1, a 3 and a 5 look like, "
        "so every evaluator scores against the same picture."
    )
    anchor = "h-criteria"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "evaluation": self.get_evaluation()}

    def perform(self, form):
        return services.criterion_create(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )


class StarterCriteriaView(EvaluationMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        try:
            made = services.criteria_load_starter(
                actor=request.user, evaluation=self.get_evaluation()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d starter criteria added.") % {"n": len(made)})
        return HttpResponseRedirect(self.evaluation_url("h-criteria"))


class PanelAddView(SimpleFormView):
    form_class = PanelMemberForm
    title = _("Put an evaluator on the panel")
    anchor = "h-panel"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def perform(self, form):
        return services_panel.panel_member_add(
            actor=self.request.user, evaluation=self.get_evaluation(), **form.cleaned_data
        )


class ProposalsOpenView(EvaluationMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        try:
            services_panel.proposals_open(actor=request.user, evaluation=self.get_evaluation())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposals are open to the panel."))
        return HttpResponseRedirect(self.evaluation_url("h-panel"))


class WeightsView(EvaluationMixin, OrgTemplateView):
    """The weights: typed per group (editors), and the AHP result from the panel's judgments
    with λmax, CI, CR, the random-index table and the judgment most at odds."""

    template_name = "vendors/weights.html"

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Weights"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.get_evaluation()
        ahp_groups = (
            selectors.ahp_groups(evaluation) if evaluation.weight_method == WeightMethod.AHP else []
        )
        context.update(
            groups=selectors.groups(evaluation),
            ahp_groups=ahp_groups,
            # Weights that could be used and are not yet (contradicting groups have their own
            # warning and cannot be used).
            ahp_pending=any(
                g.result is not None and not g.warn and not g.applied for g in ahp_groups
            ),
            errors=kwargs.get("errors", {}),
            typed=evaluation.weight_method == WeightMethod.TYPED,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.can(Role.EDITOR):
            raise Http404
        evaluation = self.get_evaluation()
        if request.POST.get("apply") == "ahp":
            try:
                kept = services.weights_apply_ahp(actor=request.user, evaluation=evaluation)
            except ValidationError as exc:
                return self.render_to_response(
                    self.get_context_data(errors={"ahp": " ".join(exc.messages)}), status=400
                )
            messages.success(request, _("The ranking now uses the weights the comparisons give."))
            if kept:
                messages.warning(
                    request,
                    _("Not judged completely yet, so kept as they were: %(g)s.")
                    % {"g": "; ".join(kept)},
                )
            return HttpResponseRedirect(request.path)
        group_key = request.POST.get("group", "")
        errors = {}
        for parent, criteria in selectors.groups(evaluation):
            key = str(parent.pk) if parent else "top"
            if key != group_key:
                continue
            from decimal import Decimal, InvalidOperation

            weights = {}
            for c in criteria:
                raw = request.POST.get(f"w{c.pk}", "").strip().replace(",", ".")
                try:
                    weights[c] = Decimal(raw)
                except InvalidOperation:
                    errors[key] = _("The weight of “%(c)s” is not a number.") % {"c": c.name}
            if key not in errors:
                try:
                    services.weights_set_typed(
                        actor=request.user, evaluation=evaluation, parent=parent, weights=weights
                    )
                except ValidationError as exc:
                    errors[key] = " ".join(exc.messages)
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors), status=400)
        messages.success(request, _("Weights saved."))
        return HttpResponseRedirect(request.path)
