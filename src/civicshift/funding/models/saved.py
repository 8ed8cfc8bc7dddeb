"""Saved searches of the funding catalog and each person's last visit of their digest.

A saved search keeps what the catalog's "search by purpose" form takes (what the money is
for, purposes, must mention, leave out, only eligible, order), so it can be run again on the
catalog page or read as a digest: what it finds that is new or changed since *your* last
visit (``SavedSearchVisit``, one row per person and search). The search belongs to the
organization: every member reads it and has their own last visit; editors save, rename and
delete it (``funding.services_saved``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.codes import PURPOSES
from civicshift.core.funding.search import SORTS
from civicshift.orgs.base import OrgOwnedModel, VersionedModel

#: The search's own fields, in the order the form and the API show them.
SAVED_SEARCH_FIELDS = ("name", "purpose", "purposes", "include", "exclude", "eligible_only", "sort")


class SearchOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Best fit first")
    DUE = "due", _("Soonest due first")


assert {o.value for o in SearchOrder} == set(SORTS)


def validate_purposes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give the purposes as a list of their keys."))
    unknown = [v for v in value if v not in PURPOSES]
    if unknown:
        raise ValidationError(
            _("Unknown purpose: %(keys)s. Choose from %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(PURPOSES)}
        )


class SavedSearch(OrgOwnedModel, VersionedModel):
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("How the search is listed, e.g. “Police equipment” or “Backups, cyber”."),
    )
    purpose = models.CharField(
        _("what the money is for"),
        max_length=200,
        blank=True,
        help_text=_("The project in your words, as typed in the catalog's search by purpose."),
    )
    purposes = models.JSONField(
        _("purposes"),
        default=list,
        blank=True,
        validators=[validate_purposes],
        help_text=_("Programs funding at least one of these purposes (their keys)."),
    )
    include = models.CharField(
        _("must mention"),
        max_length=200,
        blank=True,
        help_text=_("Words every result must contain, separated by spaces."),
    )
    exclude = models.CharField(
        _("leave out programs that mention"),
        max_length=200,
        blank=True,
        help_text=_("Words that leave a program out, separated by spaces."),
    )
    eligible_only = models.BooleanField(
        _("only programs we can apply to"),
        default=True,
        help_text=_(
            "On the catalog page: only programs your kind of government can apply to, directly "
            "or through the state. The digest always leaves ineligible programs out."
        ),
    )
    sort = models.CharField(
        _("order"), max_length=12, choices=SearchOrder.choices, default=SearchOrder.RELEVANCE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("saved by"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not (self.purpose.strip() or self.purposes or self.include.strip()):
            raise ValidationError(
                {
                    "purpose": _(
                        "Say what the money is for, tick a purpose, or give a word results "
                        "must mention: a search of nothing would list the whole catalog."
                    )
                }
            )
        if isinstance(self.purposes, list):
            self.purposes = list(dict.fromkeys(self.purposes))


class SavedSearchVisit(OrgOwnedModel):
    """When a person last opened a saved search's digest: the next visit shows what changed
    after it. Bookkeeping of reading, like a message marked read: not audited and not in
    backups (a restored organization starts everyone at "first visit")."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(_("last visit"))

    backup_exported = False

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["search", "user"], name="funding_saved_visit_once")
        ]
        verbose_name = _("visit of a saved search")

    def __str__(self) -> str:
        return f"{self.search} @ {self.visited_at:%Y-%m-%d %H:%M}"
