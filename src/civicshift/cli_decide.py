"""``civicshift decide ...``: decision analysis on a file, without a database.

    civicshift decide ahp FILE [--json]    AHP weights, λmax, CI, CR and the judgment most at
                                           odds; with alternatives, their global priorities

FILE is YAML or JSON (docs/decision-analysis.md). Bad input: exit code 2 and one line naming
the file and the judgment; nothing else is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from gettext import gettext as _

import numpy as np

from civicshift.core.decision.ahp import (
    CR_THRESHOLD,
    AhpResult,
    ahp_many,
    random_index_table,
    synthesize,
)
from civicshift.formats.decision.ahp_file import AhpFileError, AhpProblem, read_ahp_file


def _fail(message: str) -> int:
    print(f"civicshift: error: {message}", file=sys.stderr)
    return 2


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(float(value), digits)


def _inconsistency(result: AhpResult, names: list[str]) -> dict | None:
    odd = result.most_inconsistent
    if odd is None:
        return None
    return {
        "pair": [names[odd.row], names[odd.col]],
        "value": _round(odd.value),
        "consistent_value": _round(odd.consistent_value),
        "suggested": _round(odd.suggested),
        "cr_after": _round(odd.cr_after),
    }


def analyze(problem: AhpProblem) -> dict:
    """The ``--json`` document (see docs/decision-analysis.md for every key)."""
    matrices = [
        problem.matrix,
        *(
            problem.alternative_matrices[c]
            for c in problem.criteria
            if problem.alternative_matrices
        ),
    ]
    results = ahp_many(matrices, problem.random_index)
    top, per_criterion = results[0], results[1:]
    table = random_index_table(problem.random_index)
    odd = _inconsistency(top, problem.criteria)
    out = {
        "criteria": problem.criteria,
        "weights": {c: _round(w) for c, w in zip(problem.criteria, top.weights, strict=True)},
        "lambda_max": _round(top.lambda_max),
        "ci": _round(top.ci),
        "cr": _round(top.cr),
        "acceptable": top.acceptable,
        "cr_threshold": CR_THRESHOLD,
        "random_index": problem.random_index,
        "random_index_value": _round(top.ri, 4),
        "random_index_source": table.source,
        "most_inconsistent": None if odd is None else odd["pair"],
        "most_inconsistent_detail": odd,
        "evaluators": problem.evaluators,
    }
    if problem.alternatives:
        local = np.stack([r.weights for r in per_criterion])
        overall = synthesize(top.weights, local)
        out["alternatives"] = {
            a: _round(w) for a, w in zip(problem.alternatives, overall, strict=True)
        }
        out["local"] = {
            c: {a: _round(w) for a, w in zip(problem.alternatives, r.weights, strict=True)}
            for c, r in zip(problem.criteria, per_criterion, strict=True)
        }
        out["local_consistency"] = {
            c: {
                "lambda_max": _round(r.lambda_max),
                "ci": _round(r.ci),
                "cr": _round(r.cr),
                "acceptable": r.acceptable,
                "most_inconsistent": _inconsistency(r, problem.alternatives),
            }
            for c, r in zip(problem.criteria, per_criterion, strict=True)
        }
    return out


def _text(report: dict) -> str:
    lines = [_("Weights (they add up to 100 %):")]
    width = max(len(c) for c in report["criteria"])
    for name, w in sorted(report["weights"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<{width}}  {w * 100:6.2f} %")
    cr = report["cr"]
    n = len(report["criteria"])
    lines.append(
        _("λmax {lam:.4f} for {n} criteria; consistency index {ci:.4f}").format(
            lam=report["lambda_max"], n=n, ci=report["ci"]
        )
    )
    if cr is None:
        lines.append(
            _("Consistency ratio: not computed (the {table} table stops below {n} items)").format(
                table=report["random_index"], n=n
            )
        )
    else:
        verdict = (
            _("consistent enough (at most 0.10)")
            if report["acceptable"]
            else _("above 0.10: revisit the judgments")
        )
        lines.append(
            _("Consistency ratio {cr:.3f}: {verdict} (random index {ri} from {table})").format(
                cr=cr,
                verdict=verdict,
                ri=report["random_index_value"],
                table=report["random_index"],
            )
        )
    odd = report["most_inconsistent_detail"]
    if odd and not report["acceptable"]:
        a, b = odd["pair"]
        lines.append(
            _(
                "Most at odds: {a} vs {b} = {v:g}; the other judgments suggest about {c:.2f}; "
                "{s:g} would give a consistency ratio of {after}"
            ).format(
                a=a,
                b=b,
                v=odd["value"],
                c=odd["consistent_value"],
                s=odd["suggested"],
                after="—" if odd["cr_after"] is None else f"{odd['cr_after']:.3f}",
            )
        )
    if report.get("alternatives"):
        lines.append(_("Alternatives (global priority):"))
        width = max(len(a) for a in report["alternatives"])
        for name, w in sorted(report["alternatives"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name:<{width}}  {w * 100:6.2f} %")
        for criterion, check in report["local_consistency"].items():
            if check["acceptable"] is False:
                lines.append(
                    _(
                        "  note: the comparisons under {c} have a consistency ratio of {cr:.3f}"
                    ).format(c=criterion, cr=check["cr"])
                )
    return "\n".join(lines)


def cmd_ahp(args: argparse.Namespace) -> int:
    try:
        problem = read_ahp_file(args.file)
    except AhpFileError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.file}: {exc.strerror or exc}")
    report = analyze(problem)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else _text(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civicshift decide", description=_("Decision analysis."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "ahp",
        help=_("AHP weights and consistency from pairwise judgments (YAML or JSON)"),
        description=_(
            "Weights by the Analytic Hierarchy Process: principal eigenvector, λmax, consistency "
            "index and ratio, and the judgment most at odds with the others."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.set_defaults(func=cmd_ahp)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
