"""The people side of the demo (issue 11, item 10: a stakeholder map for the ERP initiative):
about a dozen stakeholders with a sponsor, a resistant group and a champion, a few ADKAR
ratings, a change-impact assessment and a communications plan with some activities already in
the plan; the data file is checked before anything is written."""

import pytest

from civicshift.demo.loader import load_demo
from civicshift.demo.schema_checks import DemoDataError
from civicshift.initiatives.models import Initiative
from civicshift.plans.models import PlanTask

from .. import selectors
from ..demo.loader import read_people_entry
from ..services_plan import SAME, activity_task_proposal

pytestmark = pytest.mark.django_db

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def test_the_erp_initiative_has_its_people_side():
    load_demo()
    erp = Initiative.objects.get(title=ERP)
    grid = selectors.grid_for(erp)
    assert len(grid.stakeholders) == 12
    stances = {s.name: s.current_stance for s in grid.stakeholders}
    assert stances["Utility billing clerks"] == "resistant"
    assert stances["Accounts payable clerks"] == "sceptical"
    assert stances["Dana Whitfield, IT Manager"] == "champion"
    sponsor = next(s for s in grid.stakeholders if s.role == "Executive sponsor")
    assert sponsor.quadrant == "manage_closely" and sponsor.department.code == "FIN"

    barriers = {e.key: n for e, n in selectors.barrier_summary(erp).counts}
    assert barriers == {
        "awareness": 1,
        "desire": 1,
        "knowledge": 1,
        "ability": 0,
        "reinforcement": 0,
    }

    impact = selectors.impact_for(erp).summary
    # 18·(21/6) + 9·(19/6) + 45·(8/6) + 6·(13/6), all ÷ 5 = (378 + 171 + 360 + 78) / 30 = 32.9
    assert impact.people == 78
    assert impact.load == pytest.approx(987 / 30)
    assert impact.size == "large" and impact.raised_by.startswith("Finance")

    plan = selectors.comms_plan_for(erp)
    assert len(plan.activities) == 8 and len(plan.sponsor) == 2
    sent = [a for a in plan.activities if a.task_id]
    assert len(sent) == 3
    assert (
        PlanTask.objects.filter(plan__initiative=erp, pk__in=[a.task_id for a in sent]).count() == 3
    )
    assert all(activity_task_proposal(a).action == SAME for a in sent)
    assert plan.unanswered == 0  # every resistant or sceptical stakeholder has a response
    assert selectors.champions_of(erp.organization)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (
            {
                "stakeholders": [
                    {
                        "name": "A",
                        "influence": 6,
                        "interest": 1,
                        "current": "neutral",
                        "desired": "neutral",
                    }
                ]
            },
            "influence",
        ),
        (
            {
                "stakeholders": [
                    {
                        "name": "A",
                        "influence": 1,
                        "interest": 1,
                        "current": "angry",
                        "desired": "neutral",
                    }
                ]
            },
            "current",
        ),
        (
            {
                "resistance": [
                    {
                        "stakeholder": "Nobody",
                        "cause": "past",
                        "response": "x",
                        "owner": "y",
                        "due": "2027-01-01",
                    }
                ]
            },
            "unknown stakeholder",
        ),
        (
            {
                "activities": [
                    {"title": "x", "kind": "party", "audience": "y", "date": "2027-01-01"}
                ]
            },
            "kind",
        ),
        ({"impact": [{"name": "x", "headcount": 3, "processes": 9}]}, "processes"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_key(raw, words):
    with pytest.raises(DemoDataError) as caught:
        read_people_entry(raw, "people[0]")
    assert words in str(caught.value)
