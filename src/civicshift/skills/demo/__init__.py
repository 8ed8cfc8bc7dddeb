"""The skills module's part of the demo municipality (found by the demo loader): the starter
skills catalog, job roles and about twenty staff (written once, before the first initiative),
and for the ERP initiative the skills each role needs, the assessments (Finance weakest on the
new ERP), a training plan whose cost and backfill are added to the business case's recommended
option and whose sessions are added to the plan, all through the module's services."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_organization, load_training
from .schema import read_entry, read_organization

DEMO_MODULE = DemoModule(
    key="skills",
    data_path=Path(__file__).resolve().parent / "data" / "skills.yaml",
    data_id="civicshift-demo-skills",
    version=1,
    entries_key="initiatives",
    read=read_entry,
    load=load_training,
    read_organization=read_organization,
    load_organization=load_organization,
)
