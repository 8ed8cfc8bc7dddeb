"""The score workbook (issue 12, item 8): LibreOffice recalculates its live formulas to the
ranking page's totals and ranks, and blind scoring holds on this path too.

LibreOffice headless (``civicshift.testing.libreoffice``: a private profile that recalculates
every file on load) is the outside reference for the formulas; the expected totals are the hand
calculation in ``records_fixtures`` and ``civicshift.vendors.ranking`` on the same data."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.libreoffice import make_profile, recalculate
from civicshift.vendors import services, services_panel
from civicshift.vendors.ranking import ranking

from .records_fixtures import (
    DRAFT_OF_BEN,
    HAND_RANKS,
    HAND_TOTALS,
    NOTE_OF_ANA,
    NOTE_OF_BEN,
    NOTE_OF_CY,
    build_record_fixture,
)

pytestmark = pytest.mark.django_db


def _download(user, evaluation):
    client = Client()
    client.force_login(user)
    url = reverse("vendors:score_workbook", args=[evaluation.organization.slug, evaluation.pk])
    return client.get(url)


def _all_text(content: bytes) -> str:
    """Every part of the xlsx (a zip), decompressed: the strings a search of the file finds."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())


def _totals_block(sheet):
    """{label in column A: [value per proposal column]} of the Totals sheet's result rows,
    and the proposals' column headers."""
    heads = [c.value for c in sheet[7]][6:]
    rows = {}
    for row in sheet.iter_rows(min_row=8):
        if row[0].value in ("Price", "Points for price", "Total (out of 100)", "Rank"):
            rows[row[0].value] = [c.value for c in row[6 : 6 + len(heads)]]
    return heads, rows


@pytest.fixture
def record():
    return build_record_fixture()


def test_libreoffice_recalculates_the_ranking_pages_totals(record, tmp_path):
    evaluation = record["evaluation"]
    response = _download(record["officer"], evaluation)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    original = tmp_path / "scores.xlsx"
    original.write_bytes(response.content)

    # A second copy edited in the file, as a finance director would: the missing consensus
    # score (Vendor C, Cost) typed in as 4 and the points for price changed to 30.
    edited = tmp_path / "edited.xlsx"
    book = load_workbook(original)
    consensus = book["Consensus"]
    row = next(
        r
        for r in consensus.iter_rows(min_row=5)
        if (r[0].value, r[1].value) == ("Vendor C", "Cost")
    )
    assert row[6].value is None  # not agreed yet
    row[6].value = 4
    book["Totals"]["B4"].value = 30
    book.save(edited)

    converted = recalculate([original, edited], tmp_path / "out", make_profile(tmp_path / "p"))
    heads, got = _totals_block(load_workbook(converted[original], data_only=True)["Totals"])
    expected = ranking(evaluation)
    by_vendor = {r["proposal"].vendor.name: r for r in expected.rows}
    assert heads == [f"{v}: consensus score" for v in ("Vendor A", "Vendor B", "Vendor C")]
    for j, key in enumerate("ABC"):
        name = f"Vendor {key}"
        assert got["Total (out of 100)"][j] == pytest.approx(HAND_TOTALS[key], abs=1e-9)
        assert got["Total (out of 100)"][j] == pytest.approx(by_vendor[name]["total"], abs=1e-9)
        assert got["Rank"][j] == HAND_RANKS[key] == by_vendor[name]["rank"]
    assert expected.missing == 1

    # The edited copy: the same edits made in CivicShift give the same totals.
    services_panel.consensus_set(
        actor=record["officer"],
        proposal=record["proposals"][2],
        criterion=record["leaves"][2],
        value=Decimal(4),
        rationale="Agreed later.",
    )
    evaluation = services.evaluation_update(
        actor=record["officer"], evaluation=evaluation, price_points=Decimal(30)
    )
    after = {r["proposal"].vendor.name: r for r in ranking(evaluation).rows}
    _heads, got = _totals_block(load_workbook(converted[edited], data_only=True)["Totals"])
    # By hand: 70 points for the criteria (Finance 29.4, Payroll 12.6, Cost 28), price 30:
    # C = 29.4 × 3/5 + 12.6 × 2/5 + 28 × 4/5 + 30 = 17.64 + 5.04 + 22.4 + 30 = 75.08.
    assert after["Vendor C"]["total"] == pytest.approx(75.08, abs=1e-9)
    for j, key in enumerate("ABC"):
        name = f"Vendor {key}"
        assert got["Total (out of 100)"][j] == pytest.approx(after[name]["total"], abs=1e-9)
        assert got["Rank"][j] == after[name]["rank"]


def test_the_editor_gets_submitted_sheets_only_and_no_ones_notes(record):
    content = _download(record["officer"], record["evaluation"]).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["About", "Totals", "Consensus", "Ana Ruiz", "Cy Lum"]
    text = _all_text(content)
    for secret in (DRAFT_OF_BEN, NOTE_OF_BEN, NOTE_OF_ANA, NOTE_OF_CY):
        assert secret not in text
    # Ana's nine submitted scores, in proposal then tree order.
    ana = book["Ana Ruiz"]
    assert [c.value for c in ana[5]] == ["Vendor", "Criterion", "Score (1–5)", "Comment"]
    assert [(r[0].value, r[1].value, r[2].value) for r in ana.iter_rows(min_row=6)][:3] == [
        ("Vendor A", "Finance", 4),
        ("Vendor A", "Payroll", 3),
        ("Vendor A", "Cost", 5),
    ]


def test_a_drafting_evaluator_gets_their_own_sheet_only(record):
    content = _download(record["ben"], record["evaluation"]).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["About", "Ben Oko"]
    text = _all_text(content)
    assert DRAFT_OF_BEN in text and NOTE_OF_BEN in text  # their own draft and note
    assert NOTE_OF_ANA not in text and "Ana Ruiz" not in text
    assert "Not submitted yet" in text


def test_a_submitted_evaluator_sees_the_others_submitted_scores_but_not_their_notes(record):
    content = _download(record["ana"], record["evaluation"]).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["About", "Ana Ruiz", "Cy Lum"]
    assert [c.value for c in book["Ana Ruiz"][5]][-1] == "Personal note"
    assert [c.value for c in book["Cy Lum"][5]][-1] == "Comment"
    text = _all_text(content)
    assert NOTE_OF_ANA in text
    for secret in (NOTE_OF_CY, DRAFT_OF_BEN, NOTE_OF_BEN):
        assert secret not in text


def test_who_may_download(record):
    evaluation = record["evaluation"]
    viewer = make_member(record["org"], Role.VIEWER)  # not on the panel
    assert _download(viewer, evaluation).status_code == 403
    evaluator = make_member(record["org"], Role.EVALUATOR)  # not on this panel
    assert _download(evaluator, evaluation).status_code == 403
    other = build_record_fixture()
    assert _download(other["officer"], evaluation).status_code == 404
