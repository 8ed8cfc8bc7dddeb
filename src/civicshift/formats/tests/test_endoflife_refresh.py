"""Refreshing the endoflife.date catalogue from a newer copy: checked, compared, atomic."""

import io
import json
from datetime import date

import pytest

from civicshift.core import endoflife
from civicshift.formats import endoflife as refresh_mod
from civicshift.formats.endoflife import RefreshError, refresh

SHIPPED = endoflife.packaged_path()


def newer_copy(tmp_path, change):
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def product(raw, pid):
    return next(p for p in raw["products"] if p["id"] == pid)


def test_a_newer_copy_replaces_the_data_file_and_says_what_changed(tmp_path):
    def change(raw):
        ibm = product(raw, "ibm-i")
        next(r for r in ibm["releases"] if r["releaseCycle"] == "7.3")["eoes"] = "2029-09-30"
        ibm["releases"].insert(
            0, {"releaseCycle": "7.7", "releaseDate": "2027-04-01", "eol": False}
        )
        raw["products"].append(
            {
                "id": "tyler-munis",
                "title": "Tyler Munis",
                "releases": [{"releaseCycle": "2026", "eol": False}],
            }
        )

    target = tmp_path / "data" / "endoflife" / "products.json"
    report = refresh(str(newer_copy(tmp_path, change)), target)
    assert report.written and target.is_file()
    assert (target.parent / "LICENSE.endoflife-date-MIT.txt").is_file()
    assert report.products_before == 464 and report.products_after == 465
    assert report.products_added == ["tyler-munis"]
    assert report.cycles_added == [("ibm-i", "7.7")]
    assert report.dates_changed == [("ibm-i", "7.3", "eoes", "2028-09-30", "2029-09-30")]
    text = "\n".join(report.lines())
    assert "Products added: tyler-munis." in text
    assert "ibm-i 7.3: eoes 2028-09-30 → 2029-09-30" in text
    # core prefers the refreshed copy when it is given.
    assert endoflife.milestones("ibm-i", "7.3", cat=endoflife.catalogue(target)).esu_end == date(
        2029, 9, 30
    )


def test_true_and_false_changes_are_reported_as_such(tmp_path):
    def change(raw):
        tomcat = product(raw, "tomcat")
        next(r for r in tomcat["releases"] if r["releaseCycle"] == "11.0")["eol"] = "2031-12-31"

    report = refresh(str(newer_copy(tmp_path, change)), tmp_path / "t.json", dry_run=True)
    assert report.dates_changed == [
        ("tomcat", "11.0", "eol", "false (no end announced)", "2031-12-31")
    ]
    assert not report.written and not (tmp_path / "t.json").exists()
    assert "Nothing written (dry run)." in report.lines()


def test_the_same_data_changes_nothing(tmp_path):
    report = refresh(str(SHIPPED), tmp_path / "p.json")
    assert (report.products_added, report.cycles_added, report.dates_changed) == ([], [], [])
    assert "No dates changed." in report.lines()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda raw: product(raw, "ibm-i")["releases"][0].update(eol="30/09/2031"),
            "product “ibm-i”, field release 7.6 eol",
        ),
        (lambda raw: product(raw, "ibm-i").pop("releases"), "product “ibm-i”, field releases"),
        (lambda raw: product(raw, "rhel").pop("id"), "field products["),
        (lambda raw: raw.pop("products"), "field products"),
    ],
)
def test_a_bad_copy_is_refused_naming_file_product_and_field_and_the_old_file_stays(
    tmp_path, change, expected
):
    target = tmp_path / "products.json"
    refresh(str(SHIPPED), target)
    before = target.read_bytes()
    bad = newer_copy(tmp_path, change)
    with pytest.raises(RefreshError) as caught:
        refresh(str(bad), target)
    assert str(bad) in str(caught.value)
    assert expected in str(caught.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["products.json", "LICENSE.endoflife-date-MIT.txt", "newer.json"]
    )  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"products": [], "products": []}', "appears twice"),
        (b"[" * 50 + b"]" * 50, "nest"),
        (b'{"products": [}', "not valid JSON"),
        (b'{"products": []}', "lists no products"),
    ],
)
def test_hostile_or_empty_json_is_refused(tmp_path, content, expected):
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    with pytest.raises(RefreshError, match=expected):
        refresh(str(path), tmp_path / "target.json")
    assert not (tmp_path / "target.json").exists()


def test_a_file_larger_than_the_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(refresh_mod, "MAX_CATALOGUE_BYTES", 1000)
    with pytest.raises(RefreshError, match="larger|more than|MB"):
        refresh(str(SHIPPED), tmp_path / "target.json")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RefreshError, match="no such file"):
        refresh(str(tmp_path / "nope.json"), tmp_path / "target.json")


@pytest.mark.parametrize(
    "url", ["http://endoflife.date/api/all.json", "ftp://x/y", "file:///etc/passwd"]
)
def test_only_https_addresses_are_fetched(tmp_path, url):
    with pytest.raises(RefreshError, match="only https://"):
        refresh(url, tmp_path / "target.json")


class FakeResponse(io.BytesIO):
    def __init__(self, data: bytes, url: str, length: str | None = None):
        super().__init__(data)
        self._url = url
        self.headers = {"Content-Length": length} if length else {}

    def geturl(self):
        return self._url


def test_an_https_address_is_fetched_with_a_timeout(tmp_path, monkeypatch):
    calls = []

    def fake_urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        return FakeResponse(SHIPPED.read_bytes(), request.full_url)

    monkeypatch.setattr(refresh_mod.urllib.request, "urlopen", fake_urlopen)
    report = refresh("https://example.org/products.json", tmp_path / "p.json")
    assert calls == [("https://example.org/products.json", refresh_mod.FETCH_TIMEOUT_SECONDS)]
    assert report.written and report.products_after == 464


def test_an_https_answer_too_large_or_redirected_to_http_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(refresh_mod, "MAX_CATALOGUE_BYTES", 100)
    big = FakeResponse(b"{" + b" " * 500 + b"}", "https://example.org/p.json")
    monkeypatch.setattr(refresh_mod.urllib.request, "urlopen", lambda request, timeout: big)
    with pytest.raises(RefreshError, match="example.org"):
        refresh_mod.fetch("https://example.org/p.json", max_bytes=100)
    declared = FakeResponse(b"{}", "https://example.org/p.json", length="99999999")
    monkeypatch.setattr(refresh_mod.urllib.request, "urlopen", lambda request, timeout: declared)
    with pytest.raises(RefreshError, match="more than the 100 allowed"):
        refresh_mod.fetch("https://example.org/p.json", max_bytes=100)
    moved = FakeResponse(b"{}", "http://example.org/p.json")
    monkeypatch.setattr(refresh_mod.urllib.request, "urlopen", lambda request, timeout: moved)
    with pytest.raises(RefreshError, match="not https"):
        refresh_mod.fetch("https://example.org/p.json")


def test_a_network_failure_is_a_clear_message(monkeypatch):
    def fail(request, timeout):
        raise refresh_mod.urllib.error.URLError("timed out")

    monkeypatch.setattr(refresh_mod.urllib.request, "urlopen", fail)
    with pytest.raises(RefreshError, match="could not be fetched \\(timed out\\)"):
        refresh_mod.fetch("https://example.org/p.json")
