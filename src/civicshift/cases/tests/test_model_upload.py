"""The live-formula model uploaded back through the web (issue #7): every option and the case's
settings are applied through the services in one transaction, audited; anything refused and
nothing changes, the problem naming its sheet and cell."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from civicshift.audit.models import Action, AuditEvent
from civicshift.cases.bridge import option_case
from civicshift.cases.models import BusinessCase, CaseLine, Category
from civicshift.cases.tests.test_documents import get, upload, url
from civicshift.core.cases import analyze
from civicshift.formats.cases.model_reader import read_model_workbook

pytestmark = pytest.mark.django_db

MODEL = "model.xlsx"
CASE_FIELDS = (
    "start_year", "discount_rate", "basis", "inflation", "lead", "alternative_rate",
    "alternative_rate_label", "optimism_one_time", "optimism_recurring", "optimism_duration",
    "optimism_category", "optimism_reason",
)  # fmt: skip


def edit(content: bytes, changes: dict[str, object]) -> bytes:
    """Change cells by their defined name or "Sheet!A1"."""
    workbook = load_workbook(io.BytesIO(content))
    for where, value in changes.items():
        if "!" in where:
            sheet, ref = where.split("!")
        else:
            sheet, ref = next(iter(workbook.defined_names[where].destinations))
        workbook[sheet][ref.replace("$", "")] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def line_cell(content: bytes, option: str, line: str, header: str) -> str:
    sheet = load_workbook(io.BytesIO(content))["Assumptions"]
    head = next(r for r in sheet.iter_rows() if r[1].value == "Line")
    column = next(c.column_letter for c in head if c.value == header)
    row = next(
        r[0].row
        for r in sheet.iter_rows(min_row=head[0].row + 1)
        if r[0].value == option and r[1].value == line
    )
    return f"Assumptions!{column}{row}"


def state(case):
    """Everything an upload may change: the case's fields and every line."""
    fresh = BusinessCase.objects.get(pk=case.pk)
    lines = CaseLine.objects.filter(option__case=case).order_by("option_id", "position")
    return (
        [getattr(fresh, f) for f in CASE_FIELDS],
        list(lines.values_list("option__name", "name", "likely", "multiplier", "per_year")),
    )


def test_an_edited_model_applies_every_option_and_the_settings(client, editor, two_options):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    staff = line_cell(model, "In-house build", "Staff time", "Likely")
    build = line_cell(model, "In-house build", "Build", "Amount in FY2028")
    subscription = line_cell(model, "Proposed solution", "Subscription", "Likely")
    content = edit(model, {
        "DISCOUNT_RATE": 0.045, "BASIS": "nominal", "INFLATION": 0.03, "AMOUNTS_AT": "likely",
        "ALTERNATIVE_RATE": 0.02, "OPT1_ONE_TIME_UPLIFT": 0.4, "OPT2_ONE_TIME_UPLIFT": 0.4,
        staff: 1_100, build: 30_000, subscription: 105_000,
    })  # fmt: skip
    events = AuditEvent.objects.count()
    response = upload(client, editor, case, second, content, name=MODEL)
    assert response.status_code == 302, response.context and response.context["upload_problems"]
    page = client.get(response["Location"]).content.decode()
    assert "The model was applied" in page and "5 lines in 2 options" in page
    case.refresh_from_db()
    assert (case.discount_rate, case.basis, case.inflation, case.lead) == (
        Decimal("0.0450"),
        "nominal",
        Decimal("0.0300"),
        "likely",
    )
    assert case.alternative_rate == Decimal("0.0200")
    assert case.optimism_one_time == Decimal("0.4000")
    assert case.optimism_reason == "a proven product"
    lines = {ln.name: ln for ln in CaseLine.objects.filter(option=second)}
    assert lines["Staff time"].likely == 1_100 and lines["Staff time"].multiplier == Decimal("45.5")
    assert lines["Build"].per_year == ["10000.00", "30000.00", "0.00", "40000.00"]
    first = case.options.get(name="Proposed solution")
    assert first.lines.get(name="Subscription").likely == 105_000
    # the figures CivicShift now computes are the workbook's (the case read back)
    categories = {c.value: str(c.label) for c in Category}  # the workbook shows the labels
    contents = read_model_workbook(content, categories=categories)
    read = {o.name: o.case for o in contents.options}
    for option in (first, second):
        saved = option_case(case, option)
        assert saved.lines == read[option.name].lines
        assert analyze(saved, at=saved.lead).npv == pytest.approx(
            analyze(read[option.name], at=saved.lead).npv, rel=1e-12
        )
    new = AuditEvent.objects.filter(pk__gt=0).order_by("pk")[events:]
    assert any(e.action == Action.IMPORT and e.object_pk == str(case.pk) for e in new)
    assert any(e.action == Action.UPDATE and "discount_rate" in e.changes for e in new)


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        ({"INFLATION": "3%"}, "INFLATION", "'3%' is text, not a number"),
        ({"OPT1_ONE_TIME_UPLIFT": 0.5}, "OPT2_ONE_TIME_UPLIFT",
         "a case has one optimism bias for all its options"),
        ({"FINANCE_RATE": 0.05}, "FINANCE_RATE", "CivicShift's MIRR uses the discount rate"),
        # the horizon cell must agree with the year columns of the line table
        ({"HORIZON_YEARS": 5}, "HORIZON_YEARS",
         "the line table has a column for each fiscal year from FY2027 to FY2037, 10 years"),
        # refused by the services after the lines were replaced: everything rolls back
        ({"OPT1_OPTIMISM_CATEGORY": "spaceships", "OPT2_OPTIMISM_CATEGORY": "spaceships"},
         "OPT1_OPTIMISM_CATEGORY", "Value 'spaceships' is not a valid choice"),
    ],
)  # fmt: skip
def test_a_refused_model_changes_nothing(client, editor, two_options, changes, where, message):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    staff = line_cell(model, "In-house build", "Staff time", "Likely")
    content = edit(model, {**changes, staff: 1_100})
    sheet, ref = next(iter(load_workbook(io.BytesIO(model)).defined_names[where].destinations))
    before, events = state(case), AuditEvent.objects.count()
    response = upload(client, editor, case, second, content, name=MODEL)
    assert response.status_code == 200
    problems = response.context["upload_problems"]
    assert any(p.startswith(f"{sheet}!{ref.replace('$', '')}: {message}") for p in problems), (
        problems
    )
    assert state(case) == before
    assert AuditEvent.objects.count() == events


def test_a_line_the_database_refuses_names_its_cell(client, editor, two_options):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    category = line_cell(model, "Proposed solution", "Implementation services", "Category")
    before = state(case)
    response = upload(client, editor, case, second, edit(model, {category: "staff_time"}),
                      name=MODEL)  # fmt: skip
    problems = response.context["upload_problems"]
    assert any(p.startswith(f"{category}: This category is for benefits") for p in problems), (
        problems
    )
    assert state(case) == before
