"""The initiative's funding need, as the user states it on the Funding tab."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

APPLICANT_TYPES = (
    ("02", _("City or township government")),
    ("01", _("County government")),
    ("04", _("Special district government")),
    ("05", _("Independent school district")),
    ("07", _("Federally recognized tribal government")),
)


class NeedForm(forms.Form):
    funding_gap = forms.DecimalField(
        label=_("Funding gap, in dollars"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "What the initiative still needs from outside: its cost less what the budget "
            "covers. Programs whose awards fit this amount rank higher."
        ),
    )
    local_match_capacity = forms.DecimalField(
        label=_("Local match you can put in, in dollars"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Programs that ask for more local money than this rank lower."),
    )
    applicant_type = forms.ChoiceField(
        label=_("Who applies"), choices=APPLICANT_TYPES, initial="02", required=False
    )
