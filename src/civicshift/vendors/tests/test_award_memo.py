"""The award recommendation memo, read back: the Word file with python-docx and the PDF with
pypdf (text) and pikepdf (its structure tree, the way formats/cases/tests/test_pdf_tags.py
checks the business case's tagging: PDF/UA-1, ISO 14289-1, Matterhorn 06-001, 07-001, 11-001,
14-002). Its contents: the recommendation, the weights, the panel, declarations, submitted
scores only (never an unsubmitted one, never a personal note), consensus with rationale, the
ranking and sensitivity figures of test_ranking.py's hand calculation, and every declaration,
submission, consensus score and the recommendation citing its audit event. Then the job: who
may start it, its progress, its download."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from civicshift.audit.models import AuditEvent
from civicshift.formats.cases.tests.test_pdf_tags import Tree
from civicshift.formats.document.docx import write_docx
from civicshift.formats.document.pdf import write_pdf
from civicshift.formats.vendors.award_memo_text import memo_document
from civicshift.jobs.models import Job, JobStatus
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.testing.jobs import drain_recording_progress
from civicshift.vendors.memo_data import award_memo
from civicshift.vendors.models import ConflictDeclaration, ConsensusScore, PanelMember
from civicshift.vendors.services_award import evaluation_recommend_award

from .award_setup import (
    CONFLICT,
    PERSONAL_NOTE,
    UNSUBMITTED_COMMENT,
    agree_consensus,
    award_world,
)

pytestmark = pytest.mark.django_db

RATIONALE = "Highest total score; its references were the strongest of the four."


@pytest.fixture
def world():
    w = award_world(make_org(name="Town of Maple Falls"))
    agree_consensus(w)
    evaluation_recommend_award(
        actor=w["officer"],
        evaluation=w["evaluation"],
        proposal=w["proposals"][1],
        rationale=RATIONALE,
    )
    w["evaluation"].refresh_from_db()
    return w


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def _events(model, pks, field=None):
    from django.contrib.contenttypes.models import ContentType

    qs = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    )
    if field:
        qs = qs.filter(changes__has_key=field)
    return list(qs)


def _cited(event) -> str:
    name = event.actor.get_full_name() or event.actor.get_username()
    return f"event #{event.pk}, {event.created_at:%Y-%m-%d %H:%M} UTC, {name}"


@pytest.fixture
def memo(world):
    return award_memo(world["evaluation"])


@pytest.fixture
def word(memo):
    return docx_text(write_docx(memo_document(memo)))


def test_the_memo_names_the_recommendation_and_its_figures(world, memo, word):
    p1, p2 = world["proposals"]
    assert memo.recommended == p2.vendor.name and memo.rationale == RATIONALE
    # test_ranking.py's hand calculation: p2 83.2, p1 74.4; price points 20 and 16.
    assert [(r.vendor, round(r.total, 9)) for r in memo.ranking] == [
        (p2.vendor.name, 83.2),
        (p1.vendor.name, 74.4),
    ]
    assert [round(r.price_points, 9) for r in memo.ranking] == [16.0, 20.0]
    assert f"Recommended for award | {p2.vendor.name}" in word
    assert "Rank and total score | 1 of 2, 83.20 of 100 points" in word
    assert RATIONALE in word
    assert f"1 | {p2.vendor.name} | 83.20 | $1,250,000 | 16.00" in word
    # Smallest change: Functional fit by −14.67 points (test_ranking.py), then p1 leads.
    assert (
        "The smallest change of one weight that changes the winner: Functional fit moving by "
        f"-14.7 percentage points (from 48.0%), and then {p1.vendor.name} leads." in word
    )
    assert "lowest price ÷ its price × 20" in word


def test_the_memo_shows_criteria_weights_and_the_panel(world, word):
    assert "Functional fit | 60.0% | 60.0%" in word
    assert "Cost | 40.0% | 40.0%" in word
    assert "The weights were typed in as percentages" in word
    assert "Olga Officer" in word and "Cora Conflicted" in word and "Dev Drafting" in word
    assert f"Conflict: {CONFLICT}" in word


def test_only_submitted_scores_and_never_personal_notes(world, memo, word):
    names = [sheet.evaluator for sheet in memo.scores]
    assert names == ["Olga Officer", "Cora Conflicted"]  # Dev has not submitted
    assert memo.unsubmitted == 1
    assert UNSUBMITTED_COMMENT not in word and PERSONAL_NOTE not in word
    assert "1 panel member(s) have not submitted" in word
    p1, p2 = world["proposals"]
    # Cora declared a conflict with p1: a dash there; her p2 scores 4 and 3.
    cora = memo.scores[1]
    assert cora.values == ((None, 4), (None, 3))
    assert "Exceeds the need: every module shown live." in word  # a submitted comment


def test_every_declaration_submission_consensus_and_the_recommendation_cite_their_event(
    world, word
):
    evaluation = world["evaluation"]
    declarations = ConflictDeclaration.objects.filter(member__evaluation=evaluation)
    assert declarations.count() == 6  # 3 evaluators × 2 vendors
    cited = _events(ConflictDeclaration, declarations.values_list("pk", flat=True))
    assert len(cited) == 6
    submitted = _events(
        PanelMember,
        PanelMember.objects.filter(evaluation=evaluation).values_list("pk", flat=True),
        "submitted_at",
    )
    assert len(submitted) == 2
    consensus = _events(
        ConsensusScore,
        ConsensusScore.objects.filter(proposal__evaluation=evaluation).values_list("pk", flat=True),
    )
    assert len(consensus) == 4
    (award,) = _events(type(evaluation), [evaluation.pk], "awarded_proposal")
    for event in [*cited, *submitted, *consensus, award]:
        assert _cited(event) in word, event


def test_word_and_pdf_say_the_same(world, memo, word):
    pdf = pdf_text(write_pdf(memo_document(memo)))
    for phrase in (
        "Award recommendation",
        RATIONALE,
        "83.20",
        "Functional fit moving by -14.7 percentage points",
        CONFLICT,
        "Agreed after the demonstration",
        "No red flags in the answers recorded.",
    ):
        assert phrase in word and phrase in pdf, phrase
    award = _events(type(world["evaluation"]), [world["evaluation"].pk], "awarded_proposal")[0]
    assert _cited(award) in pdf
    assert UNSUBMITTED_COMMENT not in pdf and PERSONAL_NOTE not in pdf


def test_the_pdf_is_tagged_with_title_language_and_headings(world, memo):
    data = write_pdf(memo_document(memo))
    tree = Tree(data)
    root = tree.pdf.Root
    assert "/StructTreeRoot" in root and root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-US"
    assert root.ViewerPreferences.DisplayDocTitle is True
    title = f"Award recommendation: {world['evaluation'].title}"
    assert str(tree.pdf.docinfo.Title) == title
    with tree.pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
    headings = tree.headings()
    chapters = [text for level, text in headings if level == 1]
    assert chapters == [
        "Recommendation",
        "The solicitation",
        "Criteria and weights",
        "The panel",
        "Each evaluator's submitted scores",
        "Consensus scores",
        "Price, life-cycle cost and ranking",
        "Due diligence",
        "The audit trail",
    ]
    for (before, _t), (after, text) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"{text!r} skips a heading level"
    # Tables have header cells with their scope (Matterhorn 15-003).
    scopes = {str(th.A.Scope) for th in tree.elements("/TH") if "/A" in th}
    assert scopes == {"/Column", "/Row"}


def _memo_url(world, ext):
    return reverse(f"vendors:award_memo_{ext}", args=[world["org"].slug, world["evaluation"].pk])


def test_editors_build_it_in_the_background_with_progress(world, database_queue, monkeypatch):
    client = Client()
    client.force_login(world["officer"])
    response = client.get(_memo_url(world, "pdf"))
    job = Job.objects.get()
    assert response.status_code == 302 and job.kind == "vendors.award_memo"
    assert job.status == JobStatus.QUEUED
    seen = drain_recording_progress(monkeypatch)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0
    fractions = [f for f, _text in seen]
    assert fractions == sorted(fractions) and len({f for f in fractions if 0 < f < 1}) >= 2
    assert any("audit trail" in text for _f, text in seen)
    download = client.get(reverse("jobs:download", args=[world["org"].slug, job.pk]))
    assert download["Content-Disposition"].endswith('-award-memo.pdf"')
    assert world["proposals"][1].vendor.name in pdf_text(download.content)


def test_the_word_memo_downloads_when_the_queue_runs_at_once(world):
    client = Client()
    client.force_login(world["officer"])
    response = client.get(_memo_url(world, "docx"))
    assert response.status_code == 200
    assert RATIONALE in docx_text(response.content)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EVALUATOR])
def test_viewers_and_evaluators_may_not_build_it(world, role):
    client = Client()
    client.force_login(make_member(world["org"], role))
    assert client.get(_memo_url(world, "pdf")).status_code == 403
    assert not Job.objects.exists()


def test_another_organizations_member_gets_404(world):
    other = make_org()
    client = Client()
    client.force_login(make_member(other, Role.ADMIN))
    assert client.get(_memo_url(world, "docx")).status_code == 404
    own = reverse("vendors:award_memo_docx", args=[other.slug, world["evaluation"].pk])
    assert client.get(own).status_code == 404
    assert not Job.objects.exists()
