"""Keeping a system's record honest: the assessment, accepted risks, review requests and the
page that shows how complete and current every record is."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.accounts.people import person_name
from civicshift.core.inventory import FLAG_LABELS
from civicshift.orgs.roles import Role
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgServiceFormView,
)

from . import labels, selectors, services
from .forms import (
    AssessmentEditForm,
    AssessmentForm,
    BulkReviewForm,
    ReviewRequestForm,
    RiskAcceptForm,
)
from .models import Assessment
from .views_systems import SystemMixin, detail_url, list_url

logger = logging.getLogger(__name__)


class AssessmentView(SystemMixin, OrgServiceFormView):
    """The questionnaire: one question per criterion, its five levels in words."""

    template_name = "inventory/assess.html"
    form_class = AssessmentForm
    help_page = "inventory#assessing-a-system"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        latest = self.get_system().assessments.first()
        kwargs["initial_answers"] = dict(latest.answers) if latest else {}
        return kwargs

    def perform(self, form):
        return services.assessment_record(
            actor=self.request.user,
            system=self.get_system(),
            answers=form.answers(),
            notes=form.cleaned_data["notes"],
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            report = selectors.row_for(self.get_system()).report.assessment
            words = labels.DISPOSITIONS.get(report.disposition)
            messages.success(
                self.request,
                _(
                    "Assessment saved. Business value %(value)s, technical condition "
                    "%(condition)s (of 5): %(disposition)s."
                )
                % {
                    "value": f"{report.value:.1f}" if report.value is not None else "—",
                    "condition": f"{report.condition:.1f}" if report.condition is not None else "—",
                    "disposition": words[0]
                    if words
                    else _("answer both kinds of question for a disposition"),
                },
            )
        return response

    def get_success_url(self, result=None):
        return detail_url(self.get_system()) + "#assessment"

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Assess"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(system=self.get_system(), cancel_url=detail_url(self.get_system()))
        return context


class AssessmentMixin(SystemMixin):
    """An assessment of the URL's system (404 for any other system's or organization's)."""

    def get_assessment(self) -> Assessment:
        if not hasattr(self, "_assessment"):
            self._assessment = get_object_or_404(
                Assessment.objects.for_org(self.organization).filter(system=self.get_system()),
                pk=self.kwargs["assessment_pk"],
            )
        return self._assessment


class AssessmentEditView(AssessmentMixin, OrgServiceFormView):
    """Correct a saved assessment (a wrong answer, the date, the notes)."""

    template_name = "inventory/assess.html"
    form_class = AssessmentEditForm
    help_page = "inventory#assessing-a-system"
    success_message = gettext_lazy("Assessment corrected.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_assessment()
        return kwargs

    def perform(self, form):
        fresh = Assessment.objects.for_org(self.organization).get(pk=self.get_assessment().pk)
        return services.assessment_update(
            actor=self.request.user,
            assessment=fresh,
            expected_version=form.expected_version,
            answers=form.answers(),
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
        )

    def get_success_url(self, result=None):
        return detail_url(self.get_system()) + "#assessment"

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Correct an assessment"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            system=self.get_system(),
            assessment=self.get_assessment(),
            cancel_url=detail_url(self.get_system()) + "#assessment",
        )
        return context


class AssessmentDeleteView(AssessmentMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("assessment")

    def get_object(self):
        return self.get_assessment()

    def delete(self, obj):
        services.assessment_delete(actor=self.request.user, assessment=obj)

    def get_success_url(self):
        return detail_url(self.get_system()) + "#assessment"

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Delete an assessment"), None))


class RiskAcceptView(SystemMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = RiskAcceptForm
    help_page = "inventory#assessing-a-system"
    success_message = gettext_lazy("Risk accepted; it returns when the date passes.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        report = selectors.row_for(self.get_system()).report
        kwargs["flags"] = [f.key for f in report.flags] or list(FLAG_LABELS)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("flag") in FLAG_LABELS:
            initial["flag"] = self.request.GET["flag"]
        return initial

    def perform(self, form):
        return services.risk_accept(
            actor=self.request.user, system=self.get_system(), **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return detail_url(self.get_system()) + "#flags"

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Accept a risk"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Accept a risk of “%(name)s”") % {"name": self.get_system().name},
            intro=_(
                "Accepting a risk hides its red flag until the date you give, with the name "
                "and reason shown on the system's page. It then shows again."
            ),
            cancel_url=detail_url(self.get_system()),
        )
        return context


class RiskWithdrawView(SystemMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("accepted risk")

    def get_object(self):
        return get_object_or_404(
            self.get_system().acceptances.all(), pk=self.kwargs["acceptance_pk"]
        )

    def delete(self, obj):
        services.risk_acceptance_withdraw(actor=self.request.user, acceptance=obj)

    def get_success_url(self):
        return detail_url(self.get_system()) + "#flags"

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Withdraw an accepted risk"), None))


def send_review_email(request, review_request) -> bool:
    """E-mail the owner a link to the record; False (and a log line) if sending failed."""
    system = review_request.system
    link = request.build_absolute_uri(detail_url(system))
    body = _(
        "%(who)s asks you to review the record of “%(system)s” in %(org)s and confirm it is "
        "current.\n\n%(message)s\n\nOpen it: %(link)s\n\nWhen it is right, press “Mark as "
        "reviewed” on that page."
    ) % {
        "who": person_name(request.user),
        "system": system.name,
        "org": system.organization.name,
        "message": review_request.message,
        "link": link,
    }
    try:
        send_mail(
            _("Please review your record: %(system)s") % {"system": system.name},
            body,
            None,
            [review_request.requested_of.email],
        )
    except OSError:
        logger.warning("Review request e-mail for system %s could not be sent.", system.pk)
        return False
    return True


class ReviewRequestView(SystemMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = ReviewRequestForm
    help_page = "inventory#keeping-records-current"

    def perform(self, form):
        return services.review_request_send(
            actor=self.request.user, system=self.get_system(), message=form.cleaned_data["message"]
        )

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(detail_url(self.get_system()))
        if send_review_email(self.request, result):
            messages.success(
                self.request,
                _("Review requested from %(who)s, in the app and by e-mail.")
                % {"who": person_name(result.requested_of)},
            )
        else:
            messages.warning(
                self.request,
                _("Review requested in the app; the e-mail could not be sent."),
            )
        return redirect(detail_url(self.get_system()) + "#review")

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Ask the owner to review"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system = self.get_system()
        owner = person_name(system.owner) if system.owner else _("nobody yet")
        context.update(
            title=_("Ask the owner of “%(name)s” to review it") % {"name": system.name},
            intro=_("%(owner)s gets a request in the app and an e-mail with a link to the record.")
            % {"owner": owner},
            cancel_url=detail_url(system),
        )
        return context


class MarkReviewedView(SystemMixin, OrgActionView):
    """The owner (any role) or an editor confirms the record is current."""

    write_role = Role.VIEWER  # the service lets a viewer through only for their own record

    def post(self, request, *args, **kwargs):
        system = self.get_system()
        services.system_mark_reviewed(actor=request.user, system=system)
        messages.success(request, _("Marked as reviewed today."))
        return redirect(detail_url(system) + "#review")


class ReviewsView(OrgServiceFormView):
    """How complete and how recently reviewed the records are, per department and system;
    the open requests (the signed-in user's own first); and, for editors, "ask every owner
    whose record is older than N months"."""

    template_name = "inventory/reviews.html"
    form_class = BulkReviewForm
    read_role = Role.VIEWER
    section = "systems"
    help_page = "inventory#keeping-records-current"

    def get_breadcrumbs(self):
        return [(_("Systems"), list_url(self.organization)), (_("Keeping records current"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = selectors.system_rows(self.organization, selectors.SystemFilters(sort="reviewed"))
        now = timezone.now()
        context.update(
            groups=selectors.review_groups(found, now),
            rows=found,
            requests=selectors.open_review_requests(self.organization, self.request.user),
            now=now,
        )
        return context

    def perform(self, form):
        return services.review_requests_send_due(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def form_valid(self, form):
        try:
            sent = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        failed = sum(1 for r in sent if not send_review_email(self.request, r))
        if len(sent) == 1:
            messages.success(self.request, _("Review requested for 1 system."))
        elif sent:
            messages.success(
                self.request, _("Review requested for %(n)d systems.") % {"n": len(sent)}
            )
        else:
            messages.info(self.request, _("No record is that old without an open request."))
        if failed:
            messages.warning(self.request, _("%(n)d e-mails could not be sent.") % {"n": failed})
        return redirect("inventory:reviews", org_slug=self.organization.slug)
