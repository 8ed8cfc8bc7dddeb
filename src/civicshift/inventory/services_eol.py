"""Support dates from endoflife.date for systems and components: suggest a match, confirm it
(the three support dates are then copied from the catalogue), or say "not this one".

The catalogue is the data folder's refreshed copy when there is one
(``settings.CIVICSHIFT_ENDOFLIFE_FILE``, written by ``inventory_eol_refresh``), else the one
shipped with CivicShift. Matching itself is ``civicshift.core.endoflife``.

A suggestion is stored on the record (``eol_product``, ``eol_cycle``, ``eol_confidence``) and
stays unconfirmed until a person confirms it; only then are the support dates written.
"Not this one" keeps the rejected product and cycle with confidence 0, so a later suggestion
skips it and the list of suggestions to review leaves it out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_update
from civicshift.core import endoflife
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import Component, System

#: Only suggestions at least this sure are stored; weaker ones are still shown on the page.
SUGGEST_MIN_CONFIDENCE = 0.3
REJECTED = 0.0


def catalogue() -> endoflife.Catalogue:
    return endoflife.catalogue(settings.CIVICSHIFT_ENDOFLIFE_FILE)


def candidates(record: System | Component, limit: int = 5) -> list[endoflife.Match]:
    """Catalogue entries for what the record says (product, else name; version; vendor), best
    first, without the one a person rejected."""
    cat = catalogue()
    text = (record.product or "").strip() or record.name
    found = endoflife.match(text, record.product_version, record.vendor, cat=cat, limit=limit + 1)
    if record.product and record.name and record.name != record.product:
        by_name = endoflife.match(
            record.name, record.product_version, record.vendor, cat=cat, limit=limit
        )
        if by_name and (not found or by_name[0].confidence > found[0].confidence):
            found = by_name
    return [m for m in found if _rejected(record) != (m.product_id, m.cycle)][:limit]


def _rejected(record) -> tuple[str, str] | None:
    if record.eol_confidence == REJECTED and record.eol_product and not record.eol_confirmed:
        return (record.eol_product, record.eol_cycle)
    return None


@transaction.atomic
def eol_suggest(record: System | Component, *, actor):
    """Store the best match on the record, unconfirmed. A confirmed match, or one a person
    rejected while nothing better is found, is left as it is."""
    require_role(actor, record.organization, Role.EDITOR)
    if record.eol_confirmed:
        return record
    found = [m for m in candidates(record) if m.confidence >= SUGGEST_MIN_CONFIDENCE]
    if not found:
        if _rejected(record) is not None:
            return record
        fields = {"eol_product": "", "eol_cycle": "", "eol_confidence": None}
    else:
        best = found[0]
        fields = {
            "eol_product": best.product_id,
            "eol_cycle": best.cycle,
            "eol_confidence": best.confidence,
        }
    return audited_update(
        actor=actor, obj=record, reason=_("Suggested from endoflife.date."), **fields
    )


@transaction.atomic
def eol_suggest_all(*, actor, organization) -> int:
    """Suggest for every unconfirmed system and component; the number of records changed."""
    require_role(actor, organization, Role.EDITOR)
    changed = 0
    for model in (System, Component):
        for record in model.objects.for_org(organization).filter(eol_confirmed=False):
            before = (record.eol_product, record.eol_cycle, record.eol_confidence)
            record = eol_suggest(record, actor=actor)
            changed += before != (record.eol_product, record.eol_cycle, record.eol_confidence)
    return changed


@transaction.atomic
def eol_confirm(
    *, actor, record: System | Component, product: str, cycle: str, expected_version=None
):
    """The person confirms ``product``/``cycle``: its three support dates are copied from the
    catalogue (a milestone the catalogue gives as "ended, no date" or "no end announced" is
    left blank) and the match is marked confirmed."""
    require_role(actor, record.organization, Role.EDITOR)
    try:
        m = endoflife.milestones(product, cycle, cat=catalogue())
    except KeyError:
        raise ValidationError(
            {
                "cycle": _("endoflife.date has no release %(cycle)s of %(product)s.")
                % {"cycle": cycle or "—", "product": product or "—"}
            }
        ) from None
    offered = {(c.product_id, c.cycle): c.confidence for c in candidates(record, limit=20)}
    dates = m.dates()
    return audited_update(
        actor=actor,
        obj=record,
        expected_version=expected_version,
        reason=_("Support dates confirmed from endoflife.date (%(url)s).") % {"url": m.url},
        support_mainstream_end=dates["mainstream_end"],
        support_extended_end=dates["extended_end"],
        support_esu_end=dates["esu_end"],
        eol_product=product,
        eol_cycle=cycle,
        eol_confidence=offered.get((product, cycle), record.eol_confidence),
        eol_confirmed=True,
    )


@transaction.atomic
def eol_confirm_suggestions(*, actor, organization, records) -> int:
    """Confirm the stored suggestion of each record (the review list's ticked rows), all or
    none: one transaction. Records without a release to confirm are refused by name."""
    require_role(actor, organization, Role.EDITOR)
    done = 0
    for record in records:
        if record.organization_id != organization.pk:
            raise ValidationError(_("Choose one of this organization's records."))
        if not record.eol_product or not record.eol_cycle or record.eol_confidence == REJECTED:
            raise ValidationError(
                _("%(name)s has no suggested release to confirm: open it and choose one.")
                % {"name": record}
            )
        if record.eol_confirmed:
            continue
        eol_confirm(actor=actor, record=record, product=record.eol_product, cycle=record.eol_cycle)
        done += 1
    return done


@transaction.atomic
def eol_reject(*, actor, record: System | Component, product: str, cycle: str = ""):
    """ "Not this one": the match is remembered as rejected (confidence 0) and unconfirmed. The
    support dates already recorded are left as they are."""
    require_role(actor, record.organization, Role.EDITOR)
    if product not in catalogue().products:
        raise ValidationError({"product": _("endoflife.date has no product %s.") % product})
    return audited_update(
        actor=actor,
        obj=record,
        reason=_("Not this endoflife.date match."),
        eol_product=product,
        eol_cycle=cycle,
        eol_confidence=REJECTED,
        eol_confirmed=False,
    )
