"""The funding catalog an organization sees: the notices with search and filters, each
notice's facts, the programs behind them and each program's rounds. Views are thin: selectors
read, nothing here writes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgServiceFormView, OrgTemplateView

from . import selectors
from .codes_text import applicant_label, status_label
from .forms import ImportForm
from .next_round import describe as describe_next_round
from .next_round import next_rounds

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
        notices = selectors.notices_for(
            self.organization, query=query, status=status, applicant=applicant, today=today
        )
        page = Paginator(notices, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            rows=[(p, status_label(p.status(today))) for p in page.object_list],
            query=query,
            status=status,
            status_filters=selectors.STATUS_FILTERS,
            applicant=applicant,
            applicants=APPLICANTS,
        )
        from .views_search import purpose_search_context

        context.update(
            purpose_search_context(
                self.request, self.organization, today=today, open_only=status == "open"
            )
        )
        return context


class NoticeView(FundingMixin, OrgTemplateView):
    template_name = "funding/notice.html"

    def get_breadcrumbs(self):
        return self.catalog_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice = selectors.notice_get(self.organization, self.kwargs["pk"])
        program = notice.program
        context.update(
            notice=notice,
            status=status_label(notice.status(timezone.localdate())),
            flag_note=program.status_note
            if program is not None and program.flagged and not notice.status_override
            else "",
            applicants=[applicant_label(c) for c in notice.eligible_applicants],
            changes=selectors.changes_of(notice),
        )
        return context


class ProgramListView(FundingMixin, OrgTemplateView):
    template_name = "funding/programs.html"

    def get_breadcrumbs(self):
        return [*self.catalog_crumbs(), (_("Programs"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        query = self.request.GET.get("q", "").strip()[:200]
        programs = selectors.programs_list(self.organization, query=query)
        page = Paginator(programs, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            rows=[(p, status_label(p.status(today))) for p in page.object_list],
            query=query,
        )
        return context


class ProgramView(FundingMixin, OrgTemplateView):
    template_name = "funding/program.html"

    def get_breadcrumbs(self):
        slug = self.organization.slug
        return [
            *self.catalog_crumbs(),
            (_("Programs"), reverse("funding:programs", kwargs={"org_slug": slug})),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        program = selectors.program_get(self.organization, self.kwargs["pk"])
        notices = selectors.notices_of_program(self.organization, program)
        context.update(
            program=program,
            status=status_label(program.status(today)),
            applicants=[applicant_label(c) for c in program.eligible_applicants],
            notices=[(n, status_label(n.status(today))) for n in notices],
            changes=selectors.changes_of(program),
            next_round=describe_next_round(
                next_rounds(self.organization, [program], today=today).get(program.pk)
            ),
        )
        return context


class ImportView(FundingMixin, OrgServiceFormView):
    """Upload a funding file into the organization's own programs: it is read by a
    background job (``funding.import``), whose page shows the progress and the counts."""

    template_name = "funding/import.html"
    form_class = ImportForm
    read_role = Role.EDITOR
    help_page = "funding#adding-your-own-programs"

    def get_breadcrumbs(self):
        return [*self.catalog_crumbs(), (_("Import a file"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = selectors.imports_of(self.organization)
        return context

    def form_valid(self, form):
        from civicshift.jobs.services import RateLimited, job_start
        from civicshift.jobs.views import rate_limited_response, started_response

        from . import jobs

        upload = form.cleaned_data["file"]
        try:
            job = job_start(
                actor=self.request.user,
                organization=self.organization,
                kind=jobs.IMPORT,
                inputs={
                    "full_extract": bool(form.cleaned_data["full_extract"]) or None,
                    "keep_valid": bool(form.cleaned_data["keep_valid"]),
                },
                label=gettext("Import of %(file)s") % {"file": upload.name},
                input_content=form.content,
                input_filename=upload.name,
            )
        except RateLimited as exc:
            return rate_limited_response(self.request, exc, self.request.path)
        return started_response(self.request, job)
