"""Export pages for organization administrators: what is exported, and the two downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgMixin, OrgTemplateView

from .schema import table_plans
from .services import JSON, XLSX, export_for_download


class BackupAdminMixin(OrgMixin):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    section = "backup"


class ExportPageView(BackupAdminMixin, OrgTemplateView):
    template_name = "backup/export.html"

    def get_breadcrumbs(self):
        return [(_("Export and backup"), None)]

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
        export = export_for_download(
            actor=request.user, organization=self.organization, file_format=self.file_format
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class DownloadJsonView(DownloadView):
    file_format = JSON


class DownloadXlsxView(DownloadView):
    file_format = XLSX
