"""The survey builder (editors) and the survey list, under /o/<org>/surveys/, and the
initiative hub's "Readiness surveys" tab."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

from . import selectors, services
from .forms import BankForm, CodesForm, ItemForm, SurveyForm


class SurveyMixin:
    section = "surveys"

    def get_survey(self):
        if not hasattr(self, "_survey"):
            self._survey = selectors.survey_get(self.organization, self.kwargs["pk"])
        return self._survey

    def survey_url(self, name: str = "detail", **kwargs) -> str:
        return reverse(
            f"surveys:{name}",
            kwargs={"org_slug": self.organization.slug, "pk": self.get_survey().pk, **kwargs},
        )

    def survey_crumbs(self, *tail):
        survey = self.get_survey()
        crumbs = [(_("Readiness surveys"), reverse("surveys:list", args=[self.organization.slug]))]
        crumbs.append((survey.title, self.survey_url() if tail else None))
        return crumbs + list(tail)


def public_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("surveys_public:answer", args=[survey.token]))


class SurveyListView(OrgTemplateView):
    template_name = "surveys/list.html"
    section = "surveys"

    def get_breadcrumbs(self):
        return [(_("Readiness surveys"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["surveys"] = selectors.surveys_for(self.organization)
        return context


class InitiativeSurveysView(InitiativeMixin, OrgTemplateView):
    template_name = "surveys/initiative_surveys.html"
    section = "initiatives"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Readiness surveys"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        context.update(
            initiative=initiative,
            tab="surveys",
            modules=MODULES.values(),
            surveys=selectors.surveys_for(self.organization).filter(initiative=initiative),
        )
        return context


class SurveyCreateView(OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = SurveyForm
    section = "surveys"

    def get_breadcrumbs(self):
        return [
            (_("Readiness surveys"), reverse("surveys:list", args=[self.organization.slug])),
            (_("New survey"), None),
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        initiative = self.request.GET.get("initiative")
        if initiative and initiative.isdigit():
            kwargs.setdefault("initial", {})["initiative"] = int(initiative)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("New readiness survey"),
            intro=_(
                "Name the change in plain words; the readiness questions will say "
                "“People who work here are committed to implementing …” with your words."
            ),
            cancel_url=reverse("surveys:list", args=[self.organization.slug]),
        )
        return context

    def perform(self, form):
        return services.survey_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return reverse("surveys:detail", args=[self.organization.slug, result.pk])


class SurveyUpdateView(SurveyMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = SurveyForm

    def get_breadcrumbs(self):
        return self.survey_crumbs((_("Settings"), None))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(organization=self.organization, instance=self.get_survey())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Survey settings"),
            cancel_url=self.survey_url(),
            history_object=self.get_survey(),
        )
        return context

    def perform(self, form):
        return services.survey_update(
            actor=self.request.user,
            survey=self.get_survey(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.survey_url()


class SurveyDeleteView(SurveyMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("survey")

    def get_object(self):
        return self.get_survey()

    def delete(self, obj):
        services.survey_delete(actor=self.request.user, survey=obj)

    def get_success_url(self):
        return reverse("surveys:list", args=[self.organization.slug])


class SurveyDetailView(SurveyMixin, OrgTemplateView):
    """The survey's questions, its public link and its codes; editors change them here."""

    template_name = "surveys/detail.html"

    def get_breadcrumbs(self):
        return self.survey_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.get_survey()
        codes = survey.codes.all()
        context.update(
            survey=survey,
            items=selectors.items_of(survey),
            answered=survey.responses.count(),
            public_url=public_url(self.request, survey),
            bank_form=kwargs.get("bank_form") or BankForm(),
            item_form=kwargs.get("item_form") or ItemForm(),
            codes_form=kwargs.get("codes_form") or CodesForm(),
            codes_total=codes.count(),
            codes_used=codes.filter(used=True).count(),
            history_object=survey,
        )
        return context


class BankAddView(SurveyMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        form = BankForm(request.POST)
        if form.is_valid():
            try:
                created = services.survey_add_bank(
                    actor=request.user, survey=self.get_survey(), bank_id=form.cleaned_data["bank"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Added %(n)d questions.") % {"n": len(created)})
        else:
            messages.error(request, _("Choose an instrument."))
        return HttpResponseRedirect(self.survey_url() + "#questions")


class ItemCreateView(SurveyMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = ItemForm

    def get_breadcrumbs(self):
        return self.survey_crumbs((_("New question"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New question"), cancel_url=self.survey_url())
        return context

    def perform(self, form):
        return services.survey_item_create(
            actor=self.request.user, survey=self.get_survey(), **form.service_fields()
        )

    def get_success_url(self, result=None):
        return self.survey_url() + "#questions"


class ItemMixin(SurveyMixin):
    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.item_get(self.get_survey(), self.kwargs["item"])
        return self._item


class ItemUpdateView(ItemMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = ItemForm

    def get_breadcrumbs(self):
        return self.survey_crumbs((_("Edit question"), None))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_item()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit question"), cancel_url=self.survey_url(), history_object=self.get_item()
        )
        return context

    def perform(self, form):
        return services.survey_item_update(
            actor=self.request.user,
            item=self.get_item(),
            expected_version=form.expected_version,
            **form.service_fields(),
        )

    def get_success_url(self, result=None):
        return self.survey_url() + "#questions"


class ItemDeleteView(ItemMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("question")

    def get_object(self):
        return self.get_item()

    def delete(self, obj):
        services.survey_item_delete(actor=self.request.user, item=obj)

    def get_success_url(self):
        return self.survey_url() + "#questions"


class CodesCreateView(SurveyMixin, OrgServiceFormView):
    """Makes one-time codes and shows them once (a printable list, or CSV with ?format=csv)."""

    template_name = "surveys/codes.html"
    form_class = CodesForm
    read_role = Role.EDITOR

    def get_breadcrumbs(self):
        return self.survey_crumbs((_("One-time codes"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            survey=self.get_survey(), public_url=public_url(self.request, self.get_survey())
        )
        return context

    def form_valid(self, form):
        try:
            codes = services.survey_codes_generate(
                actor=self.request.user, survey=self.get_survey(), count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.request.POST.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="survey-{self.get_survey().pk}-codes.csv"'
            )
            response["Cache-Control"] = "no-store"
            response.write("code\r\n" + "".join(f"{c}\r\n" for c in codes))
            return response
        response = self.render_to_response(self.get_context_data(form=form, codes=codes))
        response["Cache-Control"] = "no-store"
        return response


class NextWaveView(SurveyMixin, OrgActionView):
    """Starts the next wave: a draft copy of the survey that follows it."""

    def post(self, request, *args, **kwargs):
        wave = services.survey_next_wave(actor=request.user, survey=self.get_survey())
        messages.success(
            request,
            _("Made the next wave as a draft: check its title and open it when ready."),
        )
        return redirect("surveys:detail", org_slug=self.organization.slug, pk=wave.pk)


class SurveyStatusView(SurveyMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        status = request.POST.get("status", "")
        survey = self.get_survey()
        try:
            services.survey_update(actor=request.user, survey=survey, status=status)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(self.survey_url())
