"""The winning proposal's costs into the business case: the lines against a hand calculation,
the option's NPV against the case engine run directly, adding again (updated, never twice),
stale and cost-less proposals, roles, tenancy and the htmx swap of the preview."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases.models import CaseLine
from civicshift.cases.selectors import option_figures
from civicshift.cases.services import business_case_create, business_case_update, line_create
from civicshift.core.cases import Case, Estimate, Line, analyze
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services, services_case, services_panel
from civicshift.vendors.models import Evaluation, ProposalCaseLine
from civicshift.vendors.ranking import life_cycle_cost

from . import factories

pytestmark = pytest.mark.django_db

# Present value at 3 % of 1 a year in years 1 … 5: (1 − 1.03^−5) / 0.03 = 4.5797072 (the annuity
# factor; the same as Excel's =PV(3%, 5, -1)).
ANNUITY_3_5 = 4.579707187
# 500,000 now + 100,000 × 4.5797072 = 500,000 + 457,970.72 = 957,970.72
LIFE_CYCLE = 957_970.72
# 300,000 of savings a year in years 1 … 5: 300,000 × 4.5797072 = 1,373,912.16
SAVINGS_PV = 1_373_912.16


@pytest.fixture
def world():
    """A case from FY2027 over 5 years at a real 3 %, its option with 300,000 of savings a
    year (typed by hand), and an evaluation with two proposals: Northwind (500,000 once and
    100,000 a year) and Contoso (350,000 once, 140,000 a year)."""
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    initiative = factories.make_initiative(org, editor)
    case = business_case_create(
        actor=editor,
        initiative=initiative,
        start_year=2027,
        horizon_years=5,
        discount_rate=Decimal("0.03"),
    )
    option = case.options.get()
    line_create(
        actor=editor,
        option=option,
        name="Fewer manual reconciliations",
        kind="benefit",
        category="cashable_savings",
        likely=Decimal("300000"),
        first_period=1,
        last_period=5,
    )
    evaluation = factories.make_evaluation(org, editor, initiative=initiative)
    northwind = factories.make_proposal(
        org,
        editor,
        evaluation,
        vendor=factories.make_vendor(org, editor, name="Northwind Municipal Software"),
        one_time_cost=Decimal("500000"),
        annual_cost=Decimal("100000"),
    )
    contoso = factories.make_proposal(
        org,
        editor,
        evaluation,
        vendor=factories.make_vendor(org, editor, name="Contoso Civic"),
        one_time_cost=Decimal("350000"),
        annual_cost=Decimal("140000"),
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(awarded_proposal=northwind)
    evaluation.refresh_from_db()
    return {
        "org": org,
        "editor": editor,
        "case": case,
        "option": option,
        "evaluation": evaluation,
        "northwind": northwind,
        "contoso": contoso,
    }


def _url(w):
    return reverse("vendors:case_lines", args=[w["org"].slug, w["evaluation"].pk])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _apply(w, proposal=None, option=None, **kw):
    return services_case.proposal_lines_apply(
        actor=w["editor"],
        evaluation=w["evaluation"],
        proposal=proposal or w["northwind"],
        option=option or w["option"],
        **kw,
    )


def _npv(w, option=None):
    option = option or w["option"]
    return option_figures(w["case"], option, sensitivity=False).summary.lead.npv


def test_the_lines_match_a_hand_calculation(world):
    planned = services_case.plan(world["evaluation"], world["northwind"], world["option"])
    got = [
        (p.name, p.category, p.first_period, p.last_period, p.amount, p.escalation)
        for p in planned.lines
    ]
    # One-time 500,000 in year 0 (FY2027) as implementation services (one-time, capital);
    # 100,000 a year in years 1 … 5 (FY2028–FY2032) as a subscription (recurring, operating).
    assert got == [
        (
            "Northwind Municipal Software proposal: one-time implementation costs",
            "implementation",
            0,
            0,
            Decimal("500000"),
            Decimal("0"),
        ),
        (
            "Northwind Municipal Software proposal: yearly costs",
            "subscription",
            1,
            5,
            Decimal("100000.00"),
            Decimal("0"),
        ),
    ]
    assert planned.problems == [] and planned.removed == []


def test_adding_lowers_the_npv_by_the_life_cycle_cost_as_the_engine_computes_it(world):
    # Before: the savings alone, 1,373,912.16 (hand, above).
    assert _npv(world) == pytest.approx(SAVINGS_PV, abs=0.01)
    made = _apply(world)
    assert [(m.category, m.likely, m.first_period, m.last_period) for m in made] == [
        ("implementation", Decimal("500000.00"), 0, 0),
        ("subscription", Decimal("100000.00"), 1, 5),
    ]
    # After: 1,373,912.16 − 957,970.72 = 415,941.44.
    after = _npv(world)
    assert after == pytest.approx(SAVINGS_PV - LIFE_CYCLE, abs=0.01)
    # The same lines given to the case engine directly (core.cases, no database).
    direct = Case(
        title="direct",
        start_year=2027,
        horizon_years=5,
        discount_rate=0.03,
        lines=(
            Line("savings", "benefit", Estimate.point(300_000), tuple(range(1, 6))),
            Line("one-time", "cost", Estimate.point(500_000), (0,), category="implementation"),
            Line("yearly", "cost", Estimate.point(100_000), tuple(range(1, 6)), category="x"),
        ),
    )
    assert after == pytest.approx(analyze(direct).npv, abs=1e-6)
    # … and the change is the ranking's life-cycle cost of the proposal.
    assert _npv(world) - SAVINGS_PV == pytest.approx(
        -life_cycle_cost(world["northwind"], 5, 0.03), abs=0.01
    )


def test_a_nominal_case_gets_the_yearly_costs_in_the_money_of_each_year(world):
    # Nominal at 5.06 % with 2 % inflation: (1.03 × 1.02) − 1 = 0.0506, the real 3 % in
    # nominal terms (Fisher). Year t holds 100,000 × 1.02^t (entered as 102,000 in year 1,
    # rising 2 %), discounted by 1.0506^t = (1.03 × 1.02)^t: the present value is again
    # 100,000 / 1.03^t a year, so the life-cycle cost is the real one, 957,970.72.
    case = business_case_update(
        actor=world["editor"],
        case=world["case"],
        basis="nominal",
        inflation=Decimal("0.02"),
        discount_rate=Decimal("0.0506"),
    )
    world["case"] = case
    option = case.options.get()
    planned = services_case.plan(world["evaluation"], world["northwind"], option)
    yearly = planned.lines[1]
    assert (yearly.amount, yearly.escalation) == (Decimal("102000.00"), Decimal("0.0200"))
    before = _npv(world, option)
    _apply(world, option=option)
    assert _npv(world, option) - before == pytest.approx(-LIFE_CYCLE, abs=0.01)


def test_adding_again_updates_the_lines_instead_of_adding_them_twice(world):
    org = world["org"]
    first = _apply(world)
    second = _apply(world)
    assert [line.pk for line in second] == [line.pk for line in first]
    assert CaseLine.objects.for_org(org).filter(option=world["option"]).count() == 3
    # The proposal's yearly cost changes: the same line is updated, the change audited.
    northwind = services.proposal_update(
        actor=world["editor"], proposal=world["northwind"], annual_cost=Decimal("110000")
    )
    third = _apply(world, proposal=northwind, expected_version=northwind.version)
    assert [line.pk for line in third] == [line.pk for line in first]
    assert third[1].likely == Decimal("110000.00")
    update = AuditEvent.objects.for_org(org).filter(action="update", object_pk=str(third[1].pk))
    assert update.get().changes["likely"] == ["100000.00", "110000.00"]
    # Another proposal: its costs replace the first's, still two lines, named after it.
    fourth = _apply(world, proposal=world["contoso"])
    names = set(
        CaseLine.objects.for_org(org).filter(option=world["option"]).values_list("name", flat=True)
    )
    assert names == {
        "Fewer manual reconciliations",
        "Contoso Civic proposal: one-time implementation costs",
        "Contoso Civic proposal: yearly costs",
    }
    assert ProposalCaseLine.objects.for_org(org).count() == 2
    assert {r.proposal_id for r in ProposalCaseLine.objects.for_org(org)} == {world["contoso"].pk}
    assert [line.likely for line in fourth] == [Decimal("350000.00"), Decimal("140000.00")]


def test_adding_to_another_option_moves_the_lines(world):
    from civicshift.cases.services import option_create

    org = world["org"]
    _apply(world)
    other = option_create(actor=world["editor"], case=world["case"], name="Hosted by the county")
    _apply(world, option=other)
    assert CaseLine.objects.for_org(org).filter(option=world["option"]).count() == 1  # savings
    assert CaseLine.objects.for_org(org).filter(option=other).count() == 2
    assert AuditEvent.objects.for_org(org).filter(action="delete").count() >= 2


def test_a_part_without_cost_any_more_is_deleted(world):
    _apply(world)
    northwind = services.proposal_update(
        actor=world["editor"], proposal=world["northwind"], annual_cost=Decimal("0")
    )
    made = _apply(world, proposal=northwind)
    assert [line.category for line in made] == ["implementation"]
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 1


def test_a_line_typed_by_hand_with_the_same_name_is_named_not_overwritten(world):
    line_create(
        actor=world["editor"],
        option=world["option"],
        name="Northwind Municipal Software proposal: yearly costs",
        kind="cost",
        category="subscription",
        likely=Decimal("1"),
        first_period=1,
        last_period=1,
    )
    with pytest.raises(ValidationError, match="already has a line named"):
        _apply(world)
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 0


def test_a_proposal_without_costs_gets_a_named_message(world):
    empty = factories.make_proposal(
        world["org"],
        world["editor"],
        world["evaluation"],
        vendor=factories.make_vendor(world["org"], world["editor"], name="Fabrikam Gov"),
    )
    with pytest.raises(ValidationError) as caught:
        _apply(world, proposal=empty)
    assert "Fabrikam Gov's proposal has no one-time or yearly costs" in str(caught.value)
    client = _client(world["editor"])
    page = client.get(_url(world), {"proposal": empty.pk})
    text = page.content.decode()
    assert "Fabrikam Gov&#x27;s proposal has no one-time or yearly costs" in text
    assert "Add these lines" not in text
    posted = client.post(_url(world), {"proposal": empty.pk, "option": world["option"].pk})
    assert posted.status_code == 200
    assert "Fabrikam Gov&#x27;s proposal has no one-time or yearly costs" in posted.content.decode()
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 0


def test_the_page_shows_the_lines_then_adds_them(world):
    client = _client(world["editor"])
    page = client.get(_url(world))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Shown first because it is the proposal recommended for award." in text
    assert "Northwind Municipal Software proposal: yearly costs" in text
    assert "FY2028–FY2032" in text and "$500,000" in text
    # NPV 1,373,912 now, 415,941 with the lines, −957,971: the life-cycle cost.
    assert "$1,373,912" in text and "$415,941" in text and "-$957,971" in text
    assert CaseLine.objects.for_org(world["org"]).count() == 1  # nothing added by looking
    added = client.post(
        _url(world),
        {
            "proposal": world["northwind"].pk,
            "option": world["option"].pk,
            "proposal_version": world["northwind"].version,
            "case_version": world["case"].version,
        },
    )
    assert added.status_code == 302
    assert added["Location"] == reverse(
        "cases:option",
        args=[world["org"].slug, world["case"].initiative_id, world["option"].pk],
    )
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 2
    again = client.get(_url(world)).content.decode()
    assert "Updates the line added before" in again


def test_a_proposal_edited_since_the_preview_is_refused_with_its_name(world):
    client = _client(world["editor"])
    seen = world["northwind"].version
    services.proposal_update(
        actor=world["editor"], proposal=world["northwind"], one_time_cost=Decimal("650000")
    )
    posted = client.post(
        _url(world),
        {
            "proposal": world["northwind"].pk,
            "option": world["option"].pk,
            "proposal_version": seen,
            "case_version": world["case"].version,
        },
    )
    assert posted.status_code == 200
    text = posted.content.decode()
    assert "Northwind Municipal Software&#x27;s proposal was changed after these lines" in text
    assert "$650,000" in text  # the page shows the current figures to confirm again
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 0
    assert CaseLine.objects.for_org(world["org"]).count() == 1


def test_a_case_changed_since_the_preview_is_refused(world):
    seen = world["case"].version
    business_case_update(actor=world["editor"], case=world["case"], horizon_years=7)
    with pytest.raises(ValidationError, match="business case's settings"):
        _apply(world, expected_case_version=seen)


def test_without_an_award_the_top_ranked_proposal_comes_first(world):
    evaluation, northwind, contoso = world["evaluation"], world["northwind"], world["contoso"]
    Evaluation.objects.filter(pk=evaluation.pk).update(awarded_proposal=None)
    evaluation.refresh_from_db()
    fit = factories.make_criterion(
        world["org"], world["editor"], evaluation, name="Fit", weight=Decimal(100)
    )
    for proposal, value in ((northwind, 2), (contoso, 4)):
        services_panel.consensus_set(
            actor=world["editor"],
            proposal=proposal,
            criterion=fit,
            value=Decimal(value),
            rationale="Agreed.",
        )
    chosen, why = services_case.default_proposal(evaluation, [northwind, contoso])
    assert (chosen, why) == (contoso, "ranked")


def test_editors_only(world):
    viewer = make_member(world["org"], Role.VIEWER)
    evaluator = make_member(world["org"], Role.EVALUATOR)
    services_panel.panel_member_add(
        actor=world["editor"], evaluation=world["evaluation"], user=evaluator
    )
    data = {"proposal": world["northwind"].pk, "option": world["option"].pk}
    for user in (viewer, evaluator):
        client = _client(user)
        assert client.get(_url(world)).status_code == 403
        assert client.post(_url(world), data).status_code == 403
        with pytest.raises(PermissionDenied):
            services_case.proposal_lines_apply(
                actor=user,
                evaluation=world["evaluation"],
                proposal=world["northwind"],
                option=world["option"],
            )
    assert ProposalCaseLine.objects.for_org(world["org"]).count() == 0
    assert _client(world["editor"]).get(_url(world)).status_code == 200


def test_another_organizations_proposal_or_option_is_a_404(world):
    other_org = make_org()
    other_editor = make_member(other_org, Role.EDITOR)
    other_initiative = factories.make_initiative(other_org, other_editor)
    other_case = business_case_create(actor=other_editor, initiative=other_initiative)
    other_proposal = factories.make_proposal(other_org, other_editor, one_time_cost=Decimal(9))
    client = _client(world["editor"])
    assert client.get(_url(world), {"proposal": other_proposal.pk}).status_code == 404
    assert client.get(_url(world), {"option": other_case.options.get().pk}).status_code == 404
    other_url = reverse("vendors:case_lines", args=[other_org.slug, other_proposal.evaluation_id])
    assert client.get(other_url).status_code == 404
    mine_with_theirs = reverse(
        "vendors:case_lines", args=[world["org"].slug, other_proposal.evaluation_id]
    )
    assert client.get(mine_with_theirs).status_code == 404
    posted = client.post(_url(world), {"proposal": other_proposal.pk, "option": world["option"].pk})
    assert posted.status_code == 200
    posted = client.post(
        _url(world), {"proposal": world["northwind"].pk, "option": other_case.options.get().pk}
    )
    assert posted.status_code == 200
    assert ProposalCaseLine.objects.count() == 0
    with pytest.raises(ValidationError):
        _apply(world, option=other_case.options.get())


def test_htmx_swaps_only_the_preview_for_the_chosen_proposal(world):
    client = _client(world["editor"])
    page = client.get(
        _url(world),
        {"proposal": world["contoso"].pk, "option": world["option"].pk},
        HTTP_HX_REQUEST="true",
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert text.startswith('<div id="case-lines-preview"')
    assert "<h1" not in text
    assert "Contoso Civic proposal: yearly costs" in text and "$140,000" in text
    assert f'name="proposal" value="{world["contoso"].pk}"' in text


def test_the_option_page_links_here_and_then_says_whose_costs_are_in(world):
    from civicshift.cases.line_sources import line_sources

    label = f"Add the winning proposal's costs ({world['evaluation'].title})"
    links = dict(line_sources(world["option"]))
    assert links[label] == f"{_url(world)}?option={world['option'].pk}"
    _apply(world)
    links = dict(line_sources(world["option"]))
    updated = (
        f"Costs from Northwind Municipal Software's proposal ({world['evaluation'].title}): "
        "update them"
    )
    assert updated in links and label not in links


def test_costs_of_the_same_kinds_typed_earlier_are_pointed_out(world):
    typed = line_create(
        actor=world["editor"],
        option=world["option"],
        name="ERP subscription (estimate)",
        kind="cost",
        category="subscription",
        likely=Decimal("90000"),
        first_period=1,
        last_period=5,
    )
    planned = services_case.plan(world["evaluation"], world["northwind"], world["option"])
    assert services_case.similar_lines(world["option"], planned) == [typed]
    text = _client(world["editor"]).get(_url(world)).content.decode()
    assert "“ERP subscription (estimate)” (Subscription, $90,000)" in text
    _apply(world)
    planned = services_case.plan(world["evaluation"], world["northwind"], world["option"])
    assert services_case.similar_lines(world["option"], planned) == [typed]  # ours left out


def test_the_option_page_link_costs_two_queries_whatever_the_evaluations(
    world, django_assert_num_queries
):
    from civicshift.vendors.views_case import proposal_cost_sources

    for n in range(3):
        evaluation = factories.make_evaluation(
            world["org"], world["editor"], initiative=world["evaluation"].initiative
        )
        factories.make_proposal(
            world["org"], world["editor"], evaluation, annual_cost=Decimal(1000 + n)
        )
    _apply(world)
    option = (
        type(world["option"])
        .objects.select_related("case", "organization")
        .get(pk=world["option"].pk)
    )
    with django_assert_num_queries(2):  # the evaluations with costs, then the lines added
        links = proposal_cost_sources(option)
    assert len(links) == 4


def test_the_option_pages_link_starts_with_the_award_and_an_empty_evaluation_says_so(world):
    client = _client(world["editor"])
    text = client.get(_url(world), {"option": world["option"].pk}).content.decode()
    assert "Shown first because it is the proposal recommended for award." in text
    bare = factories.make_evaluation(
        world["org"], world["editor"], initiative=world["evaluation"].initiative
    )
    url = reverse("vendors:case_lines", args=[world["org"].slug, bare.pk])
    page = client.get(url, {"option": world["option"].pk})
    assert page.status_code == 200
    assert "Record a proposal and an option of the business case first." in page.content.decode()
