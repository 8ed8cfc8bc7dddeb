"""Reads for the inventory: systems of an organization, and the engine's view of each.

``reports(organization, on)`` evaluates every system with ``core.inventory.evaluate`` in a
fixed number of queries (components, latest assessments and acceptances prefetched), so the
list, the dashboard and the API all show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from civicshift.core import inventory as engine

from .models import Assessment, Component, Integration, RiskAcceptance, System


def systems_for(organization):
    return System.objects.for_org(organization)


def system_for(organization, pk) -> System:
    """One system of the organization (404 handling is the caller's: DoesNotExist)."""
    return systems_for(organization).get(pk=pk)


def components_for(organization):
    return Component.objects.for_org(organization)


def integrations_for(organization):
    return Integration.objects.for_org(organization).select_related("source", "target")


def milestones_of(record) -> engine.Milestones:
    return engine.Milestones(
        record.support_mainstream_end, record.support_extended_end, record.support_esu_end
    )


def _with_related(queryset):
    return queryset.select_related("owner").prefetch_related(
        "departments",
        Prefetch("components", queryset=Component.objects.order_by("kind", "name")),
        Prefetch("assessments", queryset=Assessment.objects.order_by("-assessed_on", "-id")),
        Prefetch("acceptances", queryset=RiskAcceptance.objects.order_by("-until")),
    )


def facts_of(system: System) -> engine.SystemFacts:
    """The engine's input for one system (uses prefetched relations when there are any)."""
    latest = next(iter(system.assessments.all()), None)
    return engine.SystemFacts(
        key=system.pk,
        name=system.name,
        milestones=milestones_of(system),
        components=tuple(
            engine.Component(c.name, c.kind, milestones_of(c)) for c in system.components.all()
        ),
        costs=engine.Costs(
            system.cost_licence,
            system.cost_maintenance,
            system.cost_hosting,
            system.staff_fte,
            system.staff_loaded_cost,
        ),
        regulated_data=tuple(system.regulated_data or ()),
        mfa=system.mfa,
        backup_status=system.backup_status,
        backup_tested_on=system.backup_tested_on,
        staff_who_know=system.staff_who_know,
        contract_end=system.contract_end,
        retired_on=system.lifecycle_retired,
        answers=dict(latest.answers) if latest else {},
        acceptances=tuple(
            engine.Acceptance(a.flag, a.until, a.accepted_by_name, a.rationale)
            for a in system.acceptances.all()
        ),
        capability=system.capability,
    )


@dataclass(frozen=True)
class Row:
    """A system with its evaluation, for lists, the dashboard and exports."""

    system: System
    report: engine.SystemReport
    completeness: engine.Completeness


def filled_fields(system: System, has_assessment: bool) -> dict[str, bool]:
    return {
        "category": system.category != "other",
        "departments": bool(system.departments.all()),
        "vendor": bool(system.vendor),
        "product": bool(system.product),
        "version": bool(system.version),
        "hosting": bool(system.hosting),
        "annual_cost": bool(
            system.cost_licence
            or system.cost_maintenance
            or system.cost_hosting
            or system.staff_fte
        ),
        "support_dates": not milestones_of(system).empty
        or any(not milestones_of(c).empty for c in system.components.all()),
        "data_classification": bool(system.data_classification),
        "criticality": bool(system.criticality),
        "backup_status": bool(system.backup_status),
        "mfa": system.mfa != "unknown",
        "owner": system.owner_id is not None or bool(system.owner_name),
        "staff_who_know": system.staff_who_know is not None,
        "assessment": has_assessment,
    }


def rows(organization, on: date | None = None, queryset=None) -> list[Row]:
    on = on or timezone.localdate()
    systems = _with_related(queryset if queryset is not None else systems_for(organization))
    out = []
    q = engine.questionnaire()
    for system in systems:
        facts = facts_of(system)
        out.append(
            Row(
                system,
                engine.evaluate(facts, on, q),
                engine.completeness(filled_fields(system, bool(facts.answers))),
            )
        )
    return out


def row_for(system: System, on: date | None = None) -> Row:
    return rows(system.organization, on, System.objects.filter(pk=system.pk))[0]


def impact_of(system: System) -> engine.Impact:
    interfaces = [
        engine.Interface(i.source_id, i.target_id, i.direction == "two_way", i.pk)
        for i in Integration.objects.for_org(system.organization).only(
            "source_id", "target_id", "direction"
        )
    ]
    return engine.impact(system.pk, interfaces)


def consolidation(organization, on: date | None = None) -> list[tuple[str, list[System]]]:
    on = on or timezone.localdate()
    running = systems_for(organization).filter(
        Q(lifecycle_retired__isnull=True) | Q(lifecycle_retired__gt=on)
    )
    by_pk = {s.pk: s for s in running}
    groups = engine.consolidation_candidates({pk: s.capability for pk, s in by_pk.items()})
    return [(label, [by_pk[k] for k in keys]) for label, keys in groups]
