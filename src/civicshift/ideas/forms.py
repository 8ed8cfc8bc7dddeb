"""The board's forms. Department choices are the organization's own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Department
from civicshift.web.forms import Form, ModelForm

from .models import Idea, Status


class IdeaForm(ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "problem", "proposal", "department"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_org(organization)


class CommentForm(Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone in the organization can read it, with your name."),
    )


class ResponseForm(Form):
    to_status = forms.ChoiceField(
        label=_("Status after this response"),
        help_text=_("Keep the same status to answer without moving the idea along."),
    )
    body = forms.CharField(
        label=_("Response"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What managers decided or will do, and why. Required when you decline: the people "
            "who raised it will read it."
        ),
    )

    def __init__(self, *args, targets=(), current="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (
                t,
                _("%(status)s (no change)") % {"status": Status(t).label}
                if t == current
                else Status(t).label,
            )
            for t in targets
        ]


class HideCommentForm(Form):
    reason = forms.CharField(
        label=_("Why hide it"),
        max_length=300,
        help_text=_("Shown to everyone in place of the comment, e.g. 'personal attack'."),
    )


class PromoteForm(Form):
    title = forms.CharField(
        label=_("Title of the new initiative"),
        max_length=200,
        required=False,
        help_text=_("The idea's title by default; change it if the initiative needs another."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Or add it to an existing initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        help_text=_(
            "When an initiative already does what the idea asks, choose it instead of creating "
            "a new one. Initiatives another idea became are not listed."
        ),
    )
    note = forms.CharField(
        label=_("Note to the people who took part"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: added to the response everyone sees."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.for_org(organization)
            .filter(staff_idea__isnull=True)
            .order_by("title")
        )
