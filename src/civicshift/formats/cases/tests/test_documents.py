"""The business case as Word and PDF documents, and their charts (issue #3, items 5 and 7).

The documents are checked by reading them back: python-docx for the .docx (the comparison table
must hold the analysis figures, formatted), pypdf for the PDF's text.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from civicshift.core.cases import Case, Estimate, Line, analyze
from civicshift.core.montecarlo import monte_carlo, switching_values, tornado
from civicshift.formats.cases.charts import option_charts, report_charts
from civicshift.formats.cases.docx import write_case_docx
from civicshift.formats.cases.pdf import write_case_pdf
from civicshift.formats.cases.report import (
    NOT_DEFINED,
    NOT_WITHIN,
    CaseReport,
    NarrativeSection,
    OptionReport,
    money,
    option_report,
    percent,
    period_label,
    ratio,
    years,
)
from civicshift.formats.cases.report_text import (
    comparison_table,
)

PNG = b"\x89PNG\r\n\x1a\n"


def issue_case() -> Case:
    """The issue's example case (issue #3, item 9)."""
    return Case(
        title="Online permitting",
        start_year=2027,
        horizon_years=10,
        discount_rate=0.03,
        lines=(
            Line("Implementation services", "cost", Estimate.point(250_000), (0,)),
            Line(
                "Subscription",
                "cost",
                Estimate(90_000, 100_000, 130_000),
                tuple(range(1, 11)),
                escalation=0.03,
                category="Subscription",
            ),
            Line(
                "Staff time released",
                "benefit",
                Estimate(120_000, 180_000, 220_000, "pert"),
                tuple(range(1, 11)),
                ramp=(0.5,),
            ),
        ),
    )


def costs_only_case() -> Case:
    """Cash flows that never change sign: IRR not defined, no payback."""
    return Case(
        title="Records archive",
        start_year=2027,
        horizon_years=10,
        discount_rate=0.03,
        lines=(Line("Storage", "cost", Estimate(8_000, 10_000, 15_000), tuple(range(0, 6))),),
    )


def build_report() -> CaseReport:
    options = []
    cases = (("SaaS product", issue_case(), True), ("Archive", costs_only_case(), False))
    for name, case, recommended in cases:
        options.append(
            option_report(
                name,
                case,
                analyze(case),
                simulation=monte_carlo(case, 2_000, seed=7),
                tornado=tornado(case),
                switching=switching_values(case),
                payback_target_years=5,
                recommended=recommended,
                description=f"{name} description",
            )
        )
    options.append(OptionReport(name="On-premises", problem="no costs or benefits entered yet"))
    return CaseReport(
        title="Online permitting",
        organization="City of Maple Falls",
        prepared_on=dt.date(2027, 3, 12),
        version="9.8.7",
        start_year=2027,
        horizon_years=10,
        discount_rate=0.03,
        iterations=2_000,
        seed=7,
        payback_target_years=5,
        options=tuple(options),
        sections=(
            NarrativeSection("Strategic case", "Residents wait 23 days for a permit.", "Why?"),
            NarrativeSection("Economic case", "", "Which option?", ("SaaS: NPV $1",)),
        ),
    )


@pytest.fixture(scope="module")
def report() -> CaseReport:
    return build_report()


@pytest.fixture(scope="module")
def charts(report):
    return report_charts(report)


def test_formatting_in_plain_words():
    assert money(1_234_567.4) == "$1,234,567"
    assert money(-1_234.4) == "-$1,234"
    # Other currencies as the Unicode CLDR writes them in US English (core.formatting), the
    # same as on the pages; in Spanish the sign follows: "1.000 €".
    assert money(1_000, "EUR") == "€1,000"
    assert money(1_000, "CAD") == "CA$1,000"
    assert percent(0.0345) == "3.5%"
    assert percent(None) == NOT_DEFINED == "not defined"
    assert years(None) == NOT_WITHIN == "not within the horizon"
    assert years(4.567) == "4.6 years"
    assert ratio(1.456) == "1.46"
    assert period_label((1, 2, 3), 2027) == "FY2028–30"
    assert period_label((0,), 2027) == "FY2027"
    assert period_label((0, 5), 2027) == "FY2027, FY2032"


def test_charts_are_png_with_title_and_summary(report, charts):
    saas = report.options[0]
    keys = [chart.key for chart in charts[0]]
    assert keys == ["cumulative", "annual", "histogram", "tornado"]
    for chart in charts[0]:
        assert chart.png.startswith(PNG)
        assert chart.title and chart.summary.endswith(".")
    cumulative = charts[0][0]
    assert money(saas.years[-1].cumulative_discounted) in cumulative.summary
    histogram = charts[0][2]
    assert money(saas.simulation.percentiles[10]) in histogram.summary
    assert charts[2] == []  # an option without figures has no charts


def test_chart_without_simulation_leaves_the_histogram_out():
    case = issue_case()
    plain = option_report("Plain", case, analyze(case), tornado=tornado(case))
    report = build_report()
    assert [c.key for c in option_charts(report, plain)] == ["cumulative", "annual", "tornado"]


def _docx_tables(data: bytes):
    document = Document(io.BytesIO(data))
    return document, [
        [[cell.text for cell in row.cells] for row in t.rows] for t in document.tables
    ]


def test_docx_comparison_table_holds_the_analysis_figures(report, charts):
    data = write_case_docx(report, charts)
    assert data[:2] == b"PK"
    document, tables = _docx_tables(data)
    comparison = next(t for t in tables if t[0][0] == "Option")
    expected = comparison_table(report)
    assert tuple(comparison[0]) == expected.headers
    assert [tuple(row) for row in comparison[1:]] == list(expected.rows)
    saas_analysis = analyze(issue_case())
    saas_row = comparison[2]
    assert saas_row[0] == "SaaS product (recommended)"
    assert saas_row[1] == money(saas_analysis.npv)
    assert saas_row[2] == percent(saas_analysis.irr)
    assert saas_row[3] == percent(saas_analysis.mirr)
    assert saas_row[4] == f"{saas_analysis.bcr:.2f}"
    assert saas_row[5] == years(saas_analysis.payback_years)
    assert saas_row[6] == money(saas_analysis.tco)
    archive_row = comparison[3]
    assert archive_row[2] == "not defined"  # IRR of cash flows that never change sign
    assert archive_row[5] == "not within the horizon"
    assert comparison[4][1] == "no costs or benefits entered yet"


def test_docx_has_title_page_narrative_tables_and_charts(report, charts):
    document, tables = _docx_tables(write_case_docx(report, charts))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Online permitting" in text and "City of Maple Falls" in text
    assert "CivicShift version 9.8.7" in text and "seed 7" in text
    assert "Recommended option: SaaS product." in text
    assert "Residents wait 23 days for a permit." in text
    assert "This section has not been written yet." in text
    assert "SaaS: NPV $1" in text  # pre-filled facts of an unwritten section
    assert "Methods" in text and "Discounting: period 0 is fiscal year 2027" in text
    for chart in charts[0] + charts[1]:
        assert chart.summary in text
    assert len(document.inline_shapes) == len(charts[0]) + len(charts[1])
    alt_texts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alt_texts == [chart.summary for chart in charts[0] + charts[1]]
    cash_flow = next(t for t in tables if t[0][0] == "Fiscal year")
    saas = analyze(issue_case())
    assert cash_flow[1][:4] == ["FY2027 (0)", "250,000", "0", "-250,000"]
    assert cash_flow[-1][0] == "Total"
    assert cash_flow[-1][5] == f"{round(saas.npv):,}"  # the discounted total is the NPV
    assumptions = next(t for t in tables if t[0][0] == "Line" and "Ramp-up" in t[0])
    assert assumptions[1][0] == "Costs"  # group heading row
    subscription = next(row for row in assumptions if row[0].startswith("Subscription"))
    assert subscription[1:7] == ["90,000", "100,000", "130,000", "triangular", "FY2028–37", "3.0%"]
    simulation = next(t for t in tables if t[0] == ["Measure", "Value"] and "P10" in t[1][0])
    sim = report.options[0].simulation
    assert simulation[1][1] == money(sim.percentiles[10])
    assert simulation[5][1] == percent(sim.prob_npv_positive, 0)


def test_pdf_opens_and_holds_the_figures(report, charts):
    data = write_case_pdf(report, charts)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 6
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    saas = analyze(issue_case())
    assert "Online permitting" in flat and "City of Maple Falls" in flat
    assert money(saas.npv) in flat
    assert percent(saas.irr) in flat
    assert "not defined" in flat and "not within the horizon" in flat
    assert "This section has not been written yet." in flat
    assert money(report.options[0].simulation.percentiles[90]) in flat
    assert "seed 7" in flat
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Executive summary", "The Five Case Model"]
    assert "Option: SaaS product (recommended)" in outline
    assert reader.metadata.title == "Business case: Online permitting"


def test_documents_draw_their_own_charts_when_not_given(report):
    one = CaseReport(**{**report.__dict__, "options": report.options[:1]})
    assert write_case_pdf(one).startswith(b"%PDF-")
    assert len(Document(io.BytesIO(write_case_docx(one))).inline_shapes) == 4


def test_user_text_is_not_markup_in_the_pdf():
    report = build_report()
    odd = NarrativeSection("Strategic case", "Costs < $5 & benefits > $3 <b>not bold</b>")
    weird = CaseReport(**{**report.__dict__, "sections": (odd,), "title": "A & B <i>"})
    no_charts = [[] for _option in weird.options]
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(write_case_pdf(weird, no_charts))).pages
    )
    assert "Costs < $5 & benefits > $3 <b>not bold</b>" in " ".join(text.split())
