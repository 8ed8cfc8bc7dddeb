"""The simulation's two charts, drawn from its bins whatever the number of runs: the histogram
of the NPV and its cumulative distribution (the share of futures with the NPV at most each
amount), each with its data as a table and a one-sentence summary.

The data are the ``HISTOGRAM_BINS`` counts of ``core.montecarlo`` (``np.histogram`` of the
simulated NPVs, kept in ``MonteCarloResult`` and in a job's result) and the shares
``core.montecarlo.cumulative_shares`` makes from them: the same size at 1,000 runs as at a
million, so the job page of a long simulation shows them as the option page does.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from civicshift.core import formatting
from civicshift.core.montecarlo import MonteCarloResult, cumulative_shares
from civicshift.web.templatetags.civicshift import active_locale


def histogram_chart(simulation: MonteCarloResult, currency: str) -> dict[str, Any]:
    """The histogram's data: each bin's middle (money with the currency sign, as every other
    amount on the page) and its count of futures."""
    edges = simulation.histogram_edges
    return {
        "labels": [
            formatting.money((edges[i] + edges[i + 1]) / 2, currency) for i in range(len(edges) - 1)
        ],
        "counts": list(simulation.histogram_counts),
    }


def simulation_charts_context(simulation: MonteCarloResult, currency: str) -> dict[str, Any]:
    """What the job page of a simulation draws: ``charts`` (for ``data-case-charts``), the rows
    of each chart's table and each chart's sentence."""
    locale = active_locale()

    def money(value: float) -> str:
        return formatting.money(value, currency, locale=locale)

    edges = simulation.histogram_edges
    shares = (0.0, *cumulative_shares(simulation.histogram_counts))
    histogram = histogram_chart(simulation, currency)
    percents = [round(share * 100, 2) for share in shares]
    charts = {
        "histogram": histogram,
        "distribution": {
            "labels": [money(edge) for edge in edges],
            "percents": percents,
            "label": _("Futures with the NPV at most this"),
        },
    }
    p = simulation.percentiles
    return {
        "charts": charts,
        "histogram_rows": list(zip(histogram["labels"], histogram["counts"], strict=True)),
        "distribution_rows": [
            (money(edge), formatting.percent(share, 1, locale=locale))
            for edge, share in zip(edges, shares, strict=True)
        ],
        "histogram_summary": _("In %(p)s of the simulated futures the NPV is above zero.")
        % {"p": formatting.percent(simulation.prob_npv_positive, 0, locale=locale)},
        "distribution_summary": _(
            "One future in ten has an NPV below %(p10)s, half below %(p50)s and nine in ten "
            "below %(p90)s."
        )
        % {"p10": money(p[10]), "p50": money(p[50]), "p90": money(p[90])},
    }
