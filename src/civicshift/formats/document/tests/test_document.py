"""The shared document layer: one document of blocks written to Word (read back with
python-docx) and to tagged PDF (read back with pikepdf and pypdf, as
formats/cases/tests/test_pdf_tags.py reads the business case: PDF/UA-1, ISO 14289-1; Matterhorn
06-001 metadata, 07-001 DisplayDocTitle, 11-001 /Lang, 14-002 heading order, 15-003 TH /Scope,
01-005 the footer as a pagination artifact). Hostile text is printed as text and fetches
nothing."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from civicshift.formats.cases.tests.test_pdf_tags import Tree
from civicshift.formats.document import (
    BulletList,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    Table,
)
from civicshift.formats.document.blocks import check_headings
from civicshift.formats.document.docx import write_docx
from civicshift.formats.document.pdf import document_html, url_fetcher, write_pdf

HOSTILE = '<img src="file:///etc/passwd"> & </style> "quoted"'


def sample() -> Document:
    return Document(
        title="Privacy impact assessment: Permits",
        organization="Town of Maple Falls",
        kicker="Privacy impact assessment",
        facts=("Prepared December 7, 2026",),
        blocks=(
            Heading("Summary", 1),
            KeyFigures((("Risk", "Moderate"), ("Records", "12,400"))),
            Paragraph("Residents' names and addresses are kept for seven years."),
            Paragraph(HOSTILE, "note"),
            Heading("Data", 1, new_page=True),
            Heading("What is collected", 2),
            BulletList(("Name", "Address")),
            Table(
                headers=("Field", "Kept", "Shared with"),
                rows=(("Name", "7 years", "Nobody"), ("Address", "7 years\nthen archived", "GIS")),
                numeric=(False, True, False),
                widths=(2, 1, 2),
                caption="Fields of the permit form.",
            ),
            Heading("Who sees it", 3),
            Table(
                headers=("Role", "Reads"),
                rows=(("Clerk", "All"),),
                numeric=(False, False),
                widths=(1, 1),
                row_headers=False,
                narrow=True,
            ),
        ),
    )


def test_headings_may_not_skip_a_level():
    with pytest.raises(ValueError, match="'Parts' skips a level after H1"):
        check_headings([Heading("Top", 1), Heading("Parts", 3)])
    with pytest.raises(ValueError, match="level 4"):
        check_headings([Heading("Deep", 4)])


def test_a_table_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="row 2 has 1 cells, not 2"):
        Table(headers=("a", "b"), rows=(("1", "2"), ("3",)), numeric=(False, False), widths=(1, 1))


def test_the_word_file_has_the_title_outline_tables_and_footer():
    document = WordDocument(io.BytesIO(write_docx(sample())))
    assert document.core_properties.title == "Privacy impact assessment: Permits"
    assert document.core_properties.author == "Town of Maple Falls"
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 1", "Data"),
        ("Heading 2", "What is collected"),
        ("Heading 3", "Who sees it"),
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Name", "Address"]
    figures, fields, roles = document.tables
    assert [c.text for c in figures.rows[1].cells] == ["Risk", "Moderate"]
    assert [c.text for c in fields.rows[0].cells] == ["Field", "Kept", "Shared with"]
    assert fields.rows[2].cells[1].text == "7 years\nthen archived"
    assert HOSTILE in [p.text for p in document.paragraphs]
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Privacy impact assessment: Permits · page ")
    assert 'w:instr="PAGE"' in footer._p.xml


def test_the_pdf_is_tagged_with_title_language_headings_and_header_cells():
    data = write_pdf(sample())
    tree = Tree(data)
    root = tree.pdf.Root
    assert "/StructTreeRoot" in root and root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-US"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(tree.pdf.docinfo.Title) == "Privacy impact assessment: Permits"
    with tree.pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
    assert tree.headings() == [
        (1, "Summary"),
        (1, "Data"),
        (2, "What is collected"),
        (3, "Who sees it"),
    ]
    header_cells = [(str(th.A.Scope), tree.text(th)) for th in tree.elements("/TH")]
    # Key figures: column headings and row headings; the fields table the same; the roles
    # table (row_headers=False) only its column headings.
    assert header_cells == [
        ("/Column", "Measure"),
        ("/Column", "Value"),
        ("/Row", "Risk"),
        ("/Row", "Records"),
        ("/Column", "Field"),
        ("/Column", "Kept"),
        ("/Column", "Shared with"),
        ("/Row", "Name"),
        ("/Row", "Address"),
        ("/Column", "Role"),
        ("/Column", "Reads"),
    ]
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    assert HOSTILE in " ".join(text.split())
    # The footer (page 2 on) is a pagination artifact, not loose tagged content.
    assert b"/Artifact" in tree.pdf.pages[1].Contents.read_bytes()


def test_hostile_text_is_escaped_in_the_html():
    html = document_html(sample())
    assert (
        '<img src="file:' not in html and "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    )


def test_the_fetcher_serves_only_what_it_was_given():
    fetcher = url_fetcher({"civicshift-x:a.png": (b"png", "image/png")}, "the test PDF")
    served = fetcher.fetch("civicshift-x:a.png")
    assert served.url == "civicshift-x:a.png"
    with pytest.raises(ValueError, match="the test PDF fetches nothing else: file:///etc/passwd"):
        fetcher.fetch("file:///etc/passwd")
