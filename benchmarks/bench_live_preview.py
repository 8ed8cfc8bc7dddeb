"""Live preview of a line being typed (issue #7, Speed): server time per keystroke.

Each keystroke in the line form (after htmx's 300 ms pause) posts the form to the preview view,
which recalculates the option's figures with the line as typed and returns the figures
fragment. Measured with Django's test client (the view runs in this thread; SQLite is
in-process) in a scratch SQLite database with DEBUG off, as a production server runs, and the
CSRF check enforced, as the browser meets it. The option has 30 lines over 20 years.

``ROUNDS`` rounds, each the median of ``REPEAT`` requests of every measure in turn, so that a
busy machine slows the baselines as much as the preview; the figures printed are the medians of
the rounds. Baselines from the same rounds:

- the floor: a signed-in POST to a view that only returns an empty response, through the same
  middleware stack (``benchmarks.floor_urls``): the ratio says how many floors a keystroke costs;
- the organization floor: the same plus what every organization page does first (organization,
  membership, role);
- the same preview for an option of one line (the view's fixed cost);
- one bare ``analyze`` call of the 30-line case (what the figures cost when computed once).

Both the wall clock and the CPU time of this process are measured: the CPU time is the
server's own work, steadier than the wall clock on a shared machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

REPEAT = 30
ROUNDS = 7
TARGET_MS = 10.0
#: How htmx posts a form (its default ``hx-encoding``; the line form sets no other), and so
#: what the server parses at each keystroke. The test client's default, multipart, costs the
#: server more to parse than the browser ever makes it pay.
FORM = "application/x-www-form-urlencoded"


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    os.environ["CIVICSHIFT_DEBUG"] = "0"  # no SQL log, no template debug: as in production
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _lines(n: int) -> list[dict]:
    """``n`` lines: a one-time cost, then recurring costs and benefits with ranges."""
    lines = [
        dict(
            name="Implementation",
            kind="cost",
            category="implementation",
            distribution="triangular",
            low=Decimal("200000"),
            likely=Decimal("250000"),
            high=Decimal("400000"),
            first_period=0,
            last_period=0,
        )
    ]
    for i in range(1, n):
        cost = i % 2 == 1
        lines.append(
            dict(
                name=f"{'Cost' if cost else 'Benefit'} line {i}",
                kind="cost" if cost else "benefit",
                category="subscription" if cost else "cashable_savings",
                distribution="pert",
                low=Decimal(8000 + 100 * i),
                likely=Decimal(10000 + 100 * i),
                high=Decimal(15000 + 100 * i),
                first_period=1,
                last_period=20,
                escalation=Decimal("0.02"),
                ramp="0.5, 0.8" if not cost else "",
            )
        )
    return lines


def _option(org, editor, title: str, n: int):
    from civicshift.cases import services
    from civicshift.initiatives.services import initiative_create

    initiative = initiative_create(actor=editor, organization=org, title=title)
    case = services.business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=20
    )
    option = case.options.get()
    for fields in _lines(n):
        services.line_create(actor=editor, option=option, **fields)
    return case, option


def _keystroke(i: int) -> dict:
    """The form as typed: a benefit whose amount differs at each keystroke (so no figure of
    the benefits, net or discounted columns repeats from one request to the next)."""
    return {
        "name": "Paper and postage",
        "kind": "benefit",
        "category": "cashable_savings",
        "distribution": "point",
        "likely": str(40_000 + 37 * i),
        "first_period": "1",
        "last_period": "20",
        "escalation": "0",
        "ramp": "",
    }


def _median_ms(fn, repeat: int = REPEAT, clock=time.perf_counter) -> float:
    fn(-1)  # warm caches (templates, Babel locale data)
    times = []
    for i in range(repeat):
        start = clock()
        fn(i)
        times.append(clock() - start)
    return statistics.median(times) * 1000


def _rounds(measures: dict, clock) -> dict[str, list[float]]:
    """Per measure, its median in each of ``ROUNDS`` rounds (the measures taken in turn)."""
    results: dict[str, list[float]] = {name: [] for name in measures}
    for _round in range(ROUNDS):
        for name, fn in measures.items():
            results[name].append(_median_ms(fn, clock=clock))
    return results


def _median_ratio(results: dict[str, list[float]], name: str, baseline: str) -> float:
    """The median over the rounds of the measure divided by its baseline of the same round."""
    pairs = zip(results[name], results[baseline], strict=True)
    return statistics.median(value / base for value, base in pairs)


def main() -> None:
    """Run in a fresh interpreter: ``python -m benchmarks`` runs every module in one process,
    and an earlier one may have set Django up already (another database, the test
    environment)."""
    root = Path(__file__).resolve().parents[1]
    subprocess.run(  # noqa: S603 - this module, with arguments it made
        [sys.executable, "-m", "benchmarks.bench_live_preview", "--run"], cwd=root, check=True
    )


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import clear_url_caches, reverse

        settings.ROOT_URLCONF = "benchmarks.floor_urls"
        clear_url_caches()
        from civicshift.cases.bridge import option_case
        from civicshift.core.cases import analyze
        from civicshift.orgs.roles import Role
        from civicshift.testing.factories import make_member, make_org

        org = make_org("bench-preview", discount_rate=Decimal("0.03"))
        editor = make_member(org, Role.EDITOR, "bench-preview@example.org")
        small_case, small_option = _option(org, editor, "One line", 1)
        big_case, big_option = _option(org, editor, "Thirty lines", 30)
        core_case = option_case(big_case, big_option)

        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        # The CSRF cookie as the browser gets it with the option page; htmx posts the line
        # form with its token.
        page = reverse("cases:option", args=[org.slug, big_case.initiative_id, big_option.pk])
        assert client.get(page).status_code == 200
        token = client.cookies["csrftoken"].value

        def poster(url: str, data=_keystroke):
            def post(i: int) -> None:
                body = urlencode({**data(i), "csrfmiddlewaretoken": token})
                response = client.post(url, body, content_type=FORM, HTTP_HX_REQUEST="true")
                assert response.status_code == 200, response.status_code

            return post

        def preview_url(case, option) -> str:
            return reverse("cases:line_preview", args=[org.slug, case.initiative_id, option.pk])

        measures = {
            "floor": poster(reverse("bench_floor")),
            "org_floor": poster(reverse("bench_org_floor", args=[org.slug])),
            "one_line": poster(preview_url(small_case, small_option)),
            "thirty_lines": poster(preview_url(big_case, big_option)),
        }
        wall = _rounds(measures, time.perf_counter)
        cpu = _rounds(measures, time.process_time)
        bare = _median_ms(lambda _i: analyze(core_case), repeat=REPEAT * 10)
        queries = {}
        for name, post in measures.items():
            with CaptureQueriesContext(connection) as captured:
                post(0)
            queries[name] = len(captured.captured_queries)

        def median(results, name):
            return statistics.median(results[name])

        for label, results in (("", wall), ("_cpu", cpu)):
            value = median(results, "thirty_lines")
            verdict = "under" if value < TARGET_MS else "OVER"
            print(
                f"bench live_preview_30_lines{label}: {value:.2f} ms/keystroke "
                f"({_median_ratio(results, 'thirty_lines', 'floor'):.2f}x vs a signed-in POST "
                f"to an empty view, {median(results, 'floor'):.2f} ms; "
                f"organization floor {median(results, 'org_floor'):.2f} ms, "
                f"1-line case {median(results, 'one_line'):.2f} ms; "
                f"{verdict} the {TARGET_MS:.0f} ms target; median of {ROUNDS} rounds)"
            )
        print(
            f"bench live_preview_queries: {queries['thirty_lines']} queries/keystroke "
            f"({queries['thirty_lines'] / queries['floor']:.2f}x vs a signed-in POST to an "
            f"empty view, {queries['floor']}; organization floor {queries['org_floor']})"
        )
        thirty = median(cpu, "thirty_lines")
        print(
            f"bench live_preview_analysis_share: one analyze() of the 30-line case "
            f"{bare:.3f} ms ({bare / thirty:.2f}x vs a keystroke's CPU time, {thirty:.2f} ms)"
        )


if __name__ == "__main__":
    run() if "--run" in sys.argv else main()
