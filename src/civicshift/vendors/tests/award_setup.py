"""An evaluation ready for its award recommendation, for the award and memo tests.

The ranking fixture of test_ranking.py (typed weights 60/40, price 20 points, prices 1,000,000
and 1,250,000, consensus fit/cost p1 3/4 and p2 5/3: totals 74.4 and 83.2, the hand
calculation is there), with a panel of three: the officer (editor), an evaluator who declared a
conflict with the first vendor, and an evaluator who has not submitted."""

from __future__ import annotations

from decimal import Decimal

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_user
from civicshift.vendors import services, services_panel

from .factories import make_scoring

UNSUBMITTED_COMMENT = "Unsubmitted draft comment: still thinking"
PERSONAL_NOTE = "Personal note: ask about the data centre"
CONFLICT = "My brother-in-law is their regional sales manager."


def award_world(org, officer=None) -> dict:
    officer = officer or make_member(org, Role.EDITOR)
    if not officer.get_full_name():
        officer.first_name, officer.last_name = "Olga", "Officer"
        officer.save()
    conflicted = make_user(first_name="Cora", last_name="Conflicted")
    drafting = make_user(first_name="Dev", last_name="Drafting")
    from civicshift.orgs.models import Membership

    for user in (conflicted, drafting):
        Membership.objects.create(organization=org, user=user, role=Role.EVALUATOR)
    data = make_scoring(org, officer, declared=False, evaluators=(conflicted, drafting))
    evaluation = data["evaluation"]
    fit, cost = data["criteria"]
    p1, p2 = data["proposals"]
    own, cora, dev = data["members"]
    for member in (own, cora, dev):
        conflict = member is cora
        services_panel.declarations_submit(
            actor=member.user,
            member=member,
            answers={p1.vendor: (conflict, CONFLICT if conflict else ""), p2.vendor: (False, "")},
        )
    evaluation = services_panel.proposals_open(actor=officer, evaluation=evaluation)
    for member in (own, cora, dev):
        member.refresh_from_db()
    mine = {(p1, fit): 3, (p1, cost): 4, (p2, fit): 5, (p2, cost): 3}
    for (p, c), v in mine.items():
        services_panel.score_set(
            actor=officer,
            member=own,
            proposal=p,
            criterion=c,
            value=v,
            comment="Exceeds the need: every module shown live." if v == 5 else "",
            personal_note=PERSONAL_NOTE,
        )
    services_panel.scores_submit(actor=officer, member=own)
    for c, v in ((fit, 4), (cost, 3)):
        services_panel.score_set(actor=cora.user, member=cora, proposal=p2, criterion=c, value=v)
    services_panel.scores_submit(actor=cora.user, member=cora)
    services_panel.score_set(
        actor=dev.user, member=dev, proposal=p1, criterion=fit, value=1, comment=UNSUBMITTED_COMMENT
    )
    evaluation = services.evaluation_update(
        actor=officer, evaluation=evaluation, price_points=Decimal(20)
    )
    return {
        "org": org,
        "officer": officer,
        "evaluation": evaluation,
        "criteria": (fit, cost),
        "proposals": (p1, p2),
        "members": (own, cora, dev),
    }


def agree_consensus(world) -> None:
    fit, cost = world["criteria"]
    p1, p2 = world["proposals"]
    agreed = {(p1, fit): 3, (p1, cost): 4, (p2, fit): 5, (p2, cost): 3}
    for (p, c), v in agreed.items():
        services_panel.consensus_set(
            actor=world["officer"],
            proposal=p,
            criterion=c,
            value=Decimal(v),
            rationale=f"Agreed after the demonstration ({p.vendor.name}, {c.name}).",
        )
