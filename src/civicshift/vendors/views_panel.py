"""The panel's own pages: the conflict-of-interest declaration, the pairwise judgments, the
blind score sheet and its submission, and the consensus view (editors). Every page reads
scores through ``selectors.visible_scores``, so nobody sees another evaluator's scores before
submitting their own."""

from __future__ import annotations

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

from civicshift.core.decision.consensus import spread
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from . import selectors, services_panel
from .models import ConsensusScore, Criterion, Proposal
from .views import EvaluationMixin


class MemberMixin(EvaluationMixin):
    def get_member(self):
        member = selectors.member_of(self.get_evaluation(), self.request.user)
        if member is None:
            raise PermissionDenied(_("Only the evaluators on the panel use this page."))
        return member


class DeclareView(MemberMixin, OrgTemplateView):
    template_name = "vendors/declare.html"
    write_role = Role.VIEWER

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Conflicts of interest"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.get_member()
        context.update(
            vendors=services_panel.proposal_vendors(self.get_evaluation()),
            declarations=member.declarations.select_related("vendor"),
            error=kwargs.get("error", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        answers = {
            v: (request.POST.get(f"c{v.pk}") == "yes", request.POST.get(f"e{v.pk}", ""))
            for v in services_panel.proposal_vendors(self.get_evaluation())
        }
        try:
            services_panel.declarations_submit(actor=request.user, member=member, answers=answers)
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(error=" ".join(exc.messages)), status=400
            )
        messages.success(request, _("Your declaration is recorded."))
        return HttpResponseRedirect(self.evaluation_url("h-panel"))


class JudgmentsView(MemberMixin, OrgTemplateView):
    """The member's pairwise judgments, one select per pair of sibling criteria."""

    template_name = "vendors/judgments.html"
    write_role = Role.VIEWER

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Compare the criteria"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.get_member()
        given = {(j.first_id, j.second_id): j.value for j in member.judgments.all()}
        for (a, b), v in list(given.items()):
            from fractions import Fraction

            given.setdefault((b, a), str(1 / Fraction(v)))
        pairs = []
        for parent, criteria in selectors.groups(self.get_evaluation()):
            rows = []
            for i, a in enumerate(criteria):
                for b in criteria[i + 1 :]:
                    rows.append((a, b, given.get((a.pk, b.pk), "")))
            if rows:
                pairs.append((parent, rows))
        context.update(
            pairs=pairs,
            choices=services_panel.SAATY_CHOICES,
            mine=selectors.ahp_groups(self.get_evaluation(), member=member),
            error=kwargs.get("error", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        criteria = {c.pk: c for c in self.get_evaluation().criteria.all()}
        try:
            for key, value in request.POST.items():
                if not key.startswith("j-") or not value:
                    continue
                a, b = (int(x) for x in key[2:].split("-"))
                if a not in criteria or b not in criteria:
                    raise Http404
                services_panel.judgment_set(
                    actor=request.user,
                    member=member,
                    first=criteria[a],
                    second=criteria[b],
                    value=value,
                )
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(error=" ".join(exc.messages)), status=400
            )
        messages.success(request, _("Your comparisons are saved."))
        return HttpResponseRedirect(request.path)


class ScoreSheetView(MemberMixin, OrgTemplateView):
    """The member's own score sheet: one row per proposal and criterion they score."""

    template_name = "vendors/score_sheet.html"
    write_role = Role.VIEWER

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("My scores"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.get_member()
        mine = {(s.proposal_id, s.criterion_id): s for s in member.scores.all()}
        posted = kwargs.get("posted")
        cells = []
        for proposal, criterion in services_panel.scoring_cells(member):
            key = f"{proposal.pk}-{criterion.pk}"
            score = mine.get((proposal.pk, criterion.pk))
            cells.append(
                {
                    "key": key,
                    "proposal": proposal,
                    "criterion": criterion,
                    "value": posted.get(f"v-{key}") if posted else (score.value if score else ""),
                    "comment": posted.get(f"c-{key}")
                    if posted
                    else (score.comment if score else ""),
                    "note": posted.get(f"n-{key}")
                    if posted
                    else (score.personal_note if score else ""),
                }
            )
        context.update(
            member=member,
            cells=cells,
            conflicted=member.declarations.filter(has_conflict=True).select_related("vendor"),
            locked=member.submitted_at is not None,
            error=kwargs.get("error", ""),
            scale=range(services_panel.SCALE_LOW, services_panel.SCALE_HIGH + 1),
        )
        return context

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        reason = request.POST.get("reason", "")
        try:
            # All or nothing: one refused cell leaves every score as it was (the page shows
            # what was typed, with the message).
            with transaction.atomic():
                self.save_cells(member, reason)
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(error=" ".join(exc.messages), posted=request.POST),
                status=400,
            )
        messages.success(request, _("Your scores are saved."))
        return HttpResponseRedirect(request.path)

    def save_cells(self, member, reason: str) -> None:
        request = self.request
        for proposal, criterion in services_panel.scoring_cells(member):
            key = f"{proposal.pk}-{criterion.pk}"
            raw = request.POST.get(f"v-{key}", "").strip()
            if not raw:
                continue
            try:
                value = int(raw)
            except ValueError:
                value = raw
            existing = member.scores.filter(proposal=proposal, criterion=criterion).first()
            comment = request.POST.get(f"c-{key}", "")
            note = request.POST.get(f"n-{key}", "")
            if existing and (existing.value, existing.comment, existing.personal_note) == (
                value,
                comment.strip(),
                note.strip(),
            ):
                continue
            services_panel.score_set(
                actor=request.user,
                member=member,
                proposal=proposal,
                criterion=criterion,
                value=value,
                comment=comment,
                personal_note=note,
                reason=reason,
            )


class SubmitView(MemberMixin, OrgActionView):
    write_role = Role.VIEWER

    def post(self, request, *args, **kwargs):
        try:
            services_panel.scores_submit(actor=request.user, member=self.get_member())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your scores are submitted and locked."))
        return HttpResponseRedirect(self.request.POST.get("next") or self.evaluation_url("h-panel"))


def consensus_table(evaluation, user):
    """Each proposal × leaf criterion: the submitted scores by evaluator (those this person
    may see), their spread and outliers, and the consensus score. A fixed number of queries,
    whatever the size of the panel."""
    members = list(evaluation.panel.select_related("user"))
    proposals = list(evaluation.proposals.select_related("vendor"))
    tree = selectors.criteria_tree(evaluation)
    leaves = [n["criterion"] for n in selectors.leaves(tree)]
    m_index = {m.pk: i for i, m in enumerate(members)}
    p_index = {p.pk: i for i, p in enumerate(proposals)}
    c_index = {c.pk: i for i, c in enumerate(leaves)}
    grid = np.full((len(members), len(proposals), len(leaves)), np.nan)
    comments = {}
    visible = selectors.visible_scores(evaluation, user).filter(member__submitted_at__isnull=False)
    for member_id, proposal_id, criterion_id, value, comment in visible.values_list(
        "member_id", "proposal_id", "criterion_id", "value", "comment"
    ):
        if criterion_id in c_index:
            i, j, k = m_index[member_id], p_index[proposal_id], c_index[criterion_id]
            grid[i, j, k] = value
            comments[(i, j, k)] = comment
    agreed = {
        (c.proposal_id, c.criterion_id): c
        for c in ConsensusScore.objects.filter(proposal__evaluation=evaluation)
    }
    s = spread(grid) if members and proposals and leaves else None
    rows = []
    for j, p in enumerate(proposals):
        for k, c in enumerate(leaves):
            cells = []
            for i, m in enumerate(members):
                v = grid[i, j, k]
                cells.append(
                    {
                        "member": m,
                        "value": None if np.isnan(v) else int(v),
                        "outlier": bool(s.outlier[i, j, k]) if s is not None else False,
                        "comment": comments.get((i, j, k), ""),
                    }
                )
            rows.append(
                {
                    "proposal": p,
                    "criterion": c,
                    "cells": cells,
                    "mean": None if s is None or np.isnan(s.mean[j, k]) else float(s.mean[j, k]),
                    "range": None
                    if s is None or np.isnan(s.low[j, k])
                    else (int(s.low[j, k]), int(s.high[j, k])),
                    "consensus": agreed.get((p.pk, c.pk)),
                }
            )
    return {"members": members, "rows": rows}


class ConsensusView(EvaluationMixin, OrgTemplateView):
    template_name = "vendors/consensus.html"
    read_role = Role.EDITOR

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Consensus"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(consensus_table(self.get_evaluation(), self.request.user))
        context["error"] = kwargs.get("error", "")
        return context

    def post(self, request, *args, **kwargs):
        evaluation = self.get_evaluation()
        proposal = (
            Proposal.objects.for_org(self.organization)
            .filter(evaluation=evaluation, pk=request.POST.get("proposal") or 0)
            .first()
        )
        criterion = (
            Criterion.objects.for_org(self.organization)
            .filter(evaluation=evaluation, pk=request.POST.get("criterion") or 0)
            .first()
        )
        if proposal is None or criterion is None:
            raise Http404
        from decimal import Decimal, InvalidOperation

        try:
            value = Decimal(request.POST.get("value", "").strip())
        except InvalidOperation:
            value = None
        try:
            services_panel.consensus_set(
                actor=request.user,
                proposal=proposal,
                criterion=criterion,
                value=value,
                rationale=request.POST.get("rationale", ""),
            )
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(error=" ".join(exc.messages)), status=400
            )
        messages.success(request, _("Consensus score saved."))
        return HttpResponseRedirect(request.path)


class RankingView(EvaluationMixin, OrgTemplateView):
    """Totals and ranks from the consensus, the winner's sensitivity to each weight, the
    "within the noise" note, life-cycle costs, and a what-if with other weights (``?w<id>=``;
    htmx swaps the results only)."""

    template_name = "vendors/ranking.html"
    read_role = Role.EDITOR

    def get_template_names(self):
        if self.request.htmx:
            return ["vendors/ranking_results.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.evaluation_crumbs((_("Ranking"), None))

    def get_context_data(self, **kwargs):
        from decimal import Decimal, InvalidOperation

        from .ranking import ranking

        context = super().get_context_data(**kwargs)
        evaluation = self.get_evaluation()
        leaves = selectors.leaves(selectors.criteria_tree(evaluation))
        override, what_if, refused = {}, False, []
        for node in leaves:
            raw = self.request.GET.get(f"w{node['criterion'].pk}")
            if raw not in (None, ""):
                try:
                    value = Decimal(raw.replace(",", "."))
                    if not value.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    # Named, not silently dropped: the what-if then leaves that weight at 0.
                    refused.append(
                        _("%(criterion)s: “%(value)s” is not a number, so it counts as 0.")
                        % {"criterion": node["criterion"].name, "value": raw[:20]}
                    )
                    continue
                override[node["criterion"].pk] = max(value, 0)
                what_if = True
        if what_if:
            for node in leaves:
                override.setdefault(node["criterion"].pk, Decimal(0))
        context.update(
            # With AHP, whether the stored weights the ranking uses are the comparisons' ones.
            ahp_pending=evaluation.weight_method == "ahp"
            and any(
                g.result is not None and not g.applied for g in selectors.ahp_groups(evaluation)
            ),
            result=ranking(evaluation, override if what_if else None),
            baseline=ranking(evaluation) if what_if else None,
            what_if=what_if,
            what_if_refused=refused,
            leaves=[
                (
                    n["criterion"],
                    override.get(n["criterion"].pk, Decimal(round(n["global"] * 100, 2))),
                )
                for n in leaves
            ],
        )
        return context


class DiligenceView(EvaluationMixin, OrgTemplateView):
    """One proposal's due diligence: the security questionnaire (CISA CPG-aligned) and the
    contract checklist with evidence and red flags, and the reference checks. Editors write;
    everyone who may open the evaluation reads."""

    template_name = "vendors/diligence.html"

    def get_proposal(self):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(
            Proposal.objects.for_org(self.organization).select_related("vendor"),
            evaluation=self.get_evaluation(),
            pk=self.kwargs["proposal"],
        )

    def get_breadcrumbs(self):
        return self.evaluation_crumbs(
            (_("Due diligence: %(v)s") % {"v": self.get_proposal().vendor.name}, None)
        )

    def get_context_data(self, **kwargs):
        from .diligence import diligence_data, review

        context = super().get_context_data(**kwargs)
        proposal = self.get_proposal()
        data = diligence_data()
        context.update(
            proposal=proposal,
            review=review(proposal, proposal.diligence.all()),
            data=data,
            checks=proposal.reference_checks.all(),
            documents=list(proposal.documents.only("pk", "filename", "proposal_id")),
            answer_choices=[
                ("yes", _("Yes")),
                ("partly", _("Partly")),
                ("no", _("No")),
                ("unknown", _("Not known yet")),
            ],
            error=kwargs.get("error", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        from .diligence import diligence_data, items

        if not self.can(Role.EDITOR):
            raise PermissionDenied(_("This needs the editor role."))
        proposal = self.get_proposal()
        try:
            if request.POST.get("form") == "reference":
                questions = diligence_data()["reference_questions"]
                services_panel.reference_check_create(
                    actor=request.user,
                    proposal=proposal,
                    customer=request.POST.get("customer", "").strip(),
                    contact=request.POST.get("contact", "").strip(),
                    answers={
                        q["id"]: request.POST.get(f"q-{q['id']}", "").strip() for q in questions
                    },
                    summary=request.POST.get("summary", "").strip(),
                )
            else:
                checklist = request.POST.get("checklist", "")
                if checklist not in ("security", "contract"):
                    raise Http404
                documents = {str(d.pk): d for d in proposal.documents.only("pk", "proposal_id")}
                for item in items(checklist):
                    key = f"{checklist}-{item['id']}"
                    answer = request.POST.get(f"a-{key}")
                    if answer is None:
                        continue
                    chosen = request.POST.get(f"d-{key}", "")
                    if chosen and chosen not in documents:
                        raise ValidationError(
                            _("“%(q)s”: choose one of this proposal's own documents.")
                            % {"q": item["question"][:60]}
                        )
                    services_panel.diligence_set(
                        evidence_document=documents.get(chosen),
                        actor=request.user,
                        proposal=proposal,
                        checklist=checklist,
                        item=item["id"],
                        answer=answer,
                        value=request.POST.get(f"v-{key}", "").strip()[:120],
                        evidence=request.POST.get(f"e-{key}", "").strip(),
                    )
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(error=" ".join(exc.messages)), status=400
            )
        messages.success(request, _("Due diligence saved."))
        return HttpResponseRedirect(request.path)
