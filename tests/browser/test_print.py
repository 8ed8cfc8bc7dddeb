"""Printing a page (civicshift/print.css): content only, and wide tables whole on the paper.

Chromium renders the pages with print media at the printable width of a Letter page with the
stylesheet's margins, then prints the history (the widest table) to PDF.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from .axe import sign_in

# Letter paper is 8.5 in = 816 CSS px; print.css's @page leaves 1.2 cm (45 px) each side.
PRINTABLE_WIDTH = 816 - 2 * 45

HIDDEN_ON_PAPER = [
    ".usa-skipnav",
    "header.usa-header",
    ".cs-sidenav",
    ".usa-breadcrumb",
    ".usa-footer",
    "form[role=search]",
    ".usa-button",
]


def _admin(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "admin")


def test_printed_pages_show_content_only_and_tables_fit_the_paper(demo, live_server, page_factory):
    page = page_factory(width=PRINTABLE_WIDTH, height=1000)
    sign_in(page, live_server.url, *_admin(demo))
    slug = demo.organization.slug
    for path in (f"/o/{slug}/history/", f"/o/{slug}/initiatives/", f"/o/{slug}/"):
        page.goto(f"{live_server.url}{path}")
        page.emulate_media(media="screen")
        # On screen the same width shows the navigation beside the content.
        assert page.locator(".cs-sidenav").is_visible(), path
        page.emulate_media(media="print")
        for selector in HIDDEN_ON_PAPER:
            visible = [e for e in page.locator(selector).all() if e.is_visible()]
            assert not visible, (path, selector)
        main = page.locator("main").bounding_box()
        assert main["width"] >= PRINTABLE_WIDTH - 20, path  # the whole width, no side column
        overflowing = page.evaluate(
            """(limit) => [...document.querySelectorAll('main table')]
                 .filter(t => t.getBoundingClientRect().right > limit + 1)
                 .map(t => t.querySelector('caption')?.textContent || t.className)""",
            PRINTABLE_WIDTH,
        )
        assert overflowing == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH, path


def test_the_history_prints_to_pdf_with_its_last_column(demo, live_server, page_factory):
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/history/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    first = pdf.pages[0].extract_text()
    assert "History" in first
    assert "Skip to main content" not in first
    assert "Sign out" not in first
    # The history is sentences, one event under another: each whole on the paper, nothing cut
    # at the right edge (the sentence ends with its time and full stop).
    sentence = r"Dana Whitfield (created|changed) .+? on \w+ \d+, \d{4}, [\d:]+\W?[AP]M\."
    assert re.search(sentence, first, re.S), first
