"""The import follows the services' rules (issue #6, item 4): references stay inside the
imported organization and inside their parent, imported history is marked as imported, and an
account that already exists here is never silently given a role."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicshift.audit.models import Action, AuditEvent
from civicshift.backup.services import (
    BackupError,
    ExistingAccountsError,
    export_organization_data,
    import_organization,
    preview_import,
)
from civicshift.cases import services as case_services
from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Department, Membership, Organization
from civicshift.orgs.services import department_create
from civicshift.testing.factories import make_member, make_org

from .conftest import database_counts, everyone, import_confirmed, import_confirmed_summary

pytestmark = pytest.mark.django_db


def refused(call, *expected: str, error=BackupError) -> BackupError:
    before = database_counts()
    with pytest.raises(error) as caught:
        call()
    for text in expected:
        assert text in str(caught.value), f"{text!r} not in {caught.value}"
    assert database_counts() == before
    return caught.value


@pytest.fixture
def two_cases(rich_org):
    """Two business cases of Maple Falls, each with its own option."""
    admin = rich_org.admin_user
    first, second = Initiative.objects.for_org(rich_org).order_by("pk")[:2]
    a = case_services.business_case_create(actor=admin, initiative=first, start_year=2027)
    b = case_services.business_case_create(actor=admin, initiative=second, start_year=2027)
    return a, b


# References ------------------------------------------------------------------------------------


def test_recommended_option_of_another_case_is_refused(rich_org, two_cases):
    a, b = two_cases
    data = copy.deepcopy(export_organization_data(rich_org))
    row = next(r for r in data["tables"]["cases.businesscase"] if r["id"] == a.pk)
    row["recommended_option"] = b.options.get().pk  # an option of case b
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "cases.businesscase",
        f"row id {a.pk}",
        "“recommended_option”",
        "belongs to another business case",
    )


def test_recommended_option_of_its_own_case_is_accepted(rich_org, two_cases):
    a, _b = two_cases
    case_services.business_case_update(
        actor=rich_org.admin_user, case=a, recommended_option=a.options.get()
    )
    copy_org = import_confirmed(export_organization_data(rich_org), into_slug="restored")
    copied = type(a).objects.for_org(copy_org).get(recommended_option__isnull=False)
    assert copied.recommended_option.case_id == copied.pk


def test_link_to_another_organizations_department_is_refused(rich_org):
    other = make_org("lakeside")
    outsider = department_create(
        actor=make_member(other, "admin"), organization=other, name="Lakeside Parks"
    )
    data = copy.deepcopy(export_organization_data(rich_org))
    row = data["tables"]["initiatives.initiative"][0]
    row["sponsor_departments"] = [*row["sponsor_departments"], outsider.pk]
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.initiative",
        f"row id {row['id']}",
        "“sponsor_departments”",
        f"row {outsider.pk} of table orgs.department, which is not in the file",
    )


def test_reference_to_another_organizations_row_is_refused(rich_org):
    other = make_org("lakeside")
    outsider = Initiative.objects.create(organization=other, title="Lakeside secret")
    data = copy.deepcopy(export_organization_data(rich_org))
    change = data["tables"]["initiatives.statuschange"][0]
    change["initiative"] = outsider.pk
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.statuschange",
        "“initiative”",
        f"row {outsider.pk} of table initiatives.initiative, which is not in the file",
    )
    assert Initiative.objects.get(pk=outsider.pk).organization == other


def test_a_row_cannot_name_its_organization(rich_org):
    other = make_org("lakeside")
    data = copy.deepcopy(export_organization_data(rich_org))
    data["tables"]["orgs.department"][0]["organization"] = other.pk
    refused(lambda: import_confirmed(data, into_slug="restored"), "organization", "unknown field")


def test_audit_reference_to_another_organizations_row_is_not_kept(rich_org):
    """History pointing at a row that is not in the file is marked deleted, never linked to
    whatever row has that id here."""
    other = make_org("lakeside")
    outsider = Department.objects.create(organization=other, name="Lakeside Parks")
    data = copy.deepcopy(export_organization_data(rich_org))
    event = next(
        e for e in data["tables"]["audit.auditevent"] if e["content_type"] == "orgs.department"
    )
    event["object_pk"] = str(outsider.pk)
    copy_org = import_confirmed(data, into_slug="restored")
    copied = AuditEvent.objects.for_org(copy_org).get(
        object_repr=event["object_repr"], action=event["action"]
    )
    assert copied.object_pk == f"deleted:{outsider.pk}"


# Imported history ----------------------------------------------------------------------------


def test_imported_history_is_kept_and_marked(rich_org):
    source_events = AuditEvent.objects.for_org(rich_org).count()
    copy_org = import_confirmed(export_organization_data(rich_org), into_slug="restored")
    events = AuditEvent.objects.for_org(copy_org)
    assert events.filter(imported=True).count() == source_events
    own = events.get(imported=False)
    assert own.action == Action.IMPORT
    assert not AuditEvent.objects.for_org(rich_org).filter(imported=True).exists()


def test_a_file_cannot_unmark_imported_history(rich_org):
    data = copy.deepcopy(export_organization_data(rich_org))
    for event in data["tables"]["audit.auditevent"]:
        event["imported"] = False
    copy_org = import_confirmed(data, into_slug="restored")
    assert AuditEvent.objects.for_org(copy_org).filter(imported=False).count() == 1


# Existing accounts -----------------------------------------------------------------------------


def test_existing_accounts_are_listed_and_the_import_refused_until_confirmed(rich_org):
    data = export_organization_data(rich_org)
    error = refused(
        lambda: import_organization(data, into_slug="restored"),
        "it@maplefalls.example (admin)",
        "Clerk.Jones@MapleFalls.example (editor)",
        "viewer@maplefalls.example (viewer)",
        "confirm",
        error=ExistingAccountsError,
    )
    assert [a.email for a in error.accounts] == [
        "it@maplefalls.example",
        "Clerk.Jones@MapleFalls.example",
        "viewer@maplefalls.example",
    ]
    assert not Organization.objects.filter(slug="restored").exists()


def test_confirming_some_is_not_enough(rich_org):
    data = export_organization_data(rich_org)
    error = refused(
        lambda: import_organization(
            data, into_slug="restored", confirm_existing=["IT@maplefalls.example"]
        ),
        "viewer@maplefalls.example",
        error=ExistingAccountsError,
    )
    assert "it@maplefalls.example" not in [a.email for a in error.accounts]


def test_confirmed_accounts_get_their_roles_and_others_can_be_left_out(rich_org):
    data = export_organization_data(rich_org)
    summary = import_organization(
        data,
        into_slug="restored",
        confirm_existing=["it@MAPLEFALLS.example"],
        leave_out_unconfirmed=True,
    )
    members = Membership.objects.for_org(summary.organization)
    assert [(m.user.email, m.role) for m in members] == [("it@maplefalls.example", "admin")]
    assert summary.confirmed_users == ["it@maplefalls.example"]
    assert summary.left_out_users == [
        "Clerk.Jones@MapleFalls.example",
        "viewer@maplefalls.example",
    ]
    event = AuditEvent.objects.for_org(summary.organization).get(action=Action.IMPORT)
    assert "it@maplefalls.example" in event.reason
    assert "viewer@maplefalls.example" in event.reason
    # Their other traces stay: the editor still owns the initiative they created.
    permits = Initiative.objects.for_org(summary.organization).get(title="Online building permits")
    assert permits.owner == rich_org.editor_user


def test_new_people_need_no_confirmation(rich_org):
    data = copy.deepcopy(export_organization_data(rich_org))
    for n, user in enumerate(data["users"]):
        user["email"] = f"person{n}@county.example"
        user["username"] = f"person{n}"
    summary = import_organization(data, into_slug="restored")
    assert len(summary.created_users) == 3
    assert Membership.objects.for_org(summary.organization).count() == 3
    assert summary.confirmed_users == summary.left_out_users == []


def test_preview_lists_existing_and_new_accounts_and_writes_nothing(rich_org):
    data = copy.deepcopy(export_organization_data(rich_org))
    data["users"][0]["email"] = "newcomer@county.example"
    before = database_counts()
    preview = preview_import(data)
    assert database_counts() == before
    assert preview.source_slug == "maple-falls"
    assert preview.organization_name == "City of Maple Falls"
    assert preview.counts["initiatives"] == 2
    assert preview.new_accounts == ["newcomer@county.example"]
    assert {(a.email, a.roles) for a in preview.existing_accounts} == {
        ("Clerk.Jones@MapleFalls.example", ("editor",)),
        ("viewer@maplefalls.example", ("viewer",)),
    }


def test_command_lists_existing_accounts_and_accepts_confirmation(tmp_path, rich_org):
    path = tmp_path / "maple.json"
    path.write_text(json.dumps(export_organization_data(rich_org)))
    before = database_counts()
    with pytest.raises(CommandError) as caught:
        call_command("import_org", str(path), into="restored")
    message = str(caught.value)
    assert message.startswith("Nothing was imported.")
    assert "--confirm-existing it@maplefalls.example,Clerk.Jones@MapleFalls.example," in message
    assert database_counts() == before
    out = io_call(
        "import_org",
        str(path),
        into="restored",
        confirm_existing="it@maplefalls.example",
        leave_out_existing=True,
    )
    assert "given their roles, as confirmed: it@maplefalls.example" in out
    assert "left out" in out and "viewer@maplefalls.example" in out
    assert Membership.objects.for_org(Organization.objects.get(slug="restored")).count() == 1


def test_civicshift_import_passes_the_confirmation(tmp_path, rich_org, capsys):
    from civicshift.cli import main

    path = tmp_path / "maple.json"
    data = export_organization_data(rich_org)
    path.write_text(json.dumps(data))
    assert main(["import", str(path), "--into", "restored"]) != 0
    assert "--confirm-existing" in capsys.readouterr().err
    code = main(
        ["import", str(path), "--into", "restored", "--confirm-existing", ",".join(everyone(data))]
    )
    assert code == 0
    assert Membership.objects.for_org(Organization.objects.get(slug="restored")).count() == 3


def io_call(*args, **options) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


# Speed-related behaviour -----------------------------------------------------------------------


def test_rows_are_written_in_batches_with_the_audit(rich_org):
    """A few hundred initiatives take a handful of INSERTs, not one per row."""
    org = rich_org
    Initiative.objects.bulk_create(
        Initiative(organization=org, title=f"Initiative {n}", cost_low=Decimal(n))
        for n in range(600)
    )
    data = export_organization_data(org)
    with CaptureQueriesContext(connection) as queries:
        summary = import_confirmed_summary(data, into_slug="restored")
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")]
    initiative_inserts = [q for q in inserts if '"initiatives_initiative"' in q.split("(")[0]]
    assert summary.rows["initiatives.initiative"] == 602
    assert len(initiative_inserts) == 2  # batches of 500
    assert AuditEvent.objects.for_org(summary.organization).filter(imported=True).count() == (
        AuditEvent.objects.for_org(org).count()
    )


def test_analyze_runs_after_an_import_on_postgresql(rich_org):
    with CaptureQueriesContext(connection) as queries:
        import_confirmed(export_organization_data(rich_org), into_slug="restored")
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert len(analyzed) == 1
        assert '"initiatives_initiative"' in analyzed[0] and '"audit_auditevent"' in analyzed[0]
    else:
        assert analyzed == []


def test_progress_is_reported_up_to_one(rich_org):
    seen: list[float] = []
    import_confirmed_summary(
        export_organization_data(rich_org), into_slug="restored", on_progress=seen.append
    )
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3
