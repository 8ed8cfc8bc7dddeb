"""A schedule sheet of the live-formula workbook: one option's results, its per-line, per-year
schedule, cash-flow rows, payback workings and flows per unit of amount (see ``workbook``)."""

from __future__ import annotations

from gettext import gettext as _

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from civicshift.core.cases import (
    likely_amounts,
    line_adjustments,
    line_profile,
    mean_amounts,
)
from civicshift.formats.cases.report import CaseReport
from civicshift.formats.cases.workbook_layout import (
    ASSUMPTIONS,
    BUDGET_LABEL,
    NO_COSTS,
    NOT_DEFINED,
    NOT_WITHIN,
    PAYBACK_TOLERANCE,
    RESULT_HELP,
    RESULTS,
    YEAR_COLUMN,
    ScheduleLayout,
    _Assumptions,
    _Formats,
    _Option,
    _value,
    absolute,
    cell,
    quote,
)

# --- a schedule sheet ------------------------------------------------------------------------


def _payback_workings(flows: np.ndarray) -> dict[str, np.ndarray]:
    """The helper rows of the payback formulas, as the core computes them."""
    cumulative = np.cumsum(flows)
    gross = np.cumsum(np.abs(flows))
    reached = (cumulative >= -PAYBACK_TOLERANCE * gross).astype(float)
    after = np.zeros_like(flows)
    for t in range(1, len(flows)):
        after[t] = 1.0 if (after[t - 1] == 1 or reached[t - 1] == 0) else 0.0
    return {"gross": gross, "reached": reached, "after": after, "crossing": reached * after}


#: The columns of a schedule sheet before the years.
SCHEDULE_COLUMNS = (
    ("name", _("Line")),
    ("kind", _("Kind")),
    ("in_npv", _("In the NPV")),
    ("first", _("First period")),
    ("amount", _("Amount used (likely or expected)")),
    ("uplift", _("Optimism-bias multiplier")),
    ("benefit_start", _("First period, if a benefit")),
    ("delay", _("Starts later by (years, optimism bias)")),
)
SC = {key: i for i, (key, _label) in enumerate(SCHEDULE_COLUMNS)}


def _schedule_sheet(
    book, fmt: _Formats, report: CaseReport, option: _Option, a: _Assumptions, first_number: int
):
    sheet = book.add_worksheet(option.sheet)
    case, analysis = option.case, option.analysis
    horizon = option.horizon
    first_col, last_col = YEAR_COLUMN, YEAR_COLUMN + horizon
    asm = ASSUMPTIONS
    n = option.number

    def span(row: int) -> str:
        return f"{cell(row, first_col, row_abs=True)}:{cell(row, last_col, row_abs=True)}"

    sheet.write_string(0, 0, _("Schedule and figures: {name}").format(name=option.report.name),
                       fmt.title)  # fmt: skip
    sheet.write_string(
        1,
        0,
        _(
            "Every number on this sheet is a formula of the Assumptions sheet: change an amount "
            "or the discount rate there and the figures follow. Costs are negative in the "
            "schedule."
        ),
        fmt.note,
    )
    results_row = 4
    for col, text in enumerate((_("Figure"), _("Value"), _("How it is calculated"))):
        sheet.write_string(results_row - 1, col, text, fmt.header)
    at_text = _("Figures at the {at} amounts (AMOUNTS_AT on the Assumptions sheet)")
    before, after = at_text.split("{at}")
    sheet.write_formula(
        results_row - 1,
        3,
        f'="{before}"&AMOUNTS_AT&"{after}"',
        fmt.note,
        at_text.format(at=case.lead),
    )
    result_rows = {key: results_row + 1 + i for i, (key, *_rest) in enumerate(RESULTS)}

    head = results_row + len(RESULTS) + 2
    period_row = head + 1
    line_first = period_row + 1
    n_lines = len(case.lines)
    line_last = line_first + n_lines - 1
    for col, (_key, text) in enumerate(SCHEDULE_COLUMNS):
        sheet.write_string(head - 1, col, text, fmt.header)
    sheet.write_string(period_row - 1, 0, _("Period (0 is not discounted)"), fmt.bold["text"])
    for t in range(horizon + 1):
        col = first_col + t
        sheet.write_formula(head - 1, col, f"=START_YEAR+{cell(period_row, col)}",
                            fmt.header_fy, report.start_year + t)  # fmt: skip
        sheet.write_number(period_row - 1, col, t, fmt.bold["whole"])

    ramp_first = a.columns["ramp0"]
    ramp_last = ramp_first + a.ramp_columns - 1
    adjustments = line_adjustments(case)
    amounts_used = (mean_amounts if case.lead == "expected" else likely_amounts)(case)
    column_of = {key: "$" + xl_col_to_name(i) for key, i in SC.items()}
    starts = f"{cell(line_first, SC['benefit_start'], row_abs=True, col_abs=True)}:" + cell(
        line_last, SC["benefit_start"], row_abs=True, col_abs=True
    )
    delay = f"ROUND(MIN({starts})*OPT{n}_DURATION_UPLIFT,0)"
    # Below the payback workings (line_last + 2: the 8 flow rows, the budget row, a gap, the
    # two payback blocks): each line's flow per unit of its amount, which the scenarios use.
    unit_top = line_last + 24
    unit_first = unit_top + 1
    units: list[np.ndarray] = []
    for i, line in enumerate(case.lines):
        row, source = line_first + i, option.first_row + i
        shift, uplift = adjustments[i]

        def ref(key: str, source=source) -> str:
            return f"{asm}!{absolute(source, a.columns[key])}"

        def grid(start: int, source=source) -> str:
            return f"{asm}!{absolute(source, start)}:{absolute(source, start + horizon)}"

        here = {key: f"{column_of[key]}{row}" for key in SC}
        first = min(line.periods)
        is_benefit = line.kind == "benefit"
        cells = [
            (f"={ref('name')}", "text", line.name),
            (f"={ref('kind')}", "text", line.kind),
            (f"={ref('in_npv')}", "text", _("yes") if line.in_npv else _("no")),
            (f"=IFERROR(MATCH(1,{grid(a.flag_column)},0)-1,0)", "whole", first),
            (f'=IF(AMOUNTS_AT="expected",{ref("mean")},{ref("likely")})'
             f'*IF(ISNUMBER({ref("multiplier")}),{ref("multiplier")},1)', "money",
             float(amounts_used[i])),
            (f'=IF({here["kind"]}="cost",1+IF({ref("one_time")}="{_("yes")}",'
             f"OPT{n}_ONE_TIME_UPLIFT,OPT{n}_RECURRING_UPLIFT),1)", "ratio", 1.0 + uplift),
            (f'=IF({here["kind"]}="benefit",{here["first"]},"")', "whole",
             first if is_benefit else ""),
            (f'=IF({here["kind"]}="benefit",{delay},0)', "whole", shift),
        ]  # fmt: skip
        for col, (formula, number_format, value) in enumerate(cells):
            sheet.write_formula(row - 1, col, formula, fmt.plain[number_format], value)
        unit = line_profile(line, horizon, shift=shift, uplift=uplift)
        flows = float(amounts_used[i]) * unit
        units.append(unit)
        unit_row = unit_first + i
        for t in range(horizon + 1):
            col = first_col + t
            e = f"({cell(period_row, col, row_abs=True)}-{here['delay']})"
            offset = f"({e}-{here['first']})"
            ramp = f"{asm}!{absolute(source, ramp_first)}:{absolute(source, ramp_last)}"
            grown = (
                f"(1+{ref('escalation')})^{offset}"
                f"*IF({offset}<{a.ramp_columns},INDEX({ramp},1,{offset}+1),1)"
            )
            formula = (
                f"=IF({e}>=0,IF(INDEX({grid(a.flag_column)},1,{e}+1)=1,"
                f'IF({here["kind"]}="cost",-1,1)*{here["uplift"]}'
                f'*IF({ref("per_year")}="yes",INDEX({grid(a.per_year_column)},1,{e}+1),{grown})'
                ",0),0)"
            )
            sheet.write_formula(unit_row - 1, col, formula, fmt.plain["factor"],
                                float(unit[t]) + 0.0)  # fmt: skip
            sheet.write_formula(row - 1, col, f"={here['amount']}*{cell(unit_row, col)}",
                                fmt.plain["money"], float(flows[t]) + 0.0)  # fmt: skip

    # cash-flow rows
    def lines_col(col: int) -> str:
        return f"{cell(line_first, col, row_abs=True)}:{cell(line_last, col, row_abs=True)}"

    kinds = f"{absolute(line_first, SC['kind'])}:{absolute(line_last, SC['kind'])}"
    in_npv = f"{absolute(line_first, SC['in_npv'])}:{absolute(line_last, SC['in_npv'])}"
    flow_top = line_last + 2
    names = [
        "costs", "benefits", "net", "cumulative", "discount_factors", "discounted",
        "cumulative_discounted", "wider_benefits",
    ]  # fmt: skip
    rows = {name: flow_top + i for i, name in enumerate(names)}
    flow_labels = {
        "costs": _("Costs (in the NPV)"),
        "benefits": _("Benefits (in the NPV)"),
        "net": _("Net (benefits − costs)"),
        "cumulative": _("Cumulative net"),
        "discount_factors": _("Discount factor 1/(1 + rate)^t"),
        "discounted": _("Discounted net"),
        "cumulative_discounted": _("Cumulative discounted net"),
        "wider_benefits": _("Wider benefits (outside the NPV)"),
    }
    yes, no = _("yes"), _("no")
    for name in names:
        sheet.write_string(rows[name] - 1, 0, flow_labels[name], fmt.bold["text"])
    for t in range(horizon + 1):
        col = first_col + t
        here = lambda name, col=col: cell(rows[name], col)  # noqa: E731
        before = lambda name, col=col: cell(rows[name], col - 1)  # noqa: E731
        formulas = {
            "costs": f'=-SUMIFS({lines_col(col)},{kinds},"cost",{in_npv},"{yes}")',
            "benefits": f'=SUMIFS({lines_col(col)},{kinds},"benefit",{in_npv},"{yes}")',
            "net": f"={here('benefits')}-{here('costs')}",
            "cumulative": f"={here('net')}" if t == 0 else f"={before('cumulative')}+{here('net')}",
            "discount_factors": f"=1/(1+DISCOUNT_RATE)^{cell(period_row, col, row_abs=True)}",
            "discounted": f"={here('net')}*{here('discount_factors')}",
            "cumulative_discounted": f"={here('discounted')}"
            if t == 0
            else f"={before('cumulative_discounted')}+{here('discounted')}",
            "wider_benefits": f'=SUMIFS({lines_col(col)},{in_npv},"{no}")',
        }
        for name, formula in formulas.items():
            style = fmt.plain["factor" if name == "discount_factors" else "money"]
            value = float(getattr(analysis, name)[t]) + 0.0
            sheet.write_formula(rows[name] - 1, col, formula, style, value)
    budget = [y.budget_impact for y in option.report.years]
    next_row = rows["wider_benefits"] + 1
    # The row is always there (blank when CivicShift did not compute it), so that the layout,
    # and every formula's text, depends on the case's inputs only (see model_reader).
    sheet.write_string(next_row - 1, 0, BUDGET_LABEL, fmt.bold["text"])
    if budget and all(b is not None for b in budget):
        for t, value in enumerate(budget[: horizon + 1]):
            sheet.write_number(next_row - 1, first_col + t, value, fmt.plain["money"])
    next_row += 1

    # payback workings
    work_top = next_row + 1
    sheet.write_string(work_top - 1, 0, _("Payback workings"), fmt.heading)
    paybacks: dict[str, str] = {}
    row = work_top + 1
    for key, flow_name, cum_name, flows in (
        ("payback_years", "net", "cumulative", analysis.net),
        ("discounted_payback_years", "discounted", "cumulative_discounted", analysis.discounted),
    ):
        values = _payback_workings(np.asarray(flows, dtype=float))
        what = _("simple") if key == "payback_years" else _("discounted")
        work = {name: row + i for i, name in enumerate(("gross", "reached", "after", "crossing"))}
        work_labels = {
            "gross": _("Gross flows so far ({what})"),
            "reached": _("Cumulative ≥ 0, to 1e-12 of the gross ({what})"),
            "after": _("After a shortfall ({what})"),
            "crossing": _("Turns non-negative here ({what})"),
        }
        for name, r in work.items():
            sheet.write_string(r - 1, 0, work_labels[name].format(what=what), fmt.plain["text"])
        for t in range(horizon + 1):
            col = first_col + t
            flow, cum = cell(rows[flow_name], col), cell(rows[cum_name], col)
            prev = lambda name, col=col, work=work: cell(work[name], col - 1)  # noqa: E731
            formulas = {
                "gross": f"=ABS({flow})" if t == 0 else f"={prev('gross')}+ABS({flow})",
                "reached": f"=IF({cum}>=-{PAYBACK_TOLERANCE:.0e}*{cell(work['gross'], col)},1,0)",
                "after": "=0" if t == 0 else f"=IF(OR({prev('after')}=1,{prev('reached')}=0),1,0)",
                "crossing": f"={cell(work['reached'], col)}*{cell(work['after'], col)}",
            }
            for name, formula in formulas.items():
                style = fmt.plain["money" if name == "gross" else "whole"]
                sheet.write_formula(work[name] - 1, col, formula, style, float(values[name][t]))
        cums, crossing, reached = (
            span(rows[cum_name]),
            span(work["crossing"]),
            span(work["reached"]),
        )
        match = f"MATCH(1,{crossing},0)"
        before = f"INDEX({cums},{match}-1)"
        after = f"MAX(INDEX({cums},{match}),0)"
        paybacks[key] = (
            f"=IF(COUNTIF({reached},0)=0,0,IFERROR({match}-2+MIN(1,MAX(0,-{before}/({after}-{before}))),"
            f'"{NOT_WITHIN}"))'
        )
        row += len(work) + 1

    net, costs, benefits = span(rows["net"]), span(rows["costs"]), span(rows["benefits"])
    factors, wider = span(rows["discount_factors"]), span(rows["wider_benefits"])

    # flows per unit of amount, and their present value (the Scenarios sheet's weights)
    assert row + 1 == unit_top, (row, unit_top)
    unit_title = _(
        "Flow per unit of the line's amount (costs negative; the schedule above is the amount "
        "used times these)"
    )
    sheet.write_string(unit_top - 1, 0, unit_title, fmt.heading)
    sheet.write_string(unit_top - 1, 1, _("Present value of one unit"), fmt.header)
    weights = np.asarray(analysis.discount_factors, dtype=float)
    for i, unit in enumerate(units):
        r = unit_first + i
        sheet.write_formula(r - 1, 0, f"={cell(line_first + i, 0)}", fmt.plain["text"],
                            case.lines[i].name)  # fmt: skip
        sheet.write_formula(r - 1, 1, f"=SUMPRODUCT({span(r)},{factors})", fmt.plain["factor"],
                            float(unit @ weights))  # fmt: skip
    later = (
        f"{cell(rows['net'], first_col + 1, row_abs=True)}:"
        f"{cell(rows['net'], last_col, row_abs=True)}"
    )
    npv_cell = absolute(result_rows["npv"], 1)
    pv_costs = absolute(result_rows["pv_costs"], 1)
    pv_benefits = absolute(result_rows["pv_benefits"], 1)
    formulas = {
        "npv": f"={cell(rows['net'], first_col, row_abs=True)}+NPV(DISCOUNT_RATE,{later})",
        "irr": (
            f"=IFERROR(IF(SIGN(IRR({net},{option.guess_cell})-DISCOUNT_RATE)=SIGN({npv_cell}),"
            f'IRR({net},{option.guess_cell}),"{NOT_DEFINED}"),"{NOT_DEFINED}")'
        ),
        "mirr": f'=IFERROR(MIRR({net},FINANCE_RATE,REINVEST_RATE),"{NOT_DEFINED}")',
        "bcr": f'=IF({pv_costs}>0,{pv_benefits}/{pv_costs},"{NO_COSTS}")',
        "payback_years": paybacks["payback_years"],
        "discounted_payback_years": paybacks["discounted_payback_years"],
        "pv_costs": f"=SUMPRODUCT({costs},{factors})",
        "pv_benefits": f"=SUMPRODUCT({benefits},{factors})",
        "tco": f"=SUM({costs})",
        "wider_benefits_pv": f"=SUMPRODUCT({wider},{factors})",
    }
    cached = {
        "npv": analysis.npv,
        "irr": _value(analysis.irr, NOT_DEFINED),
        "mirr": _value(analysis.mirr, NOT_DEFINED),
        "bcr": _value(analysis.bcr, NO_COSTS),
        "payback_years": _value(analysis.payback_years, NOT_WITHIN),
        "discounted_payback_years": _value(analysis.discounted_payback_years, NOT_WITHIN),
        "pv_costs": analysis.pv_costs,
        "pv_benefits": analysis.pv_benefits,
        "tco": analysis.tco,
        "wider_benefits_pv": analysis.wider_benefits_pv,
    }
    for key, name, label, number_format in RESULTS:
        r = result_rows[key]
        sheet.write_string(r - 1, 0, label, fmt.bold["text"])
        sheet.write_formula(r - 1, 1, formulas[key], fmt.bold[number_format], cached[key])
        help_text = RESULT_HELP[key]
        if key == "irr" and analysis.irr_warning:
            help_text += " " + analysis.irr_warning
        sheet.write_string(r - 1, 2, help_text, fmt.note)
        target = f"={quote(option.sheet)}!{absolute(r, 1)}"
        book.define_name(f"OPT{option.number}_{name}", target)
        if option.number == first_number:
            book.define_name(name, target)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 3, 10)
    sheet.set_column(first_col, last_col, 14)
    sheet.freeze_panes(period_row, YEAR_COLUMN)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    return ScheduleLayout(result_rows, line_first, unit_first, rows["net"])
