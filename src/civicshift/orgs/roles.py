"""Membership roles and what each may do. One place, so screens, API and services agree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    EVALUATOR = "evaluator", _("Evaluator")
    VIEWER = "viewer", _("Viewer")


#: Higher ranks include everything the lower ranks may do.
RANK = {Role.VIEWER: 0, Role.EVALUATOR: 1, Role.EDITOR: 2, Role.ADMIN: 3}

ROLE_HELP = {
    Role.ADMIN: _("Manages members and organization settings, and can edit everything."),
    Role.EDITOR: _("Creates and edits initiatives, departments, goals and plans."),
    Role.EVALUATOR: _(
        "Reads what a viewer reads, and scores the vendor evaluations they are on (only "
        "those); cannot edit initiatives."
    ),
    Role.VIEWER: _("Reads everything; changes nothing."),
}


def role_at_least(role: str | None, needed: str) -> bool:
    """True when ``role`` ranks at or above ``needed``."""
    if role is None:
        return False
    return RANK[Role(role)] >= RANK[Role(needed)]
