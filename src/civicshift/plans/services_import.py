"""A plan made from an engine ``Project``: an imported Microsoft Project file, the project's own
plan file, or a template applied from a start date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.models import Action
from civicshift.audit.services import audited_create, changed_fields, record_events, snapshot
from civicshift.orgs.bulk import insert_objects
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


def _refused(where: str, model, error: ValidationError) -> ValidationError:
    """``error`` (a row's ``full_clean``) as one message naming the task or link and the
    field, in the words of the form."""
    details = "; ".join(
        " ".join(messages)
        if field == "__all__"
        else f"{model._meta.get_field(field).verbose_name}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )
    return ValidationError(f"{where}: {details}")


def _tasks_of(project, *, organization, plan, calendars) -> dict[str, tuple[PlanTask, int]]:
    """Every task of ``project`` as an unsaved ``PlanTask`` (checked), with its outline level,
    by the engine's task id. The parent is the open phase one level up, as in Project's
    outline."""
    made: dict[str, tuple[PlanTask, int]] = {}
    keys: dict[str, str] = {}
    parents: list[PlanTask] = []  # the open phase at each outline level
    skip = ["organization", "plan", "parent", "calendar", "department"]
    for position, t in enumerate(project.tasks):
        level = max(1, t.outline_level)
        del parents[level - 1 :]
        estimate = t.estimate
        task = PlanTask(
            organization=organization,
            plan=plan,
            parent=parents[-1] if parents else None,
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
        where = _("Task %(id)s (“%(name)s”)") % {"id": t.id, "name": task.name}
        if task.key in keys:
            raise ValidationError(
                _("%(where)s: its id is the same as task %(other)s's in its first 40 characters.")
                % {"where": where, "other": keys[task.key]}
            )
        keys[task.key] = t.id
        try:
            task.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise _refused(where, PlanTask, error) from error
        made[t.id] = (task, level)
        parents.append(task)
    return made


def _links_of(project, *, organization, plan, tasks) -> list[PlanLink]:
    """Every link of ``project`` as an unsaved ``PlanLink`` (checked); the same two tasks
    linked twice are refused, naming them."""
    units = {u for u, _l in DurationUnit.choices}
    seen: set[tuple[str, str]] = set()
    links = []
    skip = ["organization", "plan", "predecessor", "successor"]
    for link in project.links:
        where = _("The link from task %(a)s to task %(b)s") % {
            "a": link.predecessor,
            "b": link.successor,
        }
        if (link.predecessor, link.successor) in seen:
            raise ValidationError(_("%(where)s is given twice.") % {"where": where})
        seen.add((link.predecessor, link.successor))
        lag = link.lag
        row = PlanLink(
            organization=organization,
            plan=plan,
            predecessor=tasks[link.predecessor][0],
            successor=tasks[link.successor][0],
            type=link.type.value,
            lag_minutes=lag.minutes,
            lag_unit=lag.unit if lag.unit in units else "d",
            lag_percent=lag.percent,
        )
        try:
            row.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise _refused(where, PlanLink, error) from error
        links.append(row)
    return links


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
    tasks = _tasks_of(project, organization=organization, plan=plan, calendars=calendars)
    links = _links_of(project, organization=organization, plan=plan, tasks=tasks)
    total, done = len(tasks) + len(links), 0
    # Rows are written in bulk (orgs.bulk) after each was checked with full_clean, with one
    # audit record each (audit.record_events): one audited_create per row took 15 ms a task,
    # 15 s for a 1,000-task Microsoft Project file (decisions.md). A phase is written before
    # its tasks, so their parent id is known: one insert per outline level.
    levels: dict[int, list[PlanTask]] = {}
    for task, level in tasks.values():
        levels.setdefault(level, []).append(task)
    for level in sorted(levels):
        rows = levels[level]
        for task in rows:
            task.parent_id = task.parent.pk if task.parent is not None else None
        insert_objects(rows)
        done += len(rows)
        if progress:
            progress(done, total)
    for link in links:  # built before their tasks had ids
        link.predecessor_id, link.successor_id = link.predecessor.pk, link.successor.pk
    insert_objects(links)
    if progress and links:
        progress(total, total)
    record_events(
        actor=actor,
        organization=organization,
        events=(
            (Action.CREATE, obj, changed_fields(None, snapshot(obj)))
            for obj in [*(t for t, _level in tasks.values()), *links]
        ),
    )
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
