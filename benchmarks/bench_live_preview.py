"""Live preview of a line being typed (issue #7, Speed): server time per keystroke.

Each keystroke in the line form (after htmx's 300 ms pause) posts the form to the preview view,
which recalculates the option's figures with the line as typed and returns the figures
fragment. Measured with Django's test client in a scratch SQLite database, median of many
requests, for an option of 30 lines over 20 years. Two baselines from the same run:

- the same view for an option of one line (the view's fixed cost: session, form, queries,
  template), so the ratio shows what the 30 lines add;
- one bare ``analyze`` call of the 30-line case (what the figures cost when computed once).
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

REPEAT = 60
TARGET_MS = 10.0


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
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
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        from civicshift.cases.bridge import option_case
        from civicshift.core.cases import analyze
        from civicshift.orgs.roles import Role
        from civicshift.testing.factories import make_member, make_org

        org = make_org("bench-preview", discount_rate=Decimal("0.03"))
        editor = make_member(org, Role.EDITOR, "bench-preview@example.org")
        client = Client()
        client.force_login(editor)

        def preview(case, option):
            url = reverse("cases:line_preview", args=[org.slug, case.initiative_id, option.pk])

            def post(i: int) -> None:
                response = client.post(url, _keystroke(i), HTTP_HX_REQUEST="true")
                assert response.status_code == 200, response.status_code

            return post

        small_case, small_option = _option(org, editor, "One line", 1)
        big_case, big_option = _option(org, editor, "Thirty lines", 30)
        core_case = option_case(big_case, big_option)

        fixed = _median_ms(preview(small_case, small_option))
        per_keystroke = _median_ms(preview(big_case, big_option))
        # CPU time of the same requests: the server's own work, steadier than the wall clock on
        # a shared machine (the test client runs the view in this thread; SQLite is in-process).
        cpu = _median_ms(preview(big_case, big_option), clock=time.process_time)
        bare = _median_ms(lambda _i: analyze(core_case), repeat=REPEAT * 5)
        verdict = "under" if per_keystroke < TARGET_MS else "OVER"
        print(
            f"bench live_preview_30_lines: {per_keystroke:.2f} ms/keystroke "
            f"({per_keystroke / fixed:.2f}x vs the same view with 1 line, {fixed:.2f} ms; "
            f"{verdict} the {TARGET_MS:.0f} ms target; CPU {cpu:.2f} ms)"
        )
        print(
            f"bench live_preview_analysis_share: one analyze() of the 30-line case "
            f"{bare:.3f} ms ({bare / per_keystroke:.1%} of a keystroke's server time)"
        )


if __name__ == "__main__":
    run() if "--run" in sys.argv else main()
