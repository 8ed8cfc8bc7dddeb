"""The business case as a tagged PDF, ready for a council packet (the same contents as the Word
file).

``write_case_pdf(report)`` returns the PDF's bytes: title page, executive summary, the Five Case
narrative, the options compared, a chapter per option with its tables and charts, and a note on
methods, with bookmarks for the chapters (H1) and their parts (H2) and page numbers in the footer.

The report is written as HTML (``case_html``) and printed by WeasyPrint as PDF/UA-1: the PDF
carries a structure tree for assistive technology (ADA Title II covers documents a city posts,
and council packets are posted): headings H1–H3 in order, tables whose header cells are TH (a
column's heading, and each row's first cell as the row's heading, with their /Scope), charts as
Figure elements whose alternative text is the chart's one-sentence summary, the document's title
(shown by viewers instead of the file name) and language, in reading order.

Every piece of user text is escaped (``html.escape``) and nothing outside this module is fetched:
the fetcher serves only the chart images and the font files, so a line named ``<img src=…>`` is
printed as text and cannot make the renderer read a file or the network. The escaping, tables,
fetcher, fonts, footer and the structure tree's finishing touches are the shared document
layer's (``civicshift.formats.document.pdf``); this module lays out the business case. Text is
set in DejaVu Sans, the TrueType font matplotlib ships, embedded (subset); fontconfig supplies
the glyphs it lacks (emoji from Debian's fonts-noto-color-emoji, see the Makefile's
``pdf-packages``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from gettext import gettext as _
from pathlib import Path

from civicshift.formats.cases.charts import Chart, report_charts
from civicshift.formats.cases.report import CaseReport, OptionReport
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
from civicshift.formats.document import pdf as document_pdf

#: The language of the document's own words (gettext's source language): the PDF's /Lang.
LANGUAGE = "en-US"
#: What the business case adds to the shared stylesheet (formats/document/pdf.css): charts.
STYLESHEET = Path(__file__).with_name("pdf.css")
CHART_SCHEME = "civicshift-chart"


# The shared pieces (formats/document/pdf.py), under the names this module has always used.
_clean = document_pdf.clean
_escape = document_pdf.escape
_dir = document_pdf.dir_attr
_element = document_pdf.element
_p = document_pdf.paragraph
_css_string = document_pdf.css_string
_cell = document_pdf.cell
_section = document_pdf.section


def _table(table: Table, *, css_class: str = "", total_row: bool = False) -> str:
    return document_pdf.table_html(table, css_class=css_class, total_row=total_row)


# --- blocks ---------------------------------------------------------------------------------


def _chart(chart: Chart, source: str) -> str:
    """A chart: its title (H3), the image (a Figure whose alternative text is the summary) and
    the summary printed below it, kept on one page."""
    width = min(chart.width_inches, 6.9)
    return (
        '<div class="chart">'
        + _element("h3", chart.title)
        + f'<img src="{source}" alt="{html.escape(_clean(chart.summary), quote=True)}" '
        f'style="width: {width:.2f}in">' + _p(chart.summary, "note") + "</div>"
    )


# --- the document's parts -------------------------------------------------------------------


def _title_page(report: CaseReport) -> str:
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
    return (
        '<section class="title-page">'
        + _p(_("Business case"), "kicker")
        + _p(report.title, "title")
        + _p(report.organization, "organization")
        + "".join(_p(fact, "fact") for fact in facts)
        + "</section>"
    )


def _summary(report: CaseReport) -> str:
    parts = [_p(p) for p in executive_summary(report)]
    note = recommendation_note(report)
    if note is not None:
        parts.append(_section(note.title, 2, [_p(p) for p in note.paragraphs]))
    parts.append(_section(_("Options compared"), 2, [_table(comparison_table(report))]))
    return _section(_("Executive summary"), 1, parts)


def _narrative(report: CaseReport) -> str:
    parts = [
        _p(
            _(
                "The business case follows HM Treasury's Five Case Model: why change "
                "(strategic), which option is best value (economic), can it be "
                "bought well (commercial), is it affordable (financial) and can it "
                "be delivered (management)."
            )
        )
    ]
    for section in report.sections:
        if section.text.strip():
            blocks = [_p(b.strip()) for b in section.text.strip().split("\n\n") if b.strip()]
        else:
            unwritten = _escape(_("This section has not been written yet."))
            missing = f'<span class="missing">{unwritten}</span>'
            if section.guidance:
                missing += " " + _escape(_("It should answer: {q}").format(q=section.guidance))
            blocks = [f"<p>{missing}</p>"]
            if section.facts:
                blocks.append(_p(_("What CivicShift already knows:")))
                blocks.append(
                    "<ul>" + "".join(_element("li", fact) for fact in section.facts) + "</ul>"
                )
        parts.append(_section(section.title, 2, blocks))
    return _section(_("The Five Case Model"), 1, parts)


def _option(report: CaseReport, option: OptionReport, charts: Sequence[str]) -> str:
    title = _("Option: {name}").format(name=option.name)
    if option.recommended:
        title += _(" (recommended)")
    parts = [_p(option.description)] if option.description else []
    if not option.ok:
        parts.append(
            _p(_("The figures cannot be calculated: {problem}").format(problem=option.problem))
        )
        return _section(title, 1, parts, "chapter-break")
    figures = Table(
        headers=(_("Measure"), _("Value")),
        rows=tuple(headline_figures(report, option)),
        numeric=(False, True),
        widths=(4.0, 1.8),
    )
    parts.append(_section(_("Headline figures"), 2, [_table(figures, css_class="narrow")]))
    parts.append(_section(_("Assumptions"), 2, [_table(assumptions_table(report, option))]))
    cash_flow = _table(cash_flow_table(report, option), total_row=True)
    parts.append(_section(_("Annual cash flow"), 2, [cash_flow]))
    schedule = schedule_tables(report, option)
    if schedule:
        parts.append(_section(_("Each line by fiscal year"), 2, [_table(t) for t in schedule]))
    if charts:
        parts.append(_section(_("Charts"), 2, charts))
    # The same parts, in the same order, as the Word file (docx._option).
    sure = [
        _section(
            part.title,
            3,
            [_p(text) for text in part.paragraphs]
            + ([_table(part.table)] if part.table is not None else []),
        )
        for part in sure_sections(report, option)
    ]
    simulation = simulation_table(report, option)
    simulated = (
        _p(_("The simulation was not run."))
        if simulation is None
        else _table(simulation, css_class="medium")
    )
    sure.append(_section(_("Uncertainty simulation"), 3, [simulated]) if sure else simulated)
    parts.append(_section(_("How sure are the figures?"), 2, sure))
    switching = (
        _table(switching_table(report, option))
        if option.switching
        else _p(_("No line counts in the NPV."))
    )
    parts.append(_section(_("Switching values"), 2, [switching]))
    return _section(title, 1, parts, "chapter-break")


def _chart_url(option: int, chart: int) -> str:
    return f"{CHART_SCHEME}:{option}-{chart}.png"


def case_html(report: CaseReport, charts: list[list[Chart]]) -> str:
    """The whole business case as one HTML document (the charts referred to by
    ``civicshift-chart:`` addresses that ``write_case_pdf`` serves)."""
    title = _("Business case: {title}").format(title=report.title)
    options = "".join(
        _option(report, option, [_chart(c, _chart_url(i, j)) for j, c in enumerate(option_charts)])
        for i, (option, option_charts) in enumerate(zip(report.options, charts, strict=True))
    )
    methods = _section(_("Methods"), 1, [_p(p) for p in methods_note(report)], "chapter-break")
    meta = "".join(
        f'<meta name="{name}" content="{html.escape(_clean(value), quote=True)}">'
        for name, value in (
            ("author", report.organization),
            ("description", _("Business case")),
            ("generator", f"CivicShift {report.version}"),
        )
    )
    return (
        f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">'
        f"<title>{html.escape(_clean(title))}</title>{meta}</head><body>"
        + _title_page(report)
        + _summary(report)
        + _narrative(report)
        + options
        + methods
        + "</body></html>"
    )


# --- printing -------------------------------------------------------------------------------


def _page_css(report: CaseReport) -> str:
    """The fonts and the footer ("Business case: … · page 3"), which depend on the report."""
    return document_pdf.page_css(_("Business case: {title}").format(title=report.title), _("page"))


def write_case_pdf(report: CaseReport, charts: list[list[Chart]] | None = None) -> bytes:
    """The business case as tagged PDF bytes (PDF/UA-1). ``charts`` (from ``report_charts``)
    are drawn if not given."""
    charts = report_charts(report) if charts is None else charts
    resources = {
        _chart_url(i, j): (chart.png, "image/png")
        for i, option_charts in enumerate(charts)
        for j, chart in enumerate(option_charts)
    }
    return document_pdf.print_pdf(
        case_html(report, charts),
        footer_css=_page_css(report),
        resources=resources,
        extra_css=[STYLESHEET.read_text(encoding="utf-8")],
        what="the business case PDF",
    )
