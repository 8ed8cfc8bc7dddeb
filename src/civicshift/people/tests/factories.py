"""Rows of the People tab for the tests and the tenancy harness."""

from __future__ import annotations

import datetime as dt

from civicshift.initiatives.services import initiative_create
from civicshift.orgs.models import Department
from civicshift.plans.services import plan_create

from .. import services


def make_initiative(organization, user, title: str = "Replace the financial system"):
    return initiative_create(actor=user, organization=organization, title=title)


def make_department(organization, name: str = "Finance"):
    found = Department.objects.for_org(organization).filter(name=name).first()
    return found or Department.objects.create(organization=organization, name=name)


def make_stakeholder(organization, user, initiative=None, **fields):
    initiative = initiative or make_initiative(organization, user)
    values = {
        "name": "Accounts payable clerks",
        "kind": "group",
        "influence": 2,
        "interest": 5,
        "current_stance": "sceptical",
        "desired_stance": "supportive",
    } | fields
    return services.stakeholder_create(actor=user, initiative=initiative, **values)


def make_rating(organization, user, initiative=None, **fields):
    initiative = initiative or make_initiative(organization, user)
    values = {
        "subject": "Utility billing clerks",
        "kind": "group",
        "rated_on": dt.date(2026, 11, 2),
        "awareness": 4,
        "desire": 2,
        "knowledge": 2,
        "ability": 1,
        "reinforcement": 1,
    } | fields
    return services.adkar_rating_create(actor=user, initiative=initiative, **values)


def make_group(organization, user, initiative=None, **fields):
    initiative = initiative or make_initiative(organization, user)
    values = {
        "name": "Finance",
        "headcount": 60,
        "processes": 4,
        "systems": 5,
        "job_roles": 3,
        "reporting": 4,
        "skills": 4,
        "location_schedule": 1,
    } | fields
    return services.impact_group_create(actor=user, initiative=initiative, **values)


def make_activity(organization, user, initiative=None, **fields):
    initiative = initiative or make_initiative(organization, user)
    values = {
        "title": "Town hall on the new ERP",
        "kind": "town_hall",
        "audience": "All Finance staff",
        "message": "Why we replace the AS/400, and what changes for you.",
        "channel": "In person, council chambers",
        "date": dt.date(2027, 2, 3),
        "owner": "Finance Director",
    } | fields
    return services.activity_create(actor=user, initiative=initiative, **values)


def make_response(organization, user, initiative=None, **fields):
    initiative = initiative or make_initiative(organization, user)
    stakeholder = fields.pop("stakeholder", None) or make_stakeholder(
        organization, user, initiative, name="Utility billing", current_stance="resistant"
    )
    values = {
        "stakeholder": stakeholder,
        "cause": "workload",
        "response": "Temporary help during the billing cutover.",
        "owner": "Utility Billing Supervisor",
        "due": dt.date(2027, 3, 1),
    } | fields
    return services.resistance_response_create(actor=user, initiative=initiative, **values)


def make_plan(user, initiative):
    return plan_create(actor=user, initiative=initiative, start=dt.datetime(2027, 1, 4, 8, 0))
