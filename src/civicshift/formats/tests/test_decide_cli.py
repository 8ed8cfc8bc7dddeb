"""``civicshift decide ahp FILE [--json]``: the file (YAML/JSON; comparisons, a full matrix or
several evaluators), the JSON keys of issue 12 item 9, and every bad input refused with exit code
2 and one line naming the file and the judgment.

The numbers are the engine's, checked against published examples in
core/tests/test_decision_ahp.py; here the car example (Wikipedia "Analytic hierarchy process –
car example", weights and CR as AHPy publishes them) confirms the file reaches the engine."""

from __future__ import annotations

import json

import pytest

from civicshift import cli

CAR = b"""
criteria: [Cost, Safety, Style, Capacity]
comparisons:
  - [Cost, Safety, 3]
  - [Cost, Style, 7]
  - [Cost, Capacity, 3]
  - [Safety, Style, 9]
  - [Safety, Capacity, 1]
  - [Style, Capacity, 1/7]
random_index: donegan-dodd
"""

ISSUE_EXAMPLE = b"""
criteria: [Functional fit, Security, Implementation, Cost]
comparisons:
  - [Functional fit, Security, 2]
  - [Functional fit, Implementation, 3]
  - [Functional fit, Cost, 1]
  - [Security, Implementation, 2]
  - [Security, Cost, 1/2]
  - [Implementation, Cost, 1/3]
alternatives: [Vendor A, Vendor B, Vendor C]
alternative_comparisons:
  Functional fit: [[Vendor A, Vendor B, 3], [Vendor A, Vendor C, 1/2], [Vendor B, Vendor C, 1/5]]
  Security: [[Vendor A, Vendor B, 1], [Vendor A, Vendor C, 2], [Vendor B, Vendor C, 2]]
  Implementation: [[Vendor A, Vendor B, 1/3], [Vendor A, Vendor C, 1], [Vendor B, Vendor C, 3]]
  Cost: [[Vendor A, Vendor B, 2], [Vendor A, Vendor C, 4], [Vendor B, Vendor C, 2]]
random_index: saaty-1980
"""


def run(capsys, tmp_path, content: bytes, *flags: str, name: str = "weights.yaml"):
    path = tmp_path / name
    path.write_bytes(content)
    code = cli.main(["decide", "ahp", str(path), *flags])
    out, err = capsys.readouterr()
    return code, out, err


def test_car_example_through_the_file(capsys, tmp_path):
    code, out, err = run(capsys, tmp_path, CAR, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {k: round(v, 3) for k, v in report["weights"].items()} == {
        "Cost": 0.510,
        "Safety": 0.234,
        "Style": 0.041,
        "Capacity": 0.215,
    }
    assert round(report["cr"], 3) == 0.080
    assert report["random_index"] == "donegan-dodd"
    assert "Donegan" in report["random_index_source"]


def test_issue_example_has_every_documented_key(capsys, tmp_path):
    code, out, err = run(capsys, tmp_path, ISSUE_EXAMPLE, "--json")
    assert code == 0, err
    report = json.loads(out)
    for key in ("weights", "lambda_max", "ci", "cr", "random_index", "most_inconsistent"):
        assert key in report
    assert set(report["alternatives"]) == {"Vendor A", "Vendor B", "Vendor C"}
    assert sum(report["alternatives"].values()) == pytest.approx(1, abs=1e-5)
    assert set(report["local"]) == {"Functional fit", "Security", "Implementation", "Cost"}
    # the global priority is Σ criterion weight × local weight, recomputed from the report
    for vendor, value in report["alternatives"].items():
        recomputed = sum(
            report["weights"][c] * report["local"][c][vendor] for c in report["weights"]
        )
        assert value == pytest.approx(recomputed, abs=1e-5)
    assert report["ci"] == pytest.approx((report["lambda_max"] - 4) / 3, abs=1e-5)
    assert report["cr"] == pytest.approx(report["ci"] / 0.90, abs=1e-5)  # Saaty 1980, n = 4
    assert len(report["most_inconsistent"]) == 2


def test_plain_text_says_what_the_ratio_means(capsys, tmp_path):
    code, out, _err = run(capsys, tmp_path, CAR)
    assert code == 0
    assert "Cost" in out and "51.0" in out
    assert "Consistency ratio 0.080: consistent enough" in out


def test_inconsistent_judgments_name_the_one_to_revisit(capsys, tmp_path):
    content = b"""
criteria: [A, B, C, D]
comparisons: [[A, B, 2], [A, C, 4], [A, D, 1/8], [B, C, 2], [B, D, 4], [C, D, 2]]
"""
    code, out, _err = run(capsys, tmp_path, content)
    assert code == 0
    assert "above 0.10: revisit the judgments" in out
    assert "Most at odds: A vs D = 0.125" in out


def test_full_matrix_and_evaluators(capsys, tmp_path):
    matrix = json.dumps({"criteria": ["x", "y"], "matrix": [[1, 3], [0.333, 1]]}).encode()
    code, out, err = run(capsys, tmp_path, matrix, "--json", name="m.json")
    assert code == 0, err
    assert json.loads(out)["weights"]["x"] == pytest.approx(0.75)
    evaluators = b"""
criteria: [x, y]
evaluators:
  Ana: [[x, y, 2]]
  Ben: [[x, y, 8]]
"""
    code, out, err = run(capsys, tmp_path, evaluators, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["evaluators"] == ["Ana", "Ben"]
    assert report["weights"]["x"] == pytest.approx(0.8)  # geometric mean 4 → 4/5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"criteria: [a, b]\ncomparisons: [[a, b, 12]]\n", "12 is outside Saaty's scale"),
        (
            b"criteria: [a, b, c]\ncomparisons: [[a, b, 2], [a, c, 3]]\n",
            "missing judgment: 'b' compared with 'c'",
        ),
        (b"criteria: [a, a]\ncomparisons: []\n", "criteria: 'a' is named twice"),
        (b"criteria: [a, b]\nmatrix: [[1, 3], [3, 1]]\n", "are not reciprocal"),
        (
            b"criteria: [a, b]\ncomparisons: [[a, b, 2]]\nrandom_index: mine\n",
            "unknown random index table 'mine'",
        ),
        (b"criteria: [a, b]\ncomparisons: [[a, b, 2]]\ncolour: red\n", "unknown key 'colour'"),
        (b"criteria: [a, b]\n", "give the judgments once"),
        (
            b"criteria: [a, b]\ncomparisons: [[a, b, 2]]\nalternatives: [p, q]\n"
            b"alternative_comparisons: {a: [[p, q, 2]]}\n",
            "the alternatives are not compared under 'b'",
        ),
        (b"criteria: [a, b\n", "not valid YAML"),
        (b"- just\n- a list\n", "must be a mapping"),
    ],
)
def test_bad_files_exit_2_naming_the_file_and_the_judgment(capsys, tmp_path, content, message):
    code, out, err = run(capsys, tmp_path, content)
    assert code == 2
    assert out == ""
    assert err.startswith("civicshift: error: weights.yaml: ")
    assert message in err
    assert err.count("\n") == 1


def test_hostile_files_are_refused_quickly(capsys, tmp_path):
    code, _out, err = run(capsys, tmp_path, b"[" * 100_000 + b"]" * 100_000, name="deep.json")
    assert code == 2 and "nest" in err
    code, _out, err = run(capsys, tmp_path, b"a: &x [1]\nb: *x\n", name="alias.yaml")
    assert code == 2 and "alias.yaml" in err
    big = b"criteria: [" + b"x" * (3 * 1024 * 1024) + b"]\n"
    code, _out, err = run(capsys, tmp_path, big, name="big.yaml")
    assert code == 2 and "big.yaml" in err
    code, _out, err = run(capsys, tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00", name="x.png")
    assert code == 2 and "x.png" in err
