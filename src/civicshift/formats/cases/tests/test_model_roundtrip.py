"""The live-formula model read back as the whole case it states (issue #7: "upload back").

case → workbook → ``read_model_workbook`` gives the identical core ``Case`` for every option
(every field: lines given per year, the multiplier, real basis with inflation, optimism bias,
the MIRR and alternative rates); an input edited with openpyxl is read with its new value, and
LibreOffice's recalculation of the edited workbook (the outside reference: it evaluates the
workbook's own formulas) equals the core's ``analyze`` and ``summarize`` of the case read back
to 1e-9 relative — NPV, each scenario's NPV and the NPV at the alternative rate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from civicshift.core.cases import Case, Estimate, Line, OptimismBias, analyze, summarize
from civicshift.formats.cases.file import CaseFileError
from civicshift.formats.cases.model_reader import read_model_cases, read_model_workbook
from civicshift.formats.cases.report import CaseReport, ReportLine, option_report
from civicshift.formats.cases.template_reader import read_case_template
from civicshift.formats.cases.workbook import write_case_workbook
from civicshift.testing.libreoffice import make_profile, recalculate

REL = 1e-9
TERMS = {
    "start_year": 2028,
    "horizon_years": 8,
    "discount_rate": 0.035,
    "basis": "real",
    "inflation": 0.025,
    "lead": "expected",
    "finance_rate": 0.05,
    "reinvest_rate": 0.02,
    "alternative_rate": 0.07,
    "alternative_rate_label": "OMB A-94 (7%)",
}


def cloud_case() -> Case:
    """Lines given per year (one in years apart, one scaled by a range), a ramp, wider benefits
    and optimism bias with its reference type and reason."""
    return Case(
        title="Cloud",
        lines=(
            Line("Build", "cost", Estimate(200_000, 250_000, 400_000, "pert"), (0,),
                 category="implementation"),
            Line("Migration waves", "cost", Estimate(0.9, 1.0, 1.3), (0, 1, 3),
                 per_year=(10_000, 25_000, 40_000), category="data_migration"),
            Line("Subscription", "cost", Estimate(28_000, 30_000, 36_000), tuple(range(1, 9)),
                 escalation=0.01, category="subscription"),
            Line("Savings", "benefit", Estimate(60_000, 90_000, 100_000), tuple(range(2, 9)),
                 ramp=(0.5, 0.8), category="cost_avoided"),
            Line("Grant", "benefit", Estimate.point(1.0), (1, 2), per_year=(50_000, 20_000)),
            Line("Residents' time", "benefit", Estimate.point(10_000), tuple(range(2, 9)),
                 category="resident_time", in_npv=False),
            Line("Staff hours", "benefit", Estimate(900 * 45.5, 1_000 * 45.5, 1_200 * 45.5),
                 tuple(range(1, 9)), category="staff_time"),
        ),
        optimism=OptimismBias(0.54, 0.2, 0.3, "equipment_development", "a proven product"),
        **TERMS,
    )  # fmt: skip


def on_premises_case() -> Case:
    return Case(
        title="On-premises",
        lines=(
            Line("Servers", "cost", Estimate.point(150_000), (0, 5), category="hardware"),
            Line("Support", "cost", Estimate.point(20_000), tuple(range(1, 9)), escalation=0.02),
            Line("Savings", "benefit", Estimate(40_000, 70_000, 80_000, "triangular"),
                 tuple(range(1, 9))),
        ),
        optimism=OptimismBias(0.1, 0.05, 0.0),
        **TERMS,
    )  # fmt: skip


def report(*cases: Case, lines: dict[str, tuple[ReportLine, ...]] | None = None) -> CaseReport:
    lines = lines or {}
    return CaseReport(
        title="Online permitting", organization="City of Maple Falls",
        prepared_on=dt.date(2027, 3, 12), version="9.8.7", start_year=TERMS["start_year"],
        horizon_years=TERMS["horizon_years"], discount_rate=TERMS["discount_rate"],
        iterations=0, seed=0, payback_target_years=5,
        options=tuple(
            option_report(c.title, c, analyze(c), lines=lines.get(c.title)) for c in cases
        ),
    )  # fmt: skip


def shown_lines(case: Case, multipliers: dict[str, tuple[float, tuple]]) -> tuple:
    """The report's lines of ``case``, with ``name → (multiplier, amounts as typed)``."""
    out = []
    for ln in case.lines:
        shown = ReportLine(ln.name, ln.kind, ln.category, ln.amount.low, ln.amount.likely,
                           ln.amount.high, ln.amount.dist, ln.periods, ln.escalation, ln.ramp,
                           ln.in_npv)  # fmt: skip
        if ln.name in multipliers:
            rate, entered = multipliers[ln.name]
            shown = dataclasses.replace(shown, multiplier=rate, entered=entered)
        out.append(shown)
    return tuple(out)


def model() -> bytes:
    """Both options; the cloud's staff hours shown as hours × an hourly rate of 45.50."""
    cloud = cloud_case()
    lines = {"Cloud": shown_lines(cloud, {"Staff hours": (45.5, (900.0, 1_000.0, 1_200.0))})}
    return write_case_workbook(report(cloud, on_premises_case(), lines=lines))


def edit(content: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    for (sheet, ref), value in changes.items():
        workbook[sheet][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def named(content: bytes, name: str) -> tuple[str, str]:
    sheet, ref = next(iter(load_workbook(io.BytesIO(content)).defined_names[name].destinations))
    return sheet, ref.replace("$", "")


def line_cell(content: bytes, option: str, line: str, header: object) -> tuple[str, str]:
    sheet = load_workbook(io.BytesIO(content))["Assumptions"]
    head = next(r for r in sheet.iter_rows() if r[1].value == "Line")
    column = next(c.column_letter for c in head if c.value == header)
    row = next(
        r[0].row
        for r in sheet.iter_rows(min_row=head[0].row + 1)
        if r[0].value == option and r[1].value == line
    )
    return "Assumptions", f"{column}{row}"


def test_every_option_reads_back_as_the_identical_case():
    contents = read_model_workbook(model())
    assert contents.problems == []
    assert [o.name for o in contents.options] == ["Cloud", "On-premises"]
    assert contents.cases == [cloud_case(), on_premises_case()]  # every field, every line
    cloud = contents.options[0]
    hours = cloud.lines[-1]
    assert (hours.low, hours.likely, hours.high, hours.multiplier) == (900, 1_000, 1_200, 45.5)
    assert cloud.lines[1].per_year == (10_000, 25_000, 40_000)
    assert cloud.lines[1].periods == (0, 1, 3)
    assert contents.settings.alternative_rate == 0.07
    assert contents.settings.finance_rate == 0.05
    assert read_model_cases(io.BytesIO(model())) == [cloud_case(), on_premises_case()]


def test_one_option_reads_back_through_the_case_file_reader():
    content = write_case_workbook(report(cloud_case()))
    assert read_case_template(io.BytesIO(content)) == cloud_case()
    with pytest.raises(CaseFileError, match="it holds 2 options"):
        read_case_template(io.BytesIO(model()))


def test_mirr_rates_that_follow_the_discount_rate_read_as_none():
    case = dataclasses.replace(cloud_case(), finance_rate=None, reinvest_rate=None)
    assert read_model_cases(write_case_workbook(report(case))) == [case]


def test_the_multiplier_is_kept_as_its_own_value():
    """Staff hours × an hourly rate: the workbook shows both, and reads both back."""
    case = dataclasses.replace(
        on_premises_case(),
        lines=(
            *on_premises_case().lines,
            Line("Staff time", "benefit", Estimate(900 * 45.5, 1_000 * 45.5, 1_200 * 45.5),
                 tuple(range(1, 9)), category="staff_time"),
        ),
    )  # fmt: skip
    shown = shown_lines(case, {"Staff time": (45.5, (900.0, 1_000.0, 1_200.0))})
    content = write_case_workbook(report(case, lines={case.title: shown}))
    sheet = load_workbook(io.BytesIO(content))["Assumptions"]
    _s, likely = line_cell(content, "On-premises", "Staff time", "Likely")
    assert sheet[likely].value == 1_000
    contents = read_model_workbook(content)
    assert contents.problems == []
    staff = contents.options[0].lines[-1]
    assert (staff.low, staff.likely, staff.high, staff.multiplier) == (900, 1_000, 1_200, 45.5)
    assert contents.cases == [case]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.5k", "'12.5k' is text, not a number: Excel's formulas leave text out"),
        ("$1,200", "'$1,200' is text, not a number: Excel's formulas leave text out, so the "
         "model's figures would not use it. Type it as a number (type 1200 in the cell"),
    ],
)  # fmt: skip
def test_a_number_typed_as_text_is_refused_naming_its_cell(typed, message):
    content = model()
    sheet, ref = line_cell(content, "On-premises", "Support", "Likely")
    problems = read_model_workbook(edit(content, {(sheet, ref): typed})).problems
    assert len(problems) == 1
    assert (problems[0].sheet, problems[0].cell) == ("Assumptions", ref)
    assert str(problems[0]).startswith(f"Assumptions!{ref}: {message}")


def test_a_setting_typed_as_text_is_refused_naming_its_cell():
    content = model()
    sheet, ref = named(content, "INFLATION")
    problems = read_model_workbook(edit(content, {(sheet, ref): "2.5%"})).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Assumptions", ref)]
    assert "'2.5%' is text, not a number" in problems[0].message


def test_a_changed_formula_on_the_scenarios_sheet_is_refused():
    content = model()
    sheet, ref = named(content, "OPT2_NPV_WORST")
    problems = read_model_workbook(edit(content, {(sheet, ref): 1})).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Scenarios", ref)]
    assert "the formula was changed" in problems[0].message


def test_an_option_renamed_in_the_workbook_is_refused():
    content = model()
    sheet, ref = line_cell(content, "Cloud", "Build", "Option")
    problems = read_model_workbook(edit(content, {(sheet, ref): "Cloud 2"})).problems
    assert (problems[0].sheet, problems[0].cell) == ("Assumptions", ref)
    assert "option names cannot be changed" in problems[0].message


def test_a_one_time_flag_that_contradicts_the_category_is_refused():
    content = model()
    header = "One-time cost (yes or no; which optimism-bias uplift applies)"
    sheet, ref = line_cell(content, "On-premises", "Support", header)
    problems = read_model_workbook(edit(content, {(sheet, ref): "yes"})).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Assumptions", ref)]


# --- edited in Excel, recalculated by LibreOffice --------------------------------------------


def _edits() -> dict[str, tuple[bytes, list[Case]]]:
    """name → (the edited workbook, the cases it states, as built by hand)."""
    content = model()
    cloud, premises = cloud_case(), on_premises_case()
    wave = line_cell(content, "Cloud", "Migration waves", "Amount in FY2029")
    support = line_cell(content, "On-premises", "Support", "Likely")
    rate = line_cell(
        content,
        "Cloud",
        "Staff hours",
        "Rate or probability (multiplies low, likely and high; empty = 1)",
    )
    edits = {
        rate: 50,
        named(content, "DISCOUNT_RATE"): 0.05,
        named(content, "INFLATION"): 0.03,
        named(content, "BASIS"): "nominal",
        named(content, "ALTERNATIVE_RATE"): 0.02,
        named(content, "OPT1_ONE_TIME_UPLIFT"): 0.66,
        named(content, "OPT2_OPTIMISM_REASON"): "vendor quote",
        wave: 30_000,
        support: 22_500,
    }
    terms = {"discount_rate": 0.05, "inflation": 0.03, "basis": "nominal", "alternative_rate": 0.02}
    cloud = dataclasses.replace(
        cloud,
        lines=tuple(
            dataclasses.replace(ln, per_year=(10_000, 30_000, 40_000))
            if ln.name == "Migration waves" else
            dataclasses.replace(ln, amount=Estimate(900 * 50.0, 1_000 * 50.0, 1_200 * 50.0))
            if ln.name == "Staff hours" else ln
            for ln in cloud.lines
        ),
        optimism=dataclasses.replace(cloud.optimism, one_time=0.66),
        **terms,
    )  # fmt: skip
    premises = dataclasses.replace(
        premises,
        lines=tuple(
            dataclasses.replace(ln, amount=Estimate.point(22_500)) if ln.name == "Support" else ln
            for ln in premises.lines
        ),
        optimism=dataclasses.replace(premises.optimism, reason="vendor quote"),
        **terms,
    )
    return {
        "written": (content, [cloud_case(), on_premises_case()]),
        "edited": (edit(content, edits), [cloud, premises]),
    }


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roundtrip")
    variants = _edits()
    files = {}
    for name, (content, _cases) in variants.items():
        files[name] = folder / f"{name}.xlsx"
        files[name].write_bytes(content)
    converted = recalculate(list(files.values()), folder / "out", make_profile(folder / "profile"))
    return {
        name: (content, load_workbook(converted[files[name]], data_only=True), cases)
        for name, (content, cases) in variants.items()
    }


def _value(content: bytes, calculated, name: str) -> float:
    sheet, ref = named(content, name)
    got = calculated[sheet][ref].value
    assert isinstance(got, int | float), (name, got)
    return float(got)


@pytest.mark.parametrize("variant", ["written", "edited"])
def test_the_case_read_back_is_what_libreoffice_calculates(recalculated, variant):
    content, calculated, cases = recalculated[variant]
    read = read_model_cases(content)
    assert read == cases  # the new values, and nothing else changed
    for number, case in enumerate(read, start=1):
        want = analyze(case, at=case.lead).npv
        got = _value(content, calculated, f"OPT{number}_NPV")
        assert abs(got - want) <= REL * abs(want), (number, got, want)


@pytest.mark.parametrize("variant", ["written", "edited"])
def test_libreoffice_calculates_the_core_scenarios_and_alternative_rate(recalculated, variant):
    content, calculated, cases = recalculated[variant]
    for number, case in enumerate(cases, start=1):
        summary = summarize(case)
        assert list(summary.scenarios) == ["best", "base", "worst"]
        for key, want in summary.scenarios.items():
            got = _value(content, calculated, f"OPT{number}_NPV_{key.upper()}")
            assert abs(got - want) <= REL * abs(want), (number, key, got, want)
        point = next(p for p in summary.rates if p.rate == case.alternative_rate)
        want = point.npv_expected if case.lead == "expected" else point.npv_likely
        got = _value(content, calculated, f"OPT{number}_NPV_ALTERNATIVE_RATE")
        assert abs(got - want) <= REL * abs(want), (number, got, want)
    # the unprefixed names are the first option's
    assert named(content, "NPV_BEST") == named(content, "OPT1_NPV_BEST")
    assert named(content, "NPV_ALTERNATIVE_RATE") == named(content, "OPT1_NPV_ALTERNATIVE_RATE")


def test_a_range_out_of_order_is_named_with_the_amounts_as_typed():
    """Hours × a rate: the message gives the hours typed, not the amounts after the rate."""
    content = model()
    sheet, ref = line_cell(content, "Cloud", "Staff hours", "High")
    (problem,) = read_model_workbook(edit(content, {(sheet, ref): 950})).problems
    assert str(problem) == f"Assumptions!{ref}: likely (1,000.00) is greater than high (950.00)"


def test_an_unknown_category_lists_the_categories():
    content = model()
    sheet, ref = line_cell(content, "Cloud", "Build", "Category")
    categories = {"implementation": "Implementation services", "other": "Other"}
    contents = read_model_workbook(edit(content, {(sheet, ref): "gadgets"}), categories=categories)
    assert str(contents.problems[0]) == (
        f"Assumptions!{ref}: 'gadgets' is not a category; use one of: Implementation services, "
        "Other"
    )


def test_a_formula_typed_in_an_input_cell_is_refused_naming_it():
    content = model()
    sheet, ref = line_cell(content, "On-premises", "Support", "Likely")
    (problem,) = read_model_workbook(edit(content, {(sheet, ref): "=20000*1.1"})).problems
    assert (problem.sheet, problem.cell) == ("Assumptions", ref)
    assert problem.message.startswith("'=20000*1.1' is a formula in an input cell")


def test_lines_moved_between_options_are_refused():
    """Sorting the table in Excel: the schedules still read each row they read before, so the
    option a row names would not be the option whose figures it is in."""
    content = model()
    book = load_workbook(io.BytesIO(content))
    sheet = book["Assumptions"]
    _s, last = line_cell(content, "Cloud", "Staff hours", "Option")
    _s, first = line_cell(content, "On-premises", "Servers", "Option")
    a, b = int(last[1:]), int(first[1:])
    for column in range(1, sheet.max_column + 1):
        x, y = sheet.cell(a, column), sheet.cell(b, column)
        if x.data_type != "f" and y.data_type != "f":
            x.value, y.value = y.value, x.value
    buffer = io.BytesIO()
    book.save(buffer)
    problems = read_model_workbook(buffer.getvalue()).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Assumptions", f"A{b}")]  # Cloud's line
    assert "the rows of the lines were moved" in problems[0].message
