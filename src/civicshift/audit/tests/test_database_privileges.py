"""Issue 6, hardening: on PostgreSQL the application's role can be denied UPDATE and DELETE on
the audit table, as docs/install.md shows, and the application still works.

The grants are read from docs/install.md (the ``sql`` block after the ``audit-privileges``
marker) and run as written, with the role names of the documentation replaced by throwaway ones:
the page and the test cannot drift apart. These tests are marked ``postgres_only``: on SQLite,
which has no roles, they are deselected (and counted so in the summary), not skipped.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from civicshift.audit.models import AuditEvent
from civicshift.backup.services import export_organization_data, import_organization_data
from civicshift.initiatives.services import initiative_create
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.postgres_only

INSTALL_MD = Path(__file__).resolve().parents[4] / "docs" / "install.md"


def documented_grants(app_role: str, owner_role: str) -> list[str]:
    """The SQL statements of docs/install.md's audit-privileges block, for these roles."""
    text = INSTALL_MD.read_text(encoding="utf-8")
    block = re.search(r"audit-privileges.*?```sql\n(.*?)```", text, re.S)
    assert block, "docs/install.md lost its audit-privileges block"
    sql = block[1].replace("civicshift_app", app_role)
    sql = re.sub(r"\bcivicshift\b", owner_role, sql)
    statements = [s.strip() for s in sql.split(";") if s.strip()]
    assert any(s.startswith("REVOKE UPDATE, DELETE") for s in statements)
    return statements


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def _create_app_role(*, login: bool) -> tuple[str, str]:
    role = f"cs_test_app_{uuid.uuid4().hex[:12]}"
    password = uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE ROLE {role} {'LOGIN' if login else 'NOLOGIN'} PASSWORD '{password}'"
        )
        for statement in documented_grants(role, _current_user()):
            cursor.execute(statement)
    return role, password


def _drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_the_application_role_update_and_delete_of_the_history():
    organization = make_org("maple-falls", name="Maple Falls")
    role, password = _create_app_role(login=True)
    try:
        params = {**connection.get_connection_params(), "user": role, "password": password}
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as app:
            assert app.execute("SELECT current_user").fetchone()[0] == role
            (event_id,) = app.execute(
                "INSERT INTO audit_auditevent (organization_id, created_at, updated_at, "
                "actor_label, action, object_pk, object_repr, changes, reason, imported) "
                "VALUES (%s, now(), now(), 'clerk', 'update', '', 'Budget', '{}', 'original', "
                "false) "
                "RETURNING id",
                [organization.pk],
            ).fetchone()
            assert app.execute(
                "SELECT reason FROM audit_auditevent WHERE id = %s", [event_id]
            ).fetchone() == ("original",)
            for statement in (
                "UPDATE audit_auditevent SET reason = 'rewritten' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                    app.execute(statement, [event_id])
                assert "permission denied for table audit_auditevent" in str(refused.value)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("TRUNCATE audit_auditevent")
            # the rest of the application's tables stay writable
            app.execute(
                "UPDATE orgs_organization SET name = 'City of Maple Falls' WHERE id = %s",
                [organization.pk],
            )
        row = AuditEvent.objects.get(pk=event_id)
        assert row.reason == "original"
        organization.refresh_from_db()
        assert organization.name == "City of Maple Falls"
    finally:
        _drop_role(role)


@pytest.mark.django_db
def test_the_application_works_as_that_role():
    """Everything the services do — create, change, delete, import with its history — needs no
    UPDATE or DELETE of audit rows: run as the documented role (SET ROLE, inside the test's
    transaction, so the role never outlives the test)."""
    organization = make_org("maple-falls", name="Maple Falls")
    admin = make_member(organization, Role.ADMIN)
    role, _password = _create_app_role(login=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    assert _current_user() == role
    department = org_services.department_create(
        actor=admin, organization=organization, name="Clerk"
    )
    org_services.department_update(actor=admin, department=department, head="A. Person")
    initiative_create(actor=admin, organization=organization, title="Smart meters", owner=admin)
    org_services.department_delete(actor=admin, department=department)
    copy = import_organization_data(
        export_organization_data(organization),
        into_slug="maple-falls-copy",
        leave_out_unconfirmed=True,  # the admin already has an account here
    )
    assert AuditEvent.objects.for_org(copy).count() == (
        AuditEvent.objects.for_org(organization).count() + 1  # the import's own record
    )
    # the model refuses before the database is asked; the database refuses the role anyway
    for statement in ("UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
