"""The people side of the demo municipality (found by the demo loader): the ERP replacement's
stakeholders, ADKAR-style ratings, change-impact assessment and change and communications plan,
some activities already sent to the initiative's plan."""

from pathlib import Path

from civicshift.demo.modules import DemoModule

from .loader import load_people, read_people_entry

DEMO_MODULE = DemoModule(
    key="people",
    data_path=Path(__file__).resolve().parent / "data" / "people.yaml",
    data_id="civicshift-demo-people",
    version=1,
    entries_key="people",
    read=read_people_entry,
    load=load_people,
)
