"""The ideas board's part of the demo municipality (found by the demo loader): eight ideas of
staff from several departments with comments, supports and responses (one declined with its
reason, one comment hidden), written once before the first initiative; and the 311 initiative,
which came from one of them (written with that initiative)."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_ideas, load_promotion
from .schema import read_ideas, read_promotion

DEMO_MODULE = DemoModule(
    key="ideas",
    data_path=Path(__file__).resolve().parent / "data" / "ideas.yaml",
    data_id="civicshift-demo-ideas",
    version=1,
    entries_key="promotions",
    read=read_promotion,
    load=load_promotion,
    read_organization=read_ideas,
    load_organization=load_ideas,
)
