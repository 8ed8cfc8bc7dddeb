"""The vendors part of the demo municipality (found by the demo loader): the registry (written
once, before the first initiative), the ERP RFP with its panel, weights, scores, consensus and
due diligence, and the permitting purchase through a cooperative contract."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_evaluation, load_registry
from .schema import read_evaluation, read_registry

DEMO_MODULE = DemoModule(
    key="vendors",
    data_path=Path(__file__).resolve().parent / "data" / "vendors.yaml",
    data_id="civicshift-demo-vendors",
    version=1,
    entries_key="evaluations",
    read=read_evaluation,
    load=load_evaluation,
    read_organization=read_registry,
    load_organization=load_registry,
)
