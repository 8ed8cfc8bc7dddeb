"""Optimistic concurrency in web forms: a form carries the version of the row it was opened at.

Every ``web.forms.ModelForm`` bound to a saved row of a versioned model
(``orgs.base.VersionedModel``) gets a hidden ``version`` field holding the row's version when
the page was rendered. After validation the value is in ``form.expected_version`` (and not in
``cleaned_data``, so ``**form.cleaned_data`` still passes only model fields); the view hands it
to the update service (``expected_version=form.expected_version``), which refuses the save
with ``audit.services.StaleObjectError`` if someone else saved in between. The refusal is put
at the top of the form like any service error, with the values the user typed kept, and
``form.is_stale`` lets the template offer a link that opens the latest version.

A form posted without the field (an old page, a script) is checked against the version read
when the request arrived, as before this existed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

VERSION_FIELD = "version"
STALE_CODE = "stale"


def version_field(initial: int | None = None) -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, initial=initial
    )


class VersionedFormMixin:
    """Mix into a form: adds the hidden version of ``self.instance`` (if it is a saved row of
    a versioned model) and exposes it after validation as ``expected_version``."""

    expected_version: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        name = getattr(instance, "version_field", None)
        if name and instance.pk is not None and VERSION_FIELD not in self.fields:
            self.fields[VERSION_FIELD] = version_field(getattr(instance, name))

    def full_clean(self):
        # After every clean() of every subclass, whether or not it calls super().clean().
        super().full_clean()
        if VERSION_FIELD in self.fields and hasattr(self, "cleaned_data"):
            self.expected_version = self.cleaned_data.pop(VERSION_FIELD, None)

    @property
    def is_stale(self) -> bool:
        """Whether the save was refused because someone else saved first."""
        return any(
            error.code == STALE_CODE for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])
        )
