"""The evaluation's files: the score workbook (a download, as the person may see the scores)
and the public-records export (a ZIP built in the background; the job's page shows its
progress and offers the file)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _

from civicshift.formats.vendors.score_workbook import write_score_workbook
from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import rate_limited_response, started_response
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from .jobs_records import PUBLIC_RECORD
from .score_book import may_download, score_book
from .views import EvaluationMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScoreWorkbookView(EvaluationMixin, OrgTemplateView):
    """GET: the score workbook. Editors get every submitted score, the consensus and the
    totals; a panel member their own sheet, and the others' submitted sheets once they have
    submitted their own (``selectors.visible_scores``)."""

    def get(self, request, *args, **kwargs):
        evaluation = self.get_evaluation()
        if not may_download(evaluation, request.user):
            raise PermissionDenied(_("Only the panel and the editors see the score sheets."))
        content = write_score_workbook(score_book(evaluation, request.user))
        response = HttpResponse(content, content_type=XLSX)
        stem = slugify(evaluation.title)[:60] or "evaluation"
        response["Content-Disposition"] = f'attachment; filename="{stem}-score-sheets.xlsx"'
        patch_cache_control(response, private=True, no_store=True)
        return response


class PublicRecordView(EvaluationMixin, OrgActionView):
    """POST: start the public-records export (editors and administrators)."""

    write_role = Role.EDITOR

    def post(self, request, *args, **kwargs):
        evaluation = self.get_evaluation()
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=PUBLIC_RECORD,
                inputs={"evaluation": evaluation.pk},
                label=_("Public record of “%(title)s”") % {"title": evaluation.title},
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, self.evaluation_url("h-records"))
        return started_response(request, job, download=True)
