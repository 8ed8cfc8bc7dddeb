"""A realistic organization with a row in every table the first modules define."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from civicshift.initiatives.services import initiative_change_status, initiative_create
from civicshift.orgs.roles import Role
from civicshift.orgs.services import (
    department_create,
    department_delete,
    department_update,
    goal_create,
    invitation_create,
)
from civicshift.testing.factories import make_member, make_org


@pytest.fixture
def rich_org(db):
    org = make_org(
        "maple-falls",
        name="City of Maple Falls",
        population=12400,
        state_region="Oregon",
        discount_rate=Decimal("0.0275"),
    )
    admin = make_member(org, Role.ADMIN, email="it@maplefalls.example")
    editor = make_member(org, Role.EDITOR, email="Clerk.Jones@MapleFalls.example")
    make_member(org, Role.VIEWER, email="viewer@maplefalls.example")
    works = department_create(actor=admin, organization=org, name="Public Works", code="PW")
    clerk = department_create(actor=admin, organization=org, name="City Clerk", code="CC")
    temp = department_create(actor=admin, organization=org, name="Temporary Task Force")
    department_update(actor=admin, department=temp, head="A. Person")
    department_delete(actor=admin, department=temp)  # its history now points at a deleted row
    safe = goal_create(actor=admin, organization=org, code="G1", statement="Safe streets")
    goal_create(
        actor=admin,
        organization=org,
        code="G2",
        statement="Open government",
        description="Residents can see and use public records.",
        position=2,
    )
    permits = initiative_create(
        actor=editor,
        organization=org,
        title="Online building permits",
        problem_statement="Permits take 6 weeks; paper forms get lost.",
        sponsor_departments=[works, clerk],
        goals=[safe],
        owner=editor,
        cost_low=Decimal("45000.50"),
        cost_high=Decimal("80000.00"),
        target_start=dt.date(2025, 7, 1),
        target_end=dt.date(2026, 6, 30),
        tag_names=["permits", "online services"],
    )
    initiative_create(
        actor=admin,
        organization=org,
        title="Replace council laptops",
        tag_names=["online services"],
    )
    initiative_change_status(
        actor=editor, initiative=permits, to_status="proposed", reason="Business case drafted."
    )
    org.admin_user = admin
    org.editor_user = editor
    return org


@pytest.fixture
def rich_org_with_invitation(rich_org):
    invitation_create(
        actor=rich_org.admin_user,
        organization=rich_org,
        email="newhire@maplefalls.example",
        role=Role.EDITOR,
        accept_url_base="https://civicshift.example",
    )
    return rich_org


def database_counts() -> dict[str, int]:
    """Rows in every table of the database (link tables included)."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def everyone(data) -> list[str]:
    """The e-mail address of every person an export names."""
    if not isinstance(data, dict) or not isinstance(data.get("users"), list):
        return []
    return [u.get("email", "") for u in data["users"] if isinstance(u, dict)]


def import_confirmed_summary(data, **options):
    """Import as a site administrator who confirmed every existing account the file names
    (what copying an organization on the same server asks for)."""
    from civicshift.backup.services import import_organization

    return import_organization(data, confirm_existing=everyone(data), **options)


def import_confirmed(data, **options):
    return import_confirmed_summary(data, **options).organization
