"""The starter catalog of funding programs (``core/data/funding_programs.yaml``), loaded and
checked: keys unique, applicant codes and purposes known, ALNs of the form NN.NNN, a source and
a ``facts_last_checked`` date on every program. A ``CatalogError`` names the program and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from civicshift.core.funding.codes import APPLICANT_TYPES
from civicshift.core.funding.codes import PURPOSES as PURPOSE_LABELS
from civicshift.core.funding.model import FundingProgram

CATALOG_FILE = "data/funding_programs.yaml"
APPLICANT_CODES = frozenset(APPLICANT_TYPES)
PURPOSES = frozenset(PURPOSE_LABELS)
INSTRUMENTS = frozenset(
    {"formula_grant", "competitive_grant", "cooperative_agreement", "loan", "direct_payment"}
    | {"other"}
)
STATUSES = frozenset({"", "forecasted", "posted", "closed", "archived", "lapsed", "at_risk"})
_ALN = re.compile(r"\d{2}\.\d{3}")


class CatalogError(ValueError):
    """The starter catalog file is wrong: the message names the program and the field."""


@dataclass(frozen=True)
class CatalogProgram:
    """One program of the starter catalog: what matching needs plus where its facts come from."""

    program: FundingProgram
    agency: str
    aln_numbers: tuple[str, ...]
    instrument: str
    via_state: bool
    recurrence: str
    link: str
    source: str
    facts_last_checked: date
    verified: tuple[str, ...]
    not_verified: tuple[str, ...]
    status_note: str = ""


@dataclass(frozen=True)
class Catalog:
    id: str
    version: str
    programs: tuple[CatalogProgram, ...]


def catalog_from_data(data: dict) -> Catalog:
    if not isinstance(data, dict) or not data.get("id") or not data.get("version"):
        raise CatalogError("the catalog needs an id and a version")
    seen: set[str] = set()
    programs = []
    for n, entry in enumerate(data.get("programs") or (), start=1):
        key = str(entry.get("key") or "")
        where = f"program {n} ({key or 'no key'})"

        def fail(field: str, problem: str, where: str = where) -> CatalogError:
            return CatalogError(f"{where}, {field}: {problem}")

        if not key or key in seen:
            raise fail("key", "missing or used twice")
        seen.add(key)
        for field in ("title", "agency", "link", "source", "description"):
            if not str(entry.get(field) or "").strip():
                raise fail(field, "required")
        checked = entry.get("facts_last_checked")
        if not isinstance(checked, date):
            raise fail("facts_last_checked", "a date (YYYY-MM-DD) is required")
        codes = tuple(str(c) for c in entry.get("eligible_applicants") or ())
        if not codes or set(codes) - APPLICANT_CODES:
            raise fail(
                "eligible_applicants", f"unknown or no codes {sorted(set(codes) - APPLICANT_CODES)}"
            )
        purposes = tuple(entry.get("purposes") or ())
        if not purposes or set(purposes) - PURPOSES:
            raise fail("purposes", f"unknown or no purposes {sorted(set(purposes) - PURPOSES)}")
        alns = tuple(str(a) for a in entry.get("aln_numbers") or ())
        if any(not _ALN.fullmatch(a) for a in alns):
            raise fail("aln_numbers", "each must be NN.NNN")
        # The stored program's key is its first ALN (else the catalog key): unique too.
        if alns and alns[0] in seen:
            raise fail("aln_numbers", f"{alns[0]} is already the first number of another program")
        if alns:
            seen.add(alns[0])
        instrument = str(entry.get("instrument") or "")
        if instrument not in INSTRUMENTS:
            raise fail("instrument", f"“{instrument}” is not one of {sorted(INSTRUMENTS)}")
        status = str(entry.get("status") or "")
        if status not in STATUSES:
            raise fail("status", f"“{status}” is not a status")
        match = entry.get("local_match_percent")
        share = Decimal(str(match)) / 100 if match is not None else None

        def money(field: str, entry: dict = entry) -> Decimal | None:
            value = entry.get(field)
            return Decimal(str(value)) if value is not None else None

        programs.append(
            CatalogProgram(
                program=FundingProgram(
                    key=key,
                    title=entry["title"],
                    description=entry["description"],
                    purposes=purposes,
                    eligible_applicants=codes,
                    award_floor=money("award_floor"),
                    award_ceiling=money("award_ceiling"),
                    cost_sharing=entry.get("cost_share"),
                    local_match_share=share,
                    status=status,
                    via_state=bool(entry.get("via_state")),
                ),
                agency=entry["agency"],
                aln_numbers=alns,
                instrument=instrument,
                via_state=bool(entry.get("via_state")),
                recurrence=str(entry.get("recurrence") or ""),
                link=entry["link"],
                source=" ".join(str(entry["source"]).split()),
                facts_last_checked=checked,
                verified=tuple(entry.get("verified") or ()),
                not_verified=tuple(entry.get("not_verified") or ()),
                status_note=" ".join(str(entry.get("status_note") or "").split()),
            )
        )
    return Catalog(str(data["id"]), str(data["version"]), tuple(programs))


@cache
def load_catalog() -> Catalog:
    text = resources.files("civicshift.core").joinpath(CATALOG_FILE).read_text(encoding="utf-8")
    return catalog_from_data(yaml.safe_load(text))
