"""Documents as tagged PDF (PDF/UA-1), printed from HTML by WeasyPrint.

``write_pdf(document)`` prints a :class:`~civicshift.formats.document.blocks.Document`;
``print_pdf(html, ...)`` prints any HTML written with the helpers here (the business case's
writer, ``formats/cases/pdf.py``, does that for its charts). What every CivicShift PDF shares
lives here once:

- text as HTML: ``clean`` (no control characters), ``escape`` (quotes too, line breaks kept),
  ``dir_attr`` (right-to-left paragraphs), ``element``, ``css_string`` (a title inside CSS);
- tables whose header cells are TH: the column headings (scope col) and, with
  ``row_headers``, each row's first cell (scope row); group rows head a body (scope rowgroup);
- the structure tree's finishing touches WeasyPrint leaves out: ``th_scopes`` (/Scope of each
  TH) and ``margin_boxes_as_artifacts`` (the running footer as a pagination artifact);
- the fonts (``font_faces``: matplotlib's DejaVu Sans, embedded and subset) and a URL fetcher
  (``url_fetcher``) that serves only the resources given and refuses everything else, so a
  name like ``<img src="file:///etc/passwd">`` is printed as text and makes the renderer read
  no file and no network address.

The PDF carries a structure tree for assistive technology (ADA Title II covers documents a city
posts): headings H1–H3 in order, tables with TH cells and their /Scope, the document's title
(shown by viewers instead of the file name) and language, in reading order.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from civicshift.formats.document.blocks import (
    BulletList,
    Document,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    check_headings,
)

STYLESHEET = Path(__file__).with_name("pdf.css")
#: A table of at most this many rows is kept on one page (a longer one repeats its headings).
WHOLE_TABLE_ROWS = 12


# --- text as HTML ---------------------------------------------------------------------------


def clean(value: str) -> str:
    """The text without control characters other than line breaks and tabs (HTML has no way
    to show them, and a NUL would end up as U+FFFD)."""
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )


def escape(value: str) -> str:
    """Plain text as HTML: escaped (quotes too, so it is safe in an attribute), line breaks kept."""
    return html.escape(clean(value).replace("\r\n", "\n"), quote=True).replace("\n", "<br>")


def dir_attr(value: str) -> str:
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


def element(tag: str, value: str, css_class: str = "", extra: str = "") -> str:
    attributes = (f' class="{css_class}"' if css_class else "") + dir_attr(value) + extra
    return f"<{tag}{attributes}>{escape(value)}</{tag}>"


def paragraph(value: str, css_class: str = "") -> str:
    return element("p", value, css_class)


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(element("li", item) for item in items) + "</ul>"


def section(heading: str, level: int, blocks: Iterable[str], css_class: str = "") -> str:
    classes = f' class="{css_class}"' if css_class else ""
    return f"<section{classes}>" + element(f"h{level}", heading) + "".join(blocks) + "</section>"


def css_string(value: str) -> str:
    """A CSS string literal: every character but letters, digits and spaces as a hex escape,
    so no quote, backslash or ``</style>`` in a title can end it."""
    escaped = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} "
        for ch in clean(value).replace("\n", " ")
    )
    return f'"{escaped}"'


# --- tables ---------------------------------------------------------------------------------


def cell(value: str, tag: str, numeric: bool, extra: str = "") -> str:
    """A table cell; lines after the first (a category, how an amount was built) in grey."""
    first, *rest = clean(value).split("\n")
    classes = ' class="num"' if numeric else ""
    content = html.escape(first, quote=True)
    for detail in rest:
        content += f'<br><span class="detail">{html.escape(detail, quote=True)}</span>'
    return f"<{tag}{classes}{dir_attr(value)}{extra}>{content}</{tag}>"


def table_html(table: Table, *, css_class: str = "", total_row: bool | None = None) -> str:
    """A table with its column headings (TH, scope col) and, with ``row_headers``, each row's
    first cell as the row's heading (TH, scope row); group rows ("Costs") head a body of their
    own (scope rowgroup). ``total_row`` overrides the table's own flag."""
    total_row = table.total_row if total_row is None else total_row
    total = sum(table.widths)
    columns = "".join(f'<col style="width: {w / total:.4%}">' for w in table.widths)
    head = "".join(
        cell(h, "th", num, ' scope="col"')
        for h, num in zip(table.headers, table.numeric, strict=True)
    )
    bodies: list[list[str]] = [[]]
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        if index in table.group_rows:
            if bodies[-1]:
                bodies.append([])
            span = f' colspan="{len(table.headers)}" scope="rowgroup"'
            bodies[-1].append(f'<tr class="group">{cell(values[0], "th", False, span)}</tr>')
            continue
        if table.row_headers:
            cells = [cell(values[0], "th", table.numeric[0], ' scope="row"')]
            rest = zip(values[1:], table.numeric[1:], strict=True)
        else:
            cells = []
            rest = zip(values, table.numeric, strict=True)
        cells += [cell(v, "td", num) for v, num in rest]
        row_class = ' class="total"' if total_row and index == last else ""
        bodies[-1].append(f"<tr{row_class}>{''.join(cells)}</tr>")
    body = "".join(f"<tbody>{''.join(rows)}</tbody>" for rows in bodies if rows)
    caption = element("caption", table.caption) if table.caption else ""
    if len(table.rows) <= WHOLE_TABLE_ROWS:
        css_class = f"{css_class} whole".strip()
    classes = f' class="{css_class}"' if css_class else ""
    return (
        f"<table{classes}>{caption}<colgroup>{columns}</colgroup>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


# --- a Document as HTML ---------------------------------------------------------------------


def title_page_html(document: Document) -> str:
    parts = [paragraph(document.kicker, "kicker")] if document.kicker else []
    parts.append(paragraph(document.heading or document.title, "title"))
    parts.append(paragraph(document.organization, "organization"))
    parts += [paragraph(fact, "fact") for fact in document.facts]
    return '<section class="title-page">' + "".join(parts) + "</section>"


def blocks_html(blocks: Sequence, words: dict[str, str] | None = None) -> str:
    """The blocks in order; a heading opens a section that holds what follows it up to the
    next heading of its level or higher (so the tags nest as the outline does). ``words``:
    the document's localised "measure" and "value" (the key figures' column headings)."""
    check_headings(blocks)
    words = words or {}
    out: list[str] = []
    open_levels: list[int] = []
    words_classes = {"note": "note", "strong": "strong"}
    for block in blocks:
        if isinstance(block, Heading):
            while open_levels and open_levels[-1] >= block.level:
                out.append("</section>")
                open_levels.pop()
            css = ' class="chapter-break"' if block.new_page else ""
            out.append(f"<section{css}>" + element(f"h{block.level}", block.text))
            open_levels.append(block.level)
        elif isinstance(block, Paragraph):
            out.append(paragraph(block.text, words_classes.get(block.style, "")))
        elif isinstance(block, BulletList):
            out.append(bullet_list(block.items))
        elif isinstance(block, Table):
            out.append(table_html(block, css_class="narrow" if block.narrow else ""))
        elif isinstance(block, KeyFigures):
            table = block.as_table(words.get("measure", "Measure"), words.get("value", "Value"))
            out.append(table_html(table, css_class="figures"))
        elif isinstance(block, PageBreak):
            out.append('<div class="page-break"></div>')
        else:  # pragma: no cover - a new block kind without its writer
            raise TypeError(f"no PDF writer for {type(block).__name__}")
    out.extend("</section>" for _level in open_levels)
    return "".join(out)


def head_html(document: Document) -> str:
    meta = "".join(
        f'<meta name="{name}" content="{html.escape(clean(value), quote=True)}">'
        for name, value in (
            ("author", document.organization),
            ("description", document.description or document.title),
            ("generator", document.generator),
        )
    )
    return (
        f'<!DOCTYPE html><html lang="{html.escape(document.language, quote=True)}"><head>'
        f'<meta charset="utf-8"><title>{html.escape(clean(document.title))}</title>{meta}'
        "</head>"
    )


def document_html(document: Document) -> str:
    """The whole document as one HTML page, title page first."""
    return (
        head_html(document)
        + "<body>"
        + title_page_html(document)
        + blocks_html(document.blocks, document.words)
        + "</body></html>"
    )


# --- printing -------------------------------------------------------------------------------


@cache
def font_faces() -> tuple[tuple[str, str, str, Path], ...]:
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


def font_resources() -> dict[str, tuple[bytes, str]]:
    """The font files, by the URL the stylesheet names them with, for ``url_fetcher``."""
    return {url: (path.read_bytes(), "font/ttf") for _w, _s, url, path in font_faces()}


def page_css(footer: str, page_word: str = "page") -> str:
    """The fonts and the footer ("Award recommendation: … · page 3")."""
    text = f"{footer} · {page_word} "
    faces = "".join(
        f'@font-face {{ font-family: "CivicShift Sans"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{url}"); }}'
        for weight, style, url, _path in font_faces()
    )
    return faces + f"@page {{ @bottom-center {{ content: {css_string(text)} counter(page); }} }}"


def url_fetcher(resources: dict[str, tuple[bytes, str]], what: str = "this PDF"):
    """A WeasyPrint URL fetcher that serves ``resources`` (URL → (bytes, content type)) and
    refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in resources:
                raise ValueError(f"{what} fetches nothing else: {url[:80]}")
            body, content_type = resources[url]
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return Fetcher(fail_on_errors=True)


def th_scopes(_document, pdf) -> None:
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


def margin_boxes_as_artifacts(_document, pdf) -> None:
    """Mark the running footer (drawn in the @page margin boxes) as a pagination artifact, so
    screen readers do not read it on every page.

    WeasyPrint 70 tags the text of margin boxes like any other (``/Span <</MCID n>> BDC``)
    and builds structure elements for it that it then leaves out of the structure tree (its
    ``pdf/tags.py``: an artifact node in the tree needs PDF 2.0; Kozea/WeasyPrint#1836 is
    open). Content that is tagged but belongs to no element of the tree is neither real
    content nor an artifact (PDF/UA-1, ISO 14289-1 7.1; Matterhorn 01-005). So every marked
    sequence whose element is not reachable from the structure tree's root is rewritten as
    ``/Artifact <</Type /Pagination /Subtype /Footer>> BDC`` (ISO 32000-1 14.8.2.2.2,
    table 330: ``Subtype`` Header, Footer or Watermark, only with ``Type /Pagination``), and
    its entry in the page's parent tree is emptied. Footer: the only margin box the
    stylesheets draw is ``@bottom-center`` (pdf.css and ``page_css``), so every such loose
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


def finish(document, pdf) -> None:
    """WeasyPrint's ``finisher``: the TH scopes and the footer as an artifact."""
    th_scopes(document, pdf)
    margin_boxes_as_artifacts(document, pdf)


def print_pdf(
    html_text: str,
    *,
    footer_css: str,
    resources: dict[str, tuple[bytes, str]] | None = None,
    extra_css: Sequence[str] = (),
    what: str = "this PDF",
) -> bytes:
    """Print HTML as tagged PDF bytes (PDF/UA-1) with the shared stylesheet, then each of
    ``extra_css``, then ``footer_css`` (``page_css``). Nothing is fetched but the fonts and
    ``resources``."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    served = dict(resources or {})
    served.update(font_resources())
    fetcher = url_fetcher(served, what)
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=text, url_fetcher=fetcher, font_config=fonts)
        for text in (STYLESHEET.read_text(encoding="utf-8"), *extra_css, footer_css)
    ]
    document = HTML(string=html_text, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        finisher=finish,
    )


def write_pdf(document: Document) -> bytes:
    """The document as tagged PDF bytes (PDF/UA-1)."""
    return print_pdf(
        document_html(document),
        footer_css=page_css(document.footer or document.title, document.words["page"]),
        what=f"the PDF “{document.title[:40]}”",
    )
