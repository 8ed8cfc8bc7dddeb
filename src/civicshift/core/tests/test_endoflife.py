"""Support dates from the endoflife.date catalogue: matching, milestones, status.

Reference values are endoflife.date's own, read from the shipped file (itself endoflife.date's
data at the commit named in it) and cited by product page beside each test. The three phrases
are issue 8's.
"""

import json
import subprocess
import sys
from datetime import date

import pytest

from civicshift.core import endoflife
from civicshift.core.endoflife import (
    CatalogueError,
    State,
    SupportMilestones,
    match,
    milestones,
    parse_catalogue,
    status,
)

RAW = json.loads(endoflife.packaged_path().read_text(encoding="utf-8"))
PRODUCTS = {p["id"]: p for p in RAW["products"]}
ON = date(2026, 12, 1)


def release(product_id: str, cycle: str) -> dict:
    """The release as the shipped file has it (not as our code reads it)."""
    (found,) = [r for r in PRODUCTS[product_id]["releases"] if r["releaseCycle"] == cycle]
    return found


def test_the_shipped_catalogue_is_endoflife_dates_whole_catalogue_with_its_licence():
    # The data README: 464 products, 8,321 release cycles; MIT licence beside the file.
    cat = endoflife.catalogue()
    assert len(cat.products) == 464
    assert cat.release_count == 8321
    licence = endoflife.packaged_path().parent / "LICENSE.endoflife-date-MIT.txt"
    assert "endoflife.date contributors" in licence.read_text(encoding="utf-8")
    assert "Permission is hereby granted" in licence.read_text(encoding="utf-8")


def test_the_package_data_patterns_ship_the_catalogue_and_its_licence():
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["*"]
    for name in ("products.json", "LICENSE.endoflife-date-MIT.txt"):
        relative = f"data/endoflife/{name}"
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


# --- the three phrases --------------------------------------------------------------


def test_windows_server_2012_r2_is_past_paid_extended_security_updates():
    # https://endoflife.date/windows-server: 2012 R2 mainstream 2018-10-09, extended 2023-10-10,
    # Extended Security Updates 2026-10-13.
    assert release("windows-server", "2012-r2")["eoes"] == "2026-10-13"
    (best, *_rest) = match("Windows Server 2012 R2")
    assert (best.product_id, best.cycle) == ("windows-server", "2012-r2")
    m = milestones(best.product_id, best.cycle)
    assert m.mainstream_end == date(2018, 10, 9)
    assert m.extended_end == date(2023, 10, 10)
    assert m.esu_end == date(2026, 10, 13)
    s = status(m, ON)
    assert s.state == State.PAST_ESU
    assert s.phrase == "past paid extended security updates (2026-10-13)"
    assert s.next_milestone is None and s.days_left is None


def test_ibm_i_7_1_is_past_extended_support():
    # https://endoflife.date/ibm-i: 7.1 End of Service Pack Support 2018-04-30, Extended Life
    # Cycle Support 2024-04-30.
    assert release("ibm-i", "7.1")["eol"] == "2018-04-30"
    assert release("ibm-i", "7.1")["eoes"] == "2024-04-30"
    (best,) = match("AS/400 IBM i 7.1")
    assert (best.product_id, best.cycle) == ("ibm-i", "7.1")
    s = status(milestones("ibm-i", "7.1"), ON)
    assert s.state == State.PAST_ESU
    assert s.phrase == "past extended support (2024-04-30)"


def test_ibm_i_7_3_is_on_extended_support_only():
    # https://endoflife.date/ibm-i: 7.3 End of Service Pack Support 2023-09-30, Extended Life
    # Cycle Support 2028-09-30.
    assert release("ibm-i", "7.3")["eoes"] == "2028-09-30"
    m = milestones("ibm-i", "7.3")
    assert m.mainstream_end is None  # IBM publishes no "active support" date
    s = status(m, ON)
    assert s.state == State.PAST_SUPPORT
    assert s.phrase == "on extended support only, until 2028-09-30"
    assert s.next_milestone == "esu_end"
    assert s.next_on == date(2028, 9, 30)
    assert s.days_left == (date(2028, 9, 30) - ON).days == 669


def test_the_labels_are_what_the_product_calls_its_milestones():
    assert PRODUCTS["windows-server"]["columns"]["eoesColumn"] == "Extended Security Updates"
    assert milestones("windows-server", "2012-r2").labels["esu_end"] == "Extended Security Updates"
    # IBM's column name carries an <abbr>; the label is its plain text.
    assert milestones("ibm-i", "7.3").labels["extended_end"] == (
        "End of Service Pack Support (EoSPS)"
    )
    assert milestones("ibm-i", "7.3").url == "https://endoflife.date/ibm-i"


# --- what towns type ------------------------------------------------------------------------

#: (product, version, vendor) → (endoflife.date product id, release cycle): each pair checked
#: against the shipped file below, so none is invented.
TYPED = [
    (("Windows Server 2012 R2", "", ""), ("windows-server", "2012-r2")),
    (("Win Srv 2012R2", "", ""), ("windows-server", "2012-r2")),
    (("FS01 Windows Server 2012 R2", "", ""), ("windows-server", "2012-r2")),
    (("Windows Server 2012 R2 (FS01, FS02)", "", ""), ("windows-server", "2012-r2")),
    (("Windows Server", "2016", "Microsoft"), ("windows-server", "2016")),
    (("Windows Server 2019 Datacenter", "", ""), ("windows-server", "2019")),
    (("Windows Server 2008 R2 SP1", "", ""), ("windows-server", "2008-r2-sp1")),
    (("AS/400 IBM i 7.1", "", ""), ("ibm-i", "7.1")),
    (("IBM i V7R1", "", ""), ("ibm-i", "7.1")),
    (("iSeries OS/400 7.3", "", ""), ("ibm-i", "7.3")),
    (("AS/400", "V7R3M0", "IBM"), ("ibm-i", "7.3")),
    # SQL Server 2014's supported cycle is its last service pack (the RTM cycle ended 2016).
    (("SQL Server 2014", "", ""), ("mssqlserver", "12.0-sp3")),
    (("SQL Server", "2016 SP3", "Microsoft"), ("mssqlserver", "13.0-sp3")),
    (("Microsoft SQL Server 2019", "", ""), ("mssqlserver", "15.0")),
    (("PostgreSQL 9.6", "", ""), ("postgresql", "9.6")),
    (("Postgres", "12.4", ""), ("postgresql", "12")),
    (("Oracle Database 11g", "", ""), ("oracle-database", "11.2")),
    (("Oracle", "19c", "Oracle"), ("oracle-database", "19")),
    (("RHEL 7", "", ""), ("rhel", "7")),
    (("Red Hat Enterprise Linux 8.6", "", ""), ("rhel", "8")),
    (("Exchange 2013", "", ""), ("msexchange", "2013")),
    (("Exchange Server 2016 CU23", "", "Microsoft"), ("msexchange", "2016")),
    (("vSphere 6.7", "", ""), ("vmware-esxi", "6.7")),
    (("VMware ESXi 7.0 U3", "", ""), ("vmware-esxi", "7.0")),
    (("Ubuntu 18.04 LTS", "", ""), ("ubuntu", "18.04")),
    (("CentOS 7", "", ""), ("centos", "7")),
    (("SUSE Linux Enterprise Server 12 SP5", "", ""), ("sles", "12.5")),
    (("Windows 10 22H2", "", ""), ("windows", "10-22h2")),
    (("Windows 7", "", ""), ("windows", "7-sp1")),
    (("Office 2016", "", ""), ("office", "2016")),
    (("SharePoint 2013", "", ""), ("sharepoint", "2013")),
    (("MySQL 5.7.44", "", ""), ("mysql", "5.7")),
    (("Debian 10 (buster)", "", ""), ("debian", "10")),
    (("Debian Buster", "", ""), ("debian", "10")),
    (("Veeam Backup & Replication 11", "", ""), ("veeam-backup-and-replication", "11")),
    (("Apache Tomcat 8.5", "", ""), ("tomcat", "8.5")),
    (("PHP 7.4", "", ""), ("php", "7.4")),
    (("FortiGate FortiOS 6.4", "", "Fortinet"), ("fortios", "6.4")),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED, ids=[t[0][0] for t in TYPED])
def test_what_towns_type_finds_the_right_product_and_release_cycle(typed, expected):
    product_id, cycle = expected
    assert release(product_id, cycle)  # the pair exists in endoflife.date's data
    found = match(*typed)
    assert found, typed
    best = found[0]
    assert (best.product_id, best.cycle) == expected, [(m.product_id, m.cycle) for m in found]
    assert best.title == PRODUCTS[product_id]["title"]
    assert 0.5 <= best.confidence <= 1.0
    assert best.url == f"https://endoflife.date/{product_id}"


def test_the_reasons_say_which_name_and_which_version_matched():
    (best,) = match("AS/400", "7.1", "IBM")
    assert best.why[0] == "alias “as400”"
    assert best.why[-1] == "version 7 1 → cycle 7.1"
    assert match("Windows Server 2012 R2")[0].why == (
        "id “windows-server”",
        "version 2012 r 2 → cycle 2012-r2",
    )
    sql = match("SQL Server 2014")
    assert "latest service pack" in sql[0].why[-1]
    # The release without a service pack is offered too, with less confidence.
    assert [(m.cycle, m.confidence < sql[0].confidence) for m in sql[1:2]] == [("12.0", True)]


def test_an_exact_version_is_surer_than_a_guessed_one():
    exact = match("Oracle Database", "11g Release 2")[0]
    guessed = match("Oracle Database", "11g")[0]
    assert exact.cycle == guessed.cycle == "11.2"
    assert exact.confidence > guessed.confidence
    # "11g" could be 11.1 as well: it is offered as the next candidate.
    assert [m.cycle for m in match("Oracle Database", "11g")[:2]] == ["11.2", "11.1"]


def test_a_version_that_matches_no_cycle_gives_the_product_without_a_cycle():
    (best, *_rest) = match("PostgreSQL", "5.2")
    assert (best.product_id, best.cycle) == ("postgresql", "")
    assert "matches none of its 29 release cycles" in best.why[-1]
    assert len(PRODUCTS["postgresql"]["releases"]) == 29
    exact = match("PostgreSQL", "9.6")[0]
    assert best.confidence < exact.confidence
    assert best.confidence <= 0.5
    no_version = match("PostgreSQL")[0]
    assert (no_version.cycle, no_version.why[-1]) == ("", "no version given")


@pytest.mark.parametrize(
    "typed",
    [
        ("Sally's spreadsheet", "", ""),
        ("Tyler Munis", "9", "Tyler Technologies"),
        ("Permits on an Access database", "", ""),
        ("Microsoft Access 2010", "", "Microsoft"),
        ("", "", ""),
        ("   ", "7.1", ""),
        ("Server", "2012", ""),
        # From the demo city: not in the catalogue, and words such as "CMS" or "Backup" alone
        # must not pull in Umbraco CMS or Proxmox Backup Server.
        ("CivicPress CMS", "6", "CivicPress Hosting"),
        ("Backup Exec", "20", "Veritas"),
        ("ArcGIS Enterprise", "10.6", "Esri"),
        ("MiVoice Business", "8", "Mitel"),
    ],
)
def test_what_the_catalogue_does_not_know_matches_nothing(typed):
    assert match(*typed) == []


def test_matching_ten_thousand_rows_uses_the_precomputed_index():
    """Correctness at volume (the timing is measured in benchmarks/, not asserted here)."""
    rows = [(f"Windows Server 2012 R2 FS{i:05d}", "", "") for i in range(2000)]
    rows += [("IBM i", f"7.{i % 6 + 1}", "IBM") for i in range(8000)]
    found = [match(*row)[0] for row in rows]
    assert {(m.product_id, m.cycle) for m in found[:2000]} == {("windows-server", "2012-r2")}
    assert {m.cycle for m in found[2000:]} == {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}


# --- true / false instead of dates ----------------------------------------------------------


def test_false_means_no_end_announced_and_stays_false():
    # https://endoflife.date/tomcat: 11.0 has no end of support announced (eol: false).
    assert release("tomcat", "11.0")["eol"] is False
    m = milestones("tomcat", "11.0")
    assert m.extended_end is False
    assert m.dates()["extended_end"] is None  # a date field stores nothing for it
    s = status(m, ON)
    assert (s.state, s.phrase) == (State.SUPPORTED, "supported; no end of support announced")


def test_true_means_ended_without_a_date_and_stays_true():
    # https://endoflife.date/veeam-backup-and-replication: 9.0 ended, no dates (eoas/eol true).
    assert release("veeam-backup-and-replication", "9.0")["eol"] is True
    m = milestones("veeam-backup-and-replication", "9.0")
    assert (m.mainstream_end, m.extended_end, m.esu_end) == (True, True, None)
    s = status(m, ON)
    assert s.state == State.PAST_SUPPORT
    # It publishes a mainstream milestone too ("End of Fix"), so its end is extended support's.
    assert s.phrase == "past extended support (no date published)"


def test_mainstream_ended_without_a_date_while_extended_support_runs():
    # https://endoflife.date/msexchange: 4.0 has eoas and eol true; built by hand for the case
    # of a true mainstream end and a dated end of extended support.
    m = SupportMilestones(mainstream_end=True, extended_end=date(2027, 1, 12))
    s = status(m, ON)
    assert (s.state, s.phrase) == (
        State.EXTENDED_ONLY,
        "on extended support only, until 2027-01-12",
    )
    assert s.days_left == 42


def test_states_through_the_life_of_windows_server_2016():
    # https://endoflife.date/windows-server: 2016 mainstream 2022-01-11, extended 2027-01-12,
    # ESU 2030-01-12.
    m = milestones("windows-server", "2016")
    assert status(m, date(2021, 6, 1)).phrase == "supported; mainstream support until 2022-01-11"
    assert status(m, date(2026, 12, 1)).state == State.EXTENDED_ONLY
    assert status(m, date(2028, 1, 1)).phrase == (
        "on paid extended security updates only, until 2030-01-12"
    )
    assert status(m, date(2028, 1, 1)).state == State.PAST_SUPPORT
    assert status(m, date(2030, 1, 13)).state == State.PAST_ESU
    # The day itself is still covered.
    assert status(m, date(2027, 1, 12)).state == State.EXTENDED_ONLY


def test_a_product_without_mainstream_or_paid_support_reads_plainly():
    # https://endoflife.date/postgresql: 9.6 end of support 2021-11-11; 17 until 2029-11-08.
    assert status(milestones("postgresql", "9.6"), ON).phrase == "past end of support (2021-11-11)"
    assert status(milestones("postgresql", "9.6"), ON).state == State.PAST_SUPPORT
    assert status(milestones("postgresql", "17"), ON).phrase == "supported until 2029-11-08"


def test_no_milestone_at_all_is_unknown():
    assert status(SupportMilestones(), ON).state == State.UNKNOWN


def test_unknown_product_or_cycle_raises_key_error():
    with pytest.raises(KeyError):
        milestones("not-a-product", "1")
    with pytest.raises(KeyError):
        milestones("ibm-i", "9.9")


# --- the shape of the data ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "product", "field"),
    [
        ({"products": [{"title": "x", "releases": []}]}, "", "products[0].id"),
        ({"products": [{"id": "a"}]}, "a", "releases"),
        (
            {"products": [{"id": "a", "releases": [{"eol": False}]}]},
            "a",
            "releases[0].releaseCycle",
        ),
        (
            {"products": [{"id": "a", "releases": [{"releaseCycle": "1", "eol": "31/12/2024"}]}]},
            "a",
            "release 1 eol",
        ),
        (
            {"products": [{"id": "a", "releases": [{"releaseCycle": "1", "eoes": "2024-02-30"}]}]},
            "a",
            "release 1 eoes",
        ),
        ({"products": [{"id": "a", "releases": []}, {"id": "a", "releases": []}]}, "a", "id"),
        ({"items": []}, "", "products"),
    ],
)
def test_a_malformed_catalogue_names_the_product_and_field(raw, product, field):
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(raw)
    assert (caught.value.product, caught.value.field) == (product, field)
    assert field in str(caught.value)


def test_core_endoflife_imports_no_django():
    code = (
        "import sys, civicshift.core.endoflife as e\n"
        "e.match('Windows Server 2012 R2')\n"
        "print(','.join(sorted(n for n in sys.modules if n.split('.')[0] == 'django')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_a_newer_copy_is_preferred_when_it_exists(tmp_path):
    newer = tmp_path / "products.json"
    newer.write_text(
        json.dumps(
            {
                "products": [
                    {
                        "id": "ibm-i",
                        "title": "IBM i",
                        "releases": [
                            {"releaseCycle": "7.3", "eol": "2023-09-30", "eoes": "2029-09-30"}
                        ],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    assert len(endoflife.catalogue(newer).products) == 1
    assert milestones("ibm-i", "7.3", cat=endoflife.catalogue(newer)).esu_end == date(2029, 9, 30)
    # A path that does not exist falls back to the shipped catalogue.
    assert len(endoflife.catalogue(tmp_path / "missing.json").products) == 464
