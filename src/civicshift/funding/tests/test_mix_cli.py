"""``civicshift funding financing``: the calculator from the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_bond_as_json():
    # Level debt service on par $1,020,000 at 4 % for 20 years: numpy-financial's
    # pmt(0.04, 20, 1_020_000) = -75,053.39.
    out = StringIO()
    call_command(
        "funding_financing",
        "bond",
        "--amount",
        "1,000,000",
        "--rate",
        "4",
        "--years",
        "20",
        "--issuance-cost",
        "2",
        "--json",
        stdout=out,
    )
    body = json.loads(out.getvalue())
    assert body["principal"] == 1020000.0
    assert body["annual_payment"] == 75053.39
    assert len(body["by_year"]) == 20


def test_textbook_loan_in_words():
    # Ross, Westerfield & Jordan, "Amortized loans": $5,000, 9 %, 5 years: $1,285.46 a year.
    out = StringIO()
    call_command(
        "funding_financing",
        "loan",
        "--amount=5000",
        "--rate=9",
        "--years=5",
        "--per-year=1",
        stdout=out,
    )
    assert "Payment per period: 1,285.46" in out.getvalue()
    assert "Total interest:     1,427.31" in out.getvalue()


def test_an_absurd_rate_names_the_option():
    with pytest.raises(CommandError, match="--rate: The rate must be at most 100 %"):
        call_command("funding_financing", "loan", "--amount=5000", "--rate=900", "--years=5")
