"""The workbook export: one sheet per table, a header row of field names, one row per record."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from civicshift.backup.schema import table_plans
from civicshift.backup.services import export_organization_data, write_export_xlsx
from civicshift.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(rich_org):
    buffer = io.BytesIO()
    write_export_xlsx(rich_org, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def test_one_sheet_per_table_plus_organization_and_users(workbook):
    labels = [plan.label for plan in table_plans()]
    assert workbook.sheetnames == ["organization", "users", *labels]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_each_table_sheet_has_the_rows_of_the_json_export(workbook, rich_org):
    data = export_organization_data(rich_org)
    for plan in table_plans():
        rows = list(workbook[plan.label].iter_rows(values_only=True))
        assert rows[0] == ("id", *plan.field_names)
        assert [row[0] for row in rows[1:]] == [r["id"] for r in data["tables"][plan.label]]


def test_values_are_native_cells_and_links_comma_separated_ids(workbook, rich_org):
    sheet = workbook["initiatives.initiative"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    permits = Initiative.objects.get(organization=rich_org, title="Online building permits")
    row = dict(zip(header, next(r for r in rows if r[0] == permits.pk), strict=True))
    assert Decimal(str(row["cost_low"])) == Decimal("45000.50")
    assert row["target_start"].date().isoformat() == "2025-07-01"
    departments = sorted(permits.sponsor_departments.values_list("pk", flat=True))
    assert row["sponsor_departments"] == ", ".join(str(pk) for pk in departments)
    assert row["owner"] == rich_org.editor_user.pk


def test_organization_and_users_sheets(workbook, rich_org):
    header, values = list(workbook["organization"].iter_rows(values_only=True))
    organization = dict(zip(header, values, strict=True))
    assert organization["slug"] == "maple-falls"
    assert organization["name"] == "City of Maple Falls"
    header, *users = list(workbook["users"].iter_rows(values_only=True))
    assert header == ("id", "email", "username", "first_name", "last_name")
    assert len(users) == 3


def test_text_that_looks_like_a_formula_stays_text(rich_org):
    from civicshift.initiatives.services import initiative_create

    initiative_create(
        actor=rich_org.admin_user,
        organization=rich_org,
        title='=HYPERLINK("http://evil.example","click")',
    )
    buffer = io.BytesIO()
    write_export_xlsx(rich_org, buffer)
    buffer.seek(0)
    sheet = load_workbook(buffer)["initiatives.initiative"]
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert cells and all(c.data_type == "s" for c in cells)
