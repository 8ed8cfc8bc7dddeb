"""An evaluation with a criteria tree, three proposals, a panel of three (two submitted, one
still drafting), documents with hostile names and a consensus with one score missing: for the
score workbook and public-record tests.

Hand calculation of the totals (the ranking page's rules, docs/vendors.md "Ranking"):
shares of the whole: Finance 0.6 × 0.7 = 0.42, Payroll 0.6 × 0.3 = 0.18, Cost 0.40; with 20
points for price the criteria share 80 points: Finance 33.6, Payroll 14.4, Cost 32.
Lowest price 900,000, so price points: A 900/1000 × 20 = 18, B 900/1250 × 20 = 14.4, C 20.

    A (1,000,000): 33.6 × 4/5 + 14.4 × 3/5 + 32 × 5/5 = 26.88 + 8.64 + 32 = 67.52 + 18 = 85.52
    B (1,250,000): 33.6 × 5/5 + 14.4 × 4/5 + 32 × 3/5 = 33.6 + 11.52 + 19.2 = 64.32 + 14.4 = 78.72
    C   (900,000): 33.6 × 3/5 + 14.4 × 2/5 + (Cost not agreed: 0) = 25.92 + 20 = 45.92
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services, services_panel

from .factories import make_criterion, make_evaluation, make_proposal, make_vendor

HAND_TOTALS = {"A": 85.52, "B": 78.72, "C": 45.92}
HAND_RANKS = {"A": 1, "B": 2, "C": 3}

#: Strings that must never leave the evaluator who wrote them (or the draft they are in).
NOTE_OF_ANA = "ANA-PRIVATE-NOTE-7731"
NOTE_OF_CY = "CY-PRIVATE-NOTE-4420"
DRAFT_OF_BEN = "BEN-DRAFT-COMMENT-9902"
NOTE_OF_BEN = "BEN-DRAFT-NOTE-5518"
AFTER_LOCK_REASON = "Re-read the security appendix after the demonstration."


def _score_all(member, proposals, leaves, values, *, comment="", note=""):
    for p in proposals:
        for c in leaves:
            v = values[(p.vendor.name[-1], c.name)]
            services_panel.score_set(
                actor=member.user,
                member=member,
                proposal=p,
                criterion=c,
                value=v,
                comment=comment or f"Score {v} for {c.name}.",
                personal_note=note,
            )


def build_record_fixture(*, withhold_notes: bool = True) -> dict:
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    ana = make_member(org, Role.VIEWER)
    ben = make_member(org, Role.EVALUATOR)
    cy = make_member(org, Role.VIEWER)
    for user, (first, last) in ((ana, ("Ana", "Ruiz")), (ben, ("Ben", "Oko")), (cy, ("Cy", "Lum"))):
        user.first_name, user.last_name = first, last
        user.save()
    evaluation = make_evaluation(
        org, officer, price_points=Decimal(20), withhold_personal_notes=withhold_notes
    )
    fit = make_criterion(org, officer, evaluation, name="Functional fit", weight=Decimal(60))
    finance = make_criterion(
        org, officer, evaluation, parent=fit, name="Finance", weight=Decimal(70)
    )
    payroll = make_criterion(
        org, officer, evaluation, parent=fit, name="Payroll", weight=Decimal(30)
    )
    cost = make_criterion(org, officer, evaluation, name="Cost", weight=Decimal(40))
    leaves = [finance, payroll, cost]
    prices = {"A": "1000000", "B": "1250000", "C": "900000"}
    proposals = [
        make_proposal(
            org,
            officer,
            evaluation,
            vendor=make_vendor(org, officer, name=f"Vendor {k}"),
            price=Decimal(v),
        )
        for k, v in prices.items()
    ]
    a, b, c = proposals
    members = [
        services_panel.panel_member_add(actor=officer, evaluation=evaluation, user=u)
        for u in (ana, ben, cy)
    ]
    for m in members:
        services_panel.declarations_submit(
            actor=m.user, member=m, answers={p.vendor: (False, "") for p in proposals}
        )
    evaluation = services_panel.proposals_open(actor=officer, evaluation=evaluation)
    for m in members:
        m.refresh_from_db()
    m_ana, m_ben, m_cy = members
    ana_values = {
        ("A", "Finance"): 4, ("A", "Payroll"): 3, ("A", "Cost"): 5,
        ("B", "Finance"): 5, ("B", "Payroll"): 4, ("B", "Cost"): 3,
        ("C", "Finance"): 3, ("C", "Payroll"): 2, ("C", "Cost"): 4,
    }  # fmt: skip
    _score_all(m_ana, proposals, leaves, ana_values, note=NOTE_OF_ANA)
    services_panel.scores_submit(actor=ana, member=m_ana)
    cy_values = {k: min(5, v + 1) if k[1] == "Cost" else v for k, v in ana_values.items()}
    _score_all(m_cy, proposals, leaves, cy_values, note=NOTE_OF_CY)
    services_panel.scores_submit(actor=cy, member=m_cy)
    m_cy.refresh_from_db()
    # A change after submission, with its reason (kept in the audit trail of the record).
    services_panel.score_set(
        actor=cy,
        member=m_cy,
        proposal=a,
        criterion=payroll,
        value=2,
        comment="Payroll reports are thin.",
        personal_note=NOTE_OF_CY,
        reason=AFTER_LOCK_REASON,
    )
    # Ben is still drafting: none of this may appear to anyone else, nor in the record.
    ones = dict.fromkeys(ana_values, 1)
    _score_all(m_ben, proposals, leaves, ones, comment=DRAFT_OF_BEN, note=NOTE_OF_BEN)
    agreed = {
        (a, finance): 4, (a, payroll): 3, (a, cost): 5,
        (b, finance): 5, (b, payroll): 4, (b, cost): 3,
        (c, finance): 3, (c, payroll): 2,
    }  # fmt: skip  # (c, cost) not agreed yet
    for (p, crit), v in agreed.items():
        services_panel.consensus_set(
            actor=officer,
            proposal=p,
            criterion=crit,
            value=Decimal(v),
            rationale=f"The panel agreed {v} for {crit.name} after the demonstration.",
        )
    services_panel.diligence_set(
        actor=officer, proposal=a, checklist="security", item="mfa", answer="no",
        evidence="SOC 2 report, section 4",
    )  # fmt: skip
    services_panel.reference_check_create(
        actor=officer, proposal=a, customer="City of Ames", summary="Would buy again."
    )
    docs = [
        (a, "../../etc/passwd.txt", b"root:x:0:0\n"),
        (a, "Proposal.pdf", b"%PDF-1.7\n% proposal of A, part 1\n"),
        (a, "proposal.PDF", b"%PDF-1.7\n% proposal of A, part 2\n"),
        (b, "C:\\Users\\bid\\Price sheet.txt", b"Year 1: 250000\n"),
    ]
    for p, name, content in docs:
        services.document_upload(
            actor=officer, proposal=p, upload=SimpleUploadedFile("x", content), filename=name
        )
    evaluation.refresh_from_db()
    return {
        "org": org,
        "officer": officer,
        "ana": ana,
        "ben": ben,
        "cy": cy,
        "evaluation": evaluation,
        "proposals": proposals,
        "leaves": leaves,
        "members": members,
        "docs": docs,
    }
