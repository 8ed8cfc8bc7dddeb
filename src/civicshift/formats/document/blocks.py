"""The blocks a document is made of: plain frozen dataclasses, text as given (never HTML).

A :class:`Document` has a title page (kicker, title, organization, a few facts) and a body of
blocks in reading order. Headings go from level 1 to 3 and must not skip a level (PDF/UA-1 and
WCAG 1.3.1: a screen reader lists them as the outline); :func:`check_headings` says which one
does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1–3
    #: Start a new page before it (a chapter).
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    #: "" for body text, "note" for a small grey explanation, "strong" for a bold sentence.
    style: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """Column headings and rows of text; ``numeric`` marks right-aligned columns.

    Lines after the first line of a cell (a category, how an amount was built) are printed
    smaller and in grey. With ``row_headers`` each row's first cell is the row's heading (TH
    with scope row in the PDF); ``group_rows`` are rows that head a group ("Costs") across the
    whole width; ``total_row`` prints the last row in bold above a rule."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...]  # relative column widths
    caption: str = ""
    group_rows: frozenset[int] = frozenset()  # indices of rows that head a group ("Costs")
    row_headers: bool = True
    total_row: bool = False
    #: Printed narrower than the text (4.5 inches): a short table of two or three columns.
    narrow: bool = False

    def __post_init__(self) -> None:
        n = len(self.headers)
        if len(self.numeric) != n or len(self.widths) != n:
            raise ValueError("a table needs one numeric flag and one width per column")
        for index, row in enumerate(self.rows):
            if index not in self.group_rows and len(row) != n:
                raise ValueError(f"row {index + 1} has {len(row)} cells, not {n}")


@dataclass(frozen=True)
class KeyFigures:
    """A few headline figures ("Recommended vendor", "Total score"), printed as a two-column
    table of measure and value."""

    items: tuple[tuple[str, str], ...]
    caption: str = ""

    def as_table(self, measure: str, value: str) -> Table:
        return Table(
            headers=(measure, value),
            rows=tuple(self.items),
            numeric=(False, False),
            widths=(2.4, 3.6),
            caption=self.caption,
        )


@dataclass(frozen=True)
class PageBreak:
    """A marker block with no content: the next block starts a new page (Word page break,
    CSS ``break-before: page`` in the PDF)."""


Block = Heading | Paragraph | BulletList | Table | KeyFigures | PageBreak


@dataclass(frozen=True)
class Document:
    title: str  # the document's title (PDF /Title, Word's title property, the footer)
    organization: str
    blocks: tuple[Block, ...]
    #: The words above the title on the title page ("Award recommendation").
    kicker: str = ""
    #: The big title on the title page (``title`` if empty).
    heading: str = ""
    #: Lines under the organization on the title page ("Prepared December 7, 2026").
    facts: tuple[str, ...] = ()
    #: What the document is (PDF description metadata).
    description: str = ""
    generator: str = "CivicShift"
    #: The language of the document's own words (the PDF's /Lang, Word's language).
    language: str = "en-US"
    #: The running footer's words before the page number (``title`` if empty).
    footer: str = ""
    #: Localised words the writers need themselves.
    words: dict[str, str] = field(
        default_factory=lambda: {"page": "page", "measure": "Measure", "value": "Value"}
    )


def check_headings(blocks) -> None:
    """Refuse a heading that skips a level (an H3 right after an H1) or is out of 1–3."""
    previous = 0
    for block in blocks:
        if isinstance(block, Heading):
            if not 1 <= block.level <= 3:
                raise ValueError(f"heading {block.text!r}: level {block.level} is not 1–3")
            if block.level > previous + 1:
                raise ValueError(f"heading {block.text!r} skips a level after H{previous}")
            previous = block.level
