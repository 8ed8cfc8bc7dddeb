"""The business case as a PDF, ready for a council packet (the same contents as the Word file).

``write_case_pdf(report)`` returns the PDF's bytes: title page, executive summary, the Five Case
narrative, the options compared, a chapter per option with its tables and charts, and a note on
methods, with bookmarks for each chapter and page numbers in the footer.

Written with ReportLab's platypus (pure Python). Text is set in DejaVu Sans, the TrueType font
matplotlib ships (so every character a user may type is covered and embedded); Helvetica is the
fallback when that font file cannot be found.
"""

from __future__ import annotations

import io
from functools import cache
from gettext import gettext as _
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import (
    Table as PdfTable,
)
from reportlab.platypus import (
    TableStyle as PdfTableStyle,
)

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
    simulation_table,
    switching_table,
)

MARGIN = 0.8 * inch
TEXT_WIDTH = LETTER[0] - 2 * MARGIN
HEADER_FILL = colors.HexColor("#DCE4EF")
GRID = colors.HexColor("#9AA5B1")
GROUP_FILL = colors.HexColor("#F1F3F6")
MUTED = colors.HexColor("#555555")


@cache
def _fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names, registering DejaVu Sans when it is available."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = {
            "CS-Regular": "DejaVuSans.ttf",
            "CS-Bold": "DejaVuSans-Bold.ttf",
            "CS-Italic": "DejaVuSans-Oblique.ttf",
        }
        for name, filename in faces.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            "CS-Regular",
            normal="CS-Regular",
            bold="CS-Bold",
            italic="CS-Italic",
            boldItalic="CS-Bold",
        )
        return "CS-Regular", "CS-Bold", "CS-Italic"
    except (ImportError, OSError, TTFError):  # no matplotlib, or a missing or damaged font file
        # (not a broad except: a MemoryError or a bug must not pass for "no font")
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "body": base,
        "kicker": ParagraphStyle("kicker", base, fontSize=14, leading=18, textColor=MUTED),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=26, leading=31, spaceAfter=12
        ),
        "org": ParagraphStyle("org", base, fontSize=16, leading=20, spaceAfter=24),
        "fact": ParagraphStyle("fact", base, textColor=MUTED, spaceAfter=2),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=bold,
            fontSize=17,
            leading=21,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1B3A5C"),
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=colors.HexColor("#1B3A5C"),
        ),
        "h3": ParagraphStyle(
            "h3", base, fontName=bold, fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=3
        ),
        "note": ParagraphStyle(
            "note", base, fontName=italic, fontSize=8.5, leading=11, textColor=MUTED, spaceBefore=3
        ),
        "italic": ParagraphStyle("italic", base, fontName=italic),
        "bullet": ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=4),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "cell_right": ParagraphStyle(
            "cell_right", base, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=8, leading=10, spaceAfter=0),
        "head_right": ParagraphStyle(
            "head_right",
            base,
            fontName=bold,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            alignment=TA_RIGHT,
        ),
    }


def _text(value: str) -> str:
    """Plain text as platypus markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _cell_text(value: str) -> str:
    first, *rest = value.split("\n")
    markup = escape(first)
    for extra in rest:
        markup += f'<br/><font size="7" color="#555555">{escape(extra)}</font>'
    return markup


class _Heading(Paragraph):
    """A heading that becomes a PDF bookmark (see ``_heading`` for the page break rule)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(_text(text), style)
        self.outline_text = text
        self.outline_level = level


def _heading(text: str, styles, level: int) -> list:
    """A heading, on a new page when less than ~1.8 inches are left (so it is never stranded
    at the foot of a page, and a long table after it may still start on the same page)."""
    style = styles["h1" if level == 0 else "h2"]
    return [CondPageBreak(1.8 * inch), _Heading(text, style, level)]


class _Document(BaseDocTemplate):
    def __init__(self, buffer, report: CaseReport, footer: str) -> None:
        super().__init__(
            buffer,
            pagesize=LETTER,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=0.9 * inch,
            bottomMargin=0.9 * inch,
            title=_("Business case: {title}").format(title=report.title),
            author=report.organization,
            subject=_("Business case"),
            creator=f"CivicShift {report.version}",
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.footer = footer
        self.addPageTemplates(
            [
                PageTemplate(id="title", frames=[frame]),
                PageTemplate(id="body", frames=[frame], onPage=self._footer),
            ]
        )
        self._bookmarks = 0

    def _footer(self, canvas, doc) -> None:
        regular = _fonts()[0]
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(
            LETTER[0] / 2, 0.5 * inch, f"{self.footer} · {_('page')} {doc.page}"
        )
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Heading):
            key = f"h{self._bookmarks}"
            self._bookmarks += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)


def _table(table: Table, styles, *, width: float = TEXT_WIDTH, total_row: bool = False) -> list:
    header = [
        Paragraph(_text(h), styles["head_right" if num else "head"])
        for h, num in zip(table.headers, table.numeric, strict=True)
    ]
    rows = [header]
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        bold = (total_row and index == last) or index in table.group_rows
        rows.append(
            [
                Paragraph(
                    _cell_text(v), styles[("head" if bold else "cell") + ("_right" if num else "")]
                )
                for v, num in zip(values, table.numeric, strict=True)
            ]
        )
    scale = width / sum(table.widths)
    grid = PdfTable(rows, colWidths=[w * scale for w in table.widths], repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    for index in table.group_rows:  # a group heading never ends a page
        commands += [
            ("SPAN", (0, index + 1), (-1, index + 1)),
            ("BACKGROUND", (0, index + 1), (-1, index + 1), GROUP_FILL),
            ("NOSPLIT", (0, index + 1), (-1, min(index + 2, len(table.rows)))),
        ]
    grid.setStyle(PdfTableStyle(commands))
    flowables: list = [grid]
    if table.caption:
        flowables.append(Paragraph(_text(table.caption), styles["note"]))
    flowables.append(Spacer(1, 6))
    return flowables


def _chart(chart: Chart, styles, heading: list | None = None) -> KeepTogether:
    """A chart with its title and summary, kept on one page (with ``heading`` if given)."""
    width = min(chart.width_inches * inch, TEXT_WIDTH)
    height = width * chart.height_inches / chart.width_inches
    return KeepTogether(
        [
            *(heading or []),
            Paragraph(_text(chart.title), styles["h3"]),
            Image(io.BytesIO(chart.png), width=width, height=height),
            Paragraph(_text(chart.summary), styles["note"]),
            Spacer(1, 6),
        ]
    )


def _title_page(report: CaseReport, styles) -> list:
    date = report.prepared_on
    facts = [
        _("Prepared {date}").format(date=f"{date:%B} {date.day}, {date.year}"),
        _("Fiscal years {a}–{b}, discount rate {rate}").format(
            a=report.start_year, b=report.end_year, rate=f"{report.discount_rate:.1%}"
        ),
        _("CivicShift version {v} · simulation seed {seed}, {n} iterations").format(
            v=report.version, seed=report.seed, n=f"{report.iterations:,}"
        ),
    ]
    return [
        Spacer(1, 2.2 * inch),
        Paragraph(_text(_("Business case")), styles["kicker"]),
        Paragraph(_text(report.title), styles["title"]),
        Paragraph(_text(report.organization), styles["org"]),
        *(Paragraph(_text(fact), styles["fact"]) for fact in facts),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _narrative(report: CaseReport, styles) -> list:
    story: list = [
        _Heading(_("The Five Case Model"), styles["h1"], 0),
        Paragraph(
            _text(
                _(
                    "The business case follows HM Treasury's Five Case Model: why change "
                    "(strategic), which option is best value (economic), can it be "
                    "bought well (commercial), is it affordable (financial) and can it "
                    "be delivered (management)."
                )
            ),
            styles["body"],
        ),
    ]
    for section in report.sections:
        story += _heading(section.title, styles, 1)
        if section.text.strip():
            story += [
                Paragraph(_text(block.strip()), styles["body"])
                for block in section.text.strip().split("\n\n")
            ]
            continue
        missing = f"<i>{escape(_('This section has not been written yet.'))}</i>"
        if section.guidance:
            missing += " " + escape(_("It should answer: {q}").format(q=section.guidance))
        story.append(Paragraph(missing, styles["body"]))
        if section.facts:
            story.append(Paragraph(_text(_("What CivicShift already knows:")), styles["body"]))
            story += [
                Paragraph(_text(fact), styles["bullet"], bulletText="•") for fact in section.facts
            ]
    return story


def _option(report: CaseReport, option: OptionReport, charts: list[Chart], styles) -> list:
    title = _("Option: {name}").format(name=option.name)
    if option.recommended:
        title += _(" (recommended)")
    story: list = [PageBreak(), _Heading(title, styles["h1"], 0)]
    if option.description:
        story.append(Paragraph(_text(option.description), styles["body"]))
    if not option.ok:
        story.append(
            Paragraph(
                _text(
                    _("The figures cannot be calculated: {problem}").format(problem=option.problem)
                ),
                styles["body"],
            )
        )
        return story
    figures = Table(
        headers=(_("Measure"), _("Value")),
        rows=tuple(headline_figures(report, option)),
        numeric=(False, True),
        widths=(4.0, 1.8),
    )
    story += [
        *_heading(_("Headline figures"), styles, 1),
        *_table(figures, styles, width=4.5 * inch),
    ]
    story += [
        *_heading(_("Assumptions"), styles, 1),
        *_table(assumptions_table(report, option), styles),
    ]
    story += [
        *_heading(_("Annual cash flow"), styles, 1),
        *_table(cash_flow_table(report, option), styles, total_row=True),
    ]
    if charts:
        heading = [_Heading(_("Charts"), styles["h2"], 1)]
        story += [
            _chart(chart, styles, heading if i == 0 else None) for i, chart in enumerate(charts)
        ]
    story += _heading(_("How sure are the figures?"), styles, 1)
    simulation = simulation_table(report, option)
    if simulation is None:
        story.append(Paragraph(_text(_("The simulation was not run.")), styles["body"]))
    else:
        story += _table(simulation, styles, width=5.0 * inch)
    story += _heading(_("Switching values"), styles, 1)
    if option.switching:
        story += _table(switching_table(report, option), styles)
    else:
        story.append(Paragraph(_text(_("No line counts in the NPV.")), styles["body"]))
    return story


def write_case_pdf(report: CaseReport, charts: list[list[Chart]] | None = None) -> bytes:
    """The business case as PDF bytes. ``charts`` (from ``report_charts``) are drawn if not
    given."""
    charts = report_charts(report) if charts is None else charts
    styles = _styles()
    buffer = io.BytesIO()
    footer = _("Business case: {title}").format(title=report.title)
    document = _Document(buffer, report, footer)
    story = _title_page(report, styles)
    story.append(_Heading(_("Executive summary"), styles["h1"], 0))
    story += [Paragraph(_text(p), styles["body"]) for p in executive_summary(report)]
    story += _heading(_("Options compared"), styles, 1)
    story += _table(comparison_table(report), styles)
    story += _narrative(report, styles)
    for option, option_charts in zip(report.options, charts, strict=True):
        story += _option(report, option, option_charts, styles)
    story += [PageBreak(), _Heading(_("Methods"), styles["h1"], 0)]
    story += [Paragraph(_text(p), styles["body"]) for p in methods_note(report)]
    document.build(story)
    return buffer.getvalue()
