"""The vendors API, registered with the generic tenancy harness: anonymous → 401/403, another
organization's member → 404, roles below the endpoint's → 403 with nothing written, writes
audited, ids of another organization's rows in the body → 400 on that field.

The panel's own endpoints (declarations, judgments, scores, submit) are for the members of the
panel, whatever their role. Their harness role is the evaluator: ``make_object`` puts the
organization's administrator, evaluators and editors on the panel (so the member the harness
signs in with as "evaluator", and the editors and administrator it reads as, are on it) but no
viewer, so the viewer the harness signs in with is refused (403). Scores are read and changed
as the organization's newest evaluator (the one the harness made for the check), or the
administrator when there is none; what a person may not read of another's scores is tested
path by path in ``test_api_panel.py``."""

from decimal import Decimal

from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import TenancyHarness, api_endpoint
from civicshift.vendors import services_panel
from civicshift.vendors.models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    Evaluation,
    Judgment,
    PanelMember,
    Proposal,
    Score,
    Vendor,
)

from .. import factories

api = api_endpoint
EDITOR, EVALUATOR = Role.EDITOR, Role.EVALUATOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


def _panel_users(organization, user):
    """The administrator, then every evaluator and editor of the organization."""
    others = (
        Membership.objects.filter(organization=organization, role__in=[EVALUATOR, EDITOR])
        .exclude(user=user)
        .order_by("pk")
    )
    return [m.user for m in others]


def _newest_evaluator(organization, default):
    membership = (
        Membership.objects.filter(organization=organization, role=EVALUATOR).order_by("pk").last()
    )
    return membership.user if membership else default


def _scoring(organization, user, **kw):
    return factories.make_scoring(
        organization, user, evaluators=_panel_users(organization, user), **kw
    )


def _score_all(data, member, value=3):
    for p in data["proposals"]:
        for c in data["criteria"]:
            services_panel.score_set(
                actor=member.user, member=member, proposal=p, criterion=c, value=value
            )


def _on_panel(evaluation, organization, user):
    for u in (user, *factories.evaluators_of(organization)):
        services_panel.panel_member_add(actor=user, evaluation=evaluation, user=u)


class TestVendorApi(TenancyHarness):
    model = Vendor
    endpoints = [
        api("api:vendors-vendor-list", object_in_url=False),
        api(
            "api:vendors-vendor-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"name": f"Contoso Civic Systems {obj.pk}", "tax_id": ""},
        ),
        api("api:vendors-vendor-detail", kwargs=pk),
        api(
            "api:vendors-vendor-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"notes": "Met at the GFOA conference."},
        ),
        api(
            "api:vendors-vendor-detail",
            "PUT",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": obj.name, "insurance_carrier": "Travelers"},
        ),
        api("api:vendors-vendor-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_vendor(organization, user)


EVALUATION_CHANGE = lambda org, obj: {  # noqa: E731
    "initiative": obj.initiative_id,
    "title": "RFP 2027-02: Permitting",
    "solicitation": "rfp",
}


class TestEvaluationApi(TenancyHarness):
    model = Evaluation
    endpoints = [
        api("api:vendors-evaluation-list", object_in_url=False),
        api(
            "api:vendors-evaluation-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"initiative": obj.initiative_id, "title": "RFP 2027-01: ERP"},
        ),
        api("api:vendors-evaluation-detail", kwargs=pk),
        api("api:vendors-evaluation-detail", "PATCH", EDITOR, kwargs=pk, data=EVALUATION_CHANGE),
        api("api:vendors-evaluation-detail", "PUT", EDITOR, kwargs=pk, data=EVALUATION_CHANGE),
        api(
            "api:vendors-evaluation-weights",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"weights": {str(obj.criteria.get().pk): "100"}},
        ),
    ]

    def make_object(self, organization, user):
        evaluation = factories.make_evaluation(organization, user)
        factories.make_criterion(organization, user, evaluation, name="Functional fit")
        _on_panel(evaluation, organization, user)
        return evaluation


child = lambda obj: {"evaluation_pk": obj.evaluation_id, "pk": obj.pk}  # noqa: E731
in_evaluation = lambda obj: {"evaluation_pk": obj.evaluation_id}  # noqa: E731


def _spare_vendor(org):
    return Vendor.objects.for_org(org).filter(proposals__isnull=True).first().pk


class TestProposalApi(TenancyHarness):
    model = Proposal
    endpoints = [
        api("api:vendors-proposal-list", kwargs=in_evaluation),
        api(
            "api:vendors-proposal-list",
            "POST",
            EDITOR,
            kwargs=in_evaluation,
            data=lambda org, obj: {"vendor": _spare_vendor(org), "price": "900000.00"},
        ),
        api("api:vendors-proposal-detail", kwargs=child),
        api(
            "api:vendors-proposal-detail",
            "PATCH",
            EDITOR,
            kwargs=child,
            data=lambda org, obj: {"annual_cost": "48000.00"},
        ),
        api(
            "api:vendors-proposal-detail",
            "PUT",
            EDITOR,
            kwargs=child,
            data=lambda org, obj: {"vendor": obj.vendor_id, "price": "1150000.00"},
        ),
    ]

    def make_object(self, organization, user):
        proposal = factories.make_proposal(organization, user)
        factories.make_vendor(organization, user)  # one without a proposal, for the create
        _on_panel(proposal.evaluation, organization, user)
        return proposal


class TestCriterionApi(TenancyHarness):
    model = Criterion
    endpoints = [
        api("api:vendors-criterion-list", kwargs=in_evaluation),
        api(
            "api:vendors-criterion-list",
            "POST",
            EDITOR,
            kwargs=in_evaluation,
            data=lambda org, obj: {"name": "Data conversion", "parent": obj.pk},
        ),
        api("api:vendors-criterion-detail", kwargs=child),
        api(
            "api:vendors-criterion-detail",
            "PATCH",
            EDITOR,
            kwargs=child,
            data=lambda org, obj: {"anchor_mid": "Covers payroll and budgeting."},
        ),
        api(
            "api:vendors-criterion-detail",
            "PUT",
            EDITOR,
            kwargs=child,
            data=lambda org, obj: {"name": obj.name + " (all modules)", "parent": obj.parent_id},
        ),
        api("api:vendors-criterion-detail", "DELETE", EDITOR, kwargs=child),
    ]

    def make_object(self, organization, user):
        criterion = factories.make_criterion(organization, user)
        _on_panel(criterion.evaluation, organization, user)
        return criterion


class TestPanelApi(TenancyHarness):
    """Everyone declared, the proposals not open yet: the officer adds a member and opens."""

    model = PanelMember
    endpoints = [
        api("api:vendors-panel-list", kwargs=in_evaluation),
        api(
            "api:vendors-panel-list",
            "POST",
            EDITOR,
            kwargs=in_evaluation,
            data=lambda org, obj: {"user": make_member(org, Role.VIEWER).pk},
        ),
        api("api:vendors-panel-open", "POST", EDITOR, kwargs=in_evaluation),
    ]

    def make_object(self, organization, user):
        return _scoring(organization, user, opened=False)["members"][0]


def _declarations(org, obj):
    proposals = obj.member.evaluation.proposals.all()
    return {"declarations": [{"vendor": p.vendor_id, "has_conflict": False} for p in proposals]}


class TestDeclarationApi(TenancyHarness):
    """Nobody on the panel has declared yet but a viewer added last, whose declaration it is."""

    model = ConflictDeclaration
    member_evaluation = lambda obj: {"evaluation_pk": obj.member.evaluation_id}  # noqa: E731
    endpoints = [
        api("api:vendors-panel-declarations", role=EVALUATOR, kwargs=member_evaluation),
        api(
            "api:vendors-panel-declarations",
            "POST",
            EVALUATOR,
            kwargs=member_evaluation,
            data=_declarations,
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user, declared=False)
        other = services_panel.panel_member_add(
            actor=user, evaluation=data["evaluation"], user=make_member(organization, Role.VIEWER)
        )
        p1, p2 = data["proposals"]
        return services_panel.declarations_submit(
            actor=other.user,
            member=other,
            answers={p1.vendor: (True, "My brother works there."), p2.vendor: (False, "")},
        )[0]


class TestJudgmentApi(TenancyHarness):
    model = Judgment
    member_evaluation = lambda obj: {"evaluation_pk": obj.member.evaluation_id}  # noqa: E731
    endpoints = [
        api("api:vendors-panel-judgments", role=EVALUATOR, kwargs=member_evaluation),
        api(
            "api:vendors-panel-judgments",
            "POST",
            EVALUATOR,
            kwargs=member_evaluation,
            data=lambda org, obj: {"first": obj.second_id, "second": obj.first_id, "value": "1/3"},
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user)
        fit, cost = data["criteria"]
        return services_panel.judgment_set(
            actor=user, member=data["members"][0], first=fit, second=cost, value="3"
        )


class TestSubmitApi(TenancyHarness):
    """Every member of the panel has scored everything, nobody has submitted."""

    model = PanelMember
    endpoints = [api("api:vendors-panel-submit", "POST", EVALUATOR, kwargs=in_evaluation)]

    def make_object(self, organization, user):
        data = _scoring(organization, user)
        for member in data["members"]:
            _score_all(data, member)
        return data["members"][0]


class TestScoreApi(TenancyHarness):
    """The newest evaluator's scores, all given and submitted (so editors read them too); a
    change of a submitted score gives its reason."""

    model = Score
    endpoints = [
        api("api:vendors-score-list", role=EVALUATOR, kwargs=lambda o: {"evaluation_pk": _ev(o)}),
        api("api:vendors-score-detail", role=EVALUATOR, kwargs=lambda o: _score_kwargs(o)),
        api(
            "api:vendors-score-detail",
            "PATCH",
            EVALUATOR,
            kwargs=lambda o: _score_kwargs(o),
            data=lambda org, obj: {"value": 4, "reason": "Re-read the data-conversion plan."},
        ),
        api(
            "api:vendors-score-detail",
            "PUT",
            EVALUATOR,
            kwargs=lambda o: _score_kwargs(o),
            data=lambda org, obj: {
                "proposal": obj.proposal_id,
                "criterion": obj.criterion_id,
                "value": 2,
                "reason": "The demonstration showed no payroll module.",
            },
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user)
        scorer = _newest_evaluator(organization, user)
        member = next(m for m in data["members"] if m.user_id == scorer.pk)
        _score_all(data, member)
        services_panel.scores_submit(actor=scorer, member=member)
        return member.scores.order_by("pk").first()


def _ev(score):
    return score.member.evaluation_id


def _score_kwargs(score):
    return {"evaluation_pk": score.member.evaluation_id, "pk": score.pk}


class TestScoreCreateApi(TenancyHarness):
    """Opened, nothing scored yet: a member scores one cell."""

    model = None
    endpoints = [
        api(
            "api:vendors-score-list",
            "POST",
            EVALUATOR,
            kwargs=lambda o: {"evaluation_pk": o.pk},
            data=lambda org, obj: {
                "proposal": obj.proposals.order_by("pk").first().pk,
                "criterion": obj.criteria.order_by("pk").first().pk,
                "value": 3,
            },
        ),
    ]

    def make_object(self, organization, user):
        return _scoring(organization, user)["evaluation"]


class TestConsensusApi(TenancyHarness):
    model = ConsensusScore
    consensus_kwargs = lambda o: {"evaluation_pk": o.proposal.evaluation_id, "pk": o.pk}  # noqa: E731
    endpoints = [
        api(
            "api:vendors-consensus-list",
            role=EDITOR,
            kwargs=lambda o: {"evaluation_pk": o.proposal.evaluation_id},
        ),
        api(
            "api:vendors-consensus-list",
            "POST",
            EDITOR,
            kwargs=lambda o: {"evaluation_pk": o.proposal.evaluation_id},
            data=lambda org, obj: {
                "proposal": Proposal.objects.filter(evaluation=obj.proposal.evaluation_id)
                .exclude(pk=obj.proposal_id)
                .get()
                .pk,
                "criterion": obj.criterion_id,
                "value": "4.00",
                "rationale": "The demonstration showed every required report.",
            },
        ),
        api("api:vendors-consensus-detail", role=EDITOR, kwargs=consensus_kwargs),
        api(
            "api:vendors-consensus-detail",
            "PATCH",
            EDITOR,
            kwargs=consensus_kwargs,
            data=lambda org, obj: {"value": "3.50", "rationale": "Split between 3 and 4."},
        ),
        api(
            "api:vendors-consensus-detail",
            "PUT",
            EDITOR,
            kwargs=consensus_kwargs,
            data=lambda org, obj: {
                "proposal": obj.proposal_id,
                "criterion": obj.criterion_id,
                "value": "4.00",
                "rationale": "Agreed after the reference calls.",
            },
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user)
        p, c = data["proposals"][0], data["criteria"][0]
        return services_panel.consensus_set(
            actor=user, proposal=p, criterion=c, value=Decimal(3), rationale="Agreed."
        )
