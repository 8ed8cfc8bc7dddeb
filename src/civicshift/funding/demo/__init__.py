"""The funding desk of the demo municipality (found by the demo loader), in two parts with a
data file each: the shared starter catalog, the city's own notices and SAM.gov registration
(written once, before the first initiative) with each initiative's applications; and the
funding mix of a few initiatives, with years left short so the gap shows."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_applications, load_funding
from .mix import load_mix, read_mix_entry
from .schema import read_applications, read_funding

_DATA = Path(__file__).resolve().parent / "data"

DEMO_MODULES = [
    DemoModule(
        key="funding",
        data_path=_DATA / "funding.yaml",
        data_id="civicshift-demo-funding",
        version=1,
        entries_key="applications",
        read=read_applications,
        load=load_applications,
        read_organization=read_funding,
        load_organization=load_funding,
    ),
    DemoModule(
        key="funding_mix",
        data_path=_DATA / "funding-mix.yaml",
        data_id="civicshift-demo-funding-mix",
        version=1,
        entries_key="funding_mix",
        read=read_mix_entry,
        load=load_mix,
    ),
]
