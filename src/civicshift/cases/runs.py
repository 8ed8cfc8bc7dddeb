"""A saved analysis (CaseRun) beside today's figures: what changed in the settings, the lines
and the figures since it was saved (issue 7). Reads only."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .models import CaseRun, Option
from .results import run_payload
from .selectors import option_figures

#: Settings compared between a saved analysis and today (the inputs keys a run keeps).
COMPARED_SETTINGS = (
    "start_year",
    "horizon_years",
    "discount_rate",
    "basis",
    "inflation",
    "lead",
    "alternative_rate",
    "optimism_one_time",
    "optimism_recurring",
    "optimism_duration",
)
LINE_FIELDS = (
    "kind",
    "category",
    "distribution",
    "low",
    "likely",
    "high",
    "multiplier",
    "first_period",
    "last_period",
    "escalation",
    "ramp",
    "in_npv",
    "per_year",
)
FIGURES = ("npv", "irr", "bcr")


@dataclass
class Change:
    name: str
    then: Any
    now: Any


@dataclass
class OptionComparison:
    name: str
    status: str  # "both", "added" (only today), "removed" (only in the saved analysis)
    figures: list[Change] = field(default_factory=list)  # NPV, IRR, BCR then and now
    lines_added: list[str] = field(default_factory=list)
    lines_removed: list[str] = field(default_factory=list)
    lines_changed: list[tuple[str, list[Change]]] = field(default_factory=list)

    @property
    def lines_same(self) -> bool:
        return not (self.lines_added or self.lines_removed or self.lines_changed)


@dataclass
class RunComparison:
    settings: list[Change]
    options: list[OptionComparison]

    @property
    def unchanged(self) -> bool:
        return not self.settings and all(o.status == "both" and o.lines_same for o in self.options)


def _norm(value: Any) -> Any:
    """Numbers as saved (text of decimals) and as today compared by value."""
    if value in (None, ""):
        return None
    if isinstance(value, list):
        return [_norm(v) for v in value]
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _lines_by_name(lines: list[dict]) -> dict[str, dict]:
    return {line["name"].casefold(): line for line in lines}


def compare_run(run: CaseRun) -> RunComparison:
    """The saved analysis ``run`` beside the case's figures today (the web page)."""
    case = run.case
    options = list(Option.objects.for_org(case.organization).filter(case=case))
    today_inputs, today_results = run_payload(case, [option_figures(case, o) for o in options])
    return compare_payloads(run.inputs, run.results, today_inputs, today_results)


def compare_runs(then: CaseRun, now: CaseRun) -> RunComparison:
    """Two saved analyses of the same case, ``then`` the one compared against (the API)."""
    return compare_payloads(then.inputs, then.results, now.inputs, now.results)


def _figures(result: dict) -> list[Change]:
    return [Change(measure, None, result.get(measure)) for measure in FIGURES]


def compare_payloads(
    then_inputs: dict, then_results: dict, now_inputs: dict, now_results: dict
) -> RunComparison:
    """What changed from one set of saved inputs and results (``CaseRun.inputs`` and
    ``.results``, or ``results.run_payload`` of today) to another: the settings, each option's
    lines, and each option's NPV, IRR and benefit–cost ratio at the likely amounts. A setting
    that one side does not record (a run saved before it existed) is not compared."""
    settings = [
        Change(name, then_inputs.get(name), now_inputs.get(name))
        for name in COMPARED_SETTINGS
        if _norm(then_inputs.get(name)) != _norm(now_inputs.get(name))
        and (
            name in ("start_year", "horizon_years") or (name in then_inputs and name in now_inputs)
        )
    ]
    now_options = {o["name"]: o for o in now_inputs["options"]}
    then_figures = then_results.get("options", {})
    now_figures = now_results.get("options", {})
    out: list[OptionComparison] = []
    for saved in then_inputs["options"]:
        name = saved["name"]
        if name not in now_options:
            out.append(OptionComparison(name, "removed"))
            continue
        comparison = OptionComparison(name, "both")
        then_lines = _lines_by_name(saved["lines"])
        now_lines = _lines_by_name(now_options[name]["lines"])
        comparison.lines_added = [now_lines[k]["name"] for k in now_lines if k not in then_lines]
        comparison.lines_removed = [then_lines[k]["name"] for k in then_lines if k not in now_lines]
        for key, line in then_lines.items():
            if key not in now_lines:
                continue
            changes = [
                Change(f, line.get(f), now_lines[key].get(f))
                for f in LINE_FIELDS
                if _norm(line.get(f, [] if f == "per_year" else None))
                != _norm(now_lines[key].get(f, [] if f == "per_year" else None))
            ]
            if changes:
                comparison.lines_changed.append((line["name"], changes))
        then_result = then_figures.get(name, {})
        now_result = now_figures.get(name, {})
        comparison.figures = [
            Change(measure, then_result.get(measure), now_result.get(measure))
            for measure in FIGURES
        ]
        out.append(comparison)
    saved_names = {o["name"] for o in then_inputs["options"]}
    for name in now_options:
        if name not in saved_names:
            out.append(OptionComparison(name, "added", figures=_figures(now_figures.get(name, {}))))
    return RunComparison(settings=settings, options=out)


def comparison_data(comparison: RunComparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (the API's answer; the web page shows the same)."""

    def changes(items: list[Change]) -> list[dict[str, Any]]:
        return [{"name": c.name, "then": c.then, "now": c.now} for c in items]

    return {
        "unchanged": comparison.unchanged,
        "settings": changes(comparison.settings),
        "options": [
            {
                "name": o.name,
                "status": o.status,
                "figures": changes(o.figures),
                "lines_added": list(o.lines_added),
                "lines_removed": list(o.lines_removed),
                "lines_changed": [
                    {"line": line, "changes": changes(items)} for line, items in o.lines_changed
                ],
            }
            for o in comparison.options
        ],
    }


def amounts_fingerprint(inputs: dict) -> str:
    """SHA-256 of the options and their lines as a saved analysis kept them (names, amounts,
    ranges, years, yearly increases, ramps, amounts per year), as canonical JSON: two saved
    analyses with the same fingerprint were computed from the same amounts, whatever their
    seed, number of runs or settings (those are given beside it)."""
    options = [
        {"name": o["name"], "lines": [dict(sorted(line.items())) for line in o["lines"]]}
        for o in inputs.get("options", [])
    ]
    text = json.dumps(options, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_option_figures(results: dict) -> list[dict[str, Any]]:
    """Each option's headline figures of a saved analysis: NPV, IRR and benefit–cost ratio at
    the likely amounts, the expected NPV (at the mean of each range), and the simulation's
    mean, percentiles and chance that the NPV is above zero. None for a figure the analysis
    did not have (an option without lines, a run saved before the expected NPV existed)."""
    out = []
    for name, result in results.get("options", {}).items():
        simulation = result.get("monte_carlo") or {}
        npv = simulation.get("npv") or {}
        out.append(
            {
                "name": name,
                "problem": result.get("problem", ""),
                "npv": result.get("npv"),
                "irr": result.get("irr"),
                "bcr": result.get("bcr"),
                "expected_npv": (result.get("expected") or {}).get("npv"),
                "npv_mean": npv.get("mean"),
                "percentiles": {k: v for k, v in npv.items() if k != "mean"} or None,
                "prob_npv_positive": simulation.get("prob_npv_positive"),
            }
        )
    return out


def reproduction_differences(saved: dict, reproduced: dict) -> list[str]:
    """Plain sentences for each option figure that the re-run did not give again (NPV, IRR,
    BCR, the simulation's mean and P(NPV > 0)); empty when it reproduced exactly."""
    out = []
    for name, then in saved.get("options", {}).items():
        again = reproduced.get("options", {}).get(name, {})
        pairs = [(m, then.get(m), again.get(m)) for m in FIGURES]
        then_mc, again_mc = then.get("monte_carlo") or {}, again.get("monte_carlo") or {}
        pairs.append(
            (
                "P(NPV > 0)",
                then_mc.get("prob_npv_positive"),
                again_mc.get("prob_npv_positive"),
            )
        )
        for measure, a, b in pairs:
            same = a == b or (
                isinstance(a, float)
                and isinstance(b, float)
                and abs(a - b) <= 1e-9 * max(1, abs(a))
            )
            if not same:
                out.append(
                    _("%(option)s: %(measure)s was %(then)s, now %(now)s.")
                    % {"option": name, "measure": measure, "then": a, "now": b}
                )
    return out


def run_again(*, actor, run: CaseRun):
    """Start the background job that runs a saved analysis again from its saved inputs, seed
    and iterations (the page's button and the API); ``RateLimited`` over the per-user limits."""
    from civicshift.jobs.services import job_start

    from .jobs import REPRODUCE_RUN

    return job_start(
        actor=actor,
        organization=run.organization,
        kind=REPRODUCE_RUN,
        inputs={"run": run.pk},
        label=_("Saved analysis “%(run)s” run again") % {"run": run},
    )
