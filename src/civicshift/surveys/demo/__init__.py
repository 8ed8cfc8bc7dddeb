"""The readiness surveys' part of the demo municipality (found by the demo loader): two waves
of the ORIC questions for the ERP initiative, with a few hundred synthetic answers."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_surveys, read_surveys

DEMO_MODULE = DemoModule(
    key="surveys",
    data_path=Path(__file__).resolve().parent / "data" / "surveys.yaml",
    data_id="civicshift-demo-surveys",
    version=1,
    entries_key="surveys",
    read=read_surveys,
    load=load_surveys,
)
