"""A horizon changed in the Excel model and uploaded back (issue #7): a fiscal year added in the
Assumptions sheet extends the case; the last one removed shortens it after a confirm step that
names the amounts dropped; a table whose years disagree is refused naming the cell.

The edits are what a finance director does in Excel, made with openpyxl: insert a column after
the last year above the 1s and after the last "Amount in FY…", head them, fill them, and change
the horizon cell. The figures CivicShift then computes are checked against LibreOffice's
recalculation of the model downloaded after the upload (LibreOffice evaluates the workbook's own
NPV formulas; ``civicshift.testing.libreoffice``), and the NPV's change against the new year's
flows discounted by hand.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from civicshift.audit.models import Action, AuditEvent
from civicshift.cases import services
from civicshift.cases.bridge import option_case
from civicshift.cases.models import BusinessCase, CaseLine
from civicshift.cases.tests.test_documents import get, upload, url
from civicshift.cases.tests.test_model_upload import MODEL, edit, line_cell, state
from civicshift.core.cases import analyze
from civicshift.testing.libreoffice import make_profile, recalculate

pytestmark = pytest.mark.django_db


def _table(sheet):
    head = next(r[0].row for r in sheet.iter_rows() if r[1].value == "Line")
    headers = {c.value: c.column for c in sheet[head] if c.value is not None}
    years = sorted(v for v in headers if isinstance(v, int))
    return head, headers, years


def _row(sheet, head: int, option: str, line: str) -> int:
    return next(
        r[0].row
        for r in sheet.iter_rows(min_row=head + 1)
        if r[0].value == option and r[1].value == line
    )


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_year(content: bytes, flags=(), amounts=None, *, horizon_cell=True, amount_column=True):
    """Insert the year after the last: its column above the 1s (a 1 for each (option, line) of
    ``flags``) and its "Amount in FY…" column (``amounts``: (option, line) → amount)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Assumptions"]
    head, headers, years = _table(sheet)
    new = years[-1] + 1
    flag_col = headers[years[-1]] + 1
    sheet.insert_cols(flag_col)
    sheet.cell(head, flag_col, new)
    amount_col = headers[f"Amount in FY{years[-1]}"] + 2  # shifted by the column above
    if amount_column:
        sheet.insert_cols(amount_col)
        sheet.cell(head, amount_col, f"Amount in FY{new}")
    for option, line in flags:
        sheet.cell(_row(sheet, head, option, line), flag_col, 1)
    for (option, line), amount in (amounts or {}).items():
        sheet.cell(_row(sheet, head, option, line), amount_col, amount)
    if horizon_cell:
        sheet["B7"] = sheet["B7"].value + 1
    return _save(workbook)


def remove_last_year(content: bytes) -> bytes:
    """Delete the last year's column above the 1s and its "Amount in FY…" column."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Assumptions"]
    _head, headers, years = _table(sheet)
    amount_col = headers[f"Amount in FY{years[-1]}"]
    sheet.delete_cols(amount_col)
    sheet.delete_cols(headers[years[-1]])
    sheet["B7"] = sheet["B7"].value - 1
    return _save(workbook)


def recalculated_npvs(tmp_path, models: dict[str, bytes]) -> dict[str, dict[str, float]]:
    """{model: {defined name OPT<n>_NPV: LibreOffice's value}}, one soffice start."""
    files = {}
    for key, content in models.items():
        files[key] = tmp_path / f"{key}.xlsx"
        files[key].write_bytes(content)
    out = recalculate(list(files.values()), tmp_path / "out", make_profile(tmp_path / "profile"))
    result = {}
    for key, path in files.items():
        book = load_workbook(out[path], data_only=True)
        names = {}
        for name in ("OPT1_NPV", "OPT2_NPV"):
            sheet, ref = next(iter(book.defined_names[name].destinations))
            names[name] = book[sheet][ref.replace("$", "")].value
        result[key] = names
    return result


def test_a_year_added_in_excel_extends_the_case(client, editor, two_options, tmp_path):
    case, second = two_options
    before = get(client, editor, url(case, "xlsx")).content
    content = add_year(
        before,
        flags=[
            ("Proposed solution", "Subscription"),
            ("Proposed solution", "Staff time released"),
            ("In-house build", "Staff time"),
        ],
    )
    events = AuditEvent.objects.count()
    response = upload(client, editor, case, second, content, name=MODEL)
    assert response.status_code == 302, response.context and response.context["upload_problems"]
    page = client.get(response["Location"]).content.decode()
    assert "The case now looks 11 years ahead (it looked 10)" in page
    case = BusinessCase.objects.get(pk=case.pk)
    assert case.horizon_years == 11
    lines = {ln.name: ln for ln in CaseLine.objects.filter(option__case=case)}
    assert lines["Subscription"].last_period == 11 and lines["Staff time"].last_period == 11
    assert lines["Build"].last_period == 3 and lines["Implementation services"].last_period == 0
    new = AuditEvent.objects.order_by("pk")[events:]
    assert any(
        e.action == Action.IMPORT and e.changes.get("horizon_years") == [10, 11] for e in new
    )
    assert any(e.action == Action.UPDATE and "horizon_years" in e.changes for e in new)

    after = get(client, editor, url(case, "xlsx")).content
    lo = recalculated_npvs(tmp_path, {"before": before, "after": after})
    options = {o.name: o for o in case.options.all()}
    for name, defined in (("Proposed solution", "OPT1_NPV"), ("In-house build", "OPT2_NPV")):
        saved = option_case(case, options[name])
        ours = analyze(saved, at=saved.lead).npv
        assert lo["after"][defined] == pytest.approx(ours, rel=1e-9)
    # The NPV grew by the new year's flows only, discounted by hand at the case's 3 %: the
    # figures lead with the expected amounts (triangular mean = (low + likely + high) / 3).
    rate = float(case.discount_rate)
    subscription = (90_000 + 100_000 + 130_000) / 3 * 1.03**10  # escalates from period 1
    staff_released = (120_000 + 4 * 180_000 + 220_000) / 6  # PERT mean; ramp only in year 1
    staff_time = (900 + 1_000 + 1_200) / 3 * 45.5
    year_11 = {
        "OPT1_NPV": (staff_released - subscription) / (1 + rate) ** 11,
        "OPT2_NPV": staff_time / (1 + rate) ** 11,
    }
    for defined, flow in year_11.items():
        assert lo["after"][defined] - lo["before"][defined] == pytest.approx(flow, rel=1e-9)


def test_the_last_year_removed_asks_first_then_shortens(client, editor, two_options):
    case, second = two_options
    services.business_case_update(actor=editor, case=case, payback_target_years=10)
    model = get(client, editor, url(case, "xlsx")).content
    content = remove_last_year(model)
    before, events = state(case), AuditEvent.objects.count()

    response = upload(client, editor, case, second, content, name=MODEL)
    assert response.status_code == 200
    confirm = response.context["upload_confirm"]
    assert confirm.changes.horizon == (10, 9)
    dropped = {(d.option, d.line): d.pairs for d in confirm.changes.dropped}
    # 100,000 a year from FY2028 (period 1), 3 % a year more: 100,000 × 1.03^9 in FY2037
    assert dropped[("Proposed solution", "Subscription")] == [(2037, Decimal("-130477.32"))]
    assert dropped[("Proposed solution", "Staff time released")] == [(2037, Decimal("180000.00"))]
    assert dropped[("In-house build", "Staff time")] == [(2037, Decimal("45500.00"))]
    assert set(dropped) == {
        ("Proposed solution", "Subscription"),
        ("Proposed solution", "Staff time released"),
        ("In-house build", "Staff time"),
    }
    assert confirm.changes.payback_target == (10, 9)
    page = response.content.decode()
    assert "this model looks 9 years ahead, the case 10" in page
    assert "FY2037" in page and "Shorten to 9 years and apply the model" in page
    assert state(case) == before and AuditEvent.objects.count() == events

    # A confirmation is for its own file: another file is checked (and asked about) again.
    staff = line_cell(model, "In-house build", "Staff time", "Likely")
    other = remove_last_year(edit(model, {staff: 1_100}))

    def post(data: bytes, token: str):
        client.force_login(editor)
        file = SimpleUploadedFile(MODEL, data)
        return client.post(
            url(case, "upload", option=second.pk), {"file": file, "confirm_horizon": token}
        )

    again = post(other, confirm.confirmation)
    assert again.status_code == 200 and again.context["upload_confirm"].confirmation not in (
        "",
        confirm.confirmation,
    )
    assert state(case) == before
    response = post(content, confirm.confirmation)
    assert response.status_code == 302, response.context and response.context["upload_problems"]
    case = BusinessCase.objects.get(pk=case.pk)
    assert (case.horizon_years, case.payback_target_years) == (9, 9)
    assert not CaseLine.objects.filter(option__case=case, last_period__gt=9).exists()
    page = client.get(response["Location"]).content.decode()
    assert "The case now looks 9 years ahead (it looked 10)" in page
    new = AuditEvent.objects.order_by("pk")[events:]
    assert any(e.action == Action.IMPORT and e.changes.get("horizon_years") == [10, 9] for e in new)


@pytest.mark.parametrize(
    ("edit", "cell", "message"),
    [
        # the year columns were added, the horizon cell left as it was
        (lambda m: add_year(m, horizon_cell=False), "Assumptions!B7",
         "the line table has a column for each fiscal year from FY2027 to FY2038, 11 years after "
         "the first: type 11 here, or add or remove year columns to match 10"),
        # a year above the 1s without its "Amount in FY…" column: amounts would shift a year
        (lambda m: add_year(m, amount_column=False), "Assumptions!AO", "the years above the 1s "
         "are FY2027–FY2038, so the amounts per year need a column headed 'Amount in FY2038'"),
    ],
)  # fmt: skip
def test_a_horizon_the_table_does_not_agree_with_is_refused(
    client, editor, two_options, edit, cell, message
):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    before, events = state(case), AuditEvent.objects.count()
    response = upload(client, editor, case, second, edit(model), name=MODEL)
    assert response.status_code == 200
    problems = response.context["upload_problems"]
    assert any(p.startswith(cell) and message in p for p in problems), problems
    assert state(case) == before and AuditEvent.objects.count() == events
    assert BusinessCase.objects.get(pk=case.pk).horizon_years == 10


def test_a_year_out_of_sequence_is_refused_naming_its_header(client, editor, two_options):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    workbook = load_workbook(io.BytesIO(add_year(model)))
    sheet = workbook["Assumptions"]
    head, headers, years = _table(sheet)
    column = sheet.cell(head, headers[2038]).column_letter
    sheet.cell(head, headers[2038], 2039)  # typed a year too far
    response = upload(client, editor, case, second, _save(workbook), name=MODEL)
    problems = response.context["upload_problems"]
    assert any(
        p.startswith(f"Assumptions!{column}{head}: the fiscal years above the 1s run one year "
                     "apart from 2027: this column should be 2038")
        for p in problems
    ), problems  # fmt: skip


def test_different_uplifts_per_option_name_both_cells(client, editor, two_options):
    case, second = two_options
    model = get(client, editor, url(case, "xlsx")).content
    workbook = load_workbook(io.BytesIO(model))
    cells = {}
    for name in ("OPT1_ONE_TIME_UPLIFT", "OPT2_ONE_TIME_UPLIFT"):
        sheet, ref = next(iter(workbook.defined_names[name].destinations))
        cells[name] = f"{sheet}!{ref.replace('$', '')}"
    sheet, ref = cells["OPT2_ONE_TIME_UPLIFT"].split("!")
    workbook[sheet][ref] = 0.5
    before = state(case)
    response = upload(client, editor, case, second, _save(workbook), name=MODEL)
    problems = response.context["upload_problems"]
    expected = (
        f"{cells['OPT2_ONE_TIME_UPLIFT']}: a case has one optimism bias for all its options: this "
        f"cell says 50.00% for “In-house build” and {cells['OPT1_ONE_TIME_UPLIFT']} says 25.00% "
        "for “Proposed solution”"
    )
    assert any(p.startswith(expected) for p in problems), problems
    assert state(case) == before
