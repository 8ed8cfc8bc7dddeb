"""The panel: declarations before the proposals open, conflicts removing a member from a
vendor's scoring, blind scoring on every page, comments for the lowest and highest score,
locked scores after submission (a change needs a reason, audited), the evaluator role seeing
only its own evaluations, and the consensus page's fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import selectors, services_panel
from civicshift.vendors.models import Score

from .factories import make_criterion, make_proposal, make_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    alice = make_member(org, Role.EVALUATOR)
    bob = make_member(org, Role.EVALUATOR)
    data = make_scoring(org, officer, evaluators=(alice, bob))
    _officer_member, a, b = data["members"]
    return {**data, "org": org, "officer": officer, "alice": alice, "bob": bob, "a": a, "b": b}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def score_all(data, member, value=3, comment=""):
    for p in data["proposals"]:
        for c in data["criteria"]:
            services_panel.score_set(
                actor=member.user,
                member=member,
                proposal=p,
                criterion=c,
                value=value,
                comment=comment,
            )


def test_proposals_open_only_after_every_member_declared():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    data = make_scoring(org, officer, declared=False)
    with pytest.raises(ValidationError, match="1 evaluator"):
        services_panel.proposals_open(actor=officer, evaluation=data["evaluation"])
    member = data["members"][0]
    with pytest.raises(ValidationError, match="not open"):
        services_panel.score_set(
            actor=officer,
            member=member,
            proposal=data["proposals"][0],
            criterion=data["criteria"][0],
            value=3,
        )


def test_a_declared_conflict_removes_the_member_from_that_vendors_scoring():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    data = make_scoring(org, officer, declared=False)
    member = data["members"][0]
    p1, p2 = data["proposals"]
    with pytest.raises(ValidationError, match="Say what the conflict"):
        services_panel.declarations_submit(
            actor=officer, member=member, answers={p1.vendor: (True, ""), p2.vendor: (False, "")}
        )
    services_panel.declarations_submit(
        actor=officer,
        member=member,
        answers={p1.vendor: (True, "I hold shares."), p2.vendor: (False, "")},
    )
    assert AuditEvent.objects.filter(content_type__model="conflictdeclaration").count() == 2
    services_panel.proposals_open(actor=officer, evaluation=data["evaluation"])
    member.refresh_from_db()
    assert {p.pk for p, _c in services_panel.scoring_cells(member)} == {p2.pk}
    with pytest.raises(ValidationError, match="declared a conflict of interest"):
        services_panel.score_set(
            actor=officer, member=member, proposal=p1, criterion=data["criteria"][0], value=3
        )
    assert not Score.objects.exists()
    # Declaring again is refused: the record stays as made.
    with pytest.raises(ValidationError):
        services_panel.declarations_submit(actor=officer, member=member, answers={})


def test_only_the_evaluator_writes_their_own_scores(panel):
    with pytest.raises(PermissionDenied):
        services_panel.score_set(
            actor=panel["bob"],
            member=panel["a"],
            proposal=panel["proposals"][0],
            criterion=panel["criteria"][0],
            value=3,
        )


def test_a_score_outside_the_scale_and_extremes_without_comment_are_refused(panel):
    a, p, c = panel["a"], panel["proposals"][0], panel["criteria"][0]
    for bad in (0, 6, "3"):
        with pytest.raises(ValidationError, match="whole number from 1 to 5"):
            services_panel.score_set(
                actor=panel["alice"], member=a, proposal=p, criterion=c, value=bad
            )
    for extreme in (1, 5):
        with pytest.raises(ValidationError, match=f"A {extreme} for “Functional fit”"):
            services_panel.score_set(
                actor=panel["alice"], member=a, proposal=p, criterion=c, value=extreme
            )
    services_panel.score_set(
        actor=panel["alice"],
        member=a,
        proposal=p,
        criterion=c,
        value=5,
        comment="Every required report shown live.",
    )
    assert Score.objects.get().value == 5


def test_submitted_scores_are_locked_and_change_only_with_a_recorded_reason(panel):
    a, alice = panel["a"], panel["alice"]
    with pytest.raises(ValidationError, match="missing"):
        services_panel.scores_submit(actor=alice, member=a)
    score_all(panel, a)
    services_panel.scores_submit(actor=alice, member=a)
    a.refresh_from_db()
    p, c = panel["proposals"][0], panel["criteria"][0]
    with pytest.raises(ValidationError, match="locked"):
        services_panel.score_set(actor=alice, member=a, proposal=p, criterion=c, value=4)
    services_panel.score_set(
        actor=alice,
        member=a,
        proposal=p,
        criterion=c,
        value=4,
        reason="Misread the demonstration notes.",
    )
    score = Score.objects.get(member=a, proposal=p, criterion=c)
    event = AuditEvent.objects.filter(
        content_type__model="score", object_pk=str(score.pk), action="update"
    ).get()
    assert event.reason == "Misread the demonstration notes."
    assert event.changes["value"] == [3, 4]


def test_blind_scoring_the_selector_shows_only_own_until_submitted(panel):
    a, b = panel["a"], panel["b"]
    score_all(panel, a, value=2)
    score_all(panel, b, value=4)
    evaluation = panel["evaluation"]
    own = lambda user: set(  # noqa: E731
        selectors.visible_scores(evaluation, user).values_list("member_id", flat=True)
    )
    assert own(panel["alice"]) == {a.pk}
    assert own(panel["bob"]) == {b.pk}
    assert own(panel["officer"]) == set()  # nobody submitted: the editor sees none either
    services_panel.scores_submit(actor=panel["bob"], member=b)
    assert own(panel["alice"]) == {a.pk}  # Alice has not submitted: still only her own
    assert own(panel["bob"]) == {b.pk}
    assert own(panel["officer"]) == {b.pk}
    services_panel.scores_submit(actor=panel["alice"], member=a)
    assert own(panel["bob"]) == {a.pk, b.pk}


def test_blind_scoring_on_the_pages(panel):
    a, b = panel["a"], panel["b"]
    score_all(panel, a, value=2)
    score_all(panel, b, value=4, comment="")
    bob_comment = "Bob private reasoning about the ledger"
    services_panel.score_set(
        actor=panel["bob"],
        member=b,
        proposal=panel["proposals"][0],
        criterion=panel["criteria"][0],
        value=5,
        comment=bob_comment,
    )
    org, evaluation = panel["org"], panel["evaluation"]
    sheet = client_for(panel["alice"]).get(
        reverse("vendors:score_sheet", args=[org.slug, evaluation.pk])
    )
    assert sheet.status_code == 200
    assert bob_comment not in sheet.content.decode()
    # The consensus page is the editors'; an evaluator is refused.
    consensus = reverse("vendors:consensus", args=[org.slug, evaluation.pk])
    assert client_for(panel["alice"]).get(consensus).status_code == 403
    officer = client_for(panel["officer"])
    assert bob_comment not in officer.get(consensus).content.decode()
    services_panel.scores_submit(actor=panel["bob"], member=b)
    assert bob_comment in officer.get(consensus).content.decode()
    # The evaluation page and the htmx request of the score sheet show no one else's scores.
    for url in (
        reverse("vendors:evaluation_detail", args=[org.slug, evaluation.pk]),
        reverse("vendors:score_sheet", args=[org.slug, evaluation.pk]),
    ):
        text = client_for(panel["alice"]).get(url, HTTP_HX_REQUEST="true").content.decode()
        assert bob_comment not in text


def test_the_score_sheet_page_saves_and_submits(panel):
    org, evaluation, alice = panel["org"], panel["evaluation"], panel["alice"]
    client = client_for(alice)
    url = reverse("vendors:score_sheet", args=[org.slug, evaluation.pk])
    data = {}
    for p in panel["proposals"]:
        for c in panel["criteria"]:
            data[f"v-{p.pk}-{c.pk}"] = "3"
    first = f"v-{panel['proposals'][0].pk}-{panel['criteria'][0].pk}"
    response = client.post(url, {**data, first: "5"})
    assert response.status_code == 400
    assert "needs a comment" in response.content.decode()
    # The refused cell is the last one: the three before it are not saved either (all or
    # nothing), and the page keeps what was typed.
    last = f"v-{panel['proposals'][-1].pk}-{panel['criteria'][-1].pk}"
    response = client.post(url, {**data, last: "5"})
    assert response.status_code == 400
    assert not Score.objects.filter(member=panel["a"]).exists()
    assert response.context["cells"][-1]["value"] == "5"
    assert client.post(url, data).status_code == 302
    assert Score.objects.filter(member=panel["a"]).count() == 4
    client.post(reverse("vendors:submit", args=[org.slug, evaluation.pk]))
    panel["a"].refresh_from_db()
    assert panel["a"].submitted_at is not None
    response = client.post(url, {**data, first: "4"})
    assert response.status_code == 400 and "locked" in response.content.decode()


def test_an_evaluator_sees_only_the_evaluations_they_are_on(panel):
    org = panel["org"]
    carol = make_member(org, Role.EVALUATOR)
    evaluation = panel["evaluation"]
    client = client_for(carol)
    assert (
        client.get(reverse("vendors:evaluation_detail", args=[org.slug, evaluation.pk])).status_code
        == 403
    )
    assert client.get(reverse("vendors:weights", args=[org.slug, evaluation.pk])).status_code == 403
    tab = client.get(
        reverse("vendors:initiative_evaluations", args=[org.slug, evaluation.initiative_id])
    ).content.decode()
    assert evaluation.title not in tab
    alice_tab = (
        client_for(panel["alice"])
        .get(reverse("vendors:initiative_evaluations", args=[org.slug, evaluation.initiative_id]))
        .content.decode()
    )
    assert evaluation.title in alice_tab


def test_consensus_is_saved_with_its_rationale_and_refused_without(panel):
    officer, p, c = panel["officer"], panel["proposals"][0], panel["criteria"][0]
    with pytest.raises(ValidationError, match="Say why"):
        services_panel.consensus_set(
            actor=officer, proposal=p, criterion=c, value=Decimal(3), rationale=""
        )
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services_panel.consensus_set(
            actor=officer, proposal=p, criterion=c, value=Decimal(7), rationale="x"
        )
    made = services_panel.consensus_set(
        actor=officer, proposal=p, criterion=c, value=Decimal("3.5"), rationale="Agreed."
    )
    assert made.value == Decimal("3.5")


def _consensus_queries(evaluators, proposals, criteria):
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    users = [make_member(org, Role.EVALUATOR) for _ in range(evaluators - 1)]
    data = make_scoring(org, officer, evaluators=users)
    evaluation = data["evaluation"]
    for _ in range(criteria - 2):
        make_criterion(org, officer, evaluation)
    new = [make_proposal(org, officer, evaluation) for _ in range(proposals - 2)]
    for m in data["members"]:
        for p in new:
            from civicshift.vendors.models import ConflictDeclaration

            ConflictDeclaration.objects.create(
                organization=org, member=m, vendor=p.vendor, has_conflict=False
            )
    client = client_for(officer)
    url = reverse("vendors:consensus", args=[org.slug, evaluation.pk])
    client.get(url)  # warm caches (session, site settings)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_consensus_page_runs_a_fixed_number_of_queries():
    small = _consensus_queries(evaluators=2, proposals=2, criteria=2)
    large = _consensus_queries(evaluators=4, proposals=4, criteria=6)
    assert small > 5  # the queries are really counted
    assert small == large
