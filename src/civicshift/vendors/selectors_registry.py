"""Reads of the vendor registry, always from the organization's own rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .expiry import vendor_flags
from .models import PerformanceRecord, Vendor, normalise_name, normalise_tax_id
from .models.performance import QUESTIONS


def vendor_list(organization, q: str = ""):
    vendors = Vendor.objects.for_org(organization)
    if q:
        vendors = vendors.filter(
            Q(name__icontains=q)
            | Q(normalised_name__contains=normalise_name(q))
            | Q(products__name__icontains=q)
        ).distinct()
    return vendors.annotate(proposal_count=Count("proposals", distinct=True)).prefetch_related(
        "contracts", "certifications"
    )


def vendor_get(organization, pk) -> Vendor:
    return get_object_or_404(Vendor.objects.for_org(organization), pk=pk)


def likely_duplicates(organization, *, name: str, tax_id: str = "", exclude=None) -> list:
    """Vendors of this organization with the same normalised name or the same tax id."""
    found = Q()
    normalised = normalise_name(name)
    if normalised:
        found |= Q(normalised_name=normalised)
    tax = normalise_tax_id(tax_id)
    if tax:
        found |= Q(normalised_tax_id=tax)
    if not found:
        return []
    vendors = Vendor.objects.for_org(organization).filter(found)
    if exclude is not None:
        vendors = vendors.exclude(pk=exclude.pk)
    return list(vendors)


def duplicate_groups(organization) -> list[dict]:
    """Groups of two or more vendors sharing a normalised name or a tax id, with the reason."""
    rows = list(
        Vendor.objects.for_org(organization).values(
            "pk", "name", "normalised_name", "normalised_tax_id"
        )
    )
    groups = []
    for key, reason in (("normalised_name", "name"), ("normalised_tax_id", "tax_id")):
        by = defaultdict(list)
        for row in rows:
            if row[key]:
                by[row[key]].append(row)
        for value, members in sorted(by.items()):
            if len(members) > 1:
                groups.append({"reason": reason, "value": value, "vendors": members})
    return groups


def flags_for(vendor: Vendor, today: date):
    return vendor_flags(
        vendor,
        today,
        contracts=vendor.contracts.all(),
        certifications=vendor.certifications.all(),
    )


def performance_history(vendor) -> dict:
    """The vendor's performance records with, per aspect rated, the mean of the ratings given
    (records that leave an aspect empty do not count for it), the total paid and the answers to
    "would you hire them again?"."""
    records = list(
        PerformanceRecord.objects.for_org(vendor.organization)
        .filter(vendor=vendor)
        .select_related("evaluation__initiative")
    )
    aspects = []
    for name in PerformanceRecord.ASPECTS:
        ratings = [getattr(r, name) for r in records if getattr(r, name) is not None]
        aspects.append(
            {
                "label": PerformanceRecord._meta.get_field(name).verbose_name,
                "question": QUESTIONS[name],
                "mean": sum(ratings) / len(ratings) if ratings else None,
                "count": len(ratings),
            }
        )
    hire_again = defaultdict(int)
    for r in records:
        if r.hire_again:
            hire_again[r.get_hire_again_display()] += 1
    return {
        "records": records,
        "aspects": aspects,
        "paid": sum((r.value for r in records if r.value is not None), start=0),
        "hire_again": dict(hire_again),
    }
