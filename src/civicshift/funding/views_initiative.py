"""The initiative hub's "Funding" tab: the programs that fit the initiative, ranked, each
with its reasons in plain language (eligibility, purpose fit with the matched words, amount,
deadline, local match). Computes only; nothing is written."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.org_views import OrgTemplateView

from . import selectors_pipeline
from .codes_text import status_label
from .forms import NeedForm
from .matching import matches_for, need_for
from .models import PassReason
from .next_round import next_round_texts


class InitiativeFundingView(InitiativeMixin, OrgTemplateView):
    section = "initiatives"
    help_page = "funding#funding-for-an-initiative"
    template_name = "funding/initiative_funding.html"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Funding"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        form = NeedForm(self.request.GET or None)
        values = form.cleaned_data if form.is_valid() else {}
        need = need_for(
            initiative,
            funding_gap=values.get("funding_gap"),
            applicant_type=values.get("applicant_type") or "02",
            local_match_capacity=values.get("local_match_capacity"),
        )
        today = timezone.localdate()
        found = matches_for(self.organization, need, today=today)
        applications = list(
            selectors_pipeline.applications_for(self.organization, initiative=initiative)
        )
        context.update(
            applications=applications,
            tracked={("n", a.notice_id) for a in applications if a.notice_id}
            | {("p", a.program_id) for a in applications if not a.notice_id},
            pass_reasons=[c for c in PassReason.choices if c[0]],
            initiative=initiative,
            tab="funding",
            modules=MODULES.values(),
            form=form,
            results=[(r, status_label(r.match.status), _tracked_key(r)) for r in found],
            next_round_texts=next_round_texts(self.organization, found, today=today),
        )
        return context


def _tracked_key(result) -> tuple[str, int]:
    """How the tab tells a result is already tracked: its notice, else its program."""
    return ("n", result.notice.pk) if result.notice is not None else ("p", result.program.pk)
