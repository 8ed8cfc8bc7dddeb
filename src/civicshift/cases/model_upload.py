"""An uploaded live-formula model, checked against a business case and turned into the
arguments of ``services.business_case_model_apply``.

The reader (``formats.cases.model_reader``) gives the whole case the workbook states; here it
is matched with the database: each option by its name (an option not in the case is refused —
option names cannot be changed in the model), one optimism bias for the case (every option of
the workbook must state the same: CivicShift keeps one per case, decisions.md), MIRR rates
following the discount rate (CivicShift keeps none of its own), and each line through the
database's rules (``views_documents.check_rows``), at the horizon the workbook states. Every
problem names its sheet and cell; when there is one, nothing is applied.

A horizon changed in Excel (a fiscal-year column added or the last one removed) becomes the
case's horizon. A shorter one drops the amounts the case's lines have in the removed years;
those are listed (``ModelChanges.dropped``) and nothing is applied until the person confirms
that same file (``confirmation``), as the upload page asks.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core.cases import line_profile
from civicshift.formats.cases.model_data import ModelContents
from civicshift.formats.cases.model_reader import template_row
from civicshift.formats.cases.template_data import TemplateRow

from .models import MAX_HORIZON, BusinessCase, Option

#: BusinessCase field → the reader's settings key (whose named cell a problem names).
CASE_FIELDS = {
    "start_year": "start_year",
    "discount_rate": "discount_rate",
    "basis": "basis",
    "inflation": "inflation",
    "lead": "lead",
    "alternative_rate": "alternative_rate",
    "alternative_rate_label": "alternative_rate_label",
}
#: BusinessCase optimism field → the reader's per-option key.
OPTIMISM_FIELDS = {
    "optimism_one_time": "one_time",
    "optimism_recurring": "recurring",
    "optimism_duration": "duration",
    "optimism_category": "category",
    "optimism_reason": "reason",
}


@dataclass(frozen=True)
class DroppedAmounts:
    """A line's amounts in the fiscal years a shorter horizon removes (signed: costs negative,
    as the case computes them at the likely amount, before the optimism bias)."""

    option: str
    line: str
    years: tuple[int, ...]  # fiscal years
    amounts: tuple[Decimal, ...]

    @property
    def pairs(self) -> list[tuple[int, Decimal]]:
        return list(zip(self.years, self.amounts, strict=True))


@dataclass
class ModelChanges:
    """What applying the model changes: the case's fields, and each option's new lines (as
    ``line_create`` arguments, with the rows they came from to name a refused cell); for a
    changed horizon, the horizon before and after and what a shorter one drops."""

    fields: dict
    options: list[tuple[Option, list[dict], list[TemplateRow]]]
    cells: dict[str, str]  # BusinessCase field → "Assumptions!B8"
    horizon: tuple[int, int] | None = None  # (the case's, the model's) when they differ
    dropped: list[DroppedAmounts] = field(default_factory=list)
    payback_target: tuple[int, int] | None = None  # lowered to fit a shorter horizon

    @property
    def shortens(self) -> bool:
        return self.horizon is not None and self.horizon[1] < self.horizon[0]


@dataclass
class ModelUploadResult:
    """``problems`` (nothing saved), or ``changes`` applied, or — a shorter horizon not yet
    confirmed — ``changes`` to confirm with ``confirmation`` (nothing saved yet)."""

    problems: list[str]
    changes: ModelChanges | None = None
    confirmation: str = ""  # set when the person must confirm this file first

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.confirmation)


def confirmation_token(data: bytes, changes: ModelChanges) -> str:
    """What the confirm form sends back: the file's digest and the horizons, so a confirmation
    applies to this very file and change only."""
    old, new = changes.horizon or (0, 0)
    return f"{old}-{new}-{hashlib.sha256(data).hexdigest()[:32]}"


def _decimal(model_field: str, value: float | None) -> Decimal | None:
    if value is None:
        return None
    places = BusinessCase._meta.get_field(model_field).decimal_places
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _cell(where: str) -> str:
    return where if "!" in where else f"Assumptions!{where}"


def model_changes(case: BusinessCase, contents: ModelContents) -> tuple[ModelChanges | None, list]:
    """The changes the model asks for, or the problems (each "Sheet!A1: message")."""
    from .views_documents import check_rows

    settings, problems = contents.settings, []
    cells = {field: _cell(settings.cells.get(key, "")) for field, key in CASE_FIELDS.items()}
    cells["horizon_years"] = _cell(settings.cells.get("horizon_years", ""))
    horizon = None
    if settings.horizon_years != case.horizon_years:
        horizon = (case.horizon_years, settings.horizon_years)
        if not 1 <= settings.horizon_years <= MAX_HORIZON:
            problems.append(
                f"{cells['horizon_years']}: "
                + _("a case looks 1 to %(max)s years ahead; this model has %(n)s")
                % {"max": MAX_HORIZON, "n": settings.horizon_years}
            )
    for key in ("finance_rate", "reinvest_rate"):
        if getattr(settings, key) is not None:
            problems.append(
                f"{_cell(settings.cells[key])}: "
                + _(
                    "CivicShift's MIRR uses the discount rate: type =DISCOUNT_RATE back in "
                    "this cell (a rate of its own would not be kept)"
                )
            )
    # The lines are checked at the model's horizon: a copy of the case, saved by the services.
    planned = copy.copy(case)
    planned.horizon_years = settings.horizon_years
    existing = {o.name.casefold(): o for o in Option.objects.for_org(case.organization).filter(
        case=case)}  # fmt: skip
    for option in existing.values():
        option.case = planned
    first = contents.options[0] if contents.options else None
    fields: dict = {
        "start_year": settings.start_year,
        "discount_rate": _decimal("discount_rate", settings.discount_rate),
        "basis": settings.basis,
        "inflation": _decimal("inflation", settings.inflation),
        "lead": settings.lead,
        "alternative_rate": _decimal("alternative_rate", settings.alternative_rate),
        "alternative_rate_label": settings.alternative_rate_label,
    }
    if horizon is not None:
        fields["horizon_years"] = settings.horizon_years
    payback_target = None
    if case.payback_target_years > settings.horizon_years >= 1:
        payback_target = (case.payback_target_years, settings.horizon_years)
        fields["payback_target_years"] = settings.horizon_years
    if first is not None:
        for field_name, key in OPTIMISM_FIELDS.items():
            value = _bias_value(first, key)
            cells[field_name] = first.cells[key]
            for option in contents.options[1:]:
                if _bias_value(option, key) != value:
                    problems.append(_bias_problem(first, option, key))
            fields[field_name] = _decimal(field_name, value) if isinstance(value, float) else value
    applied = []
    for option in contents.options:
        target = existing.get(option.name.casefold())
        if target is None:
            row = option.lines[0].row if option.lines else 0
            problems.append(
                f"Assumptions!A{row}: "
                + _(
                    "this case has no option called “%(name)s”: option names cannot be "
                    "changed in the model (rename the option in CivicShift, then download it)"
                )
                % {"name": option.name}
            )
            continue
        rows = []
        for line in option.lines:
            row = template_row(line, settings.start_year)
            if isinstance(row, TemplateRow):
                rows.append(row)
            else:
                problems.append(str(row))
        if len(rows) == len(option.lines):
            lines, row_problems = check_rows(planned, target, rows)
            problems += row_problems
            applied.append((target, lines, rows))
    if problems:
        return None, problems
    dropped = _dropped(case, settings.horizon_years) if horizon and horizon[1] < horizon[0] else []
    return ModelChanges(fields, applied, cells, horizon, dropped, payback_target), []


def _dropped(case: BusinessCase, horizon: int) -> list[DroppedAmounts]:
    """The amounts the case's lines have after ``horizon`` (what a shorter horizon drops)."""
    from .bridge import core_line
    from .models import CaseLine

    out = []
    lines = (
        CaseLine.objects.for_org(case.organization)
        .filter(option__case=case, last_period__gt=horizon)
        .select_related("option")
        .order_by("option__position", "option__pk", "position", "pk")
    )
    for line in lines:
        core = core_line(line)
        profile = line_profile(core, case.horizon_years)
        likely = core.amount.likely
        periods = [t for t in core.periods if t > horizon]
        out.append(
            DroppedAmounts(
                option=line.option.name,
                line=line.name,
                years=tuple(case.start_year + t for t in periods),
                amounts=tuple(
                    Decimal(repr(float(profile[t] * likely))).quantize(Decimal("0.01"))
                    for t in periods
                ),
            )
        )
    return out


def _bias_value(option, key: str):
    bias = option.optimism
    if bias is None:
        return "" if key in ("category", "reason") else 0.0
    return getattr(bias, key)


def _shown(value) -> str:
    return f"{value:.2%}" if isinstance(value, float) else repr(value)


def _bias_problem(first, option, key: str) -> str:
    """Per-option uplifts that differ: refused (decisions.md), naming both cells and why."""
    return f"{option.cells[key]}: " + _(
        "a case has one optimism bias for all its options: this cell says %(here)s for "
        "“%(option)s” and %(first_cell)s says %(there)s for “%(first)s”. CivicShift keeps "
        "one set of uplifts per case, with its reason, as the case page, the documents and "
        "the API show it; give every option the same value (or model the difference as a "
        "contingency line of its own)"
    ) % {
        "here": _shown(_bias_value(option, key)),
        "option": option.name,
        "first_cell": first.cells[key],
        "there": _shown(_bias_value(first, key)),
        "first": first.name,
    }


def apply_model_upload(
    *,
    actor,
    case: BusinessCase,
    contents: ModelContents,
    source: str,
    data: bytes = b"",
    confirmation: str = "",
) -> ModelUploadResult:
    """Check and apply an uploaded model through the services, all or nothing.

    The problems ("Sheet!A1: message") when anything is refused — then nothing was saved. A
    model with a shorter horizon is applied only when ``confirmation`` is the token of this
    very file (``data``) and change; else the result asks for it and nothing is saved."""
    from . import services
    from .views_documents import _model_problems

    if contents.problems:
        return ModelUploadResult([str(p) for p in contents.problems])
    changes, problems = model_changes(case, contents)
    if problems:
        return ModelUploadResult(problems)
    if changes.shortens:
        token = confirmation_token(data, changes)
        if confirmation != token:
            return ModelUploadResult([], changes, token)
    try:
        services.business_case_model_apply(
            actor=actor,
            case=case,
            fields=changes.fields,
            options=[(option, lines) for option, lines, _rows in changes.options],
            source=source,
        )
    except services.ModelApplyError as exc:
        if exc.option is not None:
            rows = changes.options[exc.option][2]
            return ModelUploadResult(_model_problems(rows[exc.line], exc.error))
        error = exc.error
        if not hasattr(error, "error_dict"):
            return ModelUploadResult([f"Assumptions: {m}" for m in error.messages])
        return ModelUploadResult([
            f"{changes.cells.get(field_name, 'Assumptions')}: {message}"
            for field_name, messages in error.message_dict.items()
            for message in messages
        ])  # fmt: skip
    return ModelUploadResult([], changes)


def model_success_text(changes: ModelChanges) -> str:
    count = sum(len(lines) for _option, lines, _rows in changes.options)
    lines = ngettext("%(n)d line", "%(n)d lines", count) % {"n": count}
    options = ngettext("%(n)d option", "%(n)d options", len(changes.options)) % {
        "n": len(changes.options)
    }
    text = _(
        "The model was applied: the case's settings (discount rate, real or nominal, "
        "inflation, optimism bias, second rate) and %(lines)s in %(options)s."
    ) % {"lines": lines, "options": options}
    if changes.horizon is not None:
        old, new = changes.horizon
        text += " " + _(
            "The case now looks %(new)s years ahead (it looked %(old)s): download the model "
            "again to have Schedule, Summary and Scenarios sheets laid out for the new years."
        ) % {"new": new, "old": old}
    if changes.payback_target is not None:
        text += " " + _(
            "The payback target was %(old)s years, more than the case now looks ahead: it is "
            "now %(new)s."
        ) % {"old": changes.payback_target[0], "new": changes.payback_target[1]}
    return text
