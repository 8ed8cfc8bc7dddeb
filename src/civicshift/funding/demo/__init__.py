"""The funding module's part of the demo municipality (found by the demo loader): the funding
mix of a few initiatives, with years left short so the gap shows."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .mix import load_mix, read_mix_entry

DEMO_MODULE = DemoModule(
    key="funding_mix",
    data_path=Path(__file__).resolve().parent / "data" / "funding-mix.yaml",
    data_id="civicshift-demo-funding-mix",
    version=1,
    entries_key="funding_mix",
    read=read_mix_entry,
    load=load_mix,
)
