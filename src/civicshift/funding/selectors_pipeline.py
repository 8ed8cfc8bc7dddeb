"""Reading the application pipeline: an organization's applications, its deadlines (next
30, 60 or 90 days), the Single Audit check per fiscal year and the reasons notices were
passed over. Always from ``for_org(organization)``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core.funding import pipeline
from civicshift.core.funding.uniform_guidance import (
    PlannedFederalAmount,
    SingleAuditFlag,
    single_audit_flags,
)

from .models import (
    ApplicationItem,
    FundingApplication,
    FundingNotice,
    ItemKind,
    PassReason,
    Stage,
)
from .services_pipeline import profile_of


def applications_for(organization, *, initiative=None, stage: str = "") -> QuerySet:
    rows = FundingApplication.objects.for_org(organization).select_related(
        "initiative", "notice", "notice__program", "program"
    )
    if initiative is not None:
        rows = rows.filter(initiative=initiative)
    if stage == "open":
        rows = rows.filter(stage__in=pipeline.ACTIVE)
    elif stage in Stage.values:
        rows = rows.filter(stage=stage)
    return rows


def application_get(organization, pk: int) -> FundingApplication:
    return get_object_or_404(applications_for(organization), pk=pk)


def item_get(organization, application: FundingApplication, pk: int) -> ApplicationItem:
    return get_object_or_404(
        ApplicationItem.objects.for_org(organization).filter(application=application), pk=pk
    )


def deadlines(organization, *, today: date, days: int | None) -> list[pipeline.Deadline]:
    """What is due within ``days`` (all of it ahead when None; and anything overdue):
    applications still being prepared, their documents not yet done, reports of awards not
    yet sent, and the SAM.gov renewal."""
    found: list[pipeline.Deadline] = []
    preparing = {
        app.pk: app
        for app in applications_for(organization).filter(
            stage__in=(Stage.RESEARCHING, Stage.DRAFTING), due_date__isnull=False
        )
    }
    open_items = (
        ApplicationItem.objects.for_org(organization)
        .filter(done=False, due_date__isnull=False)
        .select_related("application", "application__initiative")
    )
    # Documents due with their application are counted on its line, not listed one by one.
    not_ready: Counter[int] = Counter()
    for item in open_items:
        app = item.application
        if item.kind == ItemKind.DOCUMENT:
            if app.pk not in preparing:
                continue
            if item.due_date == app.due_date:
                not_ready[app.pk] += 1
                continue
        elif app.stage != Stage.AWARDED:
            continue
        found.append(
            pipeline.Deadline(
                item.due_date,
                "document" if item.kind == ItemKind.DOCUMENT else "report",
                f"{app.title}: {item.label}",
                app.pk,
                _("For “%(initiative)s”") % {"initiative": app.initiative.title},
            )
        )
    for app in preparing.values():
        detail = _("For “%(initiative)s”") % {"initiative": app.initiative.title}
        if not_ready[app.pk]:
            detail += ngettext(
                "; %(n)d document not ready", "; %(n)d documents not ready", not_ready[app.pk]
            ) % {"n": not_ready[app.pk]}
        found.append(pipeline.Deadline(app.due_date, "application", app.title, app.pk, detail))
    expires = profile_of(organization).sam_expires
    if expires is not None:
        found.append(pipeline.Deadline(expires, "registration", _("SAM.gov registration expires")))
    return pipeline.upcoming(found, today=today, days=days)


def registration_flag(organization, *, today: date) -> pipeline.RegistrationFlag | None:
    """The SAM.gov flag, only when some open application is federal money."""
    open_federal = applications_for(organization, stage="open").filter(federal=True)
    if not open_federal.exists():
        return None
    due = [d for d in open_federal.values_list("due_date", flat=True) if d is not None]
    return pipeline.sam_registration_flag(
        profile_of(organization).sam_expires, today=today, due_dates=due
    )


@dataclass(frozen=True)
class AuditYear:
    flag: SingleAuditFlag
    applications: list[FundingApplication]


def single_audit(organization) -> tuple[list[AuditYear], list[FundingApplication]]:
    """Planned federal amounts per fiscal year against the Single Audit threshold (awards as
    awarded, open applications as requested), and the federal applications left out because
    they have no fiscal year."""
    planned, by_year, no_year = [], {}, []
    for app in applications_for(organization).filter(federal=True):
        amount = pipeline.planned_amount(app.stage, app.amount_requested, app.amount_awarded)
        if amount is None:
            continue
        if app.fiscal_year is None:
            no_year.append(app)
            continue
        planned.append(PlannedFederalAmount(app.fiscal_year, Decimal(amount), app.title))
        by_year.setdefault(app.fiscal_year, []).append(app)
    years = [AuditYear(f, by_year[f.fiscal_year]) for f in single_audit_flags(planned)]
    return years, no_year


def pass_reasons(organization) -> list[tuple[str, int]]:
    """How often each reason made the organization pass a notice over, most often first."""
    counts = Counter(
        applications_for(organization, stage=Stage.PASSED_OVER).values_list(
            "pass_reason", flat=True
        )
    )
    labels = dict(PassReason.choices)
    return [(str(labels.get(code, code)), n) for code, n in counts.most_common()]


def application_for_entry(organization, initiative, entry) -> FundingApplication | None:
    """The initiative's application to ``entry`` (a notice, or a program applied to without
    a notice), as ``application_create`` tells them apart: an open one first, else the
    latest."""
    rows = applications_for(organization, initiative=initiative)
    if isinstance(entry, FundingNotice):
        rows = rows.filter(notice=entry)
    else:
        rows = rows.filter(notice__isnull=True, program=entry)
    found = list(rows.order_by("-pk"))
    active = [a for a in found if a.stage in pipeline.ACTIVE]
    return (active or found or [None])[0]
