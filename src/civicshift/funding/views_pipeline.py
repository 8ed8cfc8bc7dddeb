"""The application pipeline's pages: every application of the organization by stage (with
the Single Audit check per fiscal year, the SAM.gov flag and why notices were passed over),
one application with its checklist and reporting dates, tracking a match from an initiative's
Funding tab, the funding profile, and the deadlines of the next 30, 60 or 90 days (also as
an iCalendar file). Views are thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from civicshift.formats.funding.ics import write_ics
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgMixin,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import selectors_pipeline as selectors
from . import services_pipeline as services
from .alignment_forms import alignment_page_url
from .forms_pipeline import ApplicationForm, ItemForm, ProfileForm
from .models import FundingNotice, FundingProgram, ItemKind, PassReason, Stage
from .services_feeds import active_deadline_feed_token
from .views import FundingMixin

WINDOWS = (30, 60, 90)


class PipelineMixin(FundingMixin):
    help_page = "funding#applications"

    def pipeline_url(self) -> str:
        return reverse("funding:pipeline", kwargs={"org_slug": self.organization.slug})

    def application_url(self, application) -> str:
        return reverse(
            "funding:application",
            kwargs={"org_slug": self.organization.slug, "pk": application.pk},
        )

    def posted_target(self, request) -> tuple[FundingNotice | None, FundingProgram | None]:
        """The notice or the program a "track" form posted (one of the two), visible to the
        organization; 404 for anything else."""
        if request.POST.get("notice", "").isdigit():
            notice = get_object_or_404(
                FundingNotice.objects.visible_to(self.organization), pk=request.POST["notice"]
            )
            return notice, None
        if request.POST.get("program", "").isdigit():
            program = get_object_or_404(
                FundingProgram.objects.visible_to(self.organization), pk=request.POST["program"]
            )
            return None, program
        raise Http404

    def pipeline_crumbs(self, *tail):
        head = (_("Applications"), self.pipeline_url() if tail else None)
        return [*self.catalog_crumbs(), head, *tail]

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = selectors.application_get(self.organization, self.kwargs["pk"])
        return self._application


class PipelineView(PipelineMixin, OrgTemplateView):
    template_name = "funding/pipeline.html"

    def get_breadcrumbs(self):
        return self.pipeline_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        stage = self.request.GET.get("stage", "")
        stage = stage if stage in ("open", *Stage.values) else ""
        rows = list(selectors.applications_for(self.organization, stage=stage))
        years, no_year = selectors.single_audit(self.organization)
        context.update(
            stage=stage,
            stages=Stage.choices,
            groups=[
                (value, label, [a for a in rows if a.stage == value])
                for value, label in Stage.choices
                if any(a.stage == value for a in rows)
            ],
            audit_years=years,
            no_year=no_year,
            registration=selectors.registration_flag(self.organization, today=today),
            pass_reasons=selectors.pass_reasons(self.organization),
            profile=services.profile_of(self.organization),
        )
        return context


class ApplicationView(PipelineMixin, OrgServiceFormView):
    """One application: its form for editors (facts only for viewers), its checklist and
    reporting dates, and what its notice or program says."""

    template_name = "funding/application.html"
    form_class = ApplicationForm
    read_role = Role.VIEWER

    def get_breadcrumbs(self):
        return self.pipeline_crumbs((self.get_application().title, None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_application()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        items = list(application.items.all())
        context.update(
            application=application,
            documents=[i for i in items if i.kind == ItemKind.DOCUMENT],
            reports=[i for i in items if i.kind == ItemKind.REPORT],
            item_form=kwargs.get("item_form") or ItemForm(),
            history_object=application,
            alignment_draft_url=alignment_page_url(self.organization, application),
            registration=selectors.registration_flag(self.organization, today=timezone.localdate())
            if application.federal
            else None,
        )
        return context

    def perform(self, form):
        return services.application_update(
            actor=self.request.user,
            application=self.get_application(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved the application."))
        return self.application_url(result)


class ApplicationTrackView(PipelineMixin, OrgActionView):
    """From an initiative's Funding tab: track a notice or program (or pass it over, with a
    coded reason), for that initiative."""

    def post(self, request, *args, **kwargs):
        initiative = get_object_or_404(
            Initiative.objects.for_org(self.organization), pk=kwargs["pk"]
        )
        notice, program = self.posted_target(request)
        back = reverse(
            "funding:initiative_funding",
            kwargs={"org_slug": self.organization.slug, "pk": initiative.pk},
        )
        fields = {}
        # "Pass over" (name="pass") needs its reason; "Track this" ignores the list.
        reason = request.POST.get("pass_reason", "") if request.POST.get("pass") else ""
        if request.POST.get("pass"):
            if reason not in PassReason.values or not reason:
                messages.error(request, _("Choose why you pass it over, then “Pass over”."))
                return HttpResponseRedirect(back)
            fields.update(stage=Stage.PASSED_OVER, pass_reason=reason)
        try:
            application = services.application_create(
                actor=request.user, initiative=initiative, notice=notice, program=program, **fields
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(back)
        if reason:
            messages.success(
                request,
                _("Passed over “%(title)s”: the reason is kept for next year’s planning.")
                % {"title": application.title},
            )
            return HttpResponseRedirect(back + "#applications")
        messages.success(request, _("Now tracking “%s”.") % application.title)
        return HttpResponseRedirect(self.application_url(application))


class ApplicationDeleteView(PipelineMixin, OrgConfirmDeleteView):
    object_label = _("application")

    def get_object(self):
        return self.get_application()

    def delete(self, obj):
        services.application_delete(actor=self.request.user, application=obj)

    def get_success_url(self):
        return self.pipeline_url()


class ItemCreateView(PipelineMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        application = self.get_application()
        form = ItemForm(request.POST)
        if form.is_valid():
            services.item_create(actor=request.user, application=application, **form.cleaned_data)
            messages.success(request, _("Added “%s”.") % form.cleaned_data["label"])
            return HttpResponseRedirect(self.application_url(application) + "#items")
        view = ApplicationView()  # the application's page again, with the item form's errors
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        view._application = application
        context = view.get_context_data(form=ApplicationForm(instance=application), item_form=form)
        return view.render_to_response(context)


class ItemToggleView(PipelineMixin, OrgActionView):
    """Check an item off (or back on). With htmx, the item's row is swapped in place."""

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        item = selectors.item_get(self.organization, application, kwargs["item"])
        item = services.item_update(actor=request.user, item=item, done=not item.done)
        if request.htmx:
            return TemplateResponse(
                request,
                "funding/application_item.html",
                {
                    "item": item,
                    "application": application,
                    "org": self.organization,
                    "can_edit": True,
                },
            )
        return HttpResponseRedirect(self.application_url(application) + "#items")


class ItemDeleteView(PipelineMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        application = self.get_application()
        item = selectors.item_get(self.organization, application, kwargs["item"])
        services.item_delete(actor=request.user, item=item)
        messages.success(request, _("Removed “%s”.") % item.label)
        return HttpResponseRedirect(self.application_url(application) + "#items")


class ProfileView(PipelineMixin, OrgServiceFormView):
    template_name = "funding/profile.html"
    form_class = ProfileForm
    help_page = "funding#your-samgov-registration"

    def get_breadcrumbs(self):
        return self.pipeline_crumbs((_("SAM.gov registration"), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": services.profile_of(self.organization)}

    def perform(self, form):
        return services.profile_save(
            actor=self.request.user,
            organization=self.organization,
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved the registration details."))
        return self.pipeline_url()


def _days(request) -> int:
    value = request.GET.get("days", "")
    return int(value) if value.isdigit() and int(value) in WINDOWS else WINDOWS[0]


class DeadlinesView(PipelineMixin, OrgTemplateView):
    template_name = "funding/deadlines.html"
    help_page = "funding#deadlines"

    def get_breadcrumbs(self):
        return self.pipeline_crumbs((_("Deadlines"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = _days(self.request)
        context.update(
            days=days,
            windows=WINDOWS,
            today=today,
            deadlines=selectors.deadlines(self.organization, today=today, days=days),
        )
        if self.can(Role.EDITOR):
            context["feed_token"] = active_deadline_feed_token(self.organization)
        return context


class DeadlinesCalendarView(PipelineMixin, OrgMixin, View):
    """The same deadlines as an .ics file for a calendar program (the next 90 days)."""

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        found = selectors.deadlines(self.organization, today=today, days=WINDOWS[-1])
        body = write_ics(found, name=_("%s funding deadlines") % self.organization.name)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="funding-deadlines.ics"'
        return response
