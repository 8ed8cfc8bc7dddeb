"""The training plan into the business case and the plan (issue 11, item 5).

**Cost lines.** Each course costs ``fixed + per seat × attendees`` and takes ``hours per person
× attendees`` of staff time, which someone must cover (backfill), valued at the loaded hourly
rate the user gives (``core.skills.course_cost``). Attendees are the people enrolled in the
course's sessions, or its planned seats while nobody is enrolled. A course falls in the fiscal
year of its first session (period = that year − the case's first year; a course without a date
goes in year 0). The lines are one training line (category *Training*) and one backfill line
(category *Staff backfill*) per fiscal year, single figures, shown before they are added.
Adding again replaces the lines the training plan added earlier (``TrainingCaseLine`` records
them), each deletion and creation audited, so they are never counted twice.

**Plan tasks.** Each session becomes a task of the initiative's plan under a phase *Staff
training*: it starts no earlier than the session's date and time (constraint SNET) and lasts
the session's hours. Adding again updates the tasks already made (the session keeps its task)
instead of adding others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_update
from civicshift.core import skills as engine
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import selectors
from .models import TrainingCaseLine

PARTS = ("training", "backfill")
PHASE_KEY = "TRAINING"


@dataclass(frozen=True)
class CourseFigure:
    course: object
    attendees: int
    cost: engine.CourseCost
    fiscal_year: int
    period: int
    dated: bool  # False: no session yet, counted in year 0


@dataclass(frozen=True)
class ProposedLine:
    part: str
    name: str
    category: str
    period: int
    fiscal_year: int
    amount: Decimal
    hours: Decimal  # backfill hours (0 for training lines)


@dataclass
class Proposal:
    courses: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def training_total(self) -> Decimal:
        return sum((c.cost.training for c in self.courses), Decimal("0"))

    @property
    def backfill_total(self) -> Decimal:
        return sum((c.cost.backfill for c in self.courses), Decimal("0"))

    @property
    def backfill_hours(self) -> Decimal:
        return sum((c.cost.backfill_hours for c in self.courses), Decimal("0"))


def lines_added(initiative, option=None):
    """The business-case lines the training plan added (of one option, if given)."""
    found = TrainingCaseLine.objects.for_org(initiative.organization).filter(initiative=initiative)
    if option is not None:
        found = found.filter(line__option=option)
    return found.select_related("line", "line__option")


def last_rate(initiative) -> Decimal | None:
    latest = lines_added(initiative).order_by("-id").first()
    return latest.hourly_rate if latest else None


def training_proposal(initiative, case, hourly_rate: Decimal) -> Proposal:
    proposal = Proposal()
    start_month = initiative.organization.fiscal_year_start_month
    first_sessions = {}
    for session in selectors.sessions_of(initiative):
        first_sessions.setdefault(session.course_id, session)
    for course in selectors.courses_of(initiative):
        attendees = selectors.attendees_of(course)
        cost = engine.course_cost(
            fixed=course.fixed_cost,
            per_seat=course.cost_per_seat,
            hours_per_person=course.hours_per_person,
            attendees=attendees,
            hourly_rate=hourly_rate,
        )
        session = first_sessions.get(course.pk)
        fy = engine.fiscal_year(session.starts_on, start_month) if session else case.start_year
        period = fy - case.start_year
        if period < 0:
            proposal.problems.append(
                _(
                    "“%(course)s” starts in FY%(fy)s, before the case's first year (FY%(first)s): "
                    "it is counted in year 0."
                )
                % {"course": course.name, "fy": fy, "first": case.start_year}
            )
            period, fy = 0, case.start_year
        if period > case.horizon_years:
            proposal.problems.append(
                _("“%(course)s” is in FY%(fy)s, after the case's last year: move its sessions.")
                % {"course": course.name, "fy": fy}
            )
            continue
        proposal.courses.append(CourseFigure(course, attendees, cost, fy, period, bool(session)))
    by_year: dict = defaultdict(lambda: [Decimal("0"), Decimal("0"), Decimal("0")])
    for c in proposal.courses:
        by_year[c.period][0] += c.cost.training
        by_year[c.period][1] += c.cost.backfill
        by_year[c.period][2] += c.cost.backfill_hours
    for period in sorted(by_year):
        training, backfill, hours = by_year[period]
        fy = case.start_year + period
        if training > 0:
            proposal.lines.append(
                ProposedLine(
                    "training",
                    _("Training plan: courses, FY%(fy)s") % {"fy": fy},
                    "training",
                    period,
                    fy,
                    training,
                    Decimal("0"),
                )
            )
        if backfill > 0:
            proposal.lines.append(
                ProposedLine(
                    "backfill",
                    _("Training plan: staff backfill, FY%(fy)s (%(hours)s hours)")
                    % {"fy": fy, "hours": f"{hours.normalize():f}"},
                    "staff_backfill",
                    period,
                    fy,
                    backfill,
                    hours,
                )
            )
    return proposal


@transaction.atomic
def training_lines_apply(*, actor, initiative, option, hourly_rate: Decimal) -> list:
    """Add the training plan's lines to ``option``, replacing those it added before (to any
    option of the case). Returns the lines made."""
    from civicshift.cases.services import line_create, line_delete

    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    case = getattr(initiative, "business_case", None)
    if case is None:
        raise ValidationError(_("Start the business case first."))
    if option.organization_id != organization.pk or option.case_id != case.pk:
        raise ValidationError({"option": _("Choose an option of this initiative's case.")})
    if hourly_rate is None or hourly_rate < 0:
        raise ValidationError({"hourly_rate": _("Enter a rate of 0 or more.")})
    proposal = training_proposal(initiative, case, hourly_rate)
    if not proposal.lines:
        raise ValidationError(_("The training plan has no cost to add yet."))
    for record in list(lines_added(initiative)):
        line_delete(
            actor=actor, line=record.line
        )  # the record goes with it (cascade), the line's deletion is audited
    made = []
    for proposed in proposal.lines:
        line = line_create(
            actor=actor,
            option=option,
            name=proposed.name[:120],
            kind="cost",
            category=proposed.category,
            distribution="point",
            likely=proposed.amount,
            first_period=proposed.period,
            last_period=proposed.period,
        )
        audited_create(
            actor=actor,
            model=TrainingCaseLine,
            organization=organization,
            initiative=initiative,
            line=line,
            part=proposed.part,
            hourly_rate=hourly_rate,
        )
        made.append(line)
    return made


# --- sessions into the plan -------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedTask:
    session: object
    name: str
    start: datetime
    minutes: int
    existing: object  # the session's task already in the plan, or None


def task_name(session) -> str:
    return (
        _("Training: %(course)s (%(date)s)")
        % {
            "course": session.course.name,
            "date": session.starts_on.isoformat(),
        }
    )[:255]


def tasks_proposal(initiative) -> tuple[object, list[ProposedTask]]:
    from civicshift.plans import selectors as plan_selectors

    plan = plan_selectors.plan_of(initiative)
    out = []
    for session in selectors.sessions_of(initiative):
        existing = (
            session.task if (plan and session.task and session.task.plan_id == plan.pk) else None
        )
        out.append(
            ProposedTask(
                session,
                task_name(session),
                datetime.combine(session.starts_on, session.start_time),
                int(session.hours * 60),
                existing,
            )
        )
    return plan, out


@transaction.atomic
def session_tasks_apply(*, actor, initiative) -> list:
    """Make (or update) one plan task per session, under the phase *Staff training*."""
    from civicshift.plans import selectors as plan_selectors
    from civicshift.plans.services import task_create, task_update

    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    plan, proposed = tasks_proposal(initiative)
    if plan is None:
        raise ValidationError(_("Start the plan first."))
    if not proposed:
        raise ValidationError(_("The training plan has no sessions yet."))
    phase = plan_selectors.tasks_of(plan).filter(key=PHASE_KEY).first()
    if phase is None:
        phase = task_create(
            actor=actor,
            plan=plan,
            key=PHASE_KEY,
            name=_("Staff training"),
            notes=_("Made from the initiative's training plan (Skills and training)."),
        )
    done = []
    for p in proposed:
        fields = {
            "name": p.name,
            "duration_minutes": p.minutes,
            "duration_unit": "h",
            "constraint": "SNET",
            "constraint_date": p.start,
            "owner": p.session.trainer[:150],
        }
        if p.existing is not None:
            changed = {k: v for k, v in fields.items() if getattr(p.existing, k) != v}
            task = task_update(actor=actor, task=p.existing, **changed) if changed else p.existing
        else:
            task = task_create(actor=actor, plan=plan, parent=phase, **fields)
            audited_update(actor=actor, obj=p.session, task=task)
        done.append(task)
    return done
