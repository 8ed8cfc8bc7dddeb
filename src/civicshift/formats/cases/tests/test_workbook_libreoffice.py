"""The live-formula workbook recalculated by LibreOffice equals the core (issue #7, item 7).

LibreOffice (headless, a private profile set to "always recalculate on load", see
``civicshift.testing.libreoffice``) is the independent reference here: it evaluates the
workbook's own formulas (NPV, IRR, MIRR, SUMPRODUCT, MATCH...), and its results must equal
``core.cases.analyze`` to 1e-9 relative — as written, and after an input is changed in the
workbook (an amount, the discount rate, a year, a ramp share), where the core analyses the
changed case. One ``soffice`` start converts every workbook of this module.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from civicshift.core.cases import Analysis, Case, Estimate, Line, OptimismBias, analyze
from civicshift.formats.cases.template_reader import read_case_template, read_template
from civicshift.formats.cases.tests.test_documents import build_report, costs_only_case, issue_case
from civicshift.formats.cases.workbook import (
    RESULTS,
    YEAR_COLUMN,
    write_case_model,
    write_case_workbook,
)
from civicshift.testing.libreoffice import make_profile, recalculate

REL = 1e-9
SCHEDULE = "Schedule – Online permitting"
ROWS = {
    "Costs (in the NPV)": "costs",
    "Benefits (in the NPV)": "benefits",
    "Net (benefits − costs)": "net",
    "Cumulative net": "cumulative",
    "Discount factor 1/(1 + rate)^t": "discount_factors",
    "Discounted net": "discounted",
    "Cumulative discounted net": "cumulative_discounted",
    "Wider benefits (outside the NPV)": "wider_benefits",
}
MISSING = {"not defined", "not within the horizon", "no costs"}


def irregular_case() -> Case:
    """A refresh in year 5 (periods not in one run), wider benefits outside the NPV, a two-year
    ramp, its own MIRR rates and an exit cost that turns the net negative again at the end."""
    return Case(
        title="Online permitting",
        start_year=2030,
        horizon_years=8,
        discount_rate=0.045,
        finance_rate=0.06,
        reinvest_rate=0.02,
        lines=(
            Line("Hardware", "cost", Estimate(80_000, 95_000, 140_000, "pert"), (0, 5)),
            Line("Licences", "cost", Estimate.point(12_500), tuple(range(0, 9)), escalation=0.025),
            Line(
                "Fees collected", "benefit", Estimate(30_000, 42_000, 50_000), tuple(range(1, 9)),
                escalation=0.01, ramp=(0.25, 0.6),
            ),
            Line(
                "Residents' time", "benefit", Estimate.point(9_000), tuple(range(1, 9)),
                category="resident_time", in_npv=False,
            ),
            Line("Exit and data migration", "cost", Estimate.point(60_000), (8,)),
        ),
    )  # fmt: skip


def second_edition_case() -> Case:
    """Per-year amounts (one scaled by a range), optimism bias on one-time and recurring costs
    and on duration (a benefit pushed past the horizon), a nominal basis with inflation, and
    figures led by the expected amounts."""
    return Case(
        title="Online permitting",
        start_year=2028,
        horizon_years=9,
        discount_rate=0.06,
        basis="nominal",
        inflation=0.025,
        lead="expected",
        optimism=OptimismBias(
            one_time=0.54, recurring=0.2, duration=0.3, category="equipment_development",
            reason="a proven product, a new integration",
        ),
        lines=(
            Line("Build", "cost", Estimate(200_000, 250_000, 400_000, "pert"), (0,)),
            Line(
                "Build phase 2", "cost", Estimate(0.9, 1.0, 1.3), (0, 1, 2, 3),
                per_year=(10_000, 25_000, 0, 40_000), category="implementation",  # one-time
            ),
            Line("Support", "cost", Estimate.point(30_000), tuple(range(1, 10)), escalation=0.02),
            Line(
                "Savings", "benefit", Estimate(60_000, 90_000, 100_000), tuple(range(2, 10)),
                ramp=(0.5,),
            ),
            Line("Grant", "benefit", Estimate.point(1.0), (3, 4), per_year=(50_000, 50_000)),
            Line(
                "Residents' time", "benefit", Estimate.point(10_000), tuple(range(2, 10)),
                in_npv=False,
            ),
        ),
    )  # fmt: skip


def _replace_line(case: Case, name: str, **changes) -> Case:
    lines = tuple(
        dataclasses.replace(ln, **changes) if ln.name == name else ln for ln in case.lines
    )
    return dataclasses.replace(case, lines=lines)


def _named_cell(workbook, name: str) -> tuple[str, str]:
    sheet, ref = next(iter(workbook.defined_names[name].destinations))
    return sheet, ref.replace("$", "")


def _assumption_cell(workbook, line: str, header: str, option: str | None = None) -> str:
    sheet = workbook["Assumptions"]
    head = next(r for r in sheet.iter_rows() if r[1].value == "Line")
    column = next(c.column_letter for c in head if c.value == header)
    row = next(
        r[0].row
        for r in sheet.iter_rows(min_row=head[0].row + 1)
        if r[1].value == line and (option is None or r[0].value == option)
    )
    return f"{column}{row}"


def _year_cell(workbook, line: str, period: int) -> str:
    """The Assumptions cell of ``line``'s flag for ``period`` (the fiscal-year columns)."""
    sheet = workbook["Assumptions"]
    head = next(r for r in sheet.iter_rows() if r[1].value == "Line")
    start = sheet["B6"].value
    column = next(c.column_letter for c in head if c.value == start + period)
    return f"{column}{_assumption_cell(workbook, line, 'Line')[1:]}"


def _edit(content: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    """Change cells with openpyxl (which keeps the formulas and drops their cached values)."""
    workbook = load_workbook(io.BytesIO(content))
    for (sheet, ref), value in changes.items():
        workbook[sheet][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _stale(content: bytes, ref: str, value: float) -> bytes:
    """Change one Assumptions number in the XML, keeping every formula's (now stale) cached
    value: only a real recalculation can give the right figures."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":  # Assumptions (second sheet)
                text, count = re.subn(
                    rf'(<c r="{ref}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value!r}\g<2>", data.decode()
                )
                assert count == 1
                data = text.encode()
            target.writestr(item, data)
    return buffer.getvalue()


def _variants() -> dict[str, tuple[bytes, dict[int, Case]]]:
    """name → (workbook, {option number: the case the core analyses for it})."""
    base = issue_case()
    plain = write_case_model(base)
    book = load_workbook(io.BytesIO(plain))
    rate = _named_cell(book, "DISCOUNT_RATE")
    likely = ("Assumptions", _assumption_cell(book, "Subscription", "Likely"))
    escalation = ("Assumptions", _assumption_cell(book, "Subscription", "Yearly increase"))
    ramp = ("Assumptions", _assumption_cell(book, "Staff time released",
                                            "Share in the line's year 2 (ramp-up)"))  # fmt: skip
    year = ("Assumptions", _year_cell(book, "Staff time released", 10))
    irregular = irregular_case()
    irregular_book = write_case_model(irregular)
    ib = load_workbook(io.BytesIO(irregular_book))
    hardware = ("Assumptions", _assumption_cell(ib, "Hardware", "Likely"))
    report = build_report()
    second = second_edition_case()
    second_book = write_case_model(second)
    sb = load_workbook(io.BytesIO(second_book))
    phase2 = ("Assumptions", _assumption_cell(sb, "Build phase 2", "Amount in FY2029"))
    at, inflation = _named_cell(sb, "AMOUNTS_AT"), _named_cell(sb, "INFLATION")
    one_time, duration = (
        _named_cell(sb, "OPT1_ONE_TIME_UPLIFT"),
        _named_cell(sb, "OPT1_DURATION_UPLIFT"),
    )
    bias = dataclasses.replace(second.optimism, one_time=0.1, duration=1.0)
    support = (
        "Assumptions",
        _assumption_cell(
            sb, "Support", "One-time cost (yes or no; which optimism-bias uplift applies)"
        ),
    )
    return {
        "issue": (plain, {1: base}),
        "issue_rate": (
            _edit(plain, {rate: 0.07}), {1: dataclasses.replace(base, discount_rate=0.07)}
        ),
        "issue_inputs": (
            _edit(plain, {likely: 120_000, escalation: 0.05, ramp: 0.75, year: 0}),
            {1: _replace_line(
                _replace_line(
                    _replace_line(base, "Subscription",
                                  amount=Estimate(90_000, 120_000, 130_000), escalation=0.05),
                    "Staff time released", ramp=(0.5, 0.75), periods=tuple(range(1, 10))),
                "Implementation services")},
        ),
        "issue_stale": (_stale(plain, rate[1], 0.055),
                        {1: dataclasses.replace(base, discount_rate=0.055)}),
        "irregular": (irregular_book, {1: irregular}),
        "irregular_amount": (
            _edit(irregular_book, {hardware: 120_000}),
            {1: _replace_line(
                irregular, "Hardware", amount=Estimate(80_000, 120_000, 140_000, "pert"))},
        ),
        "costs_only": (write_case_model(costs_only_case()), {1: costs_only_case()}),
        "options": (write_case_workbook(report), {1: issue_case(), 2: costs_only_case()}),
        "second": (second_book, {1: second}),
        "second_inputs": (
            _edit(second_book, {phase2: 35_000, one_time: 0.1, duration: 1.0, support: "yes"}),
            {1: dataclasses.replace(
                _replace_line(
                    _replace_line(second, "Build phase 2", per_year=(10_000, 35_000, 0, 40_000)),
                    "Support", category="licences"),  # a one-time category
                optimism=bias)},
        ),
        "second_likely": (_edit(second_book, {at: "likely"}),
                          {1: dataclasses.replace(second, lead="likely")}),
        "second_inflation": (_edit(second_book, {inflation: 0.04}),
                             {1: dataclasses.replace(second, inflation=0.04)}),
    }  # fmt: skip


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """{variant: (the workbook as written, LibreOffice's recalculated copy, cases, its path)}."""
    folder = tmp_path_factory.mktemp("libreoffice")
    variants = _variants()
    files = {}
    for name, (content, _cases) in variants.items():
        files[name] = folder / f"{name}.xlsx"
        files[name].write_bytes(content)
    converted = recalculate(list(files.values()), folder / "out", make_profile(folder / "profile"))
    return {
        name: (
            load_workbook(files[name]),
            load_workbook(converted[files[name]], data_only=True),
            cases,
            converted[files[name]],
        )
        for name, (_content, cases) in variants.items()
    }


def _relative(got, want: float, scale: float | None = None) -> float:
    assert isinstance(got, int | float), f"expected a number, LibreOffice gave {got!r}"
    scale = abs(want) if scale is None else scale
    return abs(got - want) / scale if scale else abs(got - want)


def _check(written, calculated, number: int, case: Case) -> float:
    """Every result and every cash-flow row of option ``number``; the largest difference."""
    analysis: Analysis = analyze(case, at=case.lead)
    worst = 0.0
    for key, name, _label, _format in RESULTS:
        sheet, ref = _named_cell(written, f"OPT{number}_{name}")
        got, want = calculated[sheet][ref].value, getattr(analysis, key)
        if want is None:
            assert got in MISSING, (name, got)
            continue
        worst = max(worst, _relative(got, want))
        assert _relative(got, want) <= REL, (name, got, want)
    sheet = calculated[_named_cell(written, f"OPT{number}_NPV")[0]]
    seen = set()
    for row in sheet.iter_rows(min_col=1, max_col=YEAR_COLUMN + 1 + case.horizon_years):
        key = ROWS.get(row[0].value)
        if key is None:
            continue
        seen.add(key)
        want = getattr(analysis, key)
        scale = float(max(abs(want).max(), 1.0))
        for t, value in enumerate(want):
            difference = _relative(row[YEAR_COLUMN + t].value, float(value), scale)
            worst = max(worst, difference)
            assert difference <= REL, (key, t, row[YEAR_COLUMN + t].value, value)
    assert seen == set(ROWS.values())
    if number == 1:  # the case's settings: the rate converted by Fisher
        for name, want in (("NOMINAL_RATE", case.nominal_rate), ("REAL_RATE", case.real_rate)):
            sheet, ref = _named_cell(written, name)
            difference = _relative(calculated[sheet][ref].value, want)
            worst = max(worst, difference)
            assert difference <= REL, (name, calculated[sheet][ref].value, want)
    return worst


@pytest.mark.parametrize(
    "variant",
    ["issue", "issue_rate", "issue_inputs", "issue_stale", "irregular", "irregular_amount",
     "costs_only", "options", "second", "second_inputs", "second_likely", "second_inflation"],
)  # fmt: skip
def test_libreoffice_recalculates_the_core_figures(recalculated, variant):
    written, calculated, cases, _path = recalculated[variant]
    for number, case in cases.items():
        assert _check(written, calculated, number, case) <= REL


def test_the_unprefixed_names_are_the_first_option(recalculated):
    written, calculated, _cases, _path = recalculated["options"]
    for name in ("NPV", "IRR_RATE", "PAYBACK_YEARS"):
        assert _named_cell(written, name) == _named_cell(written, f"OPT1_{name}")
    sheet, ref = _named_cell(written, "OPT2_NPV")
    assert sheet == "Schedule – Archive"
    assert calculated[sheet][ref].value == pytest.approx(
        analyze(costs_only_case(), at="expected").npv, rel=REL
    )
    assert _named_cell(written, "DISCOUNT_RATE") == _named_cell(written, "OPT2_DISCOUNT_RATE")


def test_the_stale_copy_really_was_recalculated(recalculated):
    """The cached values of the edited file still say 3%: LibreOffice's must not."""
    written, calculated, cases, _path = recalculated["issue_stale"]
    sheet, ref = _named_cell(written, "NPV")
    stale = load_workbook(io.BytesIO(_variants()["issue_stale"][0]), data_only=True)
    assert stale[sheet][ref].value == pytest.approx(
        analyze(issue_case(), at="expected").npv, rel=1e-12
    )
    assert calculated[sheet][ref].value == pytest.approx(
        analyze(cases[1], at="expected").npv, rel=REL
    )
    assert abs(calculated[sheet][ref].value - stale[sheet][ref].value) > 1_000


def test_without_the_setting_libreoffice_keeps_the_stored_values(tmp_path):
    """Why the private profile sets OOXMLRecalcMode: LibreOffice's default profile shows an
    .xlsx's stored values ("Never recalculate"), so the stale copy would keep its old NPV."""
    stale = tmp_path / "stale.xlsx"
    content = _variants()["issue_stale"][0]
    stale.write_bytes(content)
    profile = tmp_path / "default-profile"
    profile.mkdir()
    out = recalculate([stale], tmp_path / "out", profile)[stale]
    written = load_workbook(stale)
    sheet, ref = _named_cell(written, "NPV")
    kept = load_workbook(out, data_only=True)[sheet][ref].value
    assert kept == pytest.approx(analyze(issue_case(), at="expected").npv, rel=REL)


@pytest.mark.parametrize("variant", ["issue", "issue_inputs", "second_inflation"])
def test_a_model_saved_by_libreoffice_uploads_back(recalculated, variant):
    """LibreOffice writes the formulas in its own way; unchanged, they are still CivicShift's."""
    _written, _calculated, cases, path = recalculated[variant]
    contents = read_template(path)
    assert read_case_template(path) == cases[1]  # every field, per-year lines included
    if variant == "second_inflation":  # as template rows, a per-year line's factor is a figure
        assert [(p.cell, p.message) for p in contents.problems] == [
            ("F29", "a line given per year is multiplied by a single figure here: choose point")
        ]
        return
    assert contents.problems == []
