"""A small shared document layer (no Django): a document as a list of blocks — headings H1–H3,
paragraphs, bullet lists, tables with a header row and optional row headers, "key figures" —
written to Word (``docx.write_docx``) and to tagged PDF (``pdf.write_pdf``, PDF/UA-1).

Modules that hand a document to council build one :class:`~blocks.Document` from their data and
give it to both writers, so the Word file and the PDF say the same. The pieces the writers are
made of (escaping, the URL fetcher that serves only given resources, the TH scopes and
margin-box finishers, font faces, table and cell writers, the page-number footer) are public
too: the business case's own writers (``formats/cases``) use them for their richer layout.
"""

from civicshift.formats.document.blocks import (
    BulletList,
    Document,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
)

__all__ = [
    "BulletList",
    "Document",
    "Heading",
    "KeyFigures",
    "PageBreak",
    "Paragraph",
    "Table",
]
