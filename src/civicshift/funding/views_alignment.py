"""The "Draft an alignment statement" action of the initiative's Funding tab: a paragraph
drafted by ``core.funding.alignment`` for ``?notice=ID`` or ``?program=ID`` (or, with
neither, the initiative's best match) from the initiative, the notice or program, the words
matching found and the strategic goals, shown in a textarea to edit and copy. With htmx the
draft is swapped in below the result; without JavaScript it is a page of its own. An editor
saves the edited text on the initiative's application to that notice or program, or starts
tracking it with the statement (``views_alignment_save``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.core.funding.alignment import AlignmentInput, draft_alignment
from civicshift.core.funding.bm25 import BM25Index
from civicshift.core.funding.purposes import analyze_query, document_tokens
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.org_views import OrgTemplateView

from . import selectors, selectors_pipeline
from .alignment_forms import alignment_form, dom_key
from .matching import matches_for, need_for
from .models import FundingNotice


class AlignmentView(InitiativeMixin, OrgTemplateView):
    section = "initiatives"
    help_page = "funding#alignment-statement"
    template_name = "funding/alignment.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["funding/alignment_draft.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Alignment statement"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        notice_id, program_id = self.request.GET.get("notice"), self.request.GET.get("program")
        if notice_id and notice_id.isdigit():
            entry = selectors.notice_get(self.organization, int(notice_id))
        elif program_id and program_id.isdigit():
            entry = selectors.program_get(self.organization, int(program_id))
        else:
            # No choice made: the initiative's best match, if any.
            found = matches_for(
                self.organization, need_for(initiative), today=timezone.localdate(), limit=1
            )
            if not found:
                context.update(initiative=initiative, entry=None, draft="")
                return context
            entry = found[0].entry
        engine = entry.to_engine()
        need = need_for(initiative)
        weights = analyze_query(need.text)
        # The words both texts hold: the same analysis the matching engine applies.
        one = BM25Index(
            [
                document_tokens(
                    " ".join((engine.title, engine.description) + engine.aln_titles),
                    engine.purposes,
                )
            ]
        )
        goals = tuple((g.code, g.statement) for g in initiative.goals.all())
        text = draft_alignment(
            AlignmentInput(
                organization=self.organization.name,
                initiative_title=initiative.title,
                program_title=entry.title,
                solution=initiative.proposed_solution,
                problem=initiative.problem_statement,
                program_purposes=engine.purposes,
                matched_terms=tuple(one.matched_terms(0, list(weights))),
                goals=goals,
            )
        )
        application = selectors_pipeline.application_for_entry(self.organization, initiative, entry)
        context.update(
            initiative=initiative,
            entry=entry,
            entry_field="notice" if isinstance(entry, FundingNotice) else "program",
            dom_key=dom_key(entry=entry),
            draft=text,
            today=timezone.localdate(),
            application=application,
            form=alignment_form(application, draft=text) if application is not None else None,
        )
        return context
