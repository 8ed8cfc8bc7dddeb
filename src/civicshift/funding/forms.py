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


#: The largest file the web takes (the job keeps it in the database until it has run).
#: The full Grants.gov extract goes into the shared catalog from the command line.
MAX_UPLOAD_BYTES = 100 * 1024**2


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("A funding file"),
        help_text=_(
            "The csv of programs you typed (see the help for its columns), Simpler.Grants.gov "
            "JSON, or a Grants.gov XML extract or its zip; up to 100 MB. Programs are matched "
            "by their id, so importing the file again updates them."
        ),
    )
    full_extract = forms.BooleanField(
        label=_("This file lists all our programs of its kind"),
        required=False,
        help_text=_(
            "Tick it when the file is your complete list: your programs of the same kind that "
            "it leaves out are then marked as archived."
        ),
    )

    keep_valid = forms.BooleanField(
        label=_("If some records have problems, import the others"),
        required=False,
        help_text=_(
            "Without it, a file with a record that cannot be read (a missing id, a date or an "
            "amount in the wrong form, an id given twice) imports nothing, and the job lists "
            "every problem so you can correct the file. Unknown codes never stop an import: "
            "they are kept and listed."
        ),
    )

    def clean_file(self):
        from civicshift.formats import safety

        upload = self.cleaned_data["file"]
        try:
            self.content = safety.read_bounded(upload, max_bytes=MAX_UPLOAD_BYTES, name=upload.name)
        except safety.UnsafeFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
