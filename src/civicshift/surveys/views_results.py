"""The results page of a survey, and its exports (files at once when small, a background job
when large)."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import started_response
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from . import exports, selectors
from .explain import explain
from .views import SurveyMixin


def chart_data(data: dict) -> str:
    """What survey_charts.js draws: per question, the shares of each scale point."""
    if not data.get("enough"):
        return "{}"
    return json.dumps(
        {
            "items": [
                {
                    "label": f"{i + 1}. {item['text'][:70]}",
                    "shares": item["shares"],
                    "points": item["points"],
                }
                for i, item in enumerate(data["items"])
            ]
        }
    )


def heat_rows(data: dict) -> list[dict]:
    """The heat map's rows with their cells in the subscales' order (the template cannot look
    a cell up by a computed key)."""
    if not data.get("enough"):
        return []
    deps = data["departments"]
    rows = list(deps["groups"])
    for extra in (deps["other"], deps["not_said"]):
        if extra:
            rows.append(extra)
    out = []
    for row in rows:
        cells = []
        for sub in data["subscales"]:
            cell = dict(row["cells"][sub["key"]])
            midpoint = (sub["points"] + 1) / 2
            if cell["mean"] is None:
                cell["band"] = "mixed"
            elif cell["mean"] < midpoint:
                cell["band"] = "low"
            elif cell["mean"] < midpoint + 0.5:
                cell["band"] = "mid"
            else:
                cell["band"] = "high"
            cells.append(cell)
        out.append({"label": exports.group_label(row["name"]), "n": row["n"], "cells": cells})
    return out


class SurveyResultsView(SurveyMixin, OrgTemplateView):
    template_name = "surveys/results.html"

    def get_breadcrumbs(self):
        return self.survey_crumbs((_("Results"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.get_survey()
        data = selectors.survey_results(survey)
        context.update(
            survey=survey,
            results=data,
            words=explain(data, survey),
            chart_json=chart_data(data),
            heat=heat_rows(data),
            large=data["n"] > exports.LARGE,
        )
        return context


class SurveyExportView(SurveyMixin, OrgActionView):
    """POST what=results|responses, format=csv|xlsx: the file, or a job for a large survey."""

    write_role = "viewer"

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        what, fmt = request.POST.get("what", ""), request.POST.get("format", "")
        if what not in exports.KINDS or fmt not in exports.FORMATS:
            raise Http404("No such export.")
        if survey.responses.count() > exports.LARGE:
            try:
                job = job_start(
                    actor=request.user,
                    organization=self.organization,
                    kind="surveys.export",
                    inputs={"survey": survey.pk, "what": what, "format": fmt},
                    label=_("Export of “%(title)s”") % {"title": survey.title},
                )
            except RateLimited as exc:
                return HttpResponse(str(exc), status=429)
            return started_response(request, job, download=True)
        content, filename, content_type = exports.build(survey, what, fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def results_url(survey) -> str:
    return reverse("surveys:results", args=[survey.organization.slug, survey.pk])
