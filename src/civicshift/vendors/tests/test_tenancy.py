"""An evaluation's pages, registered with the generic tenancy harness.

The panel's own pages (declare, compare, my scores, submit) are for the evaluators on the
panel only, whatever their role: the harness's endpoint role for them is ``ADMIN`` because the
organization's administrator is the one it signs in with who is on the panel (``make_object``
puts them there); every other role, not on the panel, is refused (403). An evaluator-role
member sees only the evaluations they are on the panel of: ``make_object`` puts the
organization's evaluators on the panel, so the harness's evaluator reads them."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import Endpoint, TenancyHarness
from civicshift.vendors import services, services_panel
from civicshift.vendors.models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    DiligenceAnswer,
    Evaluation,
    Judgment,
    Milestone,
    PanelMember,
    Proposal,
    ProposalCaseLine,
    ProposalDocument,
    ReferenceCheck,
    Score,
    Vendor,
)
from civicshift.vendors.views_case import CaseLinesForm

from . import factories

EDITOR, ADMIN = Role.EDITOR, Role.ADMIN
ev = lambda obj: {"pk": obj.pk}  # noqa: E731


def _scoring(org, user, *, panel_only=False, **kw):
    """``panel_only``: the administrator alone on the panel (the panel's own pages)."""
    evaluators = () if panel_only else factories.evaluators_of(org)
    return factories.make_scoring(org, user, evaluators=evaluators, **kw)


EVALUATION_DATA = lambda org, obj: {  # noqa: E731
    "title": "RFP 2027-01: Permitting",
    "solicitation": "rfp",
    "weight_method": "typed",
    "price_points": "0",
    "withhold_personal_notes": "on",
    "version": getattr(obj, "version", ""),
}


class TestEvaluations(TenancyHarness):
    model = Evaluation
    endpoints = [
        Endpoint("vendors:initiative_evaluations", kwargs=lambda o: {"pk": o.initiative_id}),
        Endpoint(
            "vendors:evaluation_create", role=EDITOR, kwargs=lambda o: {"pk": o.initiative_id}
        ),
        Endpoint(
            "vendors:evaluation_create",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.initiative_id},
            data=EVALUATION_DATA,
        ),
        Endpoint("vendors:evaluation_detail", kwargs=ev),
        Endpoint("vendors:evaluation_edit", role=EDITOR, kwargs=ev),
        Endpoint("vendors:evaluation_edit", "POST", EDITOR, kwargs=ev, data=EVALUATION_DATA),
        Endpoint("vendors:criteria_starter", "POST", EDITOR, kwargs=ev),
    ]

    def make_object(self, organization, user):
        evaluation = factories.make_evaluation(organization, user)
        for u in (user, *factories.evaluators_of(organization)):
            services_panel.panel_member_add(actor=user, evaluation=evaluation, user=u)
        return evaluation


def _spare_vendor(org, obj):
    return Vendor.objects.for_org(org).filter(proposals__isnull=True).first().pk


class TestProposals(TenancyHarness):
    model = Proposal
    doc_kwargs = lambda o: {"pk": o.evaluation_id, "proposal": o.pk}  # noqa: E731
    endpoints = [
        Endpoint("vendors:proposal_create", role=EDITOR, kwargs=lambda o: {"pk": o.evaluation_id}),
        Endpoint(
            "vendors:proposal_create",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.evaluation_id},
            data=lambda org, obj: {
                "vendor": _spare_vendor(org, obj),
                "price": "900000",
                "one_time_cost": "0",
                "annual_cost": "0",
            },
        ),
        Endpoint("vendors:document_upload", role=EDITOR, kwargs=doc_kwargs),
        Endpoint(
            "vendors:document_upload",
            "POST",
            EDITOR,
            kwargs=doc_kwargs,
            data=lambda org, obj: {
                "file": SimpleUploadedFile("proposal.pdf", b"%PDF-1.7\n% a proposal\n")
            },
        ),
    ]

    def make_object(self, organization, user):
        proposal = factories.make_proposal(organization, user)
        factories.make_vendor(organization, user)  # one without a proposal, for the create form
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=proposal.evaluation, user=u)
        return proposal


class TestDocuments(TenancyHarness):
    model = ProposalDocument
    endpoints = [
        Endpoint(
            "vendors:document_download",
            kwargs=lambda o: {"pk": o.proposal.evaluation_id, "document": o.pk},
        ),
    ]

    def make_object(self, organization, user):
        proposal = factories.make_proposal(organization, user)
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=proposal.evaluation, user=u)
        return services.document_upload(
            actor=user,
            proposal=proposal,
            upload=SimpleUploadedFile("prices.txt", b"Year 1: 100\n"),
        )


class TestCriteria(TenancyHarness):
    model = Criterion
    endpoints = [
        Endpoint("vendors:criterion_create", role=EDITOR, kwargs=lambda o: {"pk": o.evaluation_id}),
        Endpoint(
            "vendors:criterion_create",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.evaluation_id},
            data=lambda org, obj: {"name": "Data conversion", "parent": obj.pk},
        ),
        Endpoint("vendors:weights", kwargs=lambda o: {"pk": o.evaluation_id}),
        Endpoint(
            "vendors:weights",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.evaluation_id},
            data=lambda org, obj: {"group": "top", f"w{obj.pk}": "100"},
        ),
    ]

    def make_object(self, organization, user):
        criterion = factories.make_criterion(organization, user)
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=criterion.evaluation, user=u)
        return criterion


class TestMilestones(TenancyHarness):
    model = Milestone
    task_kwargs = lambda o: {"pk": o.evaluation_id, "milestone": o.pk}  # noqa: E731
    endpoints = [
        Endpoint("vendors:milestone_set", role=EDITOR, kwargs=lambda o: {"pk": o.evaluation_id}),
        Endpoint(
            "vendors:milestone_set",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.evaluation_id},
            data=lambda org, obj: {"kind": "proposals", "date": "2027-03-01"},
        ),
        Endpoint("vendors:milestone_task", role=EDITOR, kwargs=task_kwargs),
        Endpoint("vendors:milestone_task", "POST", EDITOR, kwargs=task_kwargs),
    ]

    def make_object(self, organization, user):
        from civicshift.plans.tests.factories import make_plan

        evaluation = factories.make_evaluation(organization, user)
        make_plan(organization, user, initiative=evaluation.initiative)
        return services.milestone_set(
            actor=user, evaluation=evaluation, kind="release", date=date(2027, 2, 1)
        )


class TestPanel(TenancyHarness):
    """Declared, not yet opened: the officer adds an evaluator and opens the proposals."""

    model = PanelMember
    endpoints = [
        Endpoint("vendors:panel_add", role=EDITOR, kwargs=lambda o: {"pk": o.evaluation_id}),
        Endpoint(
            "vendors:panel_add",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.evaluation_id},
            data=lambda org, obj: {"user": make_member(org, Role.VIEWER).pk},
        ),
        Endpoint(
            "vendors:proposals_open", "POST", EDITOR, kwargs=lambda o: {"pk": o.evaluation_id}
        ),
    ]

    def make_object(self, organization, user):
        return _scoring(organization, user, opened=False)["members"][0]


class TestDeclarations(TenancyHarness):
    """Before declaring: the evaluator's own declaration page."""

    model = ConflictDeclaration
    endpoints = [
        Endpoint("vendors:declare", role=ADMIN, kwargs=lambda o: {"pk": o.member.evaluation_id}),
        Endpoint(
            "vendors:declare",
            "POST",
            ADMIN,
            kwargs=lambda o: {"pk": o.member.evaluation_id},
            data=lambda org, obj: {},
        ),
    ]

    def make_object(self, organization, user):
        # The declaration returned is another evaluator's; the administrator has not declared.
        data = _scoring(organization, user, declared=False, panel_only=True)
        other = make_member(organization, Role.VIEWER)
        member = services_panel.panel_member_add(
            actor=user, evaluation=data["evaluation"], user=other
        )
        p1, p2 = data["proposals"]
        return services_panel.declarations_submit(
            actor=other,
            member=member,
            answers={p1.vendor: (True, "My brother works there."), p2.vendor: (False, "")},
        )[0]


class TestJudgments(TenancyHarness):
    model = Judgment
    endpoints = [
        Endpoint("vendors:judgments", role=ADMIN, kwargs=lambda o: {"pk": o.member.evaluation_id}),
        Endpoint(
            "vendors:judgments",
            "POST",
            ADMIN,
            kwargs=lambda o: {"pk": o.member.evaluation_id},
            data=lambda org, obj: {f"j-{obj.first_id}-{obj.second_id}": "1/3"},
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user, panel_only=True)
        fit, cost = data["criteria"]
        return services_panel.judgment_set(
            actor=user, member=data["members"][0], first=fit, second=cost, value="3"
        )


def _score_all(data, member, value=3):
    for p in data["proposals"]:
        for c in data["criteria"]:
            services_panel.score_set(
                actor=member.user, member=member, proposal=p, criterion=c, value=value
            )


class TestScores(TenancyHarness):
    model = Score
    endpoints = [
        Endpoint(
            "vendors:score_sheet", role=ADMIN, kwargs=lambda o: {"pk": o.member.evaluation_id}
        ),
        Endpoint(
            "vendors:score_sheet",
            "POST",
            ADMIN,
            kwargs=lambda o: {"pk": o.member.evaluation_id},
            data=lambda org, obj: {f"v-{obj.proposal_id}-{obj.criterion_id}": "4"},
        ),
        Endpoint("vendors:submit", "POST", ADMIN, kwargs=lambda o: {"pk": o.member.evaluation_id}),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user, panel_only=True)
        _score_all(data, data["members"][0])
        return data["members"][0].scores.first()


class TestConsensus(TenancyHarness):
    model = ConsensusScore
    endpoints = [
        Endpoint(
            "vendors:consensus", role=EDITOR, kwargs=lambda o: {"pk": o.proposal.evaluation_id}
        ),
        Endpoint(
            "vendors:consensus",
            "POST",
            EDITOR,
            kwargs=lambda o: {"pk": o.proposal.evaluation_id},
            data=lambda org, obj: {
                "proposal": obj.proposal_id,
                "criterion": obj.criterion_id,
                "value": "4",
                "rationale": "The demonstration showed every required report.",
            },
        ),
    ]

    def make_object(self, organization, user):
        data = _scoring(organization, user)
        p, c = data["proposals"][0], data["criteria"][0]
        return services_panel.consensus_set(
            actor=user, proposal=p, criterion=c, value=Decimal(3), rationale="Agreed."
        )


class TestRanking(TenancyHarness):
    model = ConsensusScore
    endpoints = [
        Endpoint("vendors:ranking", role=EDITOR, kwargs=lambda o: {"pk": o.proposal.evaluation_id}),
    ]

    def make_object(self, organization, user):
        return TestConsensus().make_object(organization, user)


DILIGENCE_KWARGS = lambda o: {"pk": o.proposal.evaluation_id, "proposal": o.proposal_id}  # noqa: E731


class TestDiligence(TenancyHarness):
    """The proposal's due-diligence page."""

    model = DiligenceAnswer
    endpoints = [
        Endpoint("vendors:diligence", kwargs=DILIGENCE_KWARGS),
        Endpoint(
            "vendors:diligence",
            "POST",
            EDITOR,
            kwargs=DILIGENCE_KWARGS,
            data=lambda org, obj: {"checklist": "security", "a-security-mfa": "no"},
        ),
    ]

    def make_object(self, organization, user):
        proposal = factories.make_proposal(organization, user)
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=proposal.evaluation, user=u)
        return services_panel.diligence_set(
            actor=user, proposal=proposal, checklist="security", item="mfa", answer="yes"
        )


class TestReferenceChecks(TenancyHarness):
    """The proposal's due-diligence page."""

    model = ReferenceCheck
    endpoints = [
        Endpoint(
            "vendors:diligence",
            "POST",
            EDITOR,
            kwargs=DILIGENCE_KWARGS,
            data=lambda org, obj: {"form": "reference", "customer": "Town of Ely"},
        ),
    ]

    def make_object(self, organization, user):
        proposal = factories.make_proposal(organization, user)
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=proposal.evaluation, user=u)
        return services_panel.reference_check_create(
            actor=user, proposal=proposal, customer="City of Ames", summary="Would buy again."
        )


class TestRecords(TenancyHarness):
    """The score workbook (editors; panel members get their own sheet, see
    test_score_workbook) and the public-records export (editors; the immediate queue of the
    tests answers with the file, so no redirect: its audit event is checked in
    test_public_record)."""

    model = Evaluation
    endpoints = [
        Endpoint("vendors:score_workbook", role=EDITOR, kwargs=ev),
        Endpoint("vendors:public_record", "POST", EDITOR, kwargs=ev, audited=False),
    ]

    def make_object(self, organization, user):
        return _scoring(organization, user, panel_only=True)["evaluation"]


CASE_LINES_KWARGS = lambda o: {"pk": o.evaluation_id}  # noqa: E731


def _runner_up(line):
    """The evaluation's other proposal: adding its costs changes the lines (audited)."""
    return line.evaluation.proposals.exclude(pk=line.proposal_id).get().pk


class TestProposalCaseLines(TenancyHarness):
    """The winning proposal's costs into the business case (for editors)."""

    model = ProposalCaseLine
    endpoints = [
        Endpoint("vendors:case_lines", role=EDITOR, kwargs=CASE_LINES_KWARGS),
        Endpoint(
            "vendors:case_lines",
            "POST",
            EDITOR,
            kwargs=CASE_LINES_KWARGS,
            form=CaseLinesForm,
            data=lambda org, obj: {"proposal": _runner_up(obj), "option": obj.line.option_id},
        ),
    ]

    def make_object(self, organization, user):
        from civicshift.cases.services import business_case_create
        from civicshift.vendors import services_case

        proposal = factories.make_proposal(
            organization, user, one_time_cost=Decimal(40000), annual_cost=Decimal(9000)
        )
        evaluation = proposal.evaluation
        factories.make_proposal(
            organization, user, evaluation, one_time_cost=Decimal(52000), annual_cost=Decimal(0)
        )
        case = business_case_create(actor=user, initiative=evaluation.initiative)
        for u in factories.evaluators_of(organization):
            services_panel.panel_member_add(actor=user, evaluation=evaluation, user=u)
        services_case.proposal_lines_apply(
            actor=user, evaluation=evaluation, proposal=proposal, option=case.options.get()
        )
        return ProposalCaseLine.objects.for_org(organization).filter(evaluation=evaluation).first()
