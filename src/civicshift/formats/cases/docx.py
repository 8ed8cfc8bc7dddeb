"""The business case as a Word document (.docx), ready for a council packet.

``write_case_docx(report)`` returns the document's bytes. Its contents, in order: a title page,
the executive summary, the Five Case narrative, the options compared, one chapter per option
(headline figures, assumptions, annual cash flow, charts, simulation, switching values) and a
note on methods. Every sentence and table comes from ``report``, so the PDF says the same.

Written with python-docx on its default template; the styles used (Title, Heading 1–3, Table
Grid) exist in Word and LibreOffice alike. The page setup, fonts, title page, tables, cells and
the page-number footer are the shared document layer's (``civicshift.formats.document.docx``);
this module lays out the business case.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from gettext import gettext as _

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

from civicshift.formats.cases.charts import Chart, report_charts
from civicshift.formats.cases.report import (
    CaseReport,
    OptionReport,
)
from civicshift.formats.cases.report_text import (
    Table,
    assumptions_table,
    cash_flow_table,
    comparison_table,
    executive_summary,
    headline_figures,
    methods_note,
    recommendation_note,
    schedule_tables,
    simulation_table,
    sure_sections,
    switching_table,
)
from civicshift.formats.document import docx as document_docx

TEXT_WIDTH = document_docx.TEXT_WIDTH


def _table(document, table: Table, *, width: float = TEXT_WIDTH, total_row: bool = False):
    return document_docx.write_table(document, table, width=width, total_row=total_row)


def _figures_table(document, figures: Sequence[tuple[str, str]]) -> None:
    table = Table(
        headers=(_("Measure"), _("Value")),
        rows=tuple(figures),
        numeric=(False, True),
        widths=(4.0, 1.8),
    )
    _table(document, table, width=5.0)


def _chart(document, chart: Chart) -> None:
    heading = document.add_paragraph()
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(10)
    run = heading.add_run(chart.title)
    run.bold = True
    picture = document.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    width = min(chart.width_inches, TEXT_WIDTH)
    shape = picture.add_run().add_picture(io.BytesIO(chart.png), width=Inches(width))
    shape._inline.docPr.set("descr", chart.summary)  # alternative text for screen readers
    shape._inline.docPr.set("title", chart.title)
    summary = document.add_paragraph()
    run = summary.add_run(chart.summary)
    run.italic = True
    run.font.size = Pt(9)


def _page_number_footer(section, text: str) -> None:
    document_docx.page_number_footer(section, text, _("page"))


def _title_page(document, report: CaseReport) -> None:
    facts = [
        _("Prepared {date}").format(
            date=f"{report.prepared_on:%B} {report.prepared_on.day}, {report.prepared_on.year}"
        ),
        _("Fiscal years {a}–{b}, discount rate {rate}").format(
            a=report.start_year, b=report.end_year, rate=f"{report.discount_rate:.1%}"
        ),
        _("CivicShift version {v} · simulation seed {seed}, {n} iterations").format(
            v=report.version, seed=report.seed, n=f"{report.iterations:,}"
        ),
    ]
    document_docx.title_page(
        document,
        kicker=_("Business case"),
        title=report.title,
        organization=report.organization,
        facts=facts,
    )


def _narrative(document, report: CaseReport) -> None:
    document.add_heading(_("The Five Case Model"), level=1)
    document.add_paragraph(
        _(
            "The business case follows HM Treasury's Five Case Model: why "
            "change (strategic), which option is best value (economic), can it "
            "be bought well (commercial), is it affordable (financial) and can "
            "it be delivered (management)."
        )
    )
    for section in report.sections:
        document.add_heading(section.title, level=2)
        if section.text.strip():
            for block in section.text.strip().split("\n\n"):
                document.add_paragraph(block.strip())
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(_("This section has not been written yet."))
        run.italic = True
        if section.guidance:
            paragraph.add_run(" " + _("It should answer: {q}").format(q=section.guidance))
        if section.facts:
            document.add_paragraph(_("What CivicShift already knows:"))
            for fact in section.facts:
                document.add_paragraph(fact, style="List Bullet")


def _option(document, report: CaseReport, option: OptionReport, charts: list[Chart]) -> None:
    title = _("Option: {name}").format(name=option.name)
    if option.recommended:
        title += _(" (recommended)")
    document.add_heading(title, level=1)
    if option.description:
        document.add_paragraph(option.description)
    if not option.ok:
        document.add_paragraph(
            _("The figures cannot be calculated: {problem}").format(problem=option.problem)
        )
        return
    document.add_heading(_("Headline figures"), level=2)
    _figures_table(document, headline_figures(report, option))
    document.add_heading(_("Assumptions"), level=2)
    _table(document, assumptions_table(report, option))
    document.add_heading(_("Annual cash flow"), level=2)
    _table(document, cash_flow_table(report, option), total_row=True)
    schedule = schedule_tables(report, option)
    if schedule:
        document.add_heading(_("Each line by fiscal year"), level=2)
        for table in schedule:
            _table(document, table)
    if charts:
        document.add_heading(_("Charts"), level=2)
        for chart in charts:
            _chart(document, chart)
    document.add_heading(_("How sure are the figures?"), level=2)
    for part in sure_sections(report, option):
        document.add_heading(part.title, level=3)
        for paragraph in part.paragraphs:
            document.add_paragraph(paragraph)
        if part.table is not None:
            _table(document, part.table)
    if sure_sections(report, option):
        document.add_heading(_("Uncertainty simulation"), level=3)
    simulation = simulation_table(report, option)
    if simulation is None:
        document.add_paragraph(_("The simulation was not run."))
    else:
        _table(document, simulation, width=5.0)
    document.add_heading(_("Switching values"), level=2)
    if option.switching:
        _table(document, switching_table(report, option))
    else:
        document.add_paragraph(_("No line counts in the NPV."))


def write_case_docx(report: CaseReport, charts: list[list[Chart]] | None = None) -> bytes:
    """The business case as .docx bytes. ``charts`` (from ``report_charts``) are drawn if not
    given."""
    charts = report_charts(report) if charts is None else charts
    document = document_docx.setup(
        title=_("Business case: {title}").format(title=report.title),
        author=report.organization,
        comments=_("Generated by CivicShift {v}, seed {seed}").format(
            v=report.version, seed=report.seed
        ),
    )
    properties = document.core_properties
    _title_page(document, report)
    _page_number_footer(document.sections[0], properties.title)

    document.add_heading(_("Executive summary"), level=1)
    for paragraph in executive_summary(report):
        document.add_paragraph(paragraph)
    note = recommendation_note(report)
    if note is not None:
        document.add_heading(note.title, level=2)
        for paragraph in note.paragraphs:
            document.add_paragraph(paragraph)
    document.add_heading(_("Options compared"), level=2)
    _table(document, comparison_table(report))

    _narrative(document, report)

    for option, option_charts in zip(report.options, charts, strict=True):
        document.add_section(WD_SECTION.NEW_PAGE)
        _option(document, report, option, option_charts)

    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_heading(_("Methods"), level=1)
    for paragraph in methods_note(report):
        document.add_paragraph(paragraph)

    return document_docx.save(document)
