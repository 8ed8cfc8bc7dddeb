"""A saved analysis (CaseRun) beside today's figures: what changed in the settings, the lines
and the figures since it was saved (issue 7). Reads only."""

from __future__ import annotations

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
    """The saved analysis ``run`` beside the case's figures today."""
    case = run.case
    options = list(Option.objects.for_org(case.organization).filter(case=case))
    figures = [option_figures(case, option) for option in options]
    today, _results = run_payload(case, figures)
    settings = [
        Change(name, run.inputs.get(name), today.get(name))
        for name in COMPARED_SETTINGS
        if _norm(run.inputs.get(name)) != _norm(today.get(name))
        and not (name not in run.inputs and name not in ("start_year", "horizon_years"))
    ]
    now_options = {o["name"]: o for o in today["options"]}
    now_figures = {f.option.name: f for f in figures}
    out: list[OptionComparison] = []
    for saved in run.inputs["options"]:
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
                != _norm(now_lines[key].get(f))
            ]
            if changes:
                comparison.lines_changed.append((line["name"], changes))
        then_result = run.results.get("options", {}).get(name, {})
        now = now_figures[name]
        for measure in FIGURES:
            value_now = getattr(now.analysis, measure) if now.ok else None
            comparison.figures.append(Change(measure, then_result.get(measure), value_now))
        out.append(comparison)
    saved_names = {o["name"] for o in run.inputs["options"]}
    for name in now_options:
        if name not in saved_names:
            comparison = OptionComparison(name, "added")
            now = now_figures[name]
            for measure in FIGURES:
                value_now = getattr(now.analysis, measure) if now.ok else None
                comparison.figures.append(Change(measure, None, value_now))
            out.append(comparison)
    return RunComparison(settings=settings, options=out)


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
