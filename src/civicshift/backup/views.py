"""Export pages for organization administrators: what is exported, and the two downloads."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from civicshift.jobs.services import job_start
from civicshift.jobs.views import started_response
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgMixin, OrgTemplateView

from .jobs import EXPORT
from .schema import table_plans
from .services import JSON, XLSX


class BackupAdminMixin(OrgMixin):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    section = "backup"


class ExportPageView(BackupAdminMixin, OrgTemplateView):
    template_name = "backup/export.html"

    def get_breadcrumbs(self):
        return [(gettext_lazy("Export and backup"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables = []
        for plan in table_plans():
            model = plan.model
            tables.append(
                {
                    "label": plan.label,
                    "name": str(model._meta.verbose_name_plural).capitalize(),
                    "count": model._base_manager.filter(organization=self.organization).count(),
                }
            )
        context["tables"] = tables
        return context


class DownloadView(BackupAdminMixin, View):
    file_format = JSON
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        # Built in the background; the job's page offers the file when it is ready.
        job = job_start(
            actor=request.user,
            organization=self.organization,
            kind=EXPORT,
            inputs={"format": self.file_format},
            label=_("Export of all data (%(format)s)") % {"format": self.file_format.upper()},
        )
        return started_response(request, job, download=True)


class DownloadJsonView(DownloadView):
    file_format = JSON


class DownloadXlsxView(DownloadView):
    file_format = XLSX
