"""The plan module's part of the demo municipality (found by the demo loader): a plan from a
template, with the template's risks, for every initiative of the demo past "approved"."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_plan, read_plan_entry

DEMO_MODULE = DemoModule(
    key="plan",
    data_path=Path(__file__).resolve().parent / "data" / "plans.yaml",
    data_id="civicshift-demo-plans",
    version=1,
    entries_key="plans",
    read=read_plan_entry,
    load=load_plan,
)
