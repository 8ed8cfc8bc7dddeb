"""A long simulation's job page draws its charts (issue 7): the histogram of the NPV and its
cumulative distribution come from the simulation's bins, not from its samples, so a run of
any size shows them, each with its data table and a one-sentence summary.

The reference is numpy itself: the case has one triangular cost in year 0, so each simulated NPV
is minus one draw, and ``core.montecarlo`` documents that its draws are bit for bit those of
``Generator.triangular`` from line i's stream ``default_rng(seed).spawn(n)[i]``. The samples
are drawn again here with numpy alone and binned with ``numpy.histogram``."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse
from scipy import stats

from civicshift.cases import services
from civicshift.cases.jobs import SIMULATION, simulation_data
from civicshift.core import formatting
from civicshift.core.montecarlo import HISTOGRAM_BINS, cumulative_shares
from civicshift.initiatives.services import initiative_create
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.registry import get_kind

pytestmark = pytest.mark.django_db

LOW, LIKELY, HIGH = 80_000.0, 100_000.0, 150_000.0
RUNS, SEED = 20_000, 4242


@pytest.fixture
def simulated(client, org, editor):
    """A 20,000-run simulation of one option, through the simulate page (a job above 10,000
    runs; the tests' queue runs it at once), and its job."""
    initiative = initiative_create(actor=editor, organization=org, title="Records scanning")
    case = services.business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=5
    )
    services.business_case_update(actor=editor, case=case, iterations=RUNS, seed=SEED)
    option = case.options.get()
    services.line_create(
        actor=editor,
        option=option,
        name="Scanners and set-up",
        kind="cost",
        category="hardware",
        distribution="triangular",
        low=Decimal(LOW),
        likely=Decimal(LIKELY),
        high=Decimal(HIGH),
        first_period=0,
        last_period=0,
    )
    client.force_login(editor)
    kwargs = {"org_slug": org.slug, "pk": case.initiative_id, "option": option.pk}
    assert client.get(reverse("cases:simulate", kwargs=kwargs)).status_code == 200
    job = Job.objects.get(kind=SIMULATION)
    assert job.status == JobStatus.DONE
    return job


def reference_npvs() -> np.ndarray:
    stream = np.random.default_rng(SEED).spawn(1)[0]
    return -stream.triangular(LOW, LIKELY, HIGH, size=RUNS)


def page_charts(client, job) -> tuple[str, dict]:
    page = client.get(reverse("jobs:detail", args=[job.organization.slug, job.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    found = re.search(r'data-case-charts="([^"]*)"', text)
    assert found, "no chart data on the job page"
    return text, json.loads(html.unescape(found.group(1)))


def test_a_20000_run_job_page_draws_both_charts_from_numpys_bins(client, simulated):
    text, charts = page_charts(client, simulated)
    assert 'data-chart="histogram"' in text and 'data-chart="distribution"' in text
    counts, edges = np.histogram(reference_npvs(), bins=HISTOGRAM_BINS)
    shown = charts["histogram"]["counts"]
    assert sum(shown) == RUNS
    assert shown == counts.tolist()
    pairs = zip(edges[:-1], edges[1:], strict=True)
    middles = [formatting.money((a + b) / 2, "USD") for a, b in pairs]
    assert charts["histogram"]["labels"] == middles
    # The cumulative chart: from 0% at the lowest edge to 100% at the highest, by the counts.
    percents = charts["distribution"]["percents"]
    assert len(percents) == HISTOGRAM_BINS + 1
    expected = [0.0] + [100 * c / RUNS for c in np.cumsum(counts)]
    assert percents == pytest.approx(expected, abs=0.005 + 1e-9)  # rounded to 0.01 point
    assert percents[-1] == 100.0
    assert charts["distribution"]["labels"] == [formatting.money(e, "USD") for e in edges]
    # The same bins the job keeps: the payload does not grow with the runs.
    kept = simulated.result["data"]["simulation"]
    assert kept["histogram_counts"] == counts.tolist()
    assert kept["histogram_edges"] == pytest.approx(edges.tolist(), rel=0, abs=0)
    assert len(json.dumps(charts)) < 10_000


def test_each_chart_has_its_table_and_sentence(client, simulated):
    text, _charts = page_charts(client, simulated)
    counts, _edges = np.histogram(reference_npvs(), bins=HISTOGRAM_BINS)
    tables = re.findall(r"<tbody>(.*?)</tbody>", text, flags=re.S)
    histogram_rows, distribution_rows = (re.findall(r"<tr>", t) for t in tables[-2:])
    assert len(histogram_rows) == HISTOGRAM_BINS
    assert len(distribution_rows) == HISTOGRAM_BINS + 1
    assert "Histogram data" in text and "Cumulative distribution data" in text
    assert "100.0%</td>" in tables[-1] and "0.0%</td>" in tables[-1]
    assert f"<td>{counts.max():,}</td>" in tables[-2]
    # Every cost is positive: the NPV is never above zero.
    assert "In 0% of the simulated futures the NPV is above zero." in text
    sim = simulated.result["data"]["simulation"]["percentiles"]
    p10, p50, p90 = (formatting.money(sim[k], "USD") for k in ("10", "50", "90"))
    assert (
        f"One future in ten has an NPV below {p10}, half below {p50} and nine in ten below {p90}."
    ) in text
    assert 'aria-label="Line chart rising from 0% to 100%' in text


def test_the_job_page_loads_the_chart_scripts(client, simulated):
    text, _charts = page_charts(client, simulated)
    for script in get_kind(SIMULATION).result_scripts:
        assert re.search(rf'<script src="[^"]*{re.escape(script.rsplit(".", 1)[0])}', text), script


def test_the_cumulative_shares_follow_the_triangular_distribution():
    """The shares at the bin edges against the closed-form CDF (scipy.stats.triang): with
    20,000 runs the Dvoretzky–Kiefer–Wolfowitz bound keeps the largest gap under 0.015 but with
    probability 2·exp(−2·20,000·0.015²) ≈ 2.5e-4 (and the seed is fixed)."""
    npvs = reference_npvs()
    counts, edges = np.histogram(npvs, bins=HISTOGRAM_BINS)
    shares = cumulative_shares(counts.tolist())
    assert shares[-1] == 1.0 and len(shares) == HISTOGRAM_BINS
    assert all(a <= b for a, b in zip(shares[:-1], shares[1:], strict=True))
    # NPV = −X: P(NPV ≤ e) = P(X ≥ −e) = 1 − F(−e).
    triangle = stats.triang((LIKELY - LOW) / (HIGH - LOW), loc=LOW, scale=HIGH - LOW)
    exact = 1 - triangle.cdf(-edges[1:])
    assert np.max(np.abs(np.array(shares) - exact)) < 0.015
    with pytest.raises(ValueError):
        cumulative_shares([0, 0])


def test_a_kept_result_gives_the_same_charts_as_the_option_page(client, simulated):
    """The job page and the option page label the histogram's bins the same way."""
    from civicshift.cases.jobs import simulation_from
    from civicshift.cases.simulation_charts import histogram_chart

    simulation = simulation_from(simulated.result["data"]["simulation"])
    assert simulation_data(simulation) == simulated.result["data"]["simulation"]
    _text, charts = page_charts(client, simulated)
    assert charts["histogram"] == histogram_chart(simulation, "USD")
