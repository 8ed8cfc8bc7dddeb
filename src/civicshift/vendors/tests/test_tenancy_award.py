"""The award's pages, registered with the generic tenancy harness: the recommendation's form
(GET and POST) and the award memo's downloads, for editors and administrators only (an
evaluator or viewer is refused; another organization's member gets 404)."""

from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness
from civicshift.vendors.models import Evaluation

from .award_setup import agree_consensus, award_world

EDITOR = Role.EDITOR
ev = lambda obj: {"pk": obj.pk}  # noqa: E731


def _award_data(org, obj):
    return {
        "proposal": obj.proposals.order_by("pk").last().pk,
        "rationale": "Highest total score and the strongest references.",
        "version": obj.version,
    }


class TestAward(TenancyHarness):
    model = Evaluation
    endpoints = [
        Endpoint("vendors:award", role=EDITOR, kwargs=ev),
        Endpoint("vendors:award", "POST", EDITOR, kwargs=ev, data=_award_data),
        Endpoint("vendors:award_memo_docx", role=EDITOR, kwargs=ev),
        Endpoint("vendors:award_memo_pdf", role=EDITOR, kwargs=ev),
    ]

    def make_object(self, organization, user):
        world = award_world(organization, officer=user)
        agree_consensus(world)
        world["evaluation"].refresh_from_db()
        return world["evaluation"]
