"""The portfolio roll-up as an xlsx workbook (``formats.xlsx_tables``): the table of
initiatives, the totals per fiscal year, the totals by status, and what each number means.

Amounts are numbers (rounded to cents), so a finance director can sum, sort and chart them;
a missing figure is an empty cell with the reason in the "Note" column. No Django here; text is
marked with Python's ``gettext``, status labels and notes come from the caller.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from gettext import gettext as _

from civicshift.core.portfolio import Entry, Rollup, Totals
from civicshift.formats.cases.report import fiscal_year
from civicshift.formats.xlsx_tables import SheetTable, write_tables


def _cents(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


#: What each column means (the "About" sheet, and the page's help text says the same).
DEFINITIONS = (
    (
        "Expected NPV",
        "Net present value of the recommended option at the mean of each line's range "
        "(low, likely, high): the average of the simulated futures.",
    ),
    ("Likely NPV", "Net present value with every line at its likely amount."),
    (
        "One-time cost",
        "Every one-time cost of the recommended option over its years, not discounted, at "
        "the mean amounts. One-time: costs in the categories licences (one-time), hardware, "
        "implementation, data migration, integration, training, staff backfill and "
        "contingency, whatever the number of years, and 'other' costs in a single fiscal year.",
    ),
    (
        "Operating-budget impact (FYxxxx)",
        "Recurring costs minus recurring budget benefits in that fiscal year, at the mean "
        "amounts. Recurring costs: subscription, maintenance, hosting, support and added "
        "staff, and 'other' costs over several fiscal years. "
        "Recurring budget benefits: cashable savings and new revenue counted in the NPV, over "
        "more than one year. Staff time released, avoided failure costs and residents' time "
        "are left out: they do not change the budget. Positive: the operating budget needs "
        "that much more; negative: it is relieved. One-time costs are shown separately.",
    ),
)


def _years_label(years) -> list[str]:
    return [fiscal_year(y) for y in years]


def portfolio_tables(
    result: Rollup,
    *,
    currency: str,
    status_label: Callable[[str], str],
    notes: Mapping[int, str],
) -> list[SheetTable]:
    """The sheets: ``notes[entry.key]`` says why an entry has no figures."""
    years = result.fiscal_years
    money = f"({currency})"
    head = [
        _("Initiative"),
        _("Status"),
        _("Recommended option"),
        f"{_('Expected NPV')} {money}",
        f"{_('Likely NPV')} {money}",
        f"{_('One-time cost')} {money}",
        *[f"{_('Operating-budget impact')} {label} {money}" for label in _years_label(years)],
        _("Note"),
    ]

    def row(entry: Entry) -> list:
        f = entry.figures
        return [
            entry.title,
            status_label(entry.status),
            entry.option or None,
            _cents(f.npv_expected) if f else None,
            _cents(f.npv_likely) if f else None,
            _cents(f.one_time_cost) if f else None,
            *[_cents(entry.operating(year)) for year in years],
            notes.get(entry.key, ""),
        ]

    def total_row(label: str, t: Totals) -> list:
        return [
            label,
            None,
            None,
            _cents(t.npv_expected),
            _cents(t.npv_likely),
            _cents(t.one_time_cost),
            *[_cents(t.year("operating_impact", year)) for year in years],
            _("{n} of {total} initiatives with figures").format(
                n=t.with_figures, total=t.initiatives
            ),
        ]

    main = [row(entry) for entry in result.entries] + [total_row(_("Total"), result.totals)]
    per_year = [
        [
            fiscal_year(year),
            _cents(result.totals.year("one_time_costs", year)),
            _cents(result.totals.year("recurring_costs", year)),
            _cents(result.totals.year("recurring_budget_benefits", year)),
            _cents(result.totals.year("operating_impact", year)),
        ]
        for year in years
    ]
    by_status = [
        [status_label(status), t.initiatives, t.with_figures] + total_row("", t)[3 : 6 + len(years)]
        for status, t in result.by_status
    ]
    return [
        SheetTable(_("Portfolio"), head, main),
        SheetTable(
            _("Totals by fiscal year"),
            [
                _("Fiscal year"),
                f"{_('One-time costs')} {money}",
                f"{_('Recurring costs')} {money}",
                f"{_('Recurring budget benefits')} {money}",
                f"{_('Operating-budget impact')} {money}",
            ],
            per_year,
        ),
        SheetTable(
            _("Totals by status"),
            [_("Status"), _("Initiatives"), _("With figures"), *head[3 : 6 + len(years)]],
            by_status,
        ),
        SheetTable(
            _("About"),
            [_("Figure"), _("What it means")],
            [[_(name), _(text)] for name, text in DEFINITIONS],
        ),
    ]


def write_portfolio_workbook(
    result: Rollup,
    *,
    currency: str,
    status_label: Callable[[str], str],
    notes: Mapping[int, str],
) -> bytes:
    buffer = io.BytesIO()
    write_tables(
        portfolio_tables(result, currency=currency, status_label=status_label, notes=notes),
        buffer,
    )
    return buffer.getvalue()
