"""The inventory's part of the demo municipality (found by the demo loader): about forty
systems of the City of Maple Falls with their components, integrations and assessments
(written once, before the first initiative), and the systems each initiative replaces,
retires or integrates with (written with the initiative)."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_inventory, load_links
from .schema import read_inventory, read_links

DEMO_MODULE = DemoModule(
    key="inventory",
    data_path=Path(__file__).resolve().parent / "data" / "inventory.yaml",
    data_id="civicshift-demo-inventory",
    version=1,
    entries_key="links",
    read=read_links,
    load=load_links,
    read_organization=read_inventory,
    load_organization=load_inventory,
)
