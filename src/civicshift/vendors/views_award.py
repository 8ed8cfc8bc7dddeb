"""Pages of the award: the recommendation's form (editors, once the consensus is complete) and
the award memo's downloads (Word, PDF), prepared in the background (``jobs.AWARD_MEMO``) with
the job page showing its progress."""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import rate_limited_response, started_response
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgServiceFormView

from .forms_award import AwardForm
from .jobs import AWARD_MEMO, MEMO_FORMATS
from .ranking import ranking
from .services_award import evaluation_recommend_award, missing_consensus
from .views import EvaluationMixin


class AwardView(EvaluationMixin, OrgServiceFormView):
    """GET: the form (the ranking's leader named); POST: record the recommendation."""

    template_name = "vendors/form.html"
    form_class = AwardForm

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Recommend the award"), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "evaluation": self.get_evaluation()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.get_evaluation()
        intro = _(
            "Choose the proposal you recommend for award and write why, in plain words for "
            "the council. The recommendation goes into the award memo with its record in the "
            "audit trail."
        )
        result = ranking(evaluation)
        if result is not None and result.rows:
            top = result.rows[0]
            intro += " " + _("The ranking puts %(v)s first, with %(t).2f of 100 points.") % {
                "v": top["proposal"].vendor.name,
                "t": top["total"],
            }
        missing = len(missing_consensus(evaluation))
        if missing:
            intro += " " + _(
                "%(n)d consensus score(s) are still to be agreed: the recommendation can be "
                "recorded once the consensus is complete."
            ) % {"n": missing}
        context.update(
            title=_("Recommend the award"),
            intro=intro,
            cancel_url=self.evaluation_url("h-award"),
            submit_label=_("Record the recommendation"),
            history_object=evaluation,
        )
        return context

    def perform(self, form):
        return evaluation_recommend_award(
            actor=self.request.user,
            evaluation=self.get_evaluation(),
            proposal=form.cleaned_data["proposal"],
            rationale=form.cleaned_data["rationale"],
            expected_version=form.expected_version,
        )

    def get_success_url(self, result=None):
        return self.evaluation_url("h-award")


class AwardMemoView(EvaluationMixin, OrgActionView):
    """GET: the award memo as Word or PDF (``as_view(extension=...)``), editors only."""

    http_method_names = ["get"]
    read_role = Role.EDITOR
    extension = "docx"

    def get(self, request, *args, **kwargs):
        evaluation = self.get_evaluation()
        names = {"docx": _("Word"), "pdf": _("PDF")}
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=AWARD_MEMO,
                inputs={"evaluation": evaluation.pk, "format": self.extension},
                label=_("%(format)s award memo of %(evaluation)s")
                % {"format": names[self.extension], "evaluation": evaluation.title},
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, self.evaluation_url("h-award"))
        return started_response(request, job, download=True)


__all__ = ["AwardMemoView", "AwardView", "MEMO_FORMATS"]
