"""The funding desk of the demo municipality (found by the demo loader): the shared starter
catalog, the city's own notices and SAM.gov registration (written once, before the first
initiative), and each initiative's applications (written with the initiative)."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_applications, load_funding
from .schema import read_applications, read_funding

DEMO_MODULE = DemoModule(
    key="funding",
    data_path=Path(__file__).resolve().parent / "data" / "funding.yaml",
    data_id="civicshift-demo-funding",
    version=1,
    entries_key="applications",
    read=read_applications,
    load=load_applications,
    read_organization=read_funding,
    load_organization=load_funding,
)
