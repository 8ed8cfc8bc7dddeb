"""Write paths of the vendor registry. Every write checks the role (an editor) and writes the
audit record in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.models import Organization
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import (
    Certification,
    CooperativeContract,
    PerformanceRecord,
    Vendor,
    VendorContact,
    VendorProduct,
    VendorReference,
)

#: The parts of a vendor's record added one at a time, by the key used in their URLs.
ITEM_MODELS = {
    "contact": VendorContact,
    "product": VendorProduct,
    "contract": CooperativeContract,
    "certification": Certification,
    "reference": VendorReference,
    "performance": PerformanceRecord,
}

VENDOR_FIELDS = {
    "name",
    "tax_id",
    "website",
    "address",
    "acr_date",
    "acr_edition",
    "insurance_carrier",
    "general_liability",
    "cyber_liability",
    "insurance_expires",
    "notes",
}


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - VENDOR_FIELDS
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _("Give the company's name.")})


@transaction.atomic
def vendor_create(*, actor, organization: Organization, **fields) -> Vendor:
    """Add a company to the registry. Likely duplicates are the form's warning to give
    (``selectors.likely_duplicates``): a second record is allowed, since two companies may share
    a trading name."""
    require_role(actor, organization, Role.EDITOR)
    _check_fields(fields)
    fields["name"] = fields["name"].strip()
    return audited_create(actor=actor, model=Vendor, organization=organization, **fields)


@transaction.atomic
def vendor_update(*, actor, vendor: Vendor, expected_version: int | None = None, **fields):
    require_role(actor, vendor.organization, Role.EDITOR)
    _check_fields(fields)
    return audited_update(actor=actor, obj=vendor, expected_version=expected_version, **fields)


@transaction.atomic
def vendor_delete(*, actor, vendor: Vendor) -> None:
    require_role(actor, vendor.organization, Role.EDITOR)
    if vendor.proposals.exists():
        raise ValidationError(
            _("“%(name)s” sent proposals to an evaluation; its record stays with them.")
            % {"name": vendor.name}
        )
    audited_delete(actor=actor, obj=vendor)


@transaction.atomic
def vendor_item_create(*, actor, vendor: Vendor, item_kind: str, **fields):
    """Add a contact, product, cooperative contract, certification, reference or performance
    record (the model's validation checks that a record's evaluation is this organization's and
    had a proposal from this vendor)."""
    require_role(actor, vendor.organization, Role.EDITOR)
    model = ITEM_MODELS[item_kind]
    systems = fields.get("systems")
    if systems is not None:
        for system in systems:
            if system.organization_id != vendor.organization_id:
                raise ValidationError({"systems": _("Choose from this organization's systems.")})
    return audited_create(
        actor=actor, model=model, organization=vendor.organization, vendor=vendor, **fields
    )


@transaction.atomic
def vendor_item_delete(*, actor, item) -> None:
    require_role(actor, item.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=item)
