"""The evaluator's limits over the API, path by path: an evaluator reaches only the evaluations
they are on the panel of, never reads another evaluator's unsubmitted scores (by list, detail,
filter, ETag, error message or count), never writes another's scores or declarations; and the
panel's bad input is refused with a message naming it, nothing saved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services_panel
from civicshift.vendors.models import ConflictDeclaration, Judgment, Score

from ..factories import make_scoring

pytestmark = pytest.mark.django_db

BOB_COMMENT = "Bob-only-remark-7Q"  # a string that must never reach Alice before she submits
BOB_NOTE = "Bob-personal-note-3Z"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def panel():
    """Officer (editor), Alice and Bob (evaluators) on the panel, opened. Bob has scored every
    cell 5 with a remark and a personal note, not submitted; Alice has scored nothing."""
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    alice, bob = make_member(org, Role.EVALUATOR), make_member(org, Role.EVALUATOR)
    data = make_scoring(org, officer, evaluators=(alice, bob))
    _o, a, b = data["members"]
    for p in data["proposals"]:
        for c in data["criteria"]:
            services_panel.score_set(
                actor=bob, member=b, proposal=p, criterion=c, value=5, comment=BOB_COMMENT,
                personal_note=BOB_NOTE,
            )  # fmt: skip
    base = f"/api/v1/o/{org.slug}/vendors/evaluations/{data['evaluation'].pk}/"
    return {**data, "org": org, "officer": officer, "alice": alice, "bob": bob, "a": a, "b": b,
            "base": base}  # fmt: skip


def _score_all_over_the_api(panel, client, value=3):
    for p in panel["proposals"]:
        for c in panel["criteria"]:
            response = client.post(
                panel["base"] + "scores/",
                {"proposal": p.pk, "criterion": c.pk, "value": value},
                format="json",
            )
            assert response.status_code == 201, response.content


def test_another_evaluators_unsubmitted_scores_show_on_no_path(panel):
    alice = _client(panel["alice"])
    base = panel["base"]
    bob_score = panel["b"].scores.order_by("pk").first()
    _score_all_over_the_api(panel, alice)
    texts = []

    def get(url, **headers):
        response = alice.get(url, **headers)
        texts.append(response.content.decode())
        return response

    # List and count: her own four scores (2 proposals × 2 criteria), none of Bob's four.
    listing = get(base + "scores/").json()
    assert listing["count"] == 4
    assert {s["evaluator"] for s in listing["results"]} == {panel["alice"].pk}
    # Filters narrow what she may see; they never widen it.
    by_bob = get(f"{base}scores/?evaluator={panel['bob'].pk}").json()
    assert (by_bob["count"], by_bob["results"]) == (0, [])
    p1 = panel["proposals"][0]
    by_proposal = get(f"{base}scores/?proposal={p1.pk}").json()
    assert by_proposal["count"] == 2
    assert {s["evaluator"] for s in by_proposal["results"]} == {panel["alice"].pk}
    # Detail: Bob's score answers exactly like a score that does not exist, without an ETag.
    missing = Score.objects.order_by("-pk").first().pk + 1000
    his = get(f"{base}scores/{bob_score.pk}/")
    nothing = get(f"{base}scores/{missing}/")
    assert his.status_code == nothing.status_code == 404
    assert his.json() == nothing.json()
    assert "ETag" not in his
    # A change with a guessed version is a 404 whatever the guess: no 412 telling the version.
    for guess in ('"1"', '"2"', "*"):
        response = alice.patch(
            f"{base}scores/{bob_score.pk}/", {"value": 1, "comment": "x"}, format="json",
            HTTP_IF_MATCH=guess,
        )  # fmt: skip
        texts.append(response.content.decode())
        assert response.status_code == 404, guess
        assert "ETag" not in response
    # Error messages: scoring a cell twice names only her own score.
    twice = alice.post(
        base + "scores/",
        {"proposal": p1.pk, "criterion": panel["criteria"][0].pk, "value": 2},
        format="json",
    )
    texts.append(twice.content.decode())
    assert twice.status_code == 400
    assert "You have scored “Functional fit”" in twice.json()["criterion"][0]
    # The panel list says who declared and submitted, never how many scores anyone gave.
    members = get(base + "panel/").json()["results"]
    assert {frozenset(m) for m in members} == {
        frozenset({"id", "evaluator", "declared_at", "submitted_at", "conflicts"})
    }
    # The consensus (with the evaluators' scores behind it) is the officer's.
    assert get(base + "consensus/").status_code == 403
    assert not [t for t in texts if BOB_COMMENT in t or BOB_NOTE in t]
    bob_score.refresh_from_db()
    assert (bob_score.value, bob_score.version) == (5, 1)


def test_submitted_scores_show_once_both_have_submitted_and_personal_notes_never(panel):
    alice, officer = _client(panel["alice"]), _client(panel["officer"])
    base = panel["base"]
    bob_score = panel["b"].scores.order_by("pk").first()
    _score_all_over_the_api(panel, alice)
    # The officer (an editor) sees no unsubmitted score: none at all yet.
    assert officer.get(base + "scores/").json()["count"] == 0
    assert officer.get(f"{base}scores/{bob_score.pk}/").status_code == 404

    services_panel.scores_submit(actor=panel["bob"], member=panel["b"])
    assert officer.get(base + "scores/").json()["count"] == 4  # Bob's, submitted
    assert alice.get(f"{base}scores/{bob_score.pk}/").status_code == 404  # she has not submitted
    assert alice.get(f"{base}scores/?evaluator={panel['bob'].pk}").json()["count"] == 0

    assert alice.post(base + "panel/submit/").status_code == 200
    shown = alice.get(f"{base}scores/{bob_score.pk}/")
    assert shown.status_code == 200 and shown.json()["comment"] == BOB_COMMENT
    assert "personal_note" not in shown.json() and BOB_NOTE not in shown.content.decode()
    assert alice.get(base + "scores/").json()["count"] == 8
    # Seeing Bob's score is not changing it.
    refused = alice.patch(
        f"{base}scores/{bob_score.pk}/", {"value": 1, "reason": "I disagree."}, format="json"
    )
    assert refused.status_code == 404
    own = alice.get(f"{base}scores/?evaluator={panel['alice'].pk}").json()["results"][0]
    assert own["personal_note"] == ""  # her own note is shown to her (empty here)


def test_an_evaluator_writes_only_as_themselves(panel):
    alice = _client(panel["alice"])
    base = panel["base"]
    p1, c1 = panel["proposals"][0], panel["criteria"][0]
    response = alice.post(
        base + "scores/",
        {"proposal": p1.pk, "criterion": c1.pk, "value": 4, "evaluator": panel["bob"].pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["evaluator"] == panel["alice"].pk
    assert Score.objects.get(pk=response.json()["id"]).member == panel["a"]
    judged = alice.post(
        base + "panel/judgments/",
        {"first": c1.pk, "second": panel["criteria"][1].pk, "value": "3", "member": panel["b"].pk},
        format="json",
    )
    assert judged.status_code == 201
    assert Judgment.objects.get(pk=judged.json()["id"]).member == panel["a"]
    services_panel.judgment_set(
        actor=panel["bob"], member=panel["b"], first=c1, second=panel["criteria"][1], value="1/5"
    )
    mine = alice.get(base + "panel/judgments/").json()
    assert [(j["value"]) for j in mine] == ["3"]
    declared = alice.get(base + "panel/declarations/").json()
    assert {d["id"] for d in declared} == set(
        ConflictDeclaration.objects.filter(member=panel["a"]).values_list("pk", flat=True)
    )


def test_an_evaluator_not_on_the_panel_reaches_nothing_of_the_evaluation(panel):
    carol = make_member(panel["org"], Role.EVALUATOR)
    client = _client(carol)
    base = panel["base"]
    score = panel["b"].scores.first()
    before = AuditEvent.objects.count()
    reads = ["", "proposals/", "criteria/", "panel/", "panel/declarations/", "panel/judgments/",
             "scores/", f"scores/{score.pk}/"]  # fmt: skip
    for path in reads:
        assert client.get(base + path).status_code == 404, path
    # The consensus needs the editor role: refused for that before any evaluation is looked
    # up, so the answer is the same for every evaluation id.
    assert (
        client.get(base + "consensus/").json()
        == client.get(f"/api/v1/o/{panel['org'].slug}/vendors/evaluations/0/consensus/").json()
    )
    p1, c1 = panel["proposals"][0], panel["criteria"][0]
    writes = [
        ("scores/", {"proposal": p1.pk, "criterion": c1.pk, "value": 3}),
        ("panel/judgments/", {"first": c1.pk, "second": panel["criteria"][1].pk, "value": "3"}),
        ("panel/declarations/", {"declarations": []}),
        ("panel/submit/", {}),
    ]
    for path, body in writes:
        assert client.post(base + path, body, format="json").status_code == 404, path
    assert AuditEvent.objects.count() == before
    # A viewer (not on the panel) opens the evaluation's outline, but no score and no
    # panel action.
    viewer = _client(make_member(panel["org"], Role.VIEWER))
    assert viewer.get(base + "criteria/").status_code == 200
    assert viewer.get(base + "scores/").status_code == 403
    assert viewer.get(f"{base}scores/{score.pk}/").status_code == 403
    assert viewer.get(base + "panel/declarations/").status_code == 403
    # Another organization's evaluator: 404 everywhere.
    outsider = _client(make_member(make_org(), Role.EVALUATOR))
    assert outsider.get(base + "scores/").status_code == 404


def _audits():
    return AuditEvent.objects.count()


def test_bad_scores_are_refused_naming_the_cell_and_nothing_is_saved(panel):
    alice = _client(panel["alice"])
    base = panel["base"]
    p1, c1 = panel["proposals"][0], panel["criteria"][0]
    before, scores = _audits(), Score.objects.count()
    where = f"“Functional fit” for “{p1.vendor.name}”"
    for value in (0, 6, 7, -1):
        response = alice.post(
            base + "scores/", {"proposal": p1.pk, "criterion": c1.pk, "value": value}, format="json"
        )
        assert response.status_code == 400, value
        assert response.json() == {
            "value": [f"The score of {where} must be a whole number from 1 to 5."]
        }
    response = alice.post(
        base + "scores/", {"proposal": p1.pk, "criterion": c1.pk, "value": 5}, format="json"
    )
    assert response.json() == {"comment": [f"A 5 for {where} needs a comment saying why."]}
    assert (_audits(), Score.objects.count()) == (before, scores)


def test_a_score_for_a_vendor_with_a_declared_conflict_is_refused():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    dana = make_member(org, Role.EVALUATOR)
    data = make_scoring(org, officer, evaluators=(dana,), declared=False)
    p1, p2 = data["proposals"]
    client = _client(dana)
    base = f"/api/v1/o/{org.slug}/vendors/evaluations/{data['evaluation'].pk}/"
    # A conflict needs its explanation, named by vendor; a missing vendor is named too.
    response = client.post(
        base + "panel/declarations/",
        {"declarations": [{"vendor": p1.vendor_id, "has_conflict": True}]},
        format="json",
    )
    assert response.status_code == 400
    assert f"missing: “{p2.vendor.name}” (id {p2.vendor_id})" in str(response.json())
    response = client.post(
        base + "panel/declarations/",
        {"declarations": [{"vendor": p1.vendor_id, "has_conflict": True},
                          {"vendor": p2.vendor_id, "has_conflict": False}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"Say what the conflict with “{p1.vendor.name}” is."]
    }
    assert not ConflictDeclaration.objects.filter(member__user=dana).exists()
    response = client.post(
        base + "panel/declarations/",
        {"declarations": [
            {"vendor": p1.vendor_id, "has_conflict": True, "explanation": "My sister works there."},
            {"vendor": p2.vendor_id, "has_conflict": False}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert sorted((d["vendor"], d["has_conflict"]) for d in response.json()) == sorted(
        [(p1.vendor_id, True), (p2.vendor_id, False)]
    )
    again = client.post(base + "panel/declarations/", {"declarations": []}, format="json")
    assert again.status_code == 400  # a declaration stays
    for m in data["members"]:
        if m.user_id == officer.pk:
            services_panel.declarations_submit(
                actor=officer, member=m, answers={p1.vendor: (False, ""), p2.vendor: (False, "")}
            )
    officer_client = _client(officer)
    opened = officer_client.post(base + "panel/open-proposals/")
    assert opened.status_code == 200
    assert {m["evaluator"]: m["conflicts"] for m in opened.json()}[dana.pk] == [p1.vendor_id]

    before = _audits()
    c1 = data["criteria"][0]
    response = client.post(
        base + "scores/", {"proposal": p1.pk, "criterion": c1.pk, "value": 3}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            f"You declared a conflict of interest with “{p1.vendor.name}”: you do not score "
            "its proposal."
        ]
    }
    assert _audits() == before and not Score.objects.filter(member__user=dana).exists()
    # Submitting needs the scores of the vendor without a conflict only.
    for c in data["criteria"]:
        response = client.post(
            base + "scores/", {"proposal": p2.pk, "criterion": c.pk, "value": 3}, format="json"
        )
        assert response.status_code == 201
    assert client.post(base + "panel/submit/").json()["submitted_at"]


def test_a_submitted_score_changes_only_with_a_reason_kept_in_the_history(panel):
    alice = _client(panel["alice"])
    base = panel["base"]
    _score_all_over_the_api(panel, alice)
    score = panel["a"].scores.order_by("pk").first()
    url = f"{base}scores/{score.pk}/"
    early = alice.post(base + "panel/submit/")
    assert early.status_code == 200
    before = _audits()
    response = alice.patch(url, {"value": 4}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Your scores are submitted and locked: give the reason for the change."]
    }
    assert _audits() == before
    etag = alice.get(url)["ETag"]
    assert etag == '"1"'
    reason = "After the demonstration the conversion plan was clearer."
    response = alice.patch(url, {"value": 4, "reason": reason}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] == '"2"'
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.actor_id, event.reason, event.changes["value"]) == (
        panel["alice"].pk,
        reason,
        [3, 4],
    )
    stale = alice.patch(url, {"value": 2, "reason": reason}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    score.refresh_from_db()
    assert score.value == 4


def test_judgments_outside_saatys_scale_are_refused_naming_the_pair(panel):
    alice = _client(panel["alice"])
    fit, cost = panel["criteria"]
    url = panel["base"] + "panel/judgments/"
    before = _audits()
    for value in ("10", "1/10", "0", "abc", "-3"):
        response = alice.post(
            url, {"first": fit.pk, "second": cost.pk, "value": value}, format="json"
        )
        assert response.status_code == 400, value
        message = response.json()["value"][0]
        assert "“Functional fit” against “Cost”" in message, (value, message)
    same = alice.post(url, {"first": fit.pk, "second": fit.pk, "value": "3"}, format="json")
    assert same.status_code == 400
    assert _audits() == before and not Judgment.objects.exists()
    ok = alice.post(url, {"first": cost.pk, "second": fit.pk, "value": "1/3"}, format="json")
    assert ok.status_code == 201 and ok.json()["value"] == "1/3"


def test_the_consensus_is_the_officers_with_its_rationale(panel):
    officer, alice = _client(panel["officer"]), _client(panel["alice"])
    url = panel["base"] + "consensus/"
    p1, c1 = panel["proposals"][0], panel["criteria"][0]
    body = {"proposal": p1.pk, "criterion": c1.pk, "value": "4", "rationale": "Agreed."}
    assert alice.post(url, body, format="json").status_code == 403
    where = f"“Functional fit” for “{p1.vendor.name}”"
    response = officer.post(url, {**body, "value": "6"}, format="json")
    assert response.json() == {"value": [f"The consensus score of {where} must be from 1 to 5."]}
    response = officer.post(url, {**body, "rationale": " "}, format="json")
    assert response.status_code == 400 and "rationale" in response.json()
    made = officer.post(url, body, format="json")
    assert made.status_code == 201
    twice = officer.post(url, body, format="json")
    assert twice.status_code == 400 and "already recorded" in twice.json()["criterion"][0]
    changed = officer.patch(f"{url}{made.json()['id']}/", {"value": "3.5"}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["value"], changed.json()["rationale"]) == ("3.50", "Agreed.")
