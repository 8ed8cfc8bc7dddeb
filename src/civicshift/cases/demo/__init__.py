"""The business-case module's part of the demo municipality (found by the demo loader).

Every initiative of the demo past "idea" gets the business case of ``data/business-cases.yaml``,
written right after the initiative is created (see ``civicshift.demo.modules``).
"""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_business_case
from .schema import business_case

DEMO_MODULE = DemoModule(
    key="business_case",
    data_path=Path(__file__).resolve().parent / "data" / "business-cases.yaml",
    data_id="civicshift-demo-business-cases",
    version=1,
    entries_key="business_cases",
    read=business_case,
    load=load_business_case,
)
