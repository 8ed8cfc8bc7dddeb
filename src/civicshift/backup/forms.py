"""The web import's upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.models import Organization


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Backup file (.json)"),
        help_text=_("The JSON file downloaded from “Export and backup” on any CivicShift server."),
    )
    into_slug = forms.SlugField(
        label=_("Short name of the new organization"),
        max_length=Organization._meta.get_field("slug").max_length,
        help_text=_(
            "As in the web address /o/short-name/. It must be new, or belong to an "
            "organization with no records yet."
        ),
    )
    name = forms.CharField(
        label=_("New name (optional)"),
        required=False,
        max_length=Organization._meta.get_field("name").max_length,
        help_text=_("Leave empty to keep the name in the file."),
    )
