"""Forms of the People tab: every id-taking field is scoped to the initiative's organization
(and a stakeholder to the initiative)."""

from __future__ import annotations

from django import forms

from civicshift.orgs.models import Department
from civicshift.web.forms import ModelForm

from .models import (
    AdkarRating,
    CommsActivity,
    ImpactGroup,
    ResistanceResponse,
    Stakeholder,
    Stance,
)
from .models.plan import ACTIVITY_FIELDS, RESISTANCE_FIELDS
from .models.ratings import ADKAR_RATING_FIELDS, IMPACT_GROUP_FIELDS
from .models.stakeholders import STAKEHOLDER_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(ModelForm):
    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        organization = initiative.organization
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.for_org(organization)
        if "stakeholder" in self.fields:
            self.fields["stakeholder"].queryset = Stakeholder.objects.for_org(organization).filter(
                initiative=initiative
            )


class StakeholderForm(InitiativeForm):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
        widgets = {"concerns": TEXTAREA, "engagement": TEXTAREA}


class AdkarRatingForm(InitiativeForm):
    class Meta:
        model = AdkarRating
        fields = list(ADKAR_RATING_FIELDS)
        widgets = {"notes": TEXTAREA, "rated_on": DATE}


class ImpactGroupForm(InitiativeForm):
    class Meta:
        model = ImpactGroup
        fields = list(IMPACT_GROUP_FIELDS)
        widgets = {"notes": TEXTAREA}


class ActivityForm(InitiativeForm):
    class Meta:
        model = CommsActivity
        fields = list(ACTIVITY_FIELDS)
        widgets = {"message": TEXTAREA, "notes": TEXTAREA, "date": DATE}


class ResistanceResponseForm(InitiativeForm):
    class Meta:
        model = ResistanceResponse
        fields = list(RESISTANCE_FIELDS)
        widgets = {"response": TEXTAREA, "notes": TEXTAREA, "due": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["stakeholder"]
        keep = [Stance.RESISTANT, Stance.SCEPTICAL]
        if self.instance.pk:
            field.queryset = field.queryset.filter(current_stance__in=keep) | field.queryset.filter(
                pk=self.instance.stakeholder_id
            )
        else:
            field.queryset = field.queryset.filter(current_stance__in=keep)
