"""Documents as Word files (.docx), written with python-docx on its default template.

``write_docx(document)`` writes a :class:`~civicshift.formats.document.blocks.Document`. The
pieces every CivicShift Word file shares live here once and are used by the business case's own
writer (``formats/cases/docx.py``) too: ``setup`` (fonts, US Letter page and margins, the
document's properties), ``write_table`` (a header row repeated on each page and shaded, rows
kept whole, group rows across the width, a bold total row, a caption below), ``write_cell``
(second lines small and grey), ``set_cell_fill``, ``page_number_footer`` (a PAGE field) and
``title_page``. The styles used (Title, Heading 1–3, List Bullet, Table Grid) exist in Word and
LibreOffice alike, so headings are the document's outline for screen readers and the
navigation pane.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

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

MARGIN = 0.8  # inches
TEXT_WIDTH = 8.5 - 2 * MARGIN  # inches between the margins of a letter page
NARROW_WIDTH = 4.5  # inches, as table.narrow in pdf.css
HEADER_FILL = "DCE4EF"
GROUP_FILL = "F1F3F6"
FONT = "Calibri"  # LibreOffice shows it with the metric-compatible Carlito
MUTED = RGBColor(0x55, 0x55, 0x55)


def set_cell_fill(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_row_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def write_cell(cell, text: str, *, bold: bool = False, right: bool = False, size: float = 8.5):
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


def cell_margins(grid) -> None:
    properties = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 25), ("left", 70), ("bottom", 25), ("right", 70)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def caption(document, text: str) -> None:
    note = document.add_paragraph()
    note.paragraph_format.space_before = Pt(3)
    run = note.add_run(text)
    run.italic = True
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED


def write_table(
    document, table: Table, *, width: float = TEXT_WIDTH, total_row: bool | None = None
):
    """The table on the page: header row shaded and repeated on every page, rows kept whole,
    group rows across the width, the first column's cells as given (Word has no row-header
    cell). ``total_row`` overrides the table's own flag."""
    total_row = table.total_row if total_row is None else total_row
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    cell_margins(grid)
    scale = width / sum(table.widths)
    widths = [Inches(w * scale) for w in table.widths]
    header = grid.rows[0]
    repeat_header(header)
    for cell, text, numeric, w in zip(
        header.cells, table.headers, table.numeric, widths, strict=True
    ):
        cell.width = w
        set_cell_fill(cell, HEADER_FILL)
        write_cell(cell, text, bold=True, right=numeric)
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        row = grid.add_row()
        keep_row_together(row)
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
        if index in table.group_rows:
            merged = row.cells[0].merge(row.cells[-1])
            set_cell_fill(merged, GROUP_FILL)
            write_cell(merged, values[0], bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # never ends a page
            continue
        bold = total_row and index == last
        for cell, text, numeric in zip(row.cells, values, table.numeric, strict=True):
            write_cell(cell, text, right=numeric, bold=bold)
    for column, w in zip(grid.columns, widths, strict=True):
        column.width = w
    if table.caption:
        caption(document, table.caption)
    return grid


def page_number_footer(section, text: str, page_word: str = "page") -> None:
    """ "<text> · page <PAGE>" centred in the section's footer, the number a PAGE field."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{text} · {page_word} ")
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


def setup(*, title: str, author: str, comments: str = "", language: str = "") -> object:
    """A new Word document: its properties, fonts (Calibri, 10.5 pt body), US Letter pages with
    the shared margins."""
    document = new_document()
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.comments = comments
    if language:
        properties.language = language
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = Inches(MARGIN)
        section.top_margin = section.bottom_margin = Inches(0.9)
    return document


def title_page(document, *, kicker: str, title: str, organization: str, facts: Sequence[str]):
    """Kicker, title (the Title style), organization and facts, then a page break."""
    for _i in range(6):
        document.add_paragraph()
    if kicker:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(kicker)
        run.font.size = Pt(14)
        run.font.color.rgb = MUTED
    document.add_paragraph(title, style="Title")
    paragraph = document.add_paragraph()
    run = paragraph.add_run(organization)
    run.font.size = Pt(16)
    document.add_paragraph()
    for fact in facts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(fact)
        run.font.color.rgb = MUTED
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_blocks(word, blocks: Sequence, words: dict[str, str] | None = None) -> None:
    """The blocks in order into the Word document ``word``."""
    check_headings(blocks)
    words = words or {}
    for block in blocks:
        if isinstance(block, Heading):
            if block.new_page:
                word.add_section(WD_SECTION.NEW_PAGE)
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.style == "note":
                run.italic = True
                run.font.size = Pt(9)
                run.font.color.rgb = MUTED
            elif block.style == "strong":
                run.bold = True
        elif isinstance(block, BulletList):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            write_table(word, block, width=NARROW_WIDTH if block.narrow else TEXT_WIDTH)
        elif isinstance(block, KeyFigures):
            table = block.as_table(words.get("measure", "Measure"), words.get("value", "Value"))
            write_table(word, table, width=5.5)
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:  # pragma: no cover - a new block kind without its writer
            raise TypeError(f"no Word writer for {type(block).__name__}")


def write_docx(document: Document) -> bytes:
    """The document as .docx bytes: title page, then the blocks; the footer numbers pages."""
    word = setup(
        title=document.title,
        author=document.organization,
        comments=f"Generated by {document.generator}",
        language=document.language,
    )
    title_page(
        word,
        kicker=document.kicker,
        title=document.heading or document.title,
        organization=document.organization,
        facts=document.facts,
    )
    page_number_footer(word.sections[0], document.footer or document.title, document.words["page"])
    write_blocks(word, document.blocks, document.words)
    return save(word)
