"""The user documentation (``docs/*.md``) rendered inside the application, so it works offline.

The Markdown source stays in the repository's ``docs/`` folder, where it is read and reviewed on
its own; a built wheel carries a copy as ``civicshift/help_docs/`` (``setup.py``), and a source
checkout reads ``docs/`` directly. Rendering is markdown-it-py in CommonMark mode with raw HTML
turned off (any ``<tag>`` in a document is shown as text, and ``javascript:`` links are not
links), plus tables. Links between documents (``finance.md#npv``) become ``/help/finance/#npv``,
images ``/help/images/…``, and headings get ids so those anchors land.
"""

from __future__ import annotations

import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

import civicshift

PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(png|jpg|jpeg|gif|webp)$")

#: Pages listed on the help index, for people using the application (the others, such as the
#: architecture notes, are for developers and open from links).
USER_PAGES = (
    ("organization", _("Your organization: overview, departments and goals")),
    ("initiatives", _("Initiatives")),
    ("business-case", _("Business cases")),
    ("finance", _("Financial measures in a business case")),
    ("inventory", _("Systems inventory")),
    ("plans", _("Implementation plans and risks")),
    ("funding", _("Funding programs")),
    ("business-case-file", _("The business-case file")),
    ("admin", _("Administering CivicShift")),
    ("backup", _("Export and backup")),
    ("background-work", _("Background work")),
    ("api", _("The CivicShift API")),
    ("demo", _("The demo city")),
    ("install", _("Installing CivicShift")),
    ("ideas", _("The staff ideas board")),
    ("surveys", _("Readiness surveys")),
    (
        "people",
        _("People and change: stakeholders, ADKAR ratings, change impact, communications"),
    ),
    ("skills", _("Skills and training")),
    ("vendors", _("Vendors and evaluations")),
)


def docs_folder() -> Path:
    """``civicshift/help_docs`` in an installed wheel, else the checkout's ``docs/``."""
    package = Path(civicshift.__file__).resolve().parent
    shipped = package / "help_docs"
    if shipped.is_dir():
        return shipped
    return package.parents[1] / "docs"


def _rewrite_link(href: str) -> str:
    """``finance.md#npv`` → ``/help/finance/#npv``; other addresses unchanged."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", href):
        return href
    path, _sep, anchor = href.partition("#")
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".md") and PAGE_NAME.match(name[:-3]):
        url = reverse("web:help", args=[name[:-3]])
        return f"{url}#{anchor}" if anchor else url
    return href


def _rewrite_image(src: str) -> str:
    name = src.rsplit("/", 1)[-1]
    if not re.match(r"^[a-z][a-z0-9+.-]*:|^/", src) and IMAGE_NAME.match(name):
        return reverse("web:help_image", args=[name])
    return src


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # A wide table scrolls sideways in its own region, which the keyboard can reach (as the
    # application's own tables do), instead of widening the page on a phone.
    label = escape(_("Table, scrolls sideways on small screens"))

    def table_open(self, tokens, idx, options, env):
        return (
            f'<div class="cs-table-wrap" tabindex="0" role="region" aria-label="{label}">'
            + self.renderToken(tokens, idx, options, env)
        )

    def table_close(self, tokens, idx, options, env):
        return self.renderToken(tokens, idx, options, env) + "</div>\n"

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)
    return md


def render_markdown(text: str) -> tuple[str, str]:
    """(title, HTML) of a document: the first heading is the title."""
    md = _markdown()
    tokens = md.parse(text)
    title = ""
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
            title = title or heading
            anchor = slugify(heading) or "section"
            while anchor in used:
                anchor += "-1"
            used.add(anchor)
            token.attrSet("id", anchor)
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("href", _rewrite_link(str(child.attrGet("href") or "")))
            elif child.type == "image":
                child.attrSet("src", _rewrite_image(str(child.attrGet("src") or "")))
    return title, md.renderer.render(tokens, md.options, {})


@lru_cache(maxsize=64)
def _rendered(path: Path, mtime: float) -> tuple[str, str]:
    return render_markdown(path.read_text(encoding="utf-8"))


def help_page_exists(name: str) -> bool:
    return bool(PAGE_NAME.match(name)) and (docs_folder() / f"{name}.md").is_file()


@login_required
def help_index(request):
    pages = [(name, label) for name, label in USER_PAGES if help_page_exists(name)]
    return render(request, "web/help_index.html", {"pages": pages})


@login_required
def help_page(request, page: str):
    if not help_page_exists(page):
        raise Http404("No such help page.")
    path = docs_folder() / f"{page}.md"
    title, html = _rendered(path, path.stat().st_mtime)
    return render(
        request,
        "web/help_page.html",
        {"title": title, "body": mark_safe(html), "page": page},  # noqa: S308 - raw HTML off
    )


@login_required
def help_image(request, name: str):
    if not IMAGE_NAME.match(name):
        raise Http404("No such image.")
    path = docs_folder() / "images" / name
    if not path.is_file():
        raise Http404("No such image.")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), content_type=content_type)
