"""The model as an Excel workbook, and the offline template (issue #3, items 7 and 9, "Bad input").

Every problem in a filled-in template must name its sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from civicshift.core.cases import Case, Estimate, Line, analyze
from civicshift.core.montecarlo import monte_carlo
from civicshift.formats.cases.file import CaseFileError, read_case
from civicshift.formats.cases.report import CaseReport, OptionReport, option_report
from civicshift.formats.cases.template import write_case_template
from civicshift.formats.cases.template_data import (
    LINE_COLUMNS,
    TemplateLine,
    TemplateSettings,
    template_lines_from_case,
)
from civicshift.formats.cases.template_reader import (
    read_case_template,
    read_template,
    read_template_lines,
)
from civicshift.formats.cases.tests.test_documents import issue_case
from civicshift.formats.cases.workbook import YEAR_COLUMN, write_case_workbook

SETTINGS = TemplateSettings("Online permitting", 2027, 10, 0.03)
COLUMN = {key: chr(ord("A") + i) for i, key in enumerate(LINE_COLUMNS)}


def test_line_columns_are_the_documented_ones():
    assert list(LINE_COLUMNS) == [
        "name", "kind", "category", "low", "likely", "high", "distribution", "first_year",
        "last_year", "escalation", "ramp", "in_npv", "multiplier", "per_year",
    ]  # fmt: skip
    assert COLUMN["likely"] == "E" and COLUMN["low"] == "D"


# --- the model workbook ---------------------------------------------------------------------


def model_report() -> CaseReport:
    case = issue_case()
    option = option_report(
        "SaaS =cheap",  # text starting with "=" must stay text
        case,
        analyze(case),
        simulation=monte_carlo(case, 1_000, seed=3),
        payback_target_years=5,
        recommended=True,
        budget_impact=[1.0] * 11,
    )
    empty = OptionReport(name="On-premises", problem="no costs or benefits entered yet")
    return CaseReport(
        title="Online permitting",
        organization="City of Maple Falls",
        prepared_on=dt.date(2027, 3, 12),
        version="9.8.7",
        start_year=2027,
        horizon_years=10,
        discount_rate=0.03,
        iterations=1_000,
        seed=3,
        payback_target_years=5,
        options=(option, empty),
    )


def test_workbook_holds_formulas_with_their_values():
    """Every figure is a formula; each also stores its value for viewers that do not
    recalculate (LibreOffice's recalculation is checked in test_workbook_libreoffice)."""
    report = model_report()
    analysis = analyze(issue_case(), at="expected")  # the case leads with expected figures
    content = write_case_workbook(report)
    formulas = load_workbook(io.BytesIO(content))
    workbook = load_workbook(io.BytesIO(content), data_only=True)
    assert workbook.sheetnames == [
        "Summary", "Assumptions", "Schedule – SaaS =cheap", "Schedule – On-premises", "Scenarios",
    ]  # fmt: skip
    schedule = formulas["Schedule – SaaS =cheap"]
    numbers = [
        c
        for row in schedule.iter_rows(min_row=4)
        for c in row
        if c.data_type == "n" and c.value is not None
    ]
    rows = {c.row for c in numbers}
    labels = {schedule.cell(row=r, column=1).value for r in rows}
    assert labels == {
        "Period (0 is not discounted)",
        "Operating budget impact (CivicShift's figure; not a formula)",
    }, "every other number is a formula"
    assert sum(c.data_type == "f" for row in schedule.iter_rows() for c in row) > 150
    inputs = [c for row in formulas["Assumptions"].iter_rows() for c in row if c.data_type == "f"]
    settings = [c for c in inputs if c.column_letter == "B"]
    labels = [formulas["Assumptions"].cell(row=c.row, column=1).value for c in settings]
    assert labels == [
        "Discount rate in nominal terms", "Discount rate in real terms", "MIRR finance rate",
        "MIRR reinvestment rate",
    ], "the other settings are values; Fisher and MIRR rates follow the rate"  # fmt: skip
    expected = [c for c in inputs if c.column_letter != "B"]
    assert [c.column_letter for c in expected] == ["K"] * 3, "and each line's expected amount"
    summary = workbook["Summary"]
    assert "CivicShift version 9.8.7" in summary["A3"].value
    headers = [cell.value for cell in summary[5]]
    saas = {h: cell.value for h, cell in zip(headers, summary[7], strict=False)}
    assert saas["Option"] == "SaaS =cheap" and saas["Recommended"] == "yes"
    assert formulas["Summary"]["A7"].data_type == "s", "text starting with = stays text"
    assert saas["Net present value (NPV)"] == pytest.approx(analysis.npv, rel=1e-12)
    assert saas["Internal rate of return (IRR)"] == pytest.approx(analysis.irr, rel=1e-12)
    assert saas["Total cost of ownership (undiscounted)"] == pytest.approx(analysis.tco, rel=1e-12)
    sim = report.options[0].simulation
    assert saas["NPV P50 (simulation)"] == pytest.approx(sim.percentiles[50], rel=1e-12)
    assert saas["Chance of payback within 5 years (simulation)"] == sim.prob_payback_within_target
    assert summary["C8"].value == "no costs or benefits entered yet"

    names = {name: next(iter(dn.destinations)) for name, dn in formulas.defined_names.items()}
    assert names["NPV"] == ("Schedule – SaaS =cheap", "$B$5") == names["OPT1_NPV"]
    assert names["DISCOUNT_RATE"][0] == "Assumptions"
    assert "OPT2_NPV" not in names, "an option without figures has no names"
    sheet, ref = names["NPV"]
    assert workbook[sheet][ref.replace("$", "")].value == pytest.approx(analysis.npv, rel=1e-12)
    flows = workbook["Schedule – SaaS =cheap"]
    labels = {row[0].value: row for row in flows.iter_rows()}
    for t in range(11):
        assert labels["Costs (in the NPV)"][YEAR_COLUMN + t].value == pytest.approx(
            analysis.costs[t]
        )
        assert labels["Net (benefits − costs)"][YEAR_COLUMN + t].value == pytest.approx(
            analysis.net[t]
        )
        assert labels["Cumulative discounted net"][YEAR_COLUMN + t].value == pytest.approx(
            analysis.cumulative_discounted[t]
        )
    assert (
        labels["Operating budget impact (CivicShift's figure; not a formula)"][YEAR_COLUMN].value
        == 1.0
    )

    assumptions = workbook["Assumptions"]
    values = [[c.value for c in row] for row in assumptions.iter_rows()]
    assert ["Discount rate (per year)", 0.03] in [row[:2] for row in values]
    subscription = next(row for row in values if row[1] == "Subscription")
    assert subscription[2:14] == [
        "cost",
        "Subscription",
        "yes",
        "triangular",
        90_000,
        100_000,
        130_000,
        None,
        (90_000 + 100_000 + 130_000) / 3,
        0.03,
        "no",
        "no",
    ]  # fmt: skip  (None: no multiplier)
    years = next(row for row in values if row[1] == "Line")
    flags = dict(zip(years[17:28], subscription[17:28], strict=True))
    assert flags[2027] is None and all(flags[y] == 1 for y in range(2028, 2038))


# --- the template: writing and round trip ---------------------------------------------------


def template_bytes(lines=None, **kwargs) -> bytes:
    lines = template_lines_from_case(issue_case()) if lines is None else lines
    return write_case_template(SETTINGS, lines, **kwargs)


def test_template_has_the_sheets_validation_lists_and_prefilled_lines():
    categories = [("subscription", "Subscription", "costs"), ("other", "Other", "both")]
    workbook = load_workbook(io.BytesIO(template_bytes(categories=categories, option_name="SaaS")))
    assert workbook.sheetnames == ["Instructions", "Case", "Lines", "Lists"]
    case = workbook["Case"]
    assert [case[f"A{r}"].value for r in range(2, 6)] == [
        "title", "start_year", "horizon_years", "discount_rate",
    ]  # fmt: skip
    assert [case[f"B{r}"].value for r in range(2, 6)] == ["Online permitting", 2027, 10, 0.03]
    lines = workbook["Lines"]
    assert [c.value for c in lines[1]] == list(LINE_COLUMNS)
    assert lines["A3"].value == "Subscription" and lines["D3"].value == 90_000
    assert lines["K4"].value == "0.5"  # ramp as text
    formulas = {str(v.sqref)[0]: v.formula1 for v in lines.data_validations.dataValidation}
    assert formulas[COLUMN["kind"]] == '"cost,benefit"'
    assert formulas[COLUMN["distribution"]] == '"point,triangular,pert"'
    assert formulas[COLUMN["category"]] == "Lists!$A$2:$A$3"
    instructions = " ".join(str(c.value) for c in workbook["Instructions"]["A"] if c.value)
    assert "Option: SaaS" in instructions and "FY2027" in instructions


def test_template_round_trip_gives_the_same_npv(tmp_path):
    case = issue_case()
    path = tmp_path / "case.xlsx"
    path.write_bytes(template_bytes())
    again = read_case_template(path)
    assert again.title == case.title and again.discount_rate == case.discount_rate
    assert analyze(again).npv == pytest.approx(analyze(case).npv, rel=1e-12)
    assert [line.amount for line in again.lines] == [line.amount for line in case.lines]
    # The command line reads .xlsx through case_file.read_case.
    assert analyze(read_case(path)).npv == pytest.approx(analyze(case).npv, rel=1e-12)


def test_multiplier_scales_the_amounts():
    staff = TemplateLine(
        "Staff time", "benefit", likely=1_000, first_period=1, last_period=3,
        distribution="triangular", low=800, high=1_200, multiplier=45.0,
    )  # fmt: skip
    case = read_case_template(io.BytesIO(template_bytes([staff])))
    assert case.lines[0].amount == Estimate(36_000, 45_000, 54_000, "triangular")


def test_amounts_per_year_round_trip_and_are_used_as_given():
    import numpy_financial as npf

    consulting = TemplateLine(
        "Consulting", "cost", likely=75_000, first_period=0, last_period=3,
        per_year=(10_000, 25_000, 0, 40_000),
    )  # fmt: skip
    data = template_bytes([consulting])
    assert load_workbook(io.BytesIO(data))["Lines"]["N2"].value == "10000; 25000; 0; 40000"
    case = read_case_template(io.BytesIO(data))
    assert case.lines[0].per_year == (10_000, 25_000, 0, 40_000)
    # Reference: numpy-financial's npv of the same flows at the template's 3 %.
    flows = [-10_000, -25_000, 0, -40_000] + [0] * 7
    assert analyze(case).npv == pytest.approx(npf.npv(0.03, flows), rel=1e-12)


def test_lines_and_settings_are_read_without_the_case_sheet_when_the_caller_gives_them():
    workbook = load_workbook(io.BytesIO(template_bytes()))
    del workbook["Case"]
    rows, problems = read_template_lines(save(workbook), start_year=2027, horizon_years=10)
    assert problems == [] and [r.line.name for r in rows][0] == "Implementation services"
    assert rows[1].cell("likely") == "Lines!E3"


# --- the template: bad input ----------------------------------------------------------------


def save(workbook: Workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def edited(**cells) -> io.BytesIO:
    """The template with cells of the Lines sheet changed, e.g. ``E3="abc"``."""
    workbook = load_workbook(io.BytesIO(template_bytes()))
    for address, value in cells.items():
        sheet, _, cell = address.rpartition("_")
        workbook[sheet or "Lines"][cell] = value
    return save(workbook)


def problems_of(source, **kwargs) -> list[str]:
    return [str(p) for p in read_template(source, **kwargs).problems]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"E3": "abc"}, "Lines!E3: 'abc' is not a number"),
        ({"D3": 120_000}, "Lines!D3: low (120,000.00) is greater than likely (100,000.00)"),
        ({"F3": 95_000}, "Lines!F3: likely (100,000.00) is greater than high (95,000.00)"),
        ({"E2": -5}, "Lines!E2: -5.00 is negative"),
        ({"B3": "expense"}, "Lines!B3: 'expense' is not cost or benefit"),
        ({"G3": "normal"}, "Lines!G3: 'normal' is not point, triangular or pert"),
        ({"I3": 11}, "Lines!I3: 11 is outside the case"),
        ({"H3": 5, "I3": 3}, "Lines!I3: the last year (3) is before the first year (5)"),
        ({"J3": "fast"}, "Lines!J3: 'fast' is not a number"),
        ({"J3": 3}, "Lines!J3: 3 would be more than 100% a year"),
        ({"K4": "0.5, 1.5"}, "Lines!K4: each ramp-up share is between 0 and 1"),
        ({"L4": "maybe"}, "Lines!L4: 'maybe' is not yes or no"),
        ({"A4": "subscription"}, "Lines!A4: the name 'subscription' is already used in row 3"),
        ({"A3": None}, "Lines!A3: a line needs a name"),
        ({"H3": 2.5}, "Lines!H3: 2.5 is not a whole number"),
        ({"D3": None}, "Lines!D3: a triangular range needs a low figure"),
        ({"G2": "point", "D2": 1, "F2": 2}, "Lines!G2: a single figure ('point') has no low"),
        ({"Case_B5": "abc"}, "Case!B5: 'abc' is not a number"),
        # Amounts per year (column N): one a year, none negative, a number each.
        ({"H2": 0, "I2": 1, "N2": "1; 2; 3"}, "Lines!N2: 3 amounts per year for 2 years"),
        ({"H2": 0, "I2": 1, "N2": "1; -2"}, "Lines!N2: amount 2 is negative"),
        ({"H2": 0, "I2": 1, "N2": "1; abc"}, "Lines!N2: amount 2: 'abc' is not a number"),
        ({"Case_B4": 0}, "Case!B4: horizon_years must be between 1 and 100 (got 0)"),
    ],
)
def test_every_problem_names_its_sheet_and_cell(cells, expected):
    problems = problems_of(edited(**cells))
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_reported_at_once():
    problems = problems_of(edited(E2="abc", D3=120_000, B4="gain"))
    assert [p.split(":")[0] for p in problems] == ["Lines!E2", "Lines!D3", "Lines!B4"]


def test_friendly_values_are_read():
    source = edited(
        E2="$250,000", J3="3%", K4="50%, 80%", H3=2028, I3=2037, L4="No", G4="PERT", C3="Other"
    )
    rows, problems = read_template_lines(source, categories={"other": "Other"})
    assert problems == []
    implementation, subscription, staff = (row.line for row in rows)
    assert implementation.likely == 250_000
    assert subscription.escalation == pytest.approx(0.03)
    assert (subscription.first_period, subscription.last_period) == (1, 10)  # fiscal years
    assert subscription.category == "other"
    assert staff.ramp == (0.5, 0.8) and staff.in_npv is False and staff.distribution == "pert"


def test_unknown_category_is_refused_when_categories_are_given():
    problems = problems_of(edited(C3="gadgets"), categories={"other": "Other"})
    assert problems == ["Lines!C3: 'gadgets' is not a category; choose one from the Lists sheet"]


def test_blank_rows_are_skipped_and_an_empty_sheet_is_a_problem():
    workbook = load_workbook(io.BytesIO(template_bytes()))
    workbook["Lines"].insert_rows(3, amount=2)
    rows, problems = read_template_lines(save(workbook))
    assert problems == [] and [r.row for r in rows] == [2, 5, 6]
    empty = load_workbook(io.BytesIO(template_bytes([])))
    assert problems_of(save(empty)) == ["Lines: no lines found below the column names in row 1"]


def test_missing_sheets_and_columns_are_named():
    workbook = load_workbook(io.BytesIO(template_bytes()))
    del workbook["Lines"]
    assert problems_of(save(workbook)) == [
        "Lines: the sheet is missing; the workbook needs sheets Case and Lines (download a fresh "
        "template)"
    ]
    workbook = load_workbook(io.BytesIO(template_bytes()))
    workbook["Lines"]["E1"] = "amount"
    assert problems_of(save(workbook)) == ["Lines: no column named 'likely' in row 1"]
    workbook = load_workbook(io.BytesIO(template_bytes()))
    del workbook["Case"]
    assert problems_of(save(workbook))[0].startswith("Case: the sheet is missing")


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(tmp_path):
    for content in (b"name,kind\nHosting,cost\n", b"PK\x03\x04 not really a zip", b""):
        problems = problems_of(io.BytesIO(content))
        assert problems == [
            "workbook: the file is not an Excel workbook (.xlsx); save it from Excel or "
            "LibreOffice as 'Excel 2007-365 (.xlsx)' and try again"
        ]
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(CaseFileError, match="not an Excel workbook"):
        read_case(path)


def test_read_case_template_lists_every_problem_with_its_cell(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(edited(E3="abc", Case_B5="x").getvalue())
    with pytest.raises(CaseFileError) as caught:
        read_case_template(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages == ["Case!B5: 'x' is not a number", "Lines!E3: 'abc' is not a number"]
    assert str(path) in str(caught.value)


def test_a_zero_amount_is_allowed():
    lines = [TemplateLine("Hosting", "cost", likely=0.0, first_period=0, last_period=0)]
    case = read_case_template(io.BytesIO(template_bytes(lines)))
    assert isinstance(case, Case)
    assert case.lines[0] == Line("Hosting", "cost", Estimate.point(0.0), (0,))
