"""Interfaces between systems, and the initiatives that replace, retire or integrate them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import Direction, Frequency, Method, Relation
from .systems import System


class Integration(OrgOwnedModel, VersionedModel):
    source = models.ForeignKey(
        System,
        on_delete=models.CASCADE,
        related_name="outgoing",
        verbose_name=_("from system"),
        help_text=_("The system the data comes from."),
    )
    target = models.ForeignKey(
        System,
        on_delete=models.CASCADE,
        related_name="incoming",
        verbose_name=_("to system"),
        help_text=_("The system the data goes to."),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.ONE_WAY
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, blank=True
    )
    data_exchanged = models.CharField(
        _("data exchanged"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'Parcel numbers and owners', 'Daily payments batch'."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["source__name", "target__name"]
        verbose_name = _("integration")

    def __str__(self) -> str:
        arrow = "↔" if self.direction == Direction.TWO_WAY else "→"
        return f"{self.source} {arrow} {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An interface connects two different systems.")})


class InitiativeSystem(OrgOwnedModel):
    """An initiative replaces, retires or integrates with a system. An initiative that
    replaces or retires a system is its successor: its business case can take the system's
    running costs as avoided costs."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="system_links",
        verbose_name=_("initiative"),
    )
    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="initiative_links", verbose_name=_("system")
    )
    relation = models.CharField(_("what it does"), max_length=12, choices=Relation.choices)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["system__name"]
        verbose_name = _("initiative's system")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "system"],
                name="inventory_initiative_system_unique",
                violation_error_message=_("This initiative is already linked to this system."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.get_relation_display().lower()} {self.system}"

    @property
    def is_successor(self) -> bool:
        return self.relation in (Relation.REPLACES, Relation.RETIRES)
