"""The case file's terms (issue 7): basis, inflation, lead, a second rate, optimism bias and
per-year amounts; bad input refused naming the line and the field; the CLI's JSON gains the
expected figures, every IRR and the warning."""

from __future__ import annotations

import json
import math

import numpy_financial as npf
import pytest
import yaml

from civicshift.cli_case import main
from civicshift.core.cases import analyze
from civicshift.formats.cases.file import CaseFileError, case_from_dict, case_to_dict, read_case

CASE = {
    "title": "Irregular costs",
    "start_year": 2027,
    "horizon_years": 4,
    "discount_rate": 0.05,
    "basis": "nominal",
    "inflation": 0.02,
    "lead": "likely",
    "alternative_rate": 0.07,
    "alternative_rate_label": "OMB A-94 (1992)",
    "optimism_bias": {
        "category": "equipment_development",
        "one_time": 0.2,
        "recurring": 0.0,
        "duration": 0.0,
        "reason": "Fixed-price contract.",
    },
    "lines": [
        {"name": "Build", "kind": "cost", "amount": 100000, "years": [0]},
        {"name": "Refresh", "kind": "cost", "per_year": [10000, 25000, 0, 40000], "from": 1},
        {
            "name": "Savings",
            "kind": "benefit",
            "amount": {"low": 30000, "likely": 45000, "high": 75000},
            "from": 1,
            "to": 4,
        },
    ],
}


def _with(**changes):
    data = json.loads(json.dumps(CASE))
    data.update(changes)
    return data


def _line(index, **changes):
    data = json.loads(json.dumps(CASE))
    data["lines"][index].update(changes)
    return data


def test_the_terms_and_per_year_amounts_are_read_and_written_back():
    case = case_from_dict(CASE)
    assert (case.basis, case.inflation, case.lead) == ("nominal", 0.02, "likely")
    assert case.optimism.one_time == 0.2 and case.optimism.category == "equipment_development"
    refresh = case.lines[1]
    assert refresh.periods == (1, 2, 3, 4) and refresh.per_year == (10000, 25000, 0, 40000)
    assert case_from_dict(case_to_dict(case)) == case
    # The NPV by numpy-financial 1.0.0 (npf.npv discounts the first value by 0 periods):
    # build 100,000 × 1.2 (the optimism uplift on a one-time cost), then the schedule.
    flows = [-120000, 45000 - 10000, 45000 - 25000, 45000 - 0, 45000 - 40000]
    assert analyze(case).npv == pytest.approx(npf.npv(0.05, flows), rel=1e-12)


@pytest.mark.parametrize(
    ("data", "field", "line", "words"),
    [
        (_line(1, per_year=[1, 2, 3, 4, 5]), "per_year", 2, "past the horizon"),
        (_line(1, per_year=[1, -2, 3]), "per_year[1]", 2, "at least 0"),
        (_line(1, per_year=[1, float("nan"), 3]), "per_year[1]", 2, "finite"),
        (_line(1, per_year=[1, 2], escalation=0.03), "escalation", 2, "as given"),
        (_line(2, amount={"low": 30000, "likely": 45000}), "amount.high", 3, "needs a high"),
        (
            _line(2, amount={"low": 30000, "likely": 45000, "high": 50000, "dist": "point"}),
            "amount.low",
            3,
            "single figure",
        ),
        (_with(inflation=-1), "inflation", None, "greater than -1"),
        (_with(inflation=-1.5), "inflation", None, "greater than -1"),
        (_with(basis="both"), "basis", None, "real, nominal"),
        (
            _with(optimism_bias={"one_time": 3.5, "reason": "x"}),
            "optimism_bias.one_time",
            None,
            "at most 3",
        ),
        (
            _with(optimism_bias={"duration": -0.1, "reason": "x"}),
            "optimism_bias.duration",
            None,
            "at least 0",
        ),
        (_with(optimism_bias={"recurring": 0.2}), "optimism_bias.reason", None, "say why"),
        (
            _with(optimism_bias={"category": "rockets"}),
            "optimism_bias.category",
            None,
            "unknown project type",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_line_and_the_field(tmp_path, data, field, line, words):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CaseFileError) as info:
        read_case(path)
    error = info.value
    assert error.field == field, str(error)
    assert (None if error.line_index is None else error.line_index + 1) == line, str(error)
    assert words in str(error), str(error)


def test_the_cli_json_has_expected_figures_irrs_and_the_warning(tmp_path, capsys):
    # Cash flows −100, +230, −132 have two IRRs, 10% and 20% (the textbook example of
    # Brealey, Myers & Allen, Principles of Corporate Finance, ch. 5: (1+r)² − 2.3(1+r) + 1.32
    # = 0 ⇒ 1 + r = 1.1 or 1.2).
    data = {
        "title": "Two roots",
        "start_year": 2027,
        "horizon_years": 2,
        "discount_rate": 0.15,
        "lines": [
            {"name": "Invest", "kind": "cost", "amount": 100, "years": [0]},
            {"name": "Return", "kind": "benefit", "amount": 230, "years": [1]},
            {
                "name": "Clean-up",
                "kind": "cost",
                "amount": {"low": 120, "likely": 132, "high": 180},
                "years": [2],
            },
        ],
    }
    path = tmp_path / "two-roots.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["analyze", str(path), "--json", "--iterations", "200"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["irrs"] == pytest.approx([0.1, 0.2], abs=1e-9)
    assert "several IRRs" in out["irr_warning"]
    # NPV at 15% (likely amounts): −100 + 230/1.15 − 132/1.15² (numpy-financial).
    assert out["npv"] == pytest.approx(npf.npv(0.15, [-100, 230, -132]), rel=1e-12)
    assert out["irr"] is not None and out["irr"] == pytest.approx(0.2, abs=1e-9)
    # Expected: the clean-up's triangular mean is (120 + 132 + 180) / 3 = 144.
    assert out["expected"]["npv"] == pytest.approx(npf.npv(0.15, [-100, 230, -144]), rel=1e-12)
    assert set(out["expected"]) >= {"npv", "bcr", "payback_years"}
    assert out["lead"] == "expected"
    assert math.isclose(out["terms"]["nominal_rate"], 0.15)
