"""docs/install.md, followed for real: production settings, collectstatic, gunicorn, pages.

One scratch installation (a new database: PostgreSQL when the suite runs on it, else SQLite in
a temporary data folder) is set up with the ``civicshift``
commands the install guide lists and served by ``civicshift serve``. The requests come as the
guide's nginx forwards them (``X-Forwarded-Proto: https``); production settings are not relaxed.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin

import numpy_financial as npf
import pytest

from civicshift.testing import production
from civicshift.testing.production import ORG_NAME, ORG_SLUG, PageAssets, ProxyClient

# One installation for the module: under pytest-xdist (--dist loadgroup) its tests share a worker.
pytestmark = [pytest.mark.production, pytest.mark.xdist_group("production")]


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    root = tmp_path_factory.mktemp("production")
    with production.scratch_database(root) as database_url:
        yield production.install(root, database_url)


@pytest.fixture(scope="module")
def server(installation):
    with production.serve(installation) as server:
        yield server


@pytest.fixture
def client(server):
    return ProxyClient(server.port)


def test_plain_http_is_redirected_to_https(server):
    response = ProxyClient(server.port, https=False).get("/accounts/login/")
    assert response.status == 301
    assert response.header("Location") == f"https://{production.HOST}/accounts/login/"


def test_an_unknown_host_is_refused(server):
    response = ProxyClient(server.port, host="attacker.example").get("/accounts/login/")
    assert response.status == 400


def test_sign_in_page_and_every_stylesheet_script_and_icon_it_names(client):
    response = client.get("/accounts/login/")
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.header("Strict-Transport-Security").startswith("max-age=31536000")
    assert "script-src 'self'" in response.header("Content-Security-Policy")
    assert response.header("X-Frame-Options") == "DENY"
    assert 'name="csrfmiddlewaretoken"' in response.text
    assets = PageAssets.parse(response.text)
    # USWDS's stylesheet and ours; USWDS's two scripts and htmx; our favicon.
    assert len(assets.stylesheets) >= 2
    assert len(assets.scripts) >= 3
    assert assets.icons
    expected = [(url, "text/css") for url in assets.stylesheets]
    expected += [(url, "text/javascript") for url in assets.scripts]
    expected += [(url, "image/svg+xml") for url in assets.icons]
    for url, content_type in expected:
        # Hashed names from the manifest: a file changed on upgrade gets a new address.
        assert url.startswith("/static/"), url
        assert url.rsplit(".", 2)[-2].isalnum() and len(url.rsplit(".", 2)[-2]) == 12, url
        asset = client.get(url, Accept_Encoding="gzip")
        assert asset.status == 200, url
        assert asset.header("Content-Type").split(";")[0] == content_type, url
        assert "immutable" in asset.header("Cache-Control"), url
        assert asset.header("Content-Encoding") == "gzip", url
        assert len(gzip.decompress(asset.body)) > 100, url


def test_the_stylesheets_own_references_resolve(client):
    """Fonts and icons named inside USWDS's stylesheet are served under their hashed names."""
    page = PageAssets.parse(client.get("/accounts/login/").text)
    uswds = next(url for url in page.stylesheets if "uswds" in url)
    css = client.get(uswds).text
    font = css.split("url(", 1)[1].split(")", 1)[0].strip("'\"")
    assert "/fonts/" in font
    assert client.get(urljoin(uswds, font)).status == 200


def test_sign_in_then_the_organization_and_business_case_pages(client, installation):
    response = client.sign_in()
    assert response.status == 302, response.text[:2000]
    session = next(c["sessionid"] for c in client.set_cookies if "sessionid" in c)
    assert session["secure"] and session["httponly"]
    csrf = next(c["csrftoken"] for c in client.set_cookies if "csrftoken" in c)
    assert csrf["secure"]

    home = client.get(response.header("Location"))
    assert home.status == 302
    assert home.header("Location") == f"/o/{ORG_SLUG}/"

    dashboard = client.get(f"/o/{ORG_SLUG}/")
    assert dashboard.status == 200
    assert ORG_NAME in dashboard.text
    initiatives = client.get(f"/o/{ORG_SLUG}/initiatives/")
    assert initiatives.status == 200
    assert production.INITIATIVE_TITLE in initiatives.text

    case = client.get(installation.case_path)
    assert case.status == 200
    assert production.INITIATIVE_TITLE in case.text
    # The figures of the two lines made through the services, computed by the server: $24,000 a
    # year for five years against $31,000 a year from the second year, at the default 3 %.
    # Reference: numpy-financial's npv (period 0 undiscounted, as in the case's own method).
    npv = npf.npv(0.03, [-24000, 7000, 7000, 7000, 7000])
    assert f"${npv:,.0f}" in case.text  # $2,020
    assert "$120,000" in case.text  # total cost of ownership: 5 x $24,000
    option_pk = re.search(r"business-case/options/(\d+)/", case.text).group(1)
    option = client.get(f"{installation.case_path}options/{option_pk}/")
    assert option.status == 200
    assert "Permit software subscription" in option.text


def test_a_missing_page_is_the_projects_own_404(client):
    client.sign_in()
    for path in ("/no-such-page/", "/o/no-such-town/", "/static/no-such-file.css"):
        response = client.get(path)
        assert response.status == 404, path
        if not path.startswith("/static/"):
            assert "<h1>Page not found</h1>" in response.text, path
            assert "Go to my organizations" in response.text
            assert "Not Found</h1>" not in response.text


def test_the_server_stops_cleanly_and_logged_no_error(server):
    assert server.stop() == 0
    log = server.log()
    assert "Shutting down: Master" in log
    assert "Traceback" not in log
    assert "[ERROR]" not in log
    assert '"GET /accounts/login/ HTTP/1.1" 200' in log
