"""The funding catalog an organization sees: the list with search and filters, and each
program's facts. Views are thin: selectors read, nothing here writes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicshift.web.org_views import OrgTemplateView

from . import selectors
from .codes_text import applicant_label, status_label

APPLICANTS = (("", _("Anyone")), ("02", _("City or township")), ("01", _("County")))


class FundingMixin:
    section = "funding"

    def catalog_crumbs(self):
        slug = self.organization.slug
        return [(_("Funding"), reverse("funding:catalog", kwargs={"org_slug": slug}))]


class CatalogView(FundingMixin, OrgTemplateView):
    template_name = "funding/catalog.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        query = self.request.GET.get("q", "").strip()[:200]
        status = self.request.GET.get("status", "open")
        status = status if status in selectors.STATUS_FILTERS else "open"
        applicant = self.request.GET.get("applicant", "")
        applicant = applicant if applicant in dict(APPLICANTS) else ""
        programs = selectors.programs_for(
            self.organization, query=query, status=status, applicant=applicant, today=today
        )
        page = Paginator(programs, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            rows=[(p, status_label(p.status(today))) for p in page.object_list],
            query=query,
            status=status,
            status_filters=selectors.STATUS_FILTERS,
            applicant=applicant,
            applicants=APPLICANTS,
        )
        return context


class ProgramView(FundingMixin, OrgTemplateView):
    template_name = "funding/program.html"

    def get_breadcrumbs(self):
        return self.catalog_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = selectors.program_get(self.organization, self.kwargs["pk"])
        context.update(
            program=program,
            status=status_label(program.status(timezone.localdate())),
            applicants=[applicant_label(c) for c in program.eligible_applicants],
            changes=selectors.changes_of(program),
        )
        return context
