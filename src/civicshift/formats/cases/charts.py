"""The business-case charts as PNG images for the Word and PDF documents (issue #3, item 5).

Four charts per option: cumulative discounted cash flow, annual costs vs benefits, the NPV
histogram of the simulation and the tornado. Each comes with a title and a one-sentence summary
that the documents print beside it, so a reader who cannot see the image loses nothing (the
tables next to the charts hold the data).

Drawn with matplotlib's object-oriented API on the Agg canvas (no ``pyplot``, no global state,
safe in a threaded server). Colours are the Okabe–Ito palette, which stays distinguishable for
colour-blind readers and in greyscale print.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from gettext import gettext as _

from civicshift.core import formatting
from civicshift.formats.cases.report import (
    CaseReport,
    OptionReport,
    fiscal_year,
    money,
    percent,
)

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#555555"
DPI = 150
SIZE = (6.5, 2.9)  # inches: the text width of a letter page with 1-inch margins


@dataclass(frozen=True)
class Chart:
    key: str  # cumulative | annual | histogram | tornado
    title: str
    summary: str
    png: bytes
    width_inches: float = SIZE[0]
    height_inches: float = SIZE[1]


def _short_money(value: float, currency: str) -> str:
    return formatting.compact_money(value, currency)


def _figure(height: float = SIZE[1]):
    from matplotlib.figure import Figure  # heavy import: only when a chart is drawn

    figure = Figure(figsize=(SIZE[0], height), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _money_axis(axis, currency: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _short_money(v, currency)))


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _year_labels(option: OptionReport) -> list[str]:
    return [fiscal_year(row.fiscal_year) for row in option.years]


def _thin_ticks(axes, labels: Sequence[str]) -> None:
    step = max(1, (len(labels) + 11) // 12)
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=0)


def cumulative_chart(report: CaseReport, option: OptionReport) -> Chart:
    cur = report.currency
    labels = _year_labels(option)
    values = [row.cumulative_discounted for row in option.years]
    figure, axes = _figure()
    axes.axhline(0, color=GREY, linewidth=0.8)
    axes.fill_between(
        range(len(values)),
        values,
        0,
        where=[v >= 0 for v in values],
        color=BLUE,
        alpha=0.15,
        interpolate=True,
        linewidth=0,
    )
    axes.fill_between(
        range(len(values)),
        values,
        0,
        where=[v < 0 for v in values],
        color=VERMILLION,
        alpha=0.15,
        interpolate=True,
        linewidth=0,
    )
    axes.plot(range(len(values)), values, color=BLUE, marker="o", markersize=3.5, linewidth=1.8)
    _thin_ticks(axes, labels)
    _money_axis(axes.yaxis, cur)
    axes.set_ylabel(_("Cumulative discounted"), fontsize=8)
    crossing = next(
        (
            row
            for row in option.years
            if row.cumulative_discounted >= 0 and (row.period > 0 or row.net > 0)
        ),
        None,
    )
    end = option.years[-1]
    if end.cumulative_discounted >= 0 and crossing is not None:
        turn = _("it turns positive in {fy}").format(fy=fiscal_year(crossing.fiscal_year))
    else:
        turn = _("it stays below zero over the whole period")
    summary = _(
        "The running total of discounted net cash flow ends at {end} in {fy}, the NPV; {turn}."
    ).format(end=money(end.cumulative_discounted, cur), fy=fiscal_year(end.fiscal_year), turn=turn)
    return Chart("cumulative", _("Cumulative discounted cash flow"), summary, _png(figure))


def annual_chart(report: CaseReport, option: OptionReport) -> Chart:
    cur = report.currency
    labels = _year_labels(option)
    costs = [row.costs for row in option.years]
    benefits = [row.benefits for row in option.years]
    figure, axes = _figure()
    x = range(len(labels))
    width = 0.4
    axes.bar([i - width / 2 for i in x], costs, width, color=VERMILLION, label=_("Costs"))
    axes.bar([i + width / 2 for i in x], benefits, width, color=BLUE, label=_("Benefits"))
    _thin_ticks(axes, labels)
    _money_axis(axes.yaxis, cur)
    axes.legend(fontsize=8, frameon=False, loc="upper right")
    peak_cost = max(option.years, key=lambda r: r.costs)
    peak_benefit = max(option.years, key=lambda r: r.benefits)
    summary = _(
        "Costs are highest in {fyc} ({c}) and benefits in {fyb} ({b}); over the whole "
        "period costs total {tc} and benefits {tb}, not discounted."
    ).format(
        fyc=fiscal_year(peak_cost.fiscal_year),
        c=money(peak_cost.costs, cur),
        fyb=fiscal_year(peak_benefit.fiscal_year),
        b=money(peak_benefit.benefits, cur),
        tc=money(sum(costs), cur),
        tb=money(sum(benefits), cur),
    )
    return Chart("annual", _("Annual costs and benefits"), summary, _png(figure))


def histogram_chart(report: CaseReport, option: OptionReport) -> Chart | None:
    sim = option.simulation
    if sim is None or not sim.histogram_counts:
        return None
    cur = report.currency
    edges = sim.histogram_edges
    figure, axes = _figure()
    lefts = edges[:-1]
    widths = [edges[i + 1] - edges[i] for i in range(len(lefts))]
    colours = [
        BLUE if (left + w / 2) >= 0 else VERMILLION for left, w in zip(lefts, widths, strict=True)
    ]
    axes.bar(
        lefts,
        sim.histogram_counts,
        widths,
        align="edge",
        color=colours,
        edgecolor="white",
        linewidth=0.4,
    )
    for value, style, label in (
        (sim.percentiles[10], ":", "P10"),
        (sim.percentiles[50], "--", "P50"),
        (sim.percentiles[90], ":", "P90"),
    ):
        axes.axvline(value, color=GREY, linestyle=style, linewidth=1)
        axes.annotate(
            label,
            (value, 1),
            xycoords=("data", "axes fraction"),
            fontsize=7,
            ha="center",
            va="bottom",
            color=GREY,
        )
    if edges[0] < 0 < edges[-1]:
        axes.axvline(0, color="black", linewidth=0.9)
    _money_axis(axes.xaxis, cur)
    axes.set_ylabel(_("Futures"), fontsize=8)
    summary = _(
        "In {n} simulated futures, 8 in 10 give an NPV between {p10} and {p90} (middle "
        "{p50}), and {pos} are above zero."
    ).format(
        n=f"{sim.iterations:,}",
        p10=money(sim.percentiles[10], cur),
        p90=money(sim.percentiles[90], cur),
        p50=money(sim.percentiles[50], cur),
        pos=percent(sim.prob_npv_positive, 0),
    )
    return Chart("histogram", _("Net present value in the simulation"), summary, _png(figure))


def tornado_chart(report: CaseReport, option: OptionReport, limit: int = 10) -> Chart | None:
    bars = list(option.tornado[:limit])
    if not bars:
        return None
    cur = report.currency
    height = min(SIZE[1] + 2.5, 1.1 + 0.32 * len(bars))
    figure, axes = _figure(height)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    base = option.npv
    positions = list(range(len(bars)))[::-1]
    for y, bar in zip(positions, bars, strict=True):
        axes.barh(y, bar.npv_low - base, left=base, color=VERMILLION, height=0.6)
        axes.barh(y, bar.npv_high - base, left=base, color=BLUE, height=0.6)
    axes.axvline(base, color="black", linewidth=0.9)
    axes.set_yticks(positions, [b.line if len(b.line) <= 34 else b.line[:33] + "…" for b in bars])
    _money_axis(axes.xaxis, cur)
    from matplotlib.patches import Patch

    axes.legend(
        handles=[
            Patch(color=VERMILLION, label=_("line at its low figure")),
            Patch(color=BLUE, label=_("line at its high figure")),
        ],
        fontsize=7,
        frameon=False,
        loc="lower right",
    )
    top = bars[0]
    summary = _(
        "The NPV depends most on {line}: from {a} to {b} as it moves between its low "
        "and high figures, the other lines at likely."
    ).format(
        line=top.line,
        a=money(min(top.npv_low, top.npv_high), cur),
        b=money(max(top.npv_low, top.npv_high), cur),
    )
    return Chart(
        "tornado",
        _("Which estimates matter most (tornado)"),
        summary,
        _png(figure),
        height_inches=height,
    )


def profile_chart(report: CaseReport, option: OptionReport) -> Chart | None:
    """NPV against the discount rate (the NPV profile), the IRRs and the case's rate marked."""
    if not option.profile or not option.headlines:
        return None
    from civicshift.formats.cases.report_text import profile_summary

    cur = report.currency
    lead = option.headlines[0]
    rates = [r * 100 for r, _v in option.profile]
    values = [v for _r, v in option.profile]
    figure, axes = _figure()
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.axhline(0, color=GREY, linewidth=0.8)
    axes.plot(rates, values, color=BLUE, linewidth=1.8, label=_("NPV"))
    if lead.irrs:
        axes.plot(
            [r * 100 for r in lead.irrs],
            [0.0] * len(lead.irrs),
            linestyle="none",
            marker="X",
            markersize=8,
            color=VERMILLION,
            label=_("IRR (NPV is zero)"),
        )
        for irr in lead.irrs:
            axes.annotate(
                percent(irr),
                (irr * 100, 0),
                textcoords="offset points",
                xytext=(0, 8),
                fontsize=7,
                ha="center",
                color=VERMILLION,
            )
    axes.plot(
        [report.discount_rate * 100],
        [lead.npv],
        linestyle="none",
        marker="D",
        markersize=6,
        color=GREEN,
        label=_("The case's rate ({rate})").format(rate=percent(report.discount_rate)),
    )
    from matplotlib.ticker import FuncFormatter

    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
    axes.set_xlabel(_("Discount rate"), fontsize=8)
    _money_axis(axes.yaxis, cur)
    axes.legend(fontsize=7, frameon=False, loc="upper right")
    return Chart(
        "profile",
        _("NPV against the discount rate (NPV profile)"),
        profile_summary(report, option),
        _png(figure),
    )


def option_charts(report: CaseReport, option: OptionReport) -> list[Chart]:
    """The charts of one option, in document order (those without data are left out)."""
    if not option.ok or not option.years:
        return []
    charts = [
        cumulative_chart(report, option),
        annual_chart(report, option),
        histogram_chart(report, option),
        tornado_chart(report, option),
        profile_chart(report, option),
    ]
    return [chart for chart in charts if chart is not None]


def report_charts(report: CaseReport) -> list[list[Chart]]:
    """Every option's charts, in the order of ``report.options``."""
    return [option_charts(report, option) for option in report.options]
