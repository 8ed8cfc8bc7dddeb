"""Objects of the plan module for tests, made through the services (so they are audited)."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from civicshift.initiatives.services import initiative_create
from civicshift.plans import services, services_calendars, services_risks

_n = itertools.count(1)


def make_initiative(organization, user, **fields):
    fields.setdefault("title", f"Online permitting {next(_n)}")
    return initiative_create(actor=user, organization=organization, **fields)


def make_plan(organization, user, **fields):
    initiative = fields.pop("initiative", None) or make_initiative(organization, user)
    fields.setdefault("start", datetime(2027, 1, 4, 8, 0))
    return services.plan_create(actor=user, initiative=initiative, **fields)


def make_task(organization, user, plan=None, **fields):
    plan = plan or make_plan(organization, user)
    fields.setdefault("name", f"Task {next(_n)}")
    fields.setdefault("duration_minutes", 3 * 480)
    return services.task_create(actor=user, plan=plan, **fields)


def make_link(organization, user, plan=None, **fields):
    plan = plan or make_plan(organization, user)
    predecessor = fields.pop("predecessor", None) or make_task(organization, user, plan)
    successor = fields.pop("successor", None) or make_task(organization, user, plan)
    return services.link_create(
        actor=user, plan=plan, predecessor=predecessor, successor=successor, **fields
    )


def make_baseline(organization, user, plan=None):
    plan = plan or make_task(organization, user).plan
    return services.baseline_save(actor=user, plan=plan, name="As approved")


def make_calendar(organization, user, **fields):
    fields.setdefault("name", f"Night shift {next(_n)}")
    fields.setdefault("week", [[[1320, 1440]]] * 5 + [[], []])
    return services_calendars.calendar_create(actor=user, organization=organization, **fields)


def make_exception(organization, user, calendar=None):
    calendar = calendar or make_calendar(organization, user)
    return services_calendars.calendar_exception_create(
        actor=user, calendar=calendar, name="Labor Day", start=date(2027, 9, 6)
    )


def make_risk(organization, user, initiative=None, **fields):
    fields.setdefault("title", f"Data migration slips {next(_n)}")
    fields.setdefault("category", "data_migration")
    fields.setdefault("likelihood", 3)
    fields.setdefault("impact", 4)
    return services_risks.risk_create(
        actor=user, organization=organization, initiative=initiative, **fields
    )


def make_action(organization, user, risk=None):
    risk = risk or make_risk(organization, user, initiative=make_initiative(organization, user))
    return services_risks.risk_action_create(actor=user, risk=risk, description="Trial conversion")


def make_issue(organization, user, initiative=None):
    risk = make_risk(organization, user, initiative=initiative)
    return services_risks.risk_occurred(actor=user, risk=risk)


def make_plan_with_buffer_room(organization, user, **fields):
    """A plan ending in a milestone after one task, with an open risk that delays the work: what
    the schedule buffer needs (``services_buffer``)."""
    from decimal import Decimal

    plan = make_plan(organization, user, **fields)
    work = make_task(organization, user, plan, name="Configure")
    go_live = make_task(organization, user, plan, name="Go-live", duration_minutes=0)
    services.link_create(actor=user, plan=plan, predecessor=work, successor=go_live)
    make_risk(
        organization,
        user,
        initiative=plan.initiative,
        probability=Decimal("0.5"),
        delay_low_days=2,
        delay_likely_days=4,
        delay_high_days=6,
    )
    return plan
