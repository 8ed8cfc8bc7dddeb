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

from civicshift.core import endoflife
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
    """The record's support dates, named as the vendor names them when they were confirmed
    from endoflife.date (the catalogue is read once per process)."""
    labels = None
    if record.eol_confirmed and record.eol_product:
        product = endoflife.catalogue().products.get(record.eol_product)
        labels = dict(product.labels) if product is not None else None
    return engine.Milestones(
        record.support_mainstream_end,
        record.support_extended_end,
        record.support_esu_end,
        labels=labels,
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
        "version": bool(system.product_version),
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


# --- the systems list ------------------------------------------------------------------------

#: Sort keys of the systems list: key → (label, function of a Row, reverse).
SORTS = ("name", "-cost", "-priority", "-support", "completeness", "reviewed", "-flags")


@dataclass(frozen=True)
class SystemFilters:
    q: str = ""
    category: str = ""
    department: int | None = None
    hosting: str = ""
    disposition: str = ""  # tolerate, invest, migrate, eliminate, or "none" (not assessed)
    support: int | None = None  # an engine.SupportState value
    red_flags: bool = False
    sort: str = "name"


def _sort_key(sort: str):
    if sort == "-cost":
        return lambda r: (-r.report.annual_cost, r.system.name.casefold())
    if sort == "-priority":
        return lambda r: (-r.report.priority.score, r.system.name.casefold())
    if sort == "-support":
        return lambda r: (
            -int(r.report.support.overall.state),
            (r.report.support.overall.on or date.max),
            r.system.name.casefold(),
        )
    if sort == "completeness":
        return lambda r: (r.completeness.fraction, r.system.name.casefold())
    if sort == "reviewed":  # never reviewed first, then the oldest review
        return lambda r: (
            r.system.last_reviewed_at is not None,
            r.system.last_reviewed_at or timezone.now(),
            r.system.name.casefold(),
        )
    if sort == "-flags":
        return lambda r: (-len(r.report.open_flags), r.system.name.casefold())
    return lambda r: r.system.name.casefold()


def system_rows(organization, filters: SystemFilters, on: date | None = None) -> list[Row]:
    """The systems list: database filters first, then the filters on computed figures
    (disposition, support state, red flags), sorted. Every system is evaluated once."""
    systems = systems_for(organization)
    if filters.q:
        systems = systems.filter(
            Q(name__icontains=filters.q)
            | Q(vendor__icontains=filters.q)
            | Q(product__icontains=filters.q)
        )
    if filters.category:
        systems = systems.filter(category=filters.category)
    if filters.hosting:
        systems = systems.filter(hosting=filters.hosting)
    if filters.department:
        systems = systems.filter(departments=filters.department).distinct()
    found = rows(organization, on, systems)
    if filters.disposition == "none":
        found = [r for r in found if r.report.assessment.disposition is None]
    elif filters.disposition:
        found = [r for r in found if r.report.assessment.disposition == filters.disposition]
    if filters.support is not None:
        found = [r for r in found if int(r.report.support.overall.state) == filters.support]
    if filters.red_flags:
        found = [r for r in found if r.report.open_flags]
    return sorted(found, key=_sort_key(filters.sort))


def systems_of_component(component: Component, on: date | None = None) -> list[Row]:
    return rows(component.organization, on, component.systems.all())


# --- keeping records current -----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewGroup:
    """How complete and how recently reviewed a department's records are."""

    name: str
    count: int
    completeness: float  # mean share of the fields filled in
    reviewed_within_year: int
    never_reviewed: int
    oldest_review: object  # datetime or None


def review_groups(found: list[Row], now=None) -> list[ReviewGroup]:
    """One group per department (a system in two departments counts in both), and one for
    systems without a department."""
    now = now or timezone.now()
    groups: dict[str, list[Row]] = {}
    for row in found:
        names = [d.name for d in row.system.departments.all()] or [""]
        for name in names:
            groups.setdefault(name, []).append(row)
    out = []
    for name in sorted(groups, key=lambda n: (n == "", n.casefold())):
        members = groups[name]
        reviewed = [r.system.last_reviewed_at for r in members if r.system.last_reviewed_at]
        out.append(
            ReviewGroup(
                name=name,
                count=len(members),
                completeness=sum(r.completeness.fraction for r in members) / len(members),
                reviewed_within_year=sum(1 for d in reviewed if (now - d).days <= 365),
                never_reviewed=len(members) - len(reviewed),
                oldest_review=min(reviewed) if reviewed else None,
            )
        )
    return out


def open_review_requests(organization, user=None):
    """Open requests, the signed-in user's own first, then the oldest first."""
    from django.db.models import Case, IntegerField, Value, When

    from .models import ReviewRequest

    requests = ReviewRequest.objects.for_org(organization).filter(completed_at__isnull=True)
    mine = When(requested_of=user, then=Value(0)) if user is not None else None
    order = Case(mine, default=Value(1), output_field=IntegerField()) if mine else Value(1)
    return (
        requests.select_related("system", "requested_of", "requested_by")
        .annotate(mine_first=order)
        .order_by("mine_first", "requested_at")
    )


def systems_due_for_review(organization, months: int, now=None):
    """Systems with an owner who has an account, last reviewed ``months`` ago or more (or
    never), and no open request."""
    from datetime import timedelta

    from .models import ReviewRequest

    now = now or timezone.now()
    cutoff = now - timedelta(days=round(months * 30.44))
    return (
        systems_for(organization)
        .filter(owner__isnull=False)
        .filter(Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lte=cutoff))
        .exclude(
            pk__in=ReviewRequest.objects.for_org(organization)
            .filter(completed_at__isnull=True)
            .values("system_id")
        )
        .select_related("owner")
        .order_by("name")
    )


def links_of(initiative):
    from .models import InitiativeSystem

    return (
        InitiativeSystem.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("system")
    )


@dataclass(frozen=True)
class MigrationTask:
    """Work the plan must hold when a system goes: one per interface to rebuild or drop, and
    a check for each system that receives its data indirectly."""

    retired: System
    affected: System
    interfaces: tuple[Integration, ...]  # empty for an indirect dependent
    via: System | None  # for an indirect dependent: the system its data arrives through


def migration_work(initiative) -> list[MigrationTask]:
    """Every dependent of every system this initiative replaces or retires."""
    successors = [link.system for link in links_of(initiative) if link.is_successor]
    if not successors:
        return []
    organization = initiative.organization
    integrations = list(integrations_for(organization))
    by_pk = {i.pk: i for i in integrations}
    systems = {s.pk: s for s in systems_for(organization)}
    interfaces = [
        engine.Interface(i.source_id, i.target_id, i.direction == "two_way", i.pk)
        for i in integrations
    ]
    going = {s.pk for s in successors}
    tasks = []
    for system in successors:
        result = engine.impact(system.pk, interfaces)
        # An interface between two systems that both go needs no work.
        direct = {pk: found for pk, found in result.direct.items() if pk not in going}
        for pk, found in sorted(direct.items(), key=lambda kv: systems[kv[0]].name):
            tasks.append(
                MigrationTask(system, systems[pk], tuple(by_pk[i.key] for i in found), None)
            )
        indirect = {pk: via for pk, via in result.indirect.items() if pk not in going}
        for pk, via in sorted(indirect.items(), key=lambda kv: systems[kv[0]].name):
            tasks.append(MigrationTask(system, systems[pk], (), systems[via]))
    return tasks
