from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.web.forms import Form


class ApiTokenCreateForm(Form):
    name = forms.CharField(
        label=_("What is this token for?"),
        max_length=100,
        help_text=_(
            "A name that reminds you where you will use it, e.g. "
            "'budget spreadsheet sync'. Only you see it."
        ),
    )
