"""Every page links to its user documentation, rendered inside the application (offline)."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from civicshift.testing.factories import make_member, make_org, make_user
from civicshift.web import help as help_module
from civicshift.web.help import docs_folder, help_page_exists, render_markdown
from civicshift.web.org_views import OrgMixin

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]


def _views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None:
                yield pattern, view


def test_every_organization_page_names_an_existing_help_page_and_anchor():
    checked = 0
    for pattern, view in _views():
        if not issubclass(view, OrgMixin) or "get" not in view.http_method_names:
            continue  # POST-only actions answer with a redirect, not a page
        page = view().get_help_page()
        assert page, f"{view.__name__} ({pattern.pattern}) declares no help page"
        name, _sep, anchor = page.partition("#")
        assert help_page_exists(name), f"{view.__name__}: no docs/{name}.md"
        if anchor:
            _title, html = render_markdown((docs_folder() / f"{name}.md").read_text())
            assert f'id="{anchor}"' in html, f"{view.__name__}: no heading #{anchor} in {name}"
        checked += 1
    assert checked > 20


def test_pages_show_the_help_link_and_the_help_renders_offline(client):
    org = make_org()
    client.force_login(make_member(org, "viewer"))
    page = client.get(reverse("initiatives:list", args=[org.slug])).content.decode()
    assert '<a href="/help/initiatives/">Help for this page</a>' in page
    history = client.get(reverse("audit:org_history", args=[org.slug])).content.decode()
    assert '<a href="/help/admin/#the-history">Help for this page</a>' in history

    response = client.get("/help/business-case/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Business cases" in html
    # Links between documents become help addresses, anchors kept.
    assert 'href="/help/finance/"' in html
    assert 'href="/help/business-case-file/"' in html
    assert "finance.md" not in html
    assert "Help for this page" not in html  # the help is the help

    index = client.get("/help/").content.decode()
    assert 'href="/help/initiatives/"' in index and 'href="/help/admin/"' in index


def test_markdown_is_rendered_without_raw_html_and_images_are_served(client):
    _title, html = render_markdown(
        "# T\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
        "[bad](javascript:alert(1)) [ok](admin.md#roles) [out](https://example.org/)\n\n"
        "![Initiative list](images/initiatives.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert 'href="/help/admin/#roles"' in html
    assert 'href="https://example.org/"' in html
    assert '<img src="/help/images/initiatives.png" alt="Initiative list"' in html
    assert "<table>" in html and "<td>2</td>" in html

    client.force_login(make_user())
    image = client.get("/help/images/initiatives.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/help/images/..%2Fsettings.py").status_code == 404
    assert client.get("/help/no-such-page/").status_code == 404


def test_help_needs_a_signed_in_user(client):
    response = client.get("/help/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_built_wheel_carries_the_docs(tmp_path):
    """setup.py's build step copies docs/ into the package, where the help reads it."""
    spec = importlib.util.spec_from_file_location("civicshift_setup", REPO / "setup.py")
    setup_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_module)
    target = setup_module.copy_docs(str(tmp_path))
    assert (target / "initiatives.md").read_text() == (REPO / "docs/initiatives.md").read_text()
    assert (target / "images" / "initiatives.png").is_file()
    assert "graft docs" in (REPO / "MANIFEST.in").read_text()


def test_the_help_reads_a_shipped_copy_first(tmp_path, monkeypatch):
    package = tmp_path / "civicshift"
    (package / "help_docs").mkdir(parents=True)
    (package / "help_docs" / "initiatives.md").write_text("# Shipped\n")
    monkeypatch.setattr(help_module.civicshift, "__file__", str(package / "__init__.py"))
    assert docs_folder() == package / "help_docs"
    assert help_page_exists("initiatives") and not help_page_exists("admin")
    assert re.search(r"<h1[^>]*>Shipped</h1>", render_markdown("# Shipped\n")[1])
