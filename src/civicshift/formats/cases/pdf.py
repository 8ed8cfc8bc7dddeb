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
printed as text and cannot make the renderer read a file or the network. Text is set in DejaVu
Sans, the TrueType font matplotlib ships, embedded (subset); fontconfig supplies the glyphs it
lacks (emoji from Debian's fonts-noto-color-emoji, see the Makefile's ``pdf-packages``).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
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

#: The language of the document's own words (gettext's source language): the PDF's /Lang.
LANGUAGE = "en-US"
STYLESHEET = Path(__file__).with_name("pdf.css")
CHART_SCHEME = "civicshift-chart"
#: A table of at most this many rows is kept on one page (a longer one repeats its headings).
WHOLE_TABLE_ROWS = 12


# --- text as HTML ---------------------------------------------------------------------------


def _clean(value: str) -> str:
    """The text without control characters other than line breaks and tabs (HTML has no way
    to show them, and a NUL would end up as U+FFFD)."""
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )


def _escape(value: str) -> str:
    """Plain text as HTML: escaped (quotes too, so it is safe in an attribute), line breaks kept."""
    return html.escape(_clean(value).replace("\r\n", "\n"), quote=True).replace("\n", "<br>")


def _dir(value: str) -> str:
    """`` dir="rtl"`` when the text's first strong character is right-to-left (HTML's
    ``dir=auto`` rule, which WeasyPrint does not implement), so an Arabic or Hebrew paragraph
    reads from the right."""
    for ch in value:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return ""
        if kind in {"R", "AL"}:
            return ' dir="rtl"'
    return ""


def _element(tag: str, value: str, css_class: str = "", extra: str = "") -> str:
    attributes = (f' class="{css_class}"' if css_class else "") + _dir(value) + extra
    return f"<{tag}{attributes}>{_escape(value)}</{tag}>"


def _p(value: str, css_class: str = "") -> str:
    return _element("p", value, css_class)


def _css_string(value: str) -> str:
    """A CSS string literal: every character but letters, digits and spaces as a hex escape,
    so no quote, backslash or ``</style>`` in a title can end it."""
    escaped = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} "
        for ch in _clean(value).replace("\n", " ")
    )
    return f'"{escaped}"'


# --- blocks ---------------------------------------------------------------------------------


def _cell(value: str, tag: str, numeric: bool, extra: str = "") -> str:
    """A table cell; lines after the first (a category, how an amount was built) in grey."""
    first, *rest = _clean(value).split("\n")
    classes = ' class="num"' if numeric else ""
    content = html.escape(first, quote=True)
    for detail in rest:
        content += f'<br><span class="detail">{html.escape(detail, quote=True)}</span>'
    return f"<{tag}{classes}{_dir(value)}{extra}>{content}</{tag}>"


def _table(table: Table, *, css_class: str = "", total_row: bool = False) -> str:
    """A table with its column headings (TH, scope col) and each row's first cell as the row's
    heading (TH, scope row); group rows ("Costs") head a body of their own (scope rowgroup)."""
    total = sum(table.widths)
    columns = "".join(f'<col style="width: {w / total:.4%}">' for w in table.widths)
    head = "".join(
        _cell(h, "th", num, ' scope="col"')
        for h, num in zip(table.headers, table.numeric, strict=True)
    )
    bodies: list[list[str]] = [[]]
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        if index in table.group_rows:
            if bodies[-1]:
                bodies.append([])
            span = f' colspan="{len(table.headers)}" scope="rowgroup"'
            bodies[-1].append(f'<tr class="group">{_cell(values[0], "th", False, span)}</tr>')
            continue
        cells = [_cell(values[0], "th", table.numeric[0], ' scope="row"')]
        cells += [_cell(v, "td", num) for v, num in zip(values[1:], table.numeric[1:], strict=True)]
        row_class = ' class="total"' if total_row and index == last else ""
        bodies[-1].append(f"<tr{row_class}>{''.join(cells)}</tr>")
    body = "".join(f"<tbody>{''.join(rows)}</tbody>" for rows in bodies if rows)
    caption = _element("caption", table.caption) if table.caption else ""
    if len(table.rows) <= WHOLE_TABLE_ROWS:
        css_class = f"{css_class} whole".strip()
    classes = f' class="{css_class}"' if css_class else ""
    return (
        f"<table{classes}>{caption}<colgroup>{columns}</colgroup>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


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


def _section(heading: str, level: int, blocks: Iterable[str], css_class: str = "") -> str:
    classes = f' class="{css_class}"' if css_class else ""
    return f"<section{classes}>" + _element(f"h{level}", heading) + "".join(blocks) + "</section>"


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


@cache
def _font_faces() -> tuple[tuple[str, str, str, Path], ...]:
    """(weight, style, URL, file) of matplotlib's DejaVu Sans faces that exist."""
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return ()
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = (
        ("normal", "normal", "DejaVuSans.ttf"),
        ("bold", "normal", "DejaVuSans-Bold.ttf"),
        ("normal", "italic", "DejaVuSans-Oblique.ttf"),
        ("bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    )
    found = []
    for weight, style, name in faces:
        path = folder / name
        if path.is_file():
            found.append((weight, style, path.as_uri(), path))
    return tuple(found)


def _page_css(report: CaseReport) -> str:
    """The fonts and the footer ("Business case: … · page 3"), which depend on the report."""
    footer = _("Business case: {title}").format(title=report.title) + f" · {_('page')} "
    faces = "".join(
        f'@font-face {{ font-family: "CivicShift Sans"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{url}"); }}'
        for weight, style, url, _path in _font_faces()
    )
    return faces + f"@page {{ @bottom-center {{ content: {_css_string(footer)} counter(page); }} }}"


def _fetcher(resources: dict[str, tuple[bytes, str]]):
    """A WeasyPrint URL fetcher that serves ``resources`` and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in resources:
                raise ValueError(f"the business case PDF fetches nothing else: {url[:80]}")
            body, content_type = resources[url]
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return Fetcher(fail_on_errors=True)


def _th_scopes(_document, pdf) -> None:
    """Give each TH its /Scope: Column under THead, Row in a table body. (WeasyPrint links
    cells to their headers with /Headers and /ID; PDF/UA readers also read /Scope.)"""
    import pydyf

    objects = pdf.objects

    def parent(element):
        reference = element.get("P")
        if isinstance(reference, bytes):
            return objects[int(reference.split()[0])]
        return None

    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/TH":
            continue
        row = parent(element)
        group = parent(row) if row is not None else None
        in_head = group is not None and group.get("S") == "/THead"
        attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        attributes["Scope"] = "/Column" if in_head else "/Row"


def _margin_boxes_as_artifacts(_document, pdf) -> None:
    """Mark the running footer ("Business case: … · page 3", drawn in the @page margin boxes)
    as a pagination artifact, so screen readers do not read it on every page.

    WeasyPrint 70 tags the text of margin boxes like any other (``/Span <</MCID n>> BDC``)
    and builds structure elements for it that it then leaves out of the structure tree (its
    ``pdf/tags.py``: an artifact node in the tree needs PDF 2.0; Kozea/WeasyPrint#1836 is
    open). Content that is tagged but belongs to no element of the tree is neither real
    content nor an artifact (PDF/UA-1, ISO 14289-1 7.1; Matterhorn 01-005). So every marked
    sequence whose element is not reachable from the structure tree's root is rewritten as
    ``/Artifact <</Type /Pagination /Subtype /Footer>> BDC`` (ISO 32000-1 14.8.2.2.2,
    table 330: ``Subtype`` Header, Footer or Watermark, only with ``Type /Pagination``), and
    its entry in the page's parent tree is emptied. Footer: the only margin box the
    stylesheets draw is ``@bottom-center`` (pdf.css and ``_page_css``), so every such loose
    sequence is the footer."""
    import pydyf

    objects = pdf.objects

    def resolve(reference):
        if isinstance(reference, bytes):
            return objects[int(reference.split()[0])]
        return reference

    catalog_root = pdf.catalog.get("StructTreeRoot")
    if catalog_root is None:
        return
    root = resolve(catalog_root)
    reachable: set[int] = set()
    pending = list(root["K"])
    while pending:
        reference = pending.pop()
        element = resolve(reference)
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        if isinstance(reference, bytes):
            reachable.add(int(reference.split()[0]))
        kids = element.get("K", [])
        pending.extend(kids if isinstance(kids, list | tuple) else [kids])
    nums = resolve(root["ParentTree"])["Nums"]
    pages = {int(number): refs for number, refs in zip(nums[::2], nums[1::2], strict=True)}
    for number, page_reference in enumerate(pdf.page_references):
        refs = pages.get(number)
        if refs is None or isinstance(refs, bytes):  # an annotation's entry, not a page's
            continue
        loose = {
            mcid
            for mcid, ref in enumerate(refs)
            if isinstance(ref, bytes) and int(ref.split()[0]) not in reachable
        }
        if not loose:
            continue
        stream = resolve(resolve(page_reference)["Contents"]).stream
        for index in range(1, len(stream) - 1):
            properties = stream[index]
            if (
                isinstance(properties, pydyf.Dictionary)
                and properties.get("MCID") in loose
                and stream[index + 1] == b"BDC"
            ):
                refs[properties["MCID"]] = b"null"
                stream[index - 1] = "/Artifact"
                stream[index] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})


def _finish(document, pdf) -> None:
    _th_scopes(document, pdf)
    _margin_boxes_as_artifacts(document, pdf)


def write_case_pdf(report: CaseReport, charts: list[list[Chart]] | None = None) -> bytes:
    """The business case as tagged PDF bytes (PDF/UA-1). ``charts`` (from ``report_charts``)
    are drawn if not given."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    charts = report_charts(report) if charts is None else charts
    resources = {
        _chart_url(i, j): (chart.png, "image/png")
        for i, option_charts in enumerate(charts)
        for j, chart in enumerate(option_charts)
    }
    resources.update({url: (path.read_bytes(), "font/ttf") for _w, _s, url, path in _font_faces()})
    fetcher = _fetcher(resources)
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher, font_config=fonts),
        CSS(string=_page_css(report), url_fetcher=fetcher, font_config=fonts),
    ]
    document = HTML(string=case_html(report, charts), url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        finisher=_finish,
    )
