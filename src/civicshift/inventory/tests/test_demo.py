"""The inventory's part of the demo (``civicshift.inventory.demo``): checked before anything is
written, naming the key; loaded, it shows the issue's examples (issue 8, item 8)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.initiatives.models import Initiative
from civicshift.inventory import selectors
from civicshift.inventory.demo import DEMO_MODULE
from civicshift.inventory.models import Component, InitiativeSystem, Integration, System
from civicshift.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _raw() -> dict:
    return yaml.safe_load(DEMO_MODULE.data_path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: raw["systems"][0].update(category="mainframe"), "systems[0].category"),
        (lambda raw: raw["systems"][0].update(departments=["NOPE"]), "systems[0].departments"),
        (lambda raw: raw["systems"][0].update(owner="nobody"), "systems[0].owner"),
        (lambda raw: raw["systems"][0].update(components=["Z80"]), "systems[0].components"),
        (lambda raw: raw["systems"][0]["assessment"].update(age=9), "systems[0].assessment.age"),
        (lambda raw: raw["systems"][0].update(cost_licence="lots"), "systems[0].cost_licence"),
        (lambda raw: raw["systems"][0].update(colour="blue"), "systems[0].colour"),
        (
            # the town's own lifecycle out of order
            lambda raw: raw["systems"][0].update(lifecycle_retired="1990-01-01"),
            "systems[0].lifecycle_retired",
        ),
        (
            lambda raw: raw["components"][0].update(extended_end="2000-01-01"),
            "components[0].extended_end",
        ),
        (lambda raw: raw["integrations"][0].update(to="Nowhere"), "integrations[0].to"),
        (lambda raw: raw["integrations"][0].update(method="fax"), "integrations[0].method"),
        (
            lambda raw: raw["links"][0]["systems"][0].update(relation="buys"),
            "links[0].systems[0].relation",
        ),
        (lambda raw: raw["links"][0]["systems"][0].update(system="?"), "links[0].systems[0]"),
        (lambda raw: raw.pop("version"), "version"),
    ],
)
def test_malformed_inventory_file_names_the_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    pattern = re.escape("inventory.yaml: ") + ".*" + re.escape(f"'{named}")
    with pytest.raises(DemoDataError, match=pattern):
        load_demo(module_paths={"inventory": _write(tmp_path, raw)})
    assert not Organization.objects.exists() and not System.objects.exists()


def test_the_demo_city_has_its_inventory():
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    systems = System.objects.for_org(maple)
    assert 38 <= systems.count() <= 45
    assert Component.objects.for_org(maple).count() >= 10
    assert Integration.objects.for_org(maple).count() >= 20
    # The neighbour county has none: the inventory belongs to the main organization only.
    assert not System.objects.exclude(organization=maple).exists()
    rows = {r.system.name: r for r in selectors.rows(maple, on=dt.date(2026, 12, 1))}
    as400 = rows["AS/400 financial system (general ledger, AP, AR)"]
    # endoflife.date, IBM i 7.1: extended life-cycle support ended 2024-04-30.
    assert as400.report.support.overall.phrase == "past extended support (2024-04-30)"
    assert as400.report.support.overall.source == "IBM i 7.1 (AS/400 model 520)"
    assert as400.report.assessment.disposition == "migrate"
    files = rows["Business licensing spreadsheet"]  # a file on the 2012 R2 file servers
    # endoflife.date, Windows Server 2012 R2: Extended Security Updates ended 2026-10-13.
    assert files.report.support.overall.phrase == (
        "past paid extended security updates (2026-10-13)"
    )
    # Two components past support: past the paid updates too (Windows Server 2012 R2) is
    # worse than past support with no paid updates published (ESXi 6.7, 2022-10-15).
    shares = rows["Shared drives (file servers)"].report.support
    assert shares.overall.source == "Windows Server 2012 R2 (file servers FS01-FS02)"
    esxi = next(s for s in shares.components if s.source == "VMware ESXi 6.7 cluster")
    assert esxi.state.name == "PAST_SUPPORT" and esxi.on == dt.date(2022, 10, 15)
    assert rows["Utility billing"].system.hosting == "vendor_hosted"
    assert rows["Permit tracking (Access database)"].report.open_flags
    # Every disposition appears, and the retired archive costs nothing any more.
    assert {r.report.assessment.disposition for r in rows.values()} >= {
        "invest",
        "migrate",
        "tolerate",
        "eliminate",
    }
    assert not rows["Old permit database (read-only archive)"].report.running
    # The ERP initiative replaces the AS/400 and can take its costs as avoided costs.
    erp = Initiative.objects.for_org(maple).get(title__startswith="Replace the 1994 AS/400")
    links = InitiativeSystem.objects.for_org(maple).filter(initiative=erp)
    assert {link.system.name for link in links if link.is_successor} == {
        "AS/400 financial system (general ledger, AP, AR)",
        "Payroll (on the AS/400)",
    }
    assert selectors.migration_work(erp)
