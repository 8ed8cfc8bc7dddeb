"""Write path of the public-records export: who took a copy of an evaluation's record, when,
and whether personal notes were withheld, is recorded in the audit trail (an "exported"
event on the evaluation), once the archive is built. The build reads only, so it runs outside
a transaction: on SQLite (IMMEDIATE transactions) one would hold the write lock for as long as
the documents take to copy."""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicshift.audit.models import Action
from civicshift.audit.services import record_event
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import Evaluation
from .public_record import write_public_record


def public_record_export(*, actor, evaluation: Evaluation, target, progress=None) -> dict:
    """Write the evaluation's public record (a ZIP) into ``target`` and audit the export.
    Editors and administrators only."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    counts = write_public_record(evaluation, target, actor=actor, progress=progress)
    record_event(
        actor=actor,
        organization=evaluation.organization,
        action=Action.EXPORT,
        obj=evaluation,
        reason=(
            _("Public-records export: %(docs)d documents, %(scores)d submitted scores; ")
            % {"docs": counts["documents"], "scores": counts["scores"]}
        )
        + (
            _("personal notes withheld.")
            if evaluation.withhold_personal_notes
            else _("personal notes included.")
        ),
    )
    return counts
