"""The public-records export (issue 12, item 8, and "Bad input and integrity"): what the ZIP
holds, what it leaves out (personal notes when withheld, unsubmitted scores — searched in every
byte, the xlsx's inner parts included), safe and unique names for uploaded documents, who may
export it, and the job's progress."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import Action, AuditEvent
from civicshift.jobs.models import Job, JobStatus
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.jobs import drain_recording_progress

from .records_fixtures import (
    AFTER_LOCK_REASON,
    DRAFT_OF_BEN,
    NOTE_OF_ANA,
    NOTE_OF_BEN,
    NOTE_OF_CY,
    build_record_fixture,
)

pytestmark = pytest.mark.django_db


def _export(user, evaluation):
    client = Client()
    client.force_login(user)
    url = reverse("vendors:public_record", args=[evaluation.organization.slug, evaluation.pk])
    return client.post(url)


def _every_byte(data: bytes) -> bytes:
    """The archive's members decompressed, and the members of any zip inside (the xlsx)."""
    out = [data]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            content = z.read(name)
            out.append(content)
            if content[:2] == b"PK":
                out.append(_every_byte(content))
    return b"".join(out)


def _rows(z: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = z.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def record():
    return build_record_fixture()


def test_the_archive_holds_the_whole_record(record):
    response = _export(record["officer"], record["evaluation"])
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(z.namelist())
    assert {
        "README.txt", "evaluation.csv", "milestones.csv", "proposals.csv", "criteria.csv",
        "ahp-judgments.csv", "ahp-weights.csv", "panel.csv", "conflict-declarations.csv",
        "scores.csv", "consensus.csv", "score-sheets.xlsx", "due-diligence.csv",
        "reference-checks.csv", "audit-trail.csv",
    } <= names  # fmt: skip
    # Submitted scores only: Ana's 9 and Cy's 9 (3 proposals × 3 scored criteria).
    scores = _rows(z, "scores.csv")
    assert scores[0] == ["Evaluator", "Vendor", "Criterion", "Score (1–5)", "Comment"]
    assert sorted({r[0] for r in scores[1:]}) == ["Ana Ruiz", "Cy Lum"]
    assert len(scores) == 1 + 18
    # Cy's change after submission: the new value, and the reason in the audit trail.
    assert ["Cy Lum", "Vendor A", "Payroll", "2", "Payroll reports are thin."] in scores
    audit = _rows(z, "audit-trail.csv")
    assert any(r[4] == AFTER_LOCK_REASON for r in audit[1:])
    assert any("Scores submitted and locked." in r[4] for r in audit[1:])
    changes = " ".join(r[3] for r in audit[1:])
    # Weights, scores and points read as numbers, not dollars (``audit_number``).
    assert "Weight (%): 70" in changes and "Consensus score: 4" in changes
    for label in ("Weight (%): $", "Consensus score: $", "Points for price: $"):
        assert label not in changes
    consensus = _rows(z, "consensus.csv")
    assert len(consensus) == 1 + 8  # one of the nine not agreed yet
    criteria = {r[0]: r for r in _rows(z, "criteria.csv")[1:]}
    assert criteria["Finance"][1] == "Functional fit" and float(criteria["Finance"][4]) == 42.0
    diligence = _rows(z, "due-diligence.csv")
    mfa = next(r for r in diligence if r[0] == "Vendor A" and r[2] == "mfa")
    assert (mfa[4], mfa[6], mfa[7]) == ("no", "SOC 2 report, section 4", "yes")
    assert _rows(z, "reference-checks.csv")[1][1] == "City of Ames"
    declarations = _rows(z, "conflict-declarations.csv")
    assert len(declarations) == 1 + 9  # three evaluators × three vendors
    # The workbook inside is the public one: the two submitted evaluators' sheets.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(z.read("score-sheets.xlsx")))
    assert book.sheetnames == ["About", "Totals", "Consensus", "Ana Ruiz", "Cy Lum"]
    readme = z.read("README.txt").decode("utf-8")
    assert "personal notes (18)" in readme  # Ana's 9 and Cy's 9, left out
    assert "had not submitted (9)" in readme  # Ben's drafts
    for name in names - {"README.txt"}:
        assert name in readme  # every file is listed and said what it is
    # The export itself is in the audit trail.
    event = AuditEvent.objects.for_org(record["org"]).filter(action=Action.EXPORT).get()
    assert "personal notes withheld" in event.reason and event.actor == record["officer"]


def test_withheld_notes_and_unsubmitted_scores_are_in_no_byte(record):
    data = _every_byte(_export(record["officer"], record["evaluation"]).content)
    for secret in (NOTE_OF_ANA, NOTE_OF_CY, NOTE_OF_BEN, DRAFT_OF_BEN):
        assert secret.encode() not in data, secret
    assert b"Personal note" not in data


def test_notes_are_included_when_the_organization_says_so():
    record = build_record_fixture(withhold_notes=False)
    response = _export(record["officer"], record["evaluation"])
    data = _every_byte(response.content)
    assert NOTE_OF_ANA.encode() in data and NOTE_OF_CY.encode() in data
    for secret in (NOTE_OF_BEN, DRAFT_OF_BEN):  # drafts stay out whatever the setting
        assert secret.encode() not in data, secret
    z = zipfile.ZipFile(io.BytesIO(response.content))
    assert _rows(z, "scores.csv")[0][-1] == "Personal note"
    assert "chose to include them" in z.read("README.txt").decode("utf-8")


def test_documents_get_safe_unique_names_and_their_exact_bytes(record):
    z = zipfile.ZipFile(io.BytesIO(_export(record["officer"], record["evaluation"]).content))
    documents = sorted(n for n in z.namelist() if n.startswith("documents/"))
    assert documents == [
        "documents/vendor-a/Proposal.pdf",
        "documents/vendor-a/passwd.txt",
        "documents/vendor-a/proposal (2).PDF",
        "documents/vendor-b/Price sheet.txt",
    ]
    for name in z.namelist():
        assert not name.startswith(("/", "\\")) and ".." not in name.split("/")
    by_name = {n: z.read(n) for n in documents}
    assert by_name["documents/vendor-a/passwd.txt"] == b"root:x:0:0\n"
    assert by_name["documents/vendor-b/Price sheet.txt"] == b"Year 1: 250000\n"
    assert {
        by_name["documents/vendor-a/Proposal.pdf"],
        by_name["documents/vendor-a/proposal (2).PDF"],
    } == {
        b"%PDF-1.7\n% proposal of A, part 1\n",
        b"%PDF-1.7\n% proposal of A, part 2\n",
    }


def test_only_editors_and_administrators_may_export(record):
    evaluation = record["evaluation"]
    for role in (Role.VIEWER, Role.EVALUATOR):
        assert _export(make_member(record["org"], role), evaluation).status_code == 403
    assert _export(record["ana"], evaluation).status_code == 403  # on the panel, a viewer
    assert _export(make_member(record["org"], Role.ADMIN), evaluation).status_code == 200
    assert not Job.objects.filter(user=record["ana"]).exists()


def test_another_organizations_evaluation_is_a_404(record):
    other = build_record_fixture()
    assert _export(other["officer"], record["evaluation"]).status_code == 404
    assert not Job.objects.filter(user=other["officer"]).exists()


def test_the_job_reports_its_progress_and_offers_the_file(record, database_queue, monkeypatch):
    response = _export(record["officer"], record["evaluation"])
    job = Job.objects.get(kind="vendors.public_record")
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.pk}/")
    assert job.status == JobStatus.QUEUED
    seen = drain_recording_progress(monkeypatch)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0
    fractions = [f for f, _t in seen]
    assert fractions == sorted(fractions) and len({f for f in fractions if 0 < f < 1}) >= 5
    assert any(t == "Copying document 4 of 4." for _f, t in seen)
    client = Client()
    client.force_login(record["officer"])
    download = client.get(reverse("jobs:download", args=[record["org"].slug, job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('-public-record.zip"')
    assert "README.txt" in zipfile.ZipFile(io.BytesIO(download.content)).namelist()


def test_documents_are_copied_into_the_archive_one_at_a_time(record):
    """Six 4 MB documents (24 MB): building the archive into a file never holds much more
    than one of them in memory (tracemalloc's peak of Python allocations)."""
    import os
    import tempfile
    import tracemalloc

    from django.core.files.uploadedfile import SimpleUploadedFile

    from civicshift.vendors import services
    from civicshift.vendors.services_records import public_record_export

    size = 4 * 1024 * 1024
    proposal = record["proposals"][2]
    for n in range(6):
        content = b"%PDF-1.7\n" + os.urandom(size - 9)  # random: deflate cannot shrink it
        services.document_upload(
            actor=record["officer"],
            proposal=proposal,
            upload=SimpleUploadedFile("x", content),
            filename=f"Volume {n + 1}.pdf",
        )
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        try:
            public_record_export(
                actor=record["officer"], evaluation=record["evaluation"], target=target
            )
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        target.seek(0, os.SEEK_END)
        assert target.tell() > 6 * size  # the documents are in it, uncompressed
    # One document (4 MiB) read from the database, its chunks and the compressor's buffers, and
    # the rest of the record: 8.0 MiB measured on SQLite, against 24 MiB of documents. Holding
    # them all would be above 24 MiB; the bound is half of that.
    assert peak < 3 * size, f"peak {peak / 2**20:.1f} MiB"
