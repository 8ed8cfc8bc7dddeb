"""The business case as a Word document (.docx), ready for a council packet.

``write_case_docx(report)`` returns the document's bytes. Its contents, in order: a title page,
the executive summary, the Five Case narrative, the options compared, one chapter per option
(headline figures, assumptions, annual cash flow, charts, simulation, switching values) and a
note on methods. Every sentence and table comes from ``report``, so the PDF says the same.

Written with python-docx on its default template; the styles used (Title, Heading 1–3, Table
Grid) exist in Word and LibreOffice alike.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from gettext import gettext as _

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

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

MARGIN = 0.8  # inches
TEXT_WIDTH = 8.5 - 2 * MARGIN  # inches between the margins of a letter page
HEADER_FILL = "DCE4EF"
GROUP_FILL = "F1F3F6"
FONT = "Calibri"  # LibreOffice shows it with the metric-compatible Carlito
MUTED = RGBColor(0x55, 0x55, 0x55)


def _set_cell_fill(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _write_cell(
    cell, text: str, *, bold: bool = False, right: bool = False, size: float = 8.5
) -> None:
    first, *rest = text.split("\n")
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(first)
    run.bold = bold
    run.font.size = Pt(size)
    for extra in rest:  # second lines (category, how an amount was built) in grey
        run.add_break()
        run = paragraph.add_run(extra)
        run.font.size = Pt(size - 1)
        run.font.color.rgb = MUTED


def _cell_margins(grid) -> None:
    properties = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 25), ("left", 70), ("bottom", 25), ("right", 70)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def _table(document, table: Table, *, width: float = TEXT_WIDTH, total_row: bool = False):
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _cell_margins(grid)
    scale = width / sum(table.widths)
    widths = [Inches(w * scale) for w in table.widths]
    header = grid.rows[0]
    _repeat_header(header)
    for cell, text, numeric, w in zip(
        header.cells, table.headers, table.numeric, widths, strict=True
    ):
        cell.width = w
        _set_cell_fill(cell, HEADER_FILL)
        _write_cell(cell, text, bold=True, right=numeric)
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        row = grid.add_row()
        _keep_row_together(row)
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
        if index in table.group_rows:
            merged = row.cells[0].merge(row.cells[-1])
            _set_cell_fill(merged, GROUP_FILL)
            _write_cell(merged, values[0], bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # never ends a page
            continue
        bold = total_row and index == last
        for cell, text, numeric in zip(row.cells, values, table.numeric, strict=True):
            _write_cell(cell, text, right=numeric, bold=bold)
    for column, w in zip(grid.columns, widths, strict=True):
        column.width = w
    if table.caption:
        note = document.add_paragraph()
        note.paragraph_format.space_before = Pt(3)
        run = note.add_run(table.caption)
        run.italic = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = MUTED
    return grid


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
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{text} · {_('page')} ")
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    number_properties = OxmlElement("w:rPr")
    number_size = OxmlElement("w:sz")
    number_size.set(qn("w:val"), "16")  # half-points: 8 pt, as the text before it
    number_properties.append(number_size)
    number.append(number_properties)
    number_text = OxmlElement("w:t")
    number_text.text = "1"
    number.append(number_text)
    field.append(number)
    paragraph._p.append(field)


def _title_page(document, report: CaseReport) -> None:
    for _i in range(6):
        document.add_paragraph()
    kicker = document.add_paragraph()
    run = kicker.add_run(_("Business case"))
    run.font.size = Pt(14)
    run.font.color.rgb = MUTED
    document.add_paragraph(report.title, style="Title")
    organization = document.add_paragraph()
    run = organization.add_run(report.organization)
    run.font.size = Pt(16)
    document.add_paragraph()
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
    for fact in facts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(fact)
        run.font.color.rgb = MUTED
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


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
    document = Document()
    properties = document.core_properties
    properties.title = _("Business case: {title}").format(title=report.title)
    properties.author = report.organization
    properties.comments = _("Generated by CivicShift {v}, seed {seed}").format(
        v=report.version, seed=report.seed
    )
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = Inches(MARGIN)
        section.top_margin = section.bottom_margin = Inches(0.9)
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

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
