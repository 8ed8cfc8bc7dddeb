"""A plan handed out: Microsoft Project XML (opens in Project and ProjectLibre), an Excel
workbook, the CivicShift plan file, and the milestones as iCalendar — one initiative's, or every
plan's of the organization (to import into Outlook or Google Calendar)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import ScheduleError
from civicshift.web.org_views import OrgMixin

from . import selectors
from .models import Plan
from .views_plan import PlanTabMixin

FORMATS = {
    "xml": ("application/xml", "xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "yaml": ("application/yaml", "yaml"),
    "ics": ("text/calendar; charset=utf-8", "ics"),
}


def _computed(project):
    try:
        return schedule(project)
    except ScheduleError:
        return None  # a plan that cannot be scheduled is still handed out as typed


def _download(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PlanExportView(PlanTabMixin, OrgMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404(_("No such format."))
        plan = self.require_plan()
        project = selectors.project_of(plan)
        result = _computed(project)
        content_type, extension = FORMATS[fmt]
        if fmt == "xml":
            from civicshift.formats.plan.mspdi_write import write_mspdi

            body = write_mspdi(project, result)
        elif fmt == "xlsx":
            import io

            from civicshift.formats.plan.xlsx import write_plan_xlsx

            buffer = io.BytesIO()
            write_plan_xlsx(project, buffer, result)
            body = buffer.getvalue()
        elif fmt == "yaml":
            from civicshift.formats.plan.planfile_write import write_plan_file

            body = write_plan_file(project)
        else:
            from civicshift.formats.plan.ics import write_ics

            body = write_ics([(project, result)], name=project.title)
        name = slugify(plan.initiative.title)[:60] or "plan"
        return _download(body, content_type, f"{name}-plan.{extension}")


def milestones_ics(plans, name: str) -> str:
    """The milestones of ``plans`` (already scoped to one organization) as iCalendar text."""
    from civicshift.formats.plan.ics import write_ics

    projects = []
    for plan in plans.select_related("initiative", "calendar"):
        project = selectors.project_of(plan)
        projects.append((project, _computed(project)))
    return write_ics(projects, name=name)


class OrganizationMilestonesView(OrgMixin, View):
    """Every plan's milestones in one calendar file."""

    help_page = "plans#files-microsoft-project-excel-calendars"

    def get(self, request, *args, **kwargs):
        body = milestones_ics(
            Plan.objects.for_org(self.organization),
            _("%(org)s milestones") % {"org": self.organization.name},
        )
        return _download(body, FORMATS["ics"][0], f"{self.organization.slug}-milestones.ics")
