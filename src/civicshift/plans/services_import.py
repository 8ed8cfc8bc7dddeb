"""A plan made from an engine ``Project``: an imported Microsoft Project file, the project's own
plan file, or a template applied from a start date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import selectors
from .models import DurationUnit, Plan, PlanLink, PlanTask, WorkCalendar
from .services import check_schedulable
from .services_calendars import calendar_create, calendar_exception_create, ensure_default_calendar


def _calendar_for(*, actor, organization, calendar, source: str, made: dict) -> WorkCalendar:
    """The organization's calendar with the same week and exceptions as ``calendar`` (an
    engine ``Calendar``), or a new one named after it and the file it came from."""
    week = [[[p.start, p.end] for p in day] for day in calendar.week]
    exceptions = sorted(
        (e.start, e.finish, [[p.start, p.end] for p in e.periods]) for e in calendar.exceptions
    )
    key = (repr(week), repr(exceptions))
    if key in made:
        return made[key]
    for existing in selectors.calendars_for(organization):
        theirs = sorted((e.start, e.finish, e.periods) for e in existing.exceptions.all())
        if existing.week == week and theirs == exceptions:
            made[key] = existing
            return existing
    names = set(WorkCalendar.objects.for_org(organization).values_list("name", flat=True))
    base = f"{calendar.name} ({source})" if source else calendar.name
    name, n = base[:100], 2
    while name in names:
        name, n = f"{base[:95]} {n}", n + 1
    made_calendar = calendar_create(
        actor=actor,
        organization=organization,
        name=name,
        week=week,
        source_uid=calendar.id[:40],
    )
    for e in calendar.exceptions:
        calendar_exception_create(
            actor=actor,
            calendar=made_calendar,
            name=e.name[:100],
            start=e.start,
            finish=e.finish,
            periods=[[p.start, p.end] for p in e.periods],
        )
    made[key] = made_calendar
    return made_calendar


@transaction.atomic
def plan_create_from_project(
    *, actor, initiative, project, source_name: str = "", progress=None
) -> Plan:
    """A new plan for ``initiative`` from an engine ``Project`` (an imported Microsoft Project
    file, the project's own plan file, or a template applied from a start date): its
    calendars, tasks in outline order and links, each row audited, all or nothing."""
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    if selectors.plan_of(initiative) is not None:
        raise ValidationError(_("This initiative already has a plan."))
    ensure_default_calendar(actor=actor, organization=organization)
    made: dict = {}
    source = source_name[:60]
    calendars = {
        cal.id: _calendar_for(
            actor=actor, organization=organization, calendar=cal, source=source, made=made
        )
        for cal in project.calendars
    }
    plan = audited_create(
        actor=actor,
        model=Plan,
        organization=organization,
        initiative=initiative,
        start=project.start,
        calendar=calendars[project.calendar_id],
        minutes_per_day=project.minutes_per_day,
        minutes_per_week=project.minutes_per_week,
        days_per_month=project.days_per_month,
        critical_slack_limit_days=project.critical_slack_limit_days,
        honor_constraints=project.honor_constraints,
        status_date=project.status_date,
        promised_finish=project.finish.date() if project.finish else None,
        source_name=source_name[:255],
    )
    by_id: dict[str, PlanTask] = {}
    parents: list[PlanTask] = []  # the open phase at each outline level
    total = len(project.tasks) + len(project.links)
    for position, t in enumerate(project.tasks):
        level = max(1, t.outline_level)
        del parents[level - 1 :]
        parent = parents[-1] if parents else None
        estimate = t.estimate
        task = audited_create(
            actor=actor,
            model=PlanTask,
            organization=organization,
            plan=plan,
            parent=parent,
            position=position,
            key=t.id[:40],
            wbs=t.wbs[:40],
            name=(t.name or t.id)[:255],
            duration_minutes=max(0, t.duration.minutes),
            duration_unit=t.duration.unit,
            milestone=t.milestone,
            optimistic_minutes=estimate.optimistic.minutes if estimate else None,
            pessimistic_minutes=estimate.pessimistic.minutes if estimate else None,
            distribution=estimate.distribution if estimate else "pert",
            constraint=t.constraint.value,
            constraint_date=t.constraint_date,
            deadline=t.deadline,
            calendar=calendars.get(t.calendar_id) if t.calendar_id else None,
            owner=t.owner[:150],
            percent_complete=round(t.percent_complete, 2),
            actual_start=t.actual_start,
            actual_finish=t.actual_finish,
            cost=round(t.cost, 2),
            actual_cost=None if t.actual_cost is None else round(t.actual_cost, 2),
            active=t.active,
            notes=t.notes,
        )
        by_id[t.id] = task
        parents.append(task)
        if progress:
            progress(position + 1, total)
    for index, link in enumerate(project.links):
        lag = link.lag
        audited_create(
            actor=actor,
            model=PlanLink,
            organization=organization,
            plan=plan,
            predecessor=by_id[link.predecessor],
            successor=by_id[link.successor],
            type=link.type.value,
            lag_minutes=lag.minutes,
            lag_unit=lag.unit if lag.unit in {u for u, _l in DurationUnit.choices} else "d",
            lag_percent=lag.percent,
        )
        if progress:
            progress(len(project.tasks) + index + 1, total)
    check_schedulable(plan)
    return plan


@transaction.atomic
def plan_from_template(*, actor, initiative, template_id: str, start, budget=None) -> Plan:
    """A plan from one of the plan templates, started at ``start``, with the template's risks
    from the risk library (costs as shares of ``budget`` when given), linked to its tasks."""
    from civicshift.core.plan_templates import apply_template, load_templates, template_risks

    from .services_risks import library_risk_fields, risk_create

    templates = load_templates()
    if template_id not in templates:
        raise ValidationError({"template": _("Choose one of the plan templates.")})
    template = templates[template_id]
    project = apply_template(template, start=start, title=initiative.title)
    plan = plan_create_from_project(
        actor=actor, initiative=initiative, project=project, source_name=template.title
    )
    tasks = {t.key: t for t in selectors.tasks_of(plan)}
    for risk in template_risks(template, budget=None if budget is None else float(budget)):
        fields = library_risk_fields(risk)
        fields["tasks"] = [tasks[k] for k in risk.tasks if k in tasks]
        risk_create(actor=actor, organization=plan.organization, initiative=initiative, **fields)
    return plan
