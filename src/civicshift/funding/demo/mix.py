"""Reading and writing the demo's funding mix through the funding services, as the
initiative's author (after its business case, which the cases module loads first)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    money,
    only,
    optional,
    required,
)

from ..models import SourceKind, SourceStatus
from ..services_mix import mix_line_create


@dataclass(frozen=True)
class DemoLine:
    fiscal_year: int
    kind: str
    name: str
    amount: Decimal
    status: str
    notes: str


def read_mix_entry(raw: Any, where: str) -> list[DemoLine]:
    only(raw, {"initiative", "lines"}, where)
    lines = required(raw, "lines", where, list)
    found = []
    for i, line in enumerate(lines):
        at = f"{where}.lines[{i}]"
        only(line, {"fiscal_year", "kind", "name", "amount", "status", "notes"}, at)
        found.append(
            DemoLine(
                fiscal_year=required(line, "fiscal_year", at, int),
                kind=choice(required(line, "kind", at), list(SourceKind.values), f"{at}.kind"),
                name=required(line, "name", at),
                amount=money(line, "amount", at),
                status=choice(
                    optional(line, "status", at, str, SourceStatus.PLANNED),
                    list(SourceStatus.values),
                    f"{at}.status",
                ),
                notes=optional(line, "notes", at, str, ""),
            )
        )
    return found


def load_mix(entry: list[DemoLine], *, initiative, author) -> None:
    for line in entry:
        try:
            mix_line_create(actor=author, initiative=initiative, **vars(line))
        except ValidationError as exc:
            raise DemoDataError(
                f"funding_mix of {initiative.title!r}, FY{line.fiscal_year}: "
                + " ".join(exc.messages)
            ) from exc
