"""The award recommendation's form: the proposal (one of this evaluation's) and the written
recommendation, carrying the evaluation's version (two editors at once: the second is told)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.web.concurrency import VersionedFormMixin
from civicshift.web.forms import Form

from .models import Proposal


class ProposalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.vendor.name


class AwardForm(VersionedFormMixin, Form):
    proposal = ProposalChoice(
        label=_("Proposal recommended for award"),
        queryset=Proposal.objects.none(),  # this evaluation's, set in __init__
        empty_label=_("Choose a proposal"),
        error_messages={"invalid_choice": _("Choose a proposal of this evaluation.")},
        help_text=_("Usually the top-ranked proposal; if you recommend another, say why below."),
    )
    rationale = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Why this proposal is the best value, in plain words for the council: the ranking, "
            "the price and life-cycle cost, the due diligence, anything the panel weighed."
        ),
    )

    def __init__(self, *args, evaluation, **kwargs):
        self.instance = evaluation  # for the version (VersionedFormMixin)
        kwargs.setdefault(
            "initial",
            {"proposal": evaluation.awarded_proposal_id, "rationale": evaluation.award_rationale},
        )
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = evaluation.proposals.select_related("vendor")
