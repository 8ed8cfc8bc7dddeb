"""``civicshift case ...``: business-case files, without a database.

    civicshift case analyze FILE [--iterations N] [--seed S] [--json] [--payback-years N]
    civicshift case workbook FILE OUT.xlsx      the live-formula Excel model of a case file
    civicshift case template OUT.xlsx [--title T] [--start-year Y] [--horizon-years N]
                             [--discount-rate R] [--from FILE]
                                                the offline template (blank, or from FILE)

FILE is a case file (YAML or JSON, see docs/business-case-file.md). Without ``--json`` a readable
summary is printed; with it, one JSON object (the same figures, full precision, plus the inputs,
seed and version needed to reproduce them). Bad input: exit code 2 and a message naming the file,
the line and the field. This module imports no Django, so the command starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from gettext import gettext as _
from pathlib import Path

from civicshift.core import formatting
from civicshift.core.case_defaults import DEFAULT_PAYBACK_TARGET_YEARS, DEFAULT_SEED, payback_target
from civicshift.core.cases import Analysis, Case, CaseError, analyze, basis_warnings
from civicshift.core.montecarlo import (
    DEFAULT_ITERATIONS,
    MAX_ITERATIONS,
    MonteCarloResult,
    monte_carlo,
    switching_values,
    tornado,
)
from civicshift.formats.cases.file import analysis_to_json, read_case

TOP_LINES = 5


def _add_analyze_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help=_("case file: .yaml, .yml, .json, or the .xlsx template")
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=DEFAULT_ITERATIONS,
        metavar="N",
        help=_("Monte Carlo iterations, 1 to {max:,} (default {default:,})").format(
            max=MAX_ITERATIONS, default=DEFAULT_ITERATIONS
        ),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=_("random seed (default {seed}, as a new case on the web)").format(seed=DEFAULT_SEED),
    )
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument(
        "--payback-years",
        type=int,
        metavar="N",
        help=_(
            "report the probability of payback within N years (default {n}, as a new case on "
            "the web, or the horizon if it is shorter)"
        ).format(n=DEFAULT_PAYBACK_TARGET_YEARS),
    )
    parser.set_defaults(func=cmd_case_analyze)


def _add_workbook_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help=_("case file: .yaml, .yml, .json, or the .xlsx template")
    )
    parser.add_argument("out", metavar="OUT.xlsx", help=_("the workbook to write"))
    parser.set_defaults(func=cmd_case_workbook)


def _add_template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.xlsx", help=_("the template to write"))
    parser.add_argument("--title", default=_("New business case"), help=_("the case's title"))
    parser.add_argument(
        "--start-year",
        type=int,
        metavar="Y",
        help=_("fiscal year of period 0 (default: the current year)"),
    )
    parser.add_argument(
        "--horizon-years",
        type=int,
        default=10,
        metavar="N",
        help=_("years looked ahead, 1 to 100 (default 10)"),
    )
    parser.add_argument(
        "--discount-rate",
        type=float,
        default=0.03,
        metavar="R",
        help=_("discount rate per year, as 0.03 for 3%% (default 0.03)"),
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="FILE",
        help=_("fill the template in from a case file (its settings and lines)"),
    )
    parser.set_defaults(func=cmd_case_template)


def add_case_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``case analyze``, ``case workbook`` and ``case template``."""
    case = subparsers.add_parser(
        "case", help=_("business cases: analyze a case file, write its Excel model or a template")
    )
    commands = case.add_subparsers(dest="case_command", required=True, metavar="COMMAND")
    analyze_parser = commands.add_parser(
        "analyze",
        help=_("NPV, IRR, payback, Monte Carlo, tornado and switching values of a case file"),
    )
    _add_analyze_arguments(analyze_parser)
    _add_workbook_arguments(
        commands.add_parser(
            "workbook",
            help=_(
                "write the case's live-formula Excel model (change an input, the figures follow)"
            ),
        )
    )
    _add_template_arguments(
        commands.add_parser(
            "template", help=_("write the offline template, blank or filled in from a case file")
        )
    )
    return case


def _fail(message: str) -> int:
    print(_("civicshift: error: {message}").format(message=message), file=sys.stderr)
    return 2


def _write(out: str, content: bytes) -> int | None:
    """Write ``content`` to ``out`` (an .xlsx path) through a temporary file; None when done,
    else the exit code after saying why."""
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        return _fail(_("{out}: the file to write must end in .xlsx").format(out=out))
    if path.is_dir():
        return _fail(_("{out}: is a folder, not a file").format(out=out))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".civicshift-", suffix=".xlsx")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        return _fail(_("{out}: cannot write it ({why})").format(out=out, why=exc.strerror or exc))
    return None


def cmd_case_workbook(args: argparse.Namespace) -> int:
    from civicshift.formats.cases.workbook import write_case_model  # XlsxWriter only here

    try:
        case = read_case(args.file)
    except CaseError as exc:
        return _fail(str(exc))
    failed = _write(args.out, write_case_model(case))
    if failed is not None:
        return failed
    print(
        _("Wrote {out}: the live-formula model of {title!r}.").format(
            out=args.out, title=case.title
        )
    )
    return 0


def cmd_case_template(args: argparse.Namespace) -> int:
    from civicshift.formats.cases.template import write_case_template  # openpyxl only here
    from civicshift.formats.cases.template_data import (
        TemplateSettings,
        template_lines_from_case,
    )

    lines = []
    if args.source:
        try:
            case = read_case(args.source)
        except CaseError as exc:
            return _fail(str(exc))
        settings = TemplateSettings(
            case.title, case.start_year, case.horizon_years, case.discount_rate
        )
        try:
            lines = template_lines_from_case(case)
        except ValueError as exc:
            return _fail(_("{file}: {problem}").format(file=args.source, problem=exc))
    else:
        start = dt.date.today().year if args.start_year is None else args.start_year
        if not 1 <= start <= 9999:
            return _fail(
                _("--start-year must be a year between 1 and 9999 (got {y})").format(y=start)
            )
        if not 1 <= args.horizon_years <= 100:
            return _fail(
                _("--horizon-years must be between 1 and 100 (got {n})").format(
                    n=args.horizon_years
                )
            )
        if not -1 < args.discount_rate <= 1:
            return _fail(
                _("--discount-rate must be above -1 and at most 1, e.g. 0.03 (got {r})").format(
                    r=args.discount_rate
                )
            )
        if not args.title.strip():
            return _fail(_("--title must not be empty"))
        settings = TemplateSettings(
            args.title.strip(), start, args.horizon_years, args.discount_rate
        )
    failed = _write(args.out, write_case_template(settings, lines, option_name=settings.title))
    if failed is not None:
        return failed
    print(_("Wrote {out}: fill it in, then run civicshift case analyze {out}").format(out=args.out))
    return 0


def cmd_case_analyze(args: argparse.Namespace) -> int:
    try:
        case = read_case(args.file)
        within = args.payback_years
        if within is not None and not 1 <= within <= case.horizon_years:
            return _fail(
                _("--payback-years must be between 1 and the horizon, {horizon} (got {n})").format(
                    horizon=case.horizon_years, n=within
                )
            )
        analysis = analyze(case)
        mc = monte_carlo(case, iterations=args.iterations, seed=args.seed)
        bars = tornado(case)
        switching = switching_values(case)
    except CaseError as exc:
        return _fail(str(exc))
    if args.json:
        result = analysis_to_json(case, analysis, mc, bars, switching)
        target = payback_target(case.horizon_years, within)
        result["monte_carlo"]["payback_within"] = {
            "years": target,
            "probability": mc.prob_payback_within[target],
        }
        print(json.dumps(result, indent=2, allow_nan=False))
    else:
        print(
            summary(case, analysis, mc, bars, switching, payback_target(case.horizon_years, within))
        )
    return 0


# --- the readable summary -------------------------------------------------------------------


def _money(value: float) -> str:
    return formatting.amount(value)  # the same figures as the pages and documents


def _pct(value: float | None, missing: str) -> str:
    return formatting.percent(value, 2, missing=missing)


def _years(value: float | None) -> str:
    return _("not within the horizon") if value is None else _("{n:.2f} years").format(n=value)


def _table(analysis: Analysis) -> list[str]:
    heads = [_("Year"), _("Costs"), _("Benefits"), _("Net"), _("Cumulative"), _("Discounted")]
    heads.append(_("Cum. discounted"))
    rows = [
        [str(year)]
        + [
            _money(getattr(analysis, name)[t])
            for name in ("costs", "benefits", "net", "cumulative", "discounted")
        ]
        + [_money(analysis.cumulative_discounted[t])]
        for t, year in enumerate(analysis.fiscal_years)
    ]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    return [
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in [heads, *rows]
    ]


def summary(
    case: Case,
    analysis: Analysis,
    mc: MonteCarloResult,
    bars: list,
    switching: list,
    payback_within: int,
) -> str:
    """The plain-text report printed by ``case analyze`` without ``--json``."""
    years = analysis.fiscal_years
    not_defined = _("not defined")
    out = [
        case.title,
        _("Fiscal years {first}-{last} (periods 0-{horizon}), discount rate {rate}").format(
            first=years[0],
            last=years[-1],
            horizon=case.horizon_years,
            rate=_pct(case.discount_rate, ""),
        ),
        "",
    ]
    expected = analyze(case, at="expected")
    figures = [
        (_("Net present value (NPV)"), _money(analysis.npv)),
        (_("Expected NPV (mean amounts)"), _money(expected.npv)),
        (_("Internal rate of return (IRR)"), _pct(analysis.irr, not_defined)),
        (_("Modified IRR (MIRR)"), _pct(analysis.mirr, not_defined)),
        (
            _("Benefit-cost ratio"),
            not_defined if analysis.bcr is None else f"{analysis.bcr:.2f}",
        ),
        (_("Payback"), _years(analysis.payback_years)),
        (_("Expected payback"), _years(expected.payback_years)),
        (_("Discounted payback"), _years(analysis.discounted_payback_years)),
        (_("Total cost of ownership"), _money(analysis.tco)),
        (_("Present value of costs"), _money(analysis.pv_costs)),
        (_("Present value of benefits"), _money(analysis.pv_benefits)),
    ]
    if any(not line.in_npv for line in case.lines):
        figures.append((_("Wider benefits (PV, not in NPV)"), _money(analysis.wider_benefits_pv)))
    width = max(len(label) for label, _value in figures)
    out += [f"{label.ljust(width)}  {value}" for label, value in figures]
    notes = [analysis.irr_warning, *basis_warnings(case)]
    out += [f"{_('Note')}: {note}" for note in notes if note]
    out += ["", _("Cash flows"), *_table(analysis), ""]
    out.append(
        _("Monte Carlo: {n:,} iterations, seed {seed} (civicshift {version})").format(
            n=mc.iterations, seed=mc.seed, version=mc.version
        )
    )
    out.append("  " + _("NPV mean {mean}").format(mean=_money(mc.npv_mean)))
    out.append("  " + "  ".join(f"P{p} {_money(value)}" for p, value in mc.percentiles.items()))
    out.append("  " + _("P(NPV > 0) {p}").format(p=formatting.percent(mc.prob_npv_positive)))
    out.append(
        "  "
        + _("P(payback within {n} years) {p}").format(
            n=payback_within, p=formatting.percent(mc.prob_payback_within[payback_within])
        )
    )
    if bars:
        out += ["", _("Largest uncertainties (NPV with the line at its low / high amount)")]
        name_width = max(len(bar.line) for bar in bars[:TOP_LINES])
        out += [
            f"  {bar.line.ljust(name_width)}  {_money(bar.npv_low)} / {_money(bar.npv_high)}"
            f"  ({_('swing')} {_money(bar.swing)})"
            for bar in bars[:TOP_LINES]
        ]
    shown = [s for s in switching if s.value is not None][:TOP_LINES]
    if shown:
        out += ["", _("Switching values (the amount at which NPV would be zero)")]
        name_width = max(len(s.line) for s in shown)
        for s in shown:
            change = "" if s.change_pct is None else f" ({s.change_pct:+.1f}%)"
            out.append(f"  {s.line.ljust(name_width)}  {_money(s.value)}{change}")
    return "\n".join(out)


def run_case_analyze(argv: list[str]) -> int:
    """``case analyze`` with its arguments (what follows ``civicshift case analyze``)."""
    parser = argparse.ArgumentParser(prog="civicshift case analyze")
    _add_analyze_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return args.func(args)


def main(argv: list[str] | None = None) -> int:
    """``civicshift case ...`` with what follows ``case`` (e.g. ``["analyze", "file.yaml"]``)."""
    parser = argparse.ArgumentParser(prog="civicshift")
    add_case_parser(parser.add_subparsers(dest="command", required=True))
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(["case", *argv])
    except SystemExit as exc:
        return int(exc.code or 0)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
