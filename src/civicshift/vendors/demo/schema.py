"""Reading and checking the vendors' demo file (``data/vendors.yaml``) before anything is
written: each problem names its key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from civicshift.demo.schema_checks import DemoDataError, choice, optional, required, unique

from ..models import MilestoneKind, Solicitation, WeightMethod
from ..services_panel import SAATY_CHOICES

PANEL_KEYS = {"admin", "editor", "evaluator", "viewer"}


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DemoDataError(f"Key '{where}' must be a date (YYYY-MM-DD).") from None


def read_registry(raw: Any, departments: set[str], users: set[str]) -> list[dict]:
    """The organization-wide registry (``DemoModule.read_organization``)."""
    vendors = required(raw, "vendors", "", list)
    for i, v in enumerate(vendors):
        where = f"vendors[{i}]"
        required(v, "name", where)
        for key in ("acr_date", "insurance_expires"):
            if v.get(key) is not None:
                v[key] = _date(v[key], f"{where}.{key}")
        for j, c in enumerate(optional(v, "contracts", where, list, [])):
            choice(
                required(c, "program", f"{where}.contracts[{j}]"),
                ["naspo", "sourcewell", "gsa", "state", "other"],
                f"{where}.contracts[{j}].program",
            )
            required(c, "number", f"{where}.contracts[{j}]")
        for j, r in enumerate(optional(v, "performance", where, list, [])):
            required(r, "contract", f"{where}.performance[{j}]")
            at = f"{where}.performance[{j}]"
            r["period_start"] = _date(required(r, "period_start", at, object), f"{at}.period_start")
            if r.get("period_end") is not None:
                r["period_end"] = _date(r["period_end"], f"{at}.period_end")
    unique([v["name"] for v in vendors], "vendors")
    names = {v["name"] for v in vendors}
    for i, e in enumerate(required(raw, "evaluations", "", list)):
        for j, p in enumerate(required(e, "proposals", f"evaluations[{i}]", list)):
            if p.get("vendor") not in names:
                raise DemoDataError(
                    f"Key 'evaluations[{i}].proposals[{j}].vendor' names no vendor of 'vendors'."
                )
        award = optional(e, "award", f"evaluations[{i}]", dict, None)
        if award is not None:  # the recommendation, recorded after the consensus
            vendor = required(award, "vendor", f"evaluations[{i}].award")
            required(award, "rationale", f"evaluations[{i}].award")
            if vendor not in [p.get("vendor") for p in e["proposals"]]:
                raise DemoDataError(
                    f"Key 'evaluations[{i}].award.vendor' names no vendor of its proposals."
                )
    return vendors


def read_evaluation(raw: Any, where: str) -> dict:
    required(raw, "title", where)
    choice(required(raw, "solicitation", where), list(Solicitation.values), f"{where}.solicitation")
    choice(
        required(raw, "weight_method", where), list(WeightMethod.values), f"{where}.weight_method"
    )
    for key in optional(raw, "milestones", where, dict, {}):
        choice(key, list(MilestoneKind.values), f"{where}.milestones.{key}")
    panel = optional(raw, "panel", where, list, [])
    for key in panel:
        choice(key, sorted(PANEL_KEYS), f"{where}.panel")
    for user, rows in optional(raw, "judgments", where, dict, {}).items():
        choice(user, panel, f"{where}.judgments")
        for k, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != 3 or str(row[2]) not in SAATY_CHOICES:
                raise DemoDataError(
                    f"Key '{where}.judgments.{user}[{k}]' must be [a, b, a value of Saaty's scale]."
                )
    for i, p in enumerate(required(raw, "proposals", where, list)):
        required(p, "vendor", f"{where}.proposals[{i}]")
        for score in optional(p, "scores", f"{where}.proposals[{i}]", dict, {}).values():
            if not isinstance(score, int) or not 1 <= score <= 5:
                raise DemoDataError(f"Key '{where}.proposals[{i}].scores' must be 1 to 5.")
    return raw
