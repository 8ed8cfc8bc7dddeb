"""The form of a saved search: its name and the search by purpose it keeps (the same fields
the catalog's form takes, under the model's names)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.codes import PURPOSES
from civicshift.web.forms import CheckboxSelectMultiple, ModelForm

from .models import SAVED_SEARCH_FIELDS, SavedSearch


class SavedSearchForm(ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes (optional)"),
        choices=list(PURPOSES.items()),
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("Programs funding at least one of the purposes ticked."),
    )

    class Meta:
        model = SavedSearch
        fields = list(SAVED_SEARCH_FIELDS)
