"""``civicshift case analyze`` (issue #3, item 9): summary, JSON, exit codes, no Django."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from civicshift import __version__
from civicshift.cli_case import add_case_parser, cmd_case_analyze, main, run_case_analyze

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "cases" / "online-permitting.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_summary(capsys):
    code, out, err = run(capsys, str(EXAMPLE), "--iterations", "2000")
    assert code == 0 and err == ""
    for words in (
        "Online permitting",
        "Net present value (NPV)",
        "Internal rate of return (IRR)",
        "MIRR",
        "Benefit-cost ratio",
        "Discounted payback",
        "Total cost of ownership",
        "2037",
        "Monte Carlo: 2,000 iterations, seed 2027",
        "P10",
        "P(NPV > 0)",
        "P(payback within 5 years)",
        "Staff time released",
        "Switching values",
    ):
        assert words in out


def test_json_output(capsys):
    code, out, _err = run(capsys, str(EXAMPLE), "--json", "--iterations", "3000", "--seed", "7")
    assert code == 0
    data = json.loads(out)
    for key in (  # noqa: SIM905 - the keys of issue #3, item 9, as written there
        "npv irr mirr bcr payback_years discounted_payback_years pv_costs pv_benefits "
        "tco cash_flows monte_carlo tornado version"
    ).split():
        assert key in data
    assert data["version"] == __version__
    assert len(data["cash_flows"]) == 11
    assert data["cash_flows"][0] == -250000
    assert data["npv"] == pytest.approx(227184, abs=1)
    mc = data["monte_carlo"]
    assert (mc["iterations"], mc["seed"]) == (3000, 7)
    assert set(mc["npv"]) >= {"mean", "p5", "p10", "p50", "p90", "p95"}
    assert 0 <= mc["prob_npv_positive"] <= 1
    swings = [abs(bar["npv_high"] - bar["npv_low"]) for bar in data["tornado"]]
    assert swings == sorted(swings, reverse=True)
    assert [bar["line"] for bar in data["tornado"]] == ["Staff time released", "Subscription"]


def test_same_seed_same_json_other_seed_differs(capsys):
    outputs = [run(capsys, str(EXAMPLE), "--json", "--seed", s)[1] for s in ("1", "1", "2")]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["monte_carlo"] != json.loads(outputs[2])["monte_carlo"]


def test_payback_years_option(capsys):
    code, out, _err = run(capsys, str(EXAMPLE), "--json", "--payback-years", "5")
    within = json.loads(out)["monte_carlo"]["payback_within"]
    assert code == 0 and within["years"] == 5 and 0 <= within["probability"] <= 1
    code, out, _err = run(capsys, str(EXAMPLE), "--payback-years", "5")
    assert "P(payback within 5 years)" in out


def test_not_defined_figures_in_words(capsys, tmp_path):
    path = tmp_path / "costs.yaml"
    path.write_text(
        "title: Costs only\nstart_year: 2027\nhorizon_years: 3\ndiscount_rate: 0.03\n"
        "lines:\n  - {name: Fee, kind: cost, amount: 10, from: 0, to: 3}\n"
    )
    code, out, _err = run(capsys, str(path), "--iterations", "10")
    assert code == 0
    assert "Internal rate of return (IRR)  not defined" in out
    assert "Payback                        not within the horizon" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--iterations", "0"], "field 'iterations': must be a whole number between 1 and"),
        (["--iterations", "1000001"], "1,000,000"),
        (["--seed", "-3"], "field 'seed'"),
        (["--payback-years", "11"], "--payback-years must be between 1 and the horizon, 10"),
    ],
)
def test_bad_options_exit_2(capsys, args, words):
    code, out, err = run(capsys, str(EXAMPLE), *args)
    assert code == 2 and out == ""
    assert err.startswith("civicshift: error: ") and words in err


def test_bad_file_exit_2_naming_file_line_and_field(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(EXAMPLE.read_text().replace("low: 90000", "low: 190000"))
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert f"{path}: line 2 ('Subscription'), field 'amount.low'" in err
    assert run(capsys, str(tmp_path / "missing.yaml"))[0] == 2


def test_argparse_errors_return_2(capsys):
    assert run_case_analyze(["x.yaml", "--iterations", "many"]) == 2
    assert run_case_analyze([]) == 2
    capsys.readouterr()


def test_add_case_parser_registers_the_command():
    parser = argparse.ArgumentParser(prog="civicshift")
    add_case_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["case", "analyze", "f.yaml", "--iterations", "5", "--json"])
    assert args.func is cmd_case_analyze
    assert (args.file, args.iterations, args.seed, args.json) == ("f.yaml", 5, 2027, True)
    assert args.payback_years is None


def test_the_command_loads_no_django():
    code = (
        "import sys\n"
        "from civicshift.cli_case import main\n"
        f"rc = main(['analyze', {str(EXAMPLE)!r}, '--json', '--iterations', '100'])\n"
        "bad = [n for n in sys.modules if n == 'django' or n.startswith('django.')]\n"
        "print('DJANGO', ','.join(bad), rc, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "DJANGO  0"
    assert json.loads(result.stdout)["monte_carlo"]["iterations"] == 100


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "civicshift.cli_case", "analyze", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["monte_carlo"]["iterations"] == 10_000


# --- case workbook and case template (issue #7, item 7) --------------------------------------


def _name_value(path: Path, name: str):
    from openpyxl import load_workbook

    formulas, values = load_workbook(path), load_workbook(path, data_only=True)
    sheet, ref = next(iter(formulas.defined_names[name].destinations))
    ref = ref.replace("$", "")
    return formulas[sheet][ref].value, values[sheet][ref].value


def test_case_workbook_writes_the_live_model(capsys, tmp_path):
    from civicshift.core.cases import analyze
    from civicshift.formats.cases.file import read_case

    out = tmp_path / "model.xlsx"
    assert main(["workbook", str(EXAMPLE), str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    case = read_case(EXAMPLE)
    analysis = analyze(case)
    formula, value = _name_value(out, "NPV")
    assert formula.startswith("=") and "NPV(DISCOUNT_RATE," in formula
    assert value == pytest.approx(analyze(case, at=case.lead).npv, rel=1e-12)  # its lead
    formula, value = _name_value(out, "DISCOUNT_RATE")
    assert value == read_case(EXAMPLE).discount_rate
    capsys.readouterr()
    assert main(["analyze", str(out), "--json", "--iterations", "100"]) == 0, "and reads it back"
    assert json.loads(capsys.readouterr().out)["npv"] == pytest.approx(analysis.npv, rel=1e-12)


def test_case_template_blank_and_filled_in(capsys, tmp_path):
    from civicshift.formats.cases.file import read_case
    from civicshift.formats.cases.template_reader import read_case_template, read_template

    blank = tmp_path / "blank.xlsx"
    argv = ["template", str(blank), "--title", "Library kiosks", "--start-year", "2028"]
    assert main([*argv, "--horizon-years", "7", "--discount-rate", "0.025"]) == 0
    contents = read_template(blank)
    assert contents.rows == []
    assert (contents.settings.title, contents.settings.start_year) == ("Library kiosks", 2028)
    assert (contents.settings.horizon_years, contents.settings.discount_rate) == (7, 0.025)

    filled = tmp_path / "filled.xlsx"
    assert main(["template", str(filled), "--from", str(EXAMPLE)]) == 0
    assert read_case_template(filled).lines == read_case(EXAMPLE).lines
    assert "civicshift case analyze" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["workbook", "missing.yaml", "OUT.xlsx"], "missing.yaml"),
        (["workbook", str(EXAMPLE), "out.csv"], "must end in .xlsx"),
        (["template", "out.xlsx", "--horizon-years", "0"], "--horizon-years must be between"),
        (["template", "out.xlsx", "--discount-rate", "-1"], "--discount-rate must be above -1"),
        (["template", "out.xlsx", "--title", " "], "--title must not be empty"),
        (["template", "nowhere/at/all/out.xlsx"], "cannot write it"),
    ],
)
def test_workbook_and_template_bad_input_exit_2(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert words in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx")), "nothing written"


def test_case_template_from_a_file_with_years_apart(capsys, tmp_path):
    case_file = tmp_path / "refresh.yaml"
    case_file.write_text(
        "title: Refresh\nstart_year: 2027\nhorizon_years: 6\ndiscount_rate: 0.03\n"
        "lines:\n  - {name: Laptops, kind: cost, amount: 1000, years: [0, 3, 6]}\n"
        "  - {name: Savings, kind: benefit, amount: 800, from: 1, to: 6}\n",
        encoding="utf-8",
    )
    assert main(["template", str(tmp_path / "t.xlsx"), "--from", str(case_file)]) == 2
    assert "'Laptops': the template holds consecutive years only" in capsys.readouterr().err
    assert main(["workbook", str(case_file), str(tmp_path / "m.xlsx")]) == 0, "the model can"
