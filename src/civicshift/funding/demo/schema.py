"""The funding part of the demo (``data/funding.yaml``), checked before the first write,
naming the key: the profile, the city's own notices (as csv columns), and the applications
per initiative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from civicshift.core.funding import pipeline
from civicshift.demo.schema_checks import DemoDataError, choice, only, optional, required

NOTICE_KEYS = {
    "program_id",
    "title",
    "agency",
    "aln_numbers",
    "instrument",
    "eligible_applicants",
    "purposes",
    "award_floor",
    "award_ceiling",
    "local_match_percent",
    "post_days",
    "close_days",
    "description",
}
APPLICATION_KEYS = {
    "notice",
    "stage",
    "interest",
    "pass_reason",
    "amount_requested",
    "amount_awarded",
    "local_match_committed",
    "fiscal_year",
    "federal",
    "done",
    "reports",
    "notes",
}
CODES = {code for code, _label in pipeline.DEFAULT_CHECKLIST}


def read_funding(raw: Any, department_codes: set[str], user_keys: set[str]) -> dict:
    profile = required(raw, "profile", "", dict)
    only(profile, {"uei", "expires_in_days", "grants_contact"}, "profile")
    required(profile, "uei", "profile")
    required(profile, "expires_in_days", "profile", int)
    notices = required(raw, "notices", "", list)
    ids = set()
    for i, notice in enumerate(notices):
        where = f"notices[{i}]"
        only(notice, NOTICE_KEYS, where)
        ids.add(required(notice, "program_id", where))
        required(notice, "title", where)
        required(notice, "close_days", where, int)
    raw_applications = raw.get("applications") or []
    for i, entry in enumerate(raw_applications):
        if entry.get("notice") not in ids:
            raise DemoDataError(
                f"Key 'applications[{i}].notice' is '{entry.get('notice')}', which is not one "
                "of the notices."
            )
    from .saved import read_saved

    searches, later = read_saved(raw, notices, user_keys)
    for i, notice in enumerate(later):
        only(notice, NOTICE_KEYS, f"later_notices[{i}]")
    return {"profile": profile, "notices": notices, "saved_searches": searches, "later": later}


def _amount(entry: dict, key: str, where: str) -> Decimal | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise DemoDataError(f"Key '{where}.{key}' must be an amount of dollars.")
    return Decimal(str(value))


def read_applications(entry: Any, where: str) -> dict:
    only(entry, APPLICATION_KEYS, where)
    stage = choice(required(entry, "stage", where), list(pipeline.STAGES), f"{where}.stage")
    fields = {
        "stage": stage,
        "interest": choice(
            optional(entry, "interest", where, str, "will_consider"),
            list(pipeline.INTERESTS),
            f"{where}.interest",
        ),
        "pass_reason": optional(entry, "pass_reason", where, str, ""),
        "fiscal_year": optional(entry, "fiscal_year", where, int, None),
        "federal": optional(entry, "federal", where, bool, True),
        "notes": " ".join(optional(entry, "notes", where, str, "").split()),
    }
    for key in ("amount_requested", "amount_awarded", "local_match_committed"):
        fields[key] = _amount(entry, key, where)
    try:
        pipeline.check_move(
            stage, stage, pass_reason=fields["pass_reason"], amount_awarded=fields["amount_awarded"]
        )
    except pipeline.MoveError as exc:
        raise DemoDataError(f"Key '{where}.{exc.field}': {exc}") from None
    done = optional(entry, "done", where, list, [])
    unknown = set(done) - CODES
    if unknown:
        raise DemoDataError(f"Key '{where}.done' names unknown checklist items {sorted(unknown)}.")
    reports = []
    for i, report in enumerate(optional(entry, "reports", where, list, [])):
        at = f"{where}.reports[{i}]"
        only(report, {"label", "due_in_days"}, at)
        reports.append((required(report, "label", at), required(report, "due_in_days", at, int)))
    return {
        "notice": required(entry, "notice", where),
        "fields": fields,
        "done": done,
        "reports": reports,
    }
