"""An uploaded live-formula model, checked against a business case and turned into the
arguments of ``services.business_case_model_apply``.

The reader (``formats.cases.model_reader``) gives the whole case the workbook states; here it
is matched with the database: each option by its name (an option not in the case is refused —
option names cannot be changed in the model), one optimism bias for the case (every option of
the workbook must state the same), the horizon unchanged (the layout fixes it), MIRR rates
following the discount rate (CivicShift keeps none of its own), and each line through the
database's rules (``views_documents.check_rows``). Every problem names its sheet and cell;
when there is one, nothing is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.formats.cases.model_data import ModelContents
from civicshift.formats.cases.model_reader import template_row
from civicshift.formats.cases.template_data import TemplateRow

from .models import BusinessCase, Option

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


@dataclass
class ModelChanges:
    """What applying the model changes: the case's fields, and each option's new lines (as
    ``line_create`` arguments, with the rows they came from to name a refused cell)."""

    fields: dict
    options: list[tuple[Option, list[dict], list[TemplateRow]]]
    cells: dict[str, str]  # BusinessCase field → "Assumptions!B8"


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
    if settings.horizon_years != case.horizon_years:
        problems.append(
            f"{_cell(settings.cells['horizon_years'])}: "
            + _(
                "the model looks %(m)s years ahead and the case %(c)s: the model's schedules have "
                "one column per fiscal year, laid out when it was downloaded, so download the "
                "model again"
            )
            % {"m": settings.horizon_years, "c": case.horizon_years}
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
    existing = {o.name.casefold(): o for o in Option.objects.for_org(case.organization).filter(
        case=case)}  # fmt: skip
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
    if first is not None:
        for field, key in OPTIMISM_FIELDS.items():
            value = _bias_value(first, key)
            cells[field] = first.cells[key]
            for option in contents.options[1:]:
                if _bias_value(option, key) != value:
                    problems.append(
                        f"{option.cells[key]}: "
                        + _(
                            "a case has one optimism bias for all its options: give this option "
                            "the same value as “%(name)s”"
                        )
                        % {"name": first.name}
                    )
            fields[field] = _decimal(field, value) if isinstance(value, float) else value
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
            lines, row_problems = check_rows(case, target, rows)
            problems += row_problems
            applied.append((target, lines, rows))
    if problems:
        return None, problems
    return ModelChanges(fields, applied, cells), []


def _bias_value(option, key: str):
    bias = option.optimism
    if bias is None:
        return "" if key in ("category", "reason") else 0.0
    return getattr(bias, key)


def apply_model_upload(*, actor, case: BusinessCase, contents: ModelContents, source: str):
    """Check and apply an uploaded model through the services, all or nothing.

    Returns (problems, changes): the problems ("Sheet!A1: message") when anything is refused
    — then nothing was saved — else [] and what was applied."""
    from . import services
    from .views_documents import _model_problems

    if contents.problems:
        return [str(p) for p in contents.problems], None
    changes, problems = model_changes(case, contents)
    if problems:
        return problems, None
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
            return _model_problems(rows[exc.line], exc.error), None
        error = exc.error
        if not hasattr(error, "error_dict"):
            return [f"Assumptions: {m}" for m in error.messages], None
        return [
            f"{changes.cells.get(field, 'Assumptions')}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ], None
    return [], changes


def model_success_text(changes: ModelChanges) -> str:
    count = sum(len(lines) for _option, lines, _rows in changes.options)
    lines = ngettext("%(n)d line", "%(n)d lines", count) % {"n": count}
    options = ngettext("%(n)d option", "%(n)d options", len(changes.options)) % {
        "n": len(changes.options)
    }
    return _(
        "The model was applied: the case's settings (discount rate, real or nominal, "
        "inflation, optimism bias, second rate) and %(lines)s in %(options)s."
    ) % {"lines": lines, "options": options}
