"""The risk register: an initiative's (under its Plan tab) and the organization's programme
risks (its own page in the side menu). The same views serve both: an initiative in the URL
scopes the register to it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import selectors
from . import services_risks as services
from .forms import IssueForm, RiskActionForm, RiskForm
from .forms_risks import RiskLibraryForm
from .models import Risk, RiskIssue, RiskStatus
from .risk_summary import register_summary


class RiskMixin(InitiativeMixin):
    """With ``pk`` in the URL: the initiative's register; without: the organization's."""

    def get_initiative(self):
        return super().get_initiative() if "pk" in self.kwargs else None

    @property
    def section(self):
        return "initiatives" if "pk" in getattr(self, "kwargs", {}) else "risks"

    def register_url(self) -> str:
        if "pk" in self.kwargs:
            return reverse(
                "plans:risks", kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]}
            )
        return reverse("plans:org_risks", kwargs={"org_slug": self.organization.slug})

    def name(self, suffix: str) -> str:
        return f"plans:{'' if 'pk' in self.kwargs else 'org_'}{suffix}"

    def url(self, suffix: str, **kwargs) -> str:
        base = {"org_slug": self.organization.slug}
        if "pk" in self.kwargs:
            base["pk"] = self.kwargs["pk"]
        return reverse(self.name(suffix), kwargs={**base, **kwargs})

    def crumbs(self, *tail):
        head = (_("Risks"), self.register_url() if tail else None)
        if "pk" in self.kwargs:
            plan_url = reverse(
                "plans:plan", kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]}
            )
            return self.initiative_crumbs((_("Plan"), plan_url), head, *tail)
        return [head, *tail]

    def get_risk(self) -> Risk:
        return get_object_or_404(
            selectors.risks_for(self.organization, self.get_initiative()).filter(
                initiative=self.get_initiative()
            ),
            pk=self.kwargs["risk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        context.update(
            initiative=initiative,
            register_url=self.register_url(),
            url_prefix=self.name(""),
            scope_kwargs=self.kwargs.get("pk"),
        )
        if initiative is not None:
            context.update(tab="plan", modules=MODULES.values())
        return context


class RiskRegisterView(RiskMixin, OrgTemplateView):
    template_name = "plans/risks.html"

    def get_breadcrumbs(self):
        return self.crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        risks = list(
            selectors.risks_for(self.organization, initiative).filter(initiative=initiative)
        )
        drafts = sum(1 for risk in risks if risk.status == RiskStatus.DRAFT)
        context.update(
            risks=risks,
            summary=register_summary(risks),
            drafts=drafts,
            has_plan=initiative is not None and selectors.plan_of(initiative) is not None,
        )
        return context


class RiskFormMixin(RiskMixin):
    template_name = "plans/form.html"
    form_class = RiskForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "initiative": self.get_initiative(),
        }

    def get_success_url(self, result=None):
        return self.register_url() + (f"#risk-{result.pk}" if result else "")


class RiskCreateView(RiskFormMixin, OrgServiceFormView):
    def get_breadcrumbs(self):
        return self.crumbs((_("New risk"), None))

    def get_initial(self):
        return {"likelihood": 3, "impact": 3}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New risk"), cancel_url=self.register_url())
        return context

    def perform(self, form):
        return services.risk_create(
            actor=self.request.user,
            organization=self.organization,
            initiative=self.get_initiative(),
            **form.cleaned_data,
        )


class RiskLibraryView(RiskMixin, OrgServiceFormView):
    """Add risks from the municipal risk library, as drafts. Without JavaScript this is a page
    of its own; with htmx the register page loads the same form in place (the form alone is
    answered to an htmx request) and its submission is an ordinary POST."""

    template_name = "plans/risk_library.html"
    form_class = RiskLibraryForm

    def get_template_names(self):
        if self.request.htmx:
            return ["plans/risk_library_form.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.crumbs((_("Add risks from the library"), None))

    def present(self) -> set[str]:
        return set(
            selectors.risks_for(self.organization, self.get_initiative())
            .filter(initiative=self.get_initiative())
            .exclude(library_id="")
            .values_list("library_id", flat=True)
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "present": self.present()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            library_url=self.url("risk_library"),
            library_size=sum(len(choices) for _key, _label, choices in form.groups),
            chosen=form.chosen(),
        )
        return context

    def perform(self, form):
        return services.risks_from_library(
            actor=self.request.user,
            organization=self.organization,
            initiative=self.get_initiative(),
            library_ids=form.cleaned_data["library_ids"],
            budget=form.cleaned_data["budget"],
        )

    def get_success_url(self, result=None):
        created = result or []
        messages.success(
            self.request,
            ngettext(
                "Added %(n)d risk as a draft. Open it, adjust it, and set its status to Open.",
                "Added %(n)d risks as drafts. Open each, adjust it, and set its status to Open.",
                len(created),
            )
            % {"n": len(created)},
        )
        return self.register_url() + "#register"


class RiskEditView(RiskFormMixin, OrgServiceFormView):
    template_name = "plans/risk_form.html"

    def get_breadcrumbs(self):
        return self.crumbs((self.get_risk().title, None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_risk()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        risk = self.get_risk()
        context.update(
            title=_("Risk “%s”") % risk.title,
            risk=risk,
            cancel_url=self.register_url(),
            history_object=risk,
            action_form=kwargs.get("action_form")
            or RiskActionForm(organization=self.organization, initiative=self.get_initiative()),
        )
        return context

    def perform(self, form):
        return services.risk_update(
            actor=self.request.user,
            risk=self.get_risk(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class RiskDeleteView(RiskMixin, OrgConfirmDeleteView):
    object_label = _("risk")

    def get_object(self):
        return self.get_risk()

    def delete(self, obj):
        services.risk_delete(actor=self.request.user, risk=obj)

    def get_success_url(self):
        return self.register_url()


class RiskOccurredView(RiskMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        risk = self.get_risk()
        try:
            issue = services.risk_occurred(actor=request.user, risk=risk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.url("risk_edit", risk=risk.pk))
        messages.success(request, _("“%s” is now an issue to deal with.") % issue.title)
        return HttpResponseRedirect(self.register_url() + "#issues")


class RiskActionCreateView(RiskMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        risk = self.get_risk()
        form = RiskActionForm(
            request.POST, organization=self.organization, initiative=self.get_initiative()
        )
        if form.is_valid():
            try:
                services.risk_action_create(actor=request.user, risk=risk, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Added the action."))
                return HttpResponseRedirect(self.url("risk_edit", risk=risk.pk) + "#actions")
        view = RiskEditView()  # the risk's page again, the action form with its errors
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        edit_form = RiskForm(
            instance=risk, organization=self.organization, initiative=self.get_initiative()
        )
        context = view.get_context_data(action_form=form, form=form, risk_form=edit_form)
        return view.render_to_response(context)


class RiskActionDeleteView(RiskMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        risk = self.get_risk()
        action = get_object_or_404(risk.actions.all(), pk=self.kwargs["action"])
        services.risk_action_delete(actor=request.user, action=action)
        messages.success(request, _("Removed the action."))
        return HttpResponseRedirect(self.url("risk_edit", risk=risk.pk) + "#actions")


class IssueEditView(RiskMixin, OrgServiceFormView):
    template_name = "plans/form.html"
    form_class = IssueForm

    def get_issue(self) -> RiskIssue:
        return get_object_or_404(
            RiskIssue.objects.for_org(self.organization).filter(initiative=self.get_initiative()),
            pk=self.kwargs["issue"],
        )

    def get_breadcrumbs(self):
        return self.crumbs((self.get_issue().title, None))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "instance": self.get_issue(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Issue “%s”") % self.get_issue().title,
            cancel_url=self.register_url(),
            history_object=self.get_issue(),
        )
        return context

    def perform(self, form):
        return services.issue_update(
            actor=self.request.user,
            issue=self.get_issue(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.register_url() + "#issues"
