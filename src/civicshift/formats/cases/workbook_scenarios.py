"""The "Scenarios" sheet of the live-formula model: the NPV of each scenario the core reports
(``core.cases.summarize``: ``Summary.scenarios``) and the NPV at the alternative rate, by live
formulas of the Assumptions sheet.

A scenario changes the amounts, not the timing: its NPV is ``Σ amount × PV of one unit`` over
the lines counted in the NPV, where a line's PV of one unit is the present value, at the
discount rate, of its flows per unit of amount (the schedule sheet's block below the payback
workings, optimism bias included) — the core's ``npv_at(case, rate, scenario_amounts(case, s))``.
The scenarios' amounts are the core's (``core.cases.scenario_amounts``): ``best`` takes the
benefits' high figures and the costs' low ones, ``base`` every likely figure, ``worst`` the
reverse of best; each times the line's multiplier. A line whose distribution is "point" takes
its likely figure in every scenario, as the reader does (low and high are not read for it).
The NPV at the alternative rate discounts the schedule's net row (at the amounts the figures
lead with) at ``ALTERNATIVE_RATE``.

Workbook-scoped names: ``OPT<n>_NPV_BEST`` / ``_BASE`` / ``_WORST`` (one per scenario key) and
``OPT<n>_NPV_ALTERNATIVE_RATE``, and the same without ``OPT<n>_`` for the first option with
figures, beside ``NPV`` and ``DISCOUNT_RATE``.
"""

from __future__ import annotations

from gettext import gettext as _

from civicshift.core.cases import AMOUNTS, npv_at, pv_weights, summarize
from civicshift.formats.cases.workbook_layout import (
    ASSUMPTIONS,
    YEAR_COLUMN,
    ScheduleLayout,
    _Assumptions,
    _Formats,
    _Option,
    absolute,
    cell,
    quote,
)

SCENARIOS = "Scenarios"
NO_ALTERNATIVE = _("no alternative rate")

#: scenario key → (label, help, the Assumptions column a benefit takes, the one a cost takes)
SCENARIO_TEXT = {
    "best": (
        _("NPV, best case"),
        _("Benefits at their high figures, costs at their low ones."),
        "high",
        "low",
    ),
    "base": (_("NPV, base case"), _("Every line at its likely figure."), "likely", "likely"),
    "worst": (
        _("NPV, worst case"),
        _("Benefits at their low figures, costs at their high ones."),
        "low",
        "high",
    ),
}


def scenarios_sheet(
    book,
    sheet,
    fmt: _Formats,
    options: list[_Option],
    a: _Assumptions,
    layouts: dict[int, ScheduleLayout],
    first_number: int,
) -> None:
    """Write the Scenarios sheet: one block per option with figures."""
    sheet.write_string(0, 0, _("Scenarios and the alternative rate"), fmt.title)
    sheet.write_string(
        1,
        0,
        _(
            "Each scenario's NPV at the discount rate is the sum, over the lines in the NPV, of "
            "the scenario's amount times the present value of one unit of the line (its "
            "schedule sheet, optimism bias included). Change the Assumptions and these follow."
        ),
        fmt.note,
    )
    yes = _("yes")
    row = 4  # 1-based
    for option in options:
        layout = layouts[option.number - 1]
        case = option.case
        summary = summarize(case)
        weights = pv_weights(case)
        n, schedule = option.number, quote(option.sheet)
        sheet.write_string(row - 1, 0, _("Option: {name}").format(name=option.report.name),
                           fmt.heading)  # fmt: skip
        row += 1
        for col, text in enumerate((_("Figure"), _("Value"), _("How it is calculated"))):
            sheet.write_string(row - 1, col, text, fmt.header)
        figures_top = row + 1
        keys = list(summary.scenarios)
        table_head = figures_top + len(keys) + 2
        first, last = table_head + 1, table_head + len(case.lines)
        col_of = {key: 4 + k for k, key in enumerate(keys)}

        def column(col: int, first=first, last=last) -> str:
            return f"{absolute(first, col)}:{absolute(last, col)}"

        in_npv = f'({column(2)}="{yes}")'
        for k, key in enumerate(keys):
            label, help_text, _b, _c = SCENARIO_TEXT[key]
            r = figures_top + k
            sheet.write_string(r - 1, 0, label, fmt.bold["text"])
            formula = f"=SUMPRODUCT({in_npv}*{column(3)}*{column(col_of[key])})"
            sheet.write_formula(r - 1, 1, formula, fmt.bold["money"], summary.scenarios[key])
            sheet.write_string(r - 1, 2, help_text, fmt.note)
            _name(book, f"NPV_{key.upper()}", f"={SCENARIOS}!{absolute(r, 1)}", n, first_number)
        r = figures_top + len(keys)
        net = layout.net
        later = f"{cell(net, YEAR_COLUMN + 1, row_abs=True)}:" + cell(
            net, YEAR_COLUMN + option.horizon, row_abs=True
        )
        formula = (
            f"=IF(ISNUMBER(ALTERNATIVE_RATE),{schedule}!{cell(net, YEAR_COLUMN, row_abs=True)}"
            f'+NPV(ALTERNATIVE_RATE,{schedule}!{later}),"{NO_ALTERNATIVE}")'
        )
        cached: float | str = NO_ALTERNATIVE
        if case.alternative_rate is not None:
            cached = npv_at(case, case.alternative_rate, AMOUNTS[case.lead](case))
        sheet.write_string(r - 1, 0, _("NPV at the alternative rate"), fmt.bold["text"])
        sheet.write_formula(r - 1, 1, formula, fmt.bold["money"], cached)
        sheet.write_string(
            r - 1,
            2,
            _(
                "The schedule's net row (at the amounts the figures lead with) discounted at "
                "the alternative rate of the Assumptions sheet; period 0 is not discounted."
            ),
            fmt.note,
        )
        _name(book, "NPV_ALTERNATIVE_RATE", f"={SCENARIOS}!{absolute(r, 1)}", n, first_number)

        headers = [_("Line"), _("Kind"), _("In the NPV"), _("Present value of one unit")]
        headers += [_("Amount: {label}").format(label=SCENARIO_TEXT[k][0]) for k in keys]
        for col, text in enumerate(headers):
            sheet.write_string(table_head - 1, col, text, fmt.header)
        for i, line in enumerate(case.lines):
            r, source = first + i, option.first_row + i

            def ref(key: str, source=source) -> str:
                return f"{ASSUMPTIONS}!{absolute(source, a.columns[key])}"

            line_row = layout.line_first + i
            sheet.write_formula(r - 1, 0, f"={schedule}!{cell(line_row, 0)}", None, line.name)
            sheet.write_formula(r - 1, 1, f"={schedule}!{cell(line_row, 1)}", None, line.kind)
            sheet.write_formula(r - 1, 2, f"={schedule}!{cell(line_row, 2)}", None,
                                yes if line.in_npv else _("no"))  # fmt: skip
            sheet.write_formula(r - 1, 3, f"={schedule}!{cell(layout.unit_first + i, 1)}",
                                fmt.plain["factor"], float(weights[i]))  # fmt: skip
            multiplier = f"IF(ISNUMBER({ref('multiplier')}),{ref('multiplier')},1)"
            for key in keys:
                _l, _h, benefit, cost = SCENARIO_TEXT[key]
                amount = (
                    ref(benefit)
                    if benefit == cost
                    else f'IF({ref("distribution")}="point",{ref("likely")},'
                    f'IF({cell(r, 1)}="benefit",{ref(benefit)},{ref(cost)}))'
                )  # a single figure is its likely one, whatever low and high say
                value = getattr(line.amount, benefit if line.kind == "benefit" else cost)
                sheet.write_formula(r - 1, col_of[key], f"={amount}*{multiplier}",
                                    fmt.plain["money"], float(value))  # fmt: skip
        row = last + 3
    if not options:
        sheet.write_string(3, 0, _("No option has figures yet."))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3 + len(SCENARIO_TEXT), 16)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _name(book, name: str, target: str, number: int, first_number: int) -> None:
    book.define_name(f"OPT{number}_{name}", target)
    if number == first_number:
        book.define_name(name, target)
