"""The council PDF is tagged for assistive technology (issue #7, item 10).

The PDF is read back with pikepdf, which knows nothing of how it was written: its structure tree
must hold the headings in order, tables with header cells, figures with alternative text, the
document's title and language. What is checked follows PDF/UA-1 (ISO 14289-1) and the Matterhorn
Protocol 1.1 (PDF Association): 06-001/06-003 metadata, 07-001 DisplayDocTitle, 11-001 /Lang,
13-004 figure /Alt, 14-002/14-003 heading order, 15-003 TH with /Scope, 01-002 /MarkInfo, and
01-005 / ISO 14289-1 7.1 (content is either real content in the structure tree or an artifact:
the running footer is a pagination artifact, ISO 32000-1 14.8.2.2). The text of a structure
element is found through its marked-content ids (ISO 32000-1, 14.7.4), read from each page's
content stream by pypdf.
"""

from __future__ import annotations

import dataclasses
import io
from collections import Counter, defaultdict
from html.parser import HTMLParser

import pikepdf
import pytest
from pypdf import PdfReader

from civicshift.core.cases import Case, Estimate, Line, analyze
from civicshift.formats.cases.charts import report_charts
from civicshift.formats.cases.pdf import case_html, write_case_pdf
from civicshift.formats.cases.report import NarrativeSection, option_report
from civicshift.formats.cases.report_text import (
    assumptions_table,
    comparison_table,
    switching_table,
)
from civicshift.formats.cases.tests.test_documents import build_report

HOSTILE = '<script>alert("x")</script> & <img src="file:///etc/passwd"> 🚀'


@pytest.fixture(scope="module")
def report():
    return build_report()


@pytest.fixture(scope="module")
def charts(report):
    return report_charts(report)


@pytest.fixture(scope="module")
def data(report, charts) -> bytes:
    return write_case_pdf(report, charts)


def _marked_text(data: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the text drawn inside that marked-content sequence."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        stack: list[int | None] = []

        def before(operator, operands, _cm, _tm, stack=stack):
            if operator == b"BDC":
                properties = operands[1]
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, _cm, _tm, _font, _size, stack=stack, number=number):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[number, int(mcid)] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


class Tree:
    """The structure tree of a PDF: elements in reading order, with their text."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.pages = {page.obj.objgen: i for i, page in enumerate(self.pdf.pages)}
        self.marked = _marked_text(data)

    def elements(self, tag: str | None = None):
        """Every structure element (depth first, which is the reading order), or those of
        ``tag`` ("/H1")."""

        def walk(element):
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                return
            if tag is None or str(element.S) == tag:
                yield element
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                yield from walk(kid)

        yield from walk(self.pdf.Root.StructTreeRoot.K[0])

    def text(self, element) -> str:
        """The text of an element and its descendants, white space collapsed."""
        parts = []

        def walk(item, page):
            if isinstance(item, int):
                parts.append(self.marked.get((page, item), ""))
            elif isinstance(item, pikepdf.Dictionary):
                if "/Pg" in item:
                    page = self.pages[item.Pg.objgen]
                if item.get("/Type") == "/MCR":
                    parts.append(self.marked.get((page, int(item.MCID)), ""))
                    return
                kids = item.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid, page)

        walk(element, None)
        return " ".join("".join(parts).split())

    def headings(self) -> list[tuple[int, str]]:
        tags = {"/H1": 1, "/H2": 2, "/H3": 3, "/H4": 4, "/H5": 5, "/H6": 6}
        return [(tags[str(e.S)], self.text(e)) for e in self.elements() if str(e.S) in tags]


@pytest.fixture(scope="module")
def tree(data) -> Tree:
    return Tree(data)


def test_the_pdf_is_marked_with_title_language_and_pdf_ua(tree):
    root = tree.pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-US"
    assert root.ViewerPreferences.DisplayDocTitle is True  # viewers show the title
    assert str(tree.pdf.docinfo.Title) == "Business case: Online permitting"
    with tree.pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "Business case: Online permitting"
        assert xmp["pdfuaid:part"] == "1"
    assert tree.pdf.pdf_version == "1.7"  # PDF/UA-1 is based on PDF 1.7
    fonts = [
        font
        for page in tree.pdf.pages
        for font in page.Resources.Font.values()
        if font.Subtype == "/Type0"
    ]
    assert fonts and all("/FontFile2" in f.DescendantFonts[0].FontDescriptor for f in fonts)


def test_headings_are_in_order_and_name_every_part(tree):
    headings = tree.headings()
    chapters = [text for level, text in headings if level == 1]
    assert chapters == [
        "Executive summary",
        "The Five Case Model",
        "Option: SaaS product (recommended)",
        "Option: Archive",
        "Option: On-premises",
        "Methods",
    ]
    assert headings[0] == (1, "Executive summary")
    for (before, _), (after, text) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"{text!r} skips a heading level"
    saas = headings.index((1, "Option: SaaS product (recommended)"))
    archive = headings.index((1, "Option: Archive"))
    assert [text for level, text in headings[saas:archive] if level == 2] == [
        "Headline figures",
        "Assumptions",
        "Annual cash flow",
        "Charts",
        "How sure are the figures?",
        "Switching values",
    ]
    five_case = headings.index((1, "The Five Case Model"))
    assert headings[five_case + 1 : five_case + 3] == [(2, "Strategic case"), (2, "Economic case")]
    assert (2, "Options compared") in headings[:five_case]


def test_bookmarks_follow_the_headings(data):
    reader = PdfReader(io.BytesIO(data))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "Executive summary",
        "The Five Case Model",
        "Option: SaaS product (recommended)",
        "Option: Archive",
        "Option: On-premises",
        "Methods",
    ]
    # pypdf lists an entry's children as a list right after it
    saas = next(i for i, item in enumerate(reader.outline) if getattr(item, "title", "") == top[2])
    children = [item.title for item in reader.outline[saas + 1]]
    assert children[:3] == ["Headline figures", "Assumptions", "Annual cash flow"]


def _header_texts(tree: Tree, table) -> tuple[list[str], list[str]]:
    """(column headings, row headings) of a Table element."""
    columns, rows = [], []
    for cell in _descendants(table, "/TH"):
        scope = str(cell.A.Scope)
        (columns if scope == "/Column" else rows).append(tree.text(cell))
        assert scope in {"/Column", "/Row"}
        assert "/ID" in cell  # data cells name their headers by this id
    return columns, rows


def _squash(texts) -> tuple[str, ...]:
    return tuple("".join(text.split()) for text in texts)


def _descendants(element, tag):
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if str(kid.S) == tag:
                yield kid
            yield from _descendants(kid, tag)


def test_tables_have_header_cells_with_scope(tree, report):
    tables = list(tree.elements("/Table"))
    assert len(tables) >= 10
    for table in tables:
        assert any(True for _ in _descendants(table, "/TH")), "a table without header cells"
    columns, rows = _header_texts(tree, tables[0])  # options compared
    expected = comparison_table(report)
    # (compared without white space: a heading wrapped after a dash reads back as "Benefit– cost")
    assert _squash(columns) == _squash(expected.headers)
    assert _squash(rows) == _squash(row[0] for row in expected.rows)  # options head the rows
    ids = {str(cell.ID) for table in tables for cell in _descendants(table, "/TH")}
    for table in tables:
        for cell in _descendants(table, "/TD"):
            headers = [str(h) for h in cell.A.Headers]
            assert headers and set(headers) <= ids
    saas = report.options[0]
    by_columns = {_squash(_header_texts(tree, t)[0]): t for t in tables}
    assert _squash(assumptions_table(report, saas).headers) in by_columns
    assert _squash(switching_table(report, saas).headers) in by_columns


def test_figures_have_the_chart_summaries_as_alternative_text(tree, charts):
    figures = list(tree.elements("/Figure"))
    alts = [str(figure.get("/Alt", "")) for figure in figures]
    expected = [chart.summary for option in charts for chart in option]
    assert len(expected) == 8
    assert alts == expected
    for figure in figures:
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        assert x2 > x1 and y2 > y1


def test_reading_order_is_the_document_order(tree, report):
    """The text of the tree, read in order, gives the document as written."""
    paragraphs = [tree.text(p) for p in tree.elements("/P")]
    order = [
        "Business case",
        "Online permitting",
        "City of Maple Falls",
        "Recommended option: SaaS product.",
        "Residents wait 23 days for a permit.",
    ]
    positions = [paragraphs.index(text) for text in order]
    assert positions == sorted(positions)
    assert paragraphs[-1].startswith("Reproducibility:")


def test_user_text_is_text_in_the_tagged_pdf():
    """Markup, entities, right-to-left text and emoji in what users typed are printed as they
    are, and an ``<img>`` in a line name is not an image (nor does anything get fetched)."""
    report = build_report()
    saas = report.options[0]
    lines = (dataclasses.replace(saas.lines[0], name=HOSTILE, category="שלום עולם"),)
    odd = dataclasses.replace(saas, name="Cloud ☁️ & <b>on-prem</b>", lines=lines + saas.lines[1:])
    weird = dataclasses.replace(
        report,
        title="A & B <i>x</i> </style>",
        options=(odd, *report.options[1:]),
        sections=(NarrativeSection("Strategic case", "مرحبا بالعالم\n\nCosts < $5 & more 🚀"),),
    )
    no_charts = [[] for _option in weird.options]
    data = write_case_pdf(weird, no_charts)
    tree = Tree(data)
    assert list(tree.elements("/Figure")) == []
    assert str(tree.pdf.docinfo.Title) == "Business case: A & B <i>x</i> </style>"
    chapters = [text for level, text in tree.headings() if level == 1]
    assert "Option: Cloud ☁️ & <b>on-prem</b> (recommended)" in chapters
    cells = [tree.text(cell) for cell in tree.elements("/TH")]
    assert any(cell.startswith(HOSTILE[:20]) for cell in cells)
    paragraphs = [tree.text(p) for p in tree.elements("/P")]
    assert "Costs < $5 & more 🚀" in paragraphs
    assert "مرحبا بالعالم" in paragraphs
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "שלום עולם" in flat and "🚀" in flat
    footer = "Business case: A & B <i>x</i> </style> · page 2"
    assert footer in flat


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.sources += [value for name, value in attrs if name in {"src", "href"}]


def test_user_text_adds_no_element_to_the_html(charts):
    """The HTML the PDF is printed from: user text adds no element, and the only addresses in
    it are the charts' (served from memory)."""

    def variant(text: str, basis: str):
        report = build_report()
        saas = report.options[0]
        lines = (dataclasses.replace(saas.lines[0], name=text, basis=basis),)
        option = dataclasses.replace(saas, name=text, lines=lines + saas.lines[1:])
        return dataclasses.replace(
            report, title=text, organization=text, options=(option, *report.options[1:])
        )

    report = variant("Plain words", "1,200 hours")
    hostile = variant(HOSTILE, "<a href='x'>&amp;</a>")
    plain, weird = _Tags(), _Tags()
    plain.feed(case_html(report, charts))
    weird.feed(case_html(hostile, charts))
    assert weird.tags == plain.tags
    assert weird.tags["script"] == 0
    assert weird.sources == plain.sources
    assert all(source.startswith("civicshift-chart:") for source in weird.sources)


# The running footer and tables over several pages ------------------------------------------


def _artifact_text(data: bytes) -> dict[int, str]:
    """page index → the text drawn inside /Artifact marked content on that page."""
    texts: dict[int, str] = defaultdict(str)
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        stack: list[str] = []

        def before(operator, operands, _cm, _tm, stack=stack):
            if operator in (b"BDC", b"BMC"):
                stack.append(str(operands[0]))
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, _cm, _tm, _font, _size, stack=stack, number=number):
            if "/Artifact" in stack:
                texts[number] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def _tree_objects(tree: Tree) -> set:
    return {element.objgen for element in tree.elements()}


def test_the_running_footer_is_an_artifact_outside_the_structure_tree(tree, data):
    """WeasyPrint 70 tags margin-box text with MCIDs whose elements it leaves out of the tree
    (Kozea/WeasyPrint#1836); pdf.py rewrites them as /Artifact, and this reads the result back."""
    footer = "Business case: Online permitting · page {n}"
    pages = list(tree.pdf.pages)
    assert len(pages) >= 5
    artifacts = _artifact_text(data)
    for index in range(1, len(pages)):  # the title page has no footer
        assert footer.format(n=index + 1) in " ".join(artifacts[index].split())
    assert "page 1" not in artifacts[0]
    # Not in the structure tree: no element's text holds it ...
    for element in tree.elements():
        assert "· page" not in tree.text(element), str(element.S)
    # ... and every marked sequence with an MCID belongs to an element of the tree, through the
    # parent tree (nothing tagged is left outside it, as the footer was).
    in_tree = _tree_objects(tree)
    nums = list(tree.pdf.Root.StructTreeRoot.ParentTree.Nums)
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for (page, mcid), _text in tree.marked.items():
        element = parents[page][mcid]
        assert isinstance(element, pikepdf.Dictionary) and element.objgen in in_tree, (page, mcid)
    # The footer's marked content says what it is: /Artifact <</Type /Pagination /Subtype
    # /Footer>> BDC (ISO 32000-1 14.8.2.2.2, table 330: Subtype Header, Footer or Watermark).
    operators = pikepdf.parse_content_stream(pages[1])
    pagination = [
        operands
        for operands, operator in operators
        if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact
    ]
    assert any(
        isinstance(o[1], pikepdf.Dictionary)
        and o[1].get("/Type") == "/Pagination"
        and o[1].get("/Subtype") == "/Footer"
        for o in pagination
    )


def _long_report(count: int = 60):
    """A report whose one option has ``count`` lines: its assumptions table (a row a line)
    runs over more than one page."""
    lines = tuple(
        Line(
            f"Line number {i}",
            "cost" if i % 2 else "benefit",
            Estimate(900, 1000 + i, 1300),
            tuple(range(1, 11)),
        )
        for i in range(count)
    )
    case = Case(title="Long", start_year=2027, horizon_years=10, discount_rate=0.03, lines=lines)
    option = option_report("Many lines", case, analyze(case), recommended=True)
    return dataclasses.replace(build_report(), options=(option,))


def test_a_table_split_across_pages_repeats_its_header_row():
    report = _long_report()
    table = assumptions_table(report, report.options[0])
    headers = table.headers
    names = [row[0].split("\n")[0] for i, row in enumerate(table.rows) if i not in table.group_rows]
    data = write_case_pdf(report, [[]])
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    first = next(i for i, text in enumerate(texts) if f"{names[0]} " in text)
    last = next(i for i, text in enumerate(texts) if f"{names[-1]} " in text)
    assert last > first, "the table should run over more than one page"
    heading_row = " ".join(headers)
    for index in range(first, last + 1):
        assert heading_row in texts[index], index
    # Each page's part of the table is a Table element with the column headings as TH
    # (scope Column) in a THead, so a screen reader knows the columns on either page.
    tree = Tree(data)
    parts = [
        table
        for table in tree.elements("/Table")
        if _squash(_header_texts(tree, table)[0]) == _squash(headers)
    ]
    assert len(parts) == last - first + 1
    for table in parts:
        kids = table.K if isinstance(table.K, pikepdf.Array) else [table.K]
        assert str(kids[0].S) == "/THead"
