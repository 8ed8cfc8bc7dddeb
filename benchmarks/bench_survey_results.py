"""The survey results page stays fast on a large survey (issue 11, Speed: results for 10,000
responses x 40 items render in under 1 s).

- ``survey_results_page_10k_x_40``: the results page (``SurveyResultsView``: the selector that
  reads the answers and computes every figure under the k rule, and the template with its
  tables and chart data) of a survey with 10,000 answers to 40 five-point questions (ORIC 12,
  technology acceptance 12, 16 of its own in two subscales, 2 % skipped answers) from 8
  departments, the results cache emptied before each request, so every figure is computed;
  wall time, median of 5 requests. Against: reading the same 10,000 answers from the database
  (``selectors.response_rows``, the least any results page must do), median of 5, same run.
- ``survey_results_page_cached``: the same page when the results are in the cache (a second
  visit with no new answer), against the same baseline.

Answers are written with ``bulk_create`` (the public page writes one at a time).
Run alone: ``python -m benchmarks.bench_survey_results``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

ROWS = 10_000
REPEAT = 5


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
    os.environ["CIVICSHIFT_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _survey(org, user):
    import numpy as np

    from civicshift.orgs.models import Department
    from civicshift.surveys import services
    from civicshift.surveys.models import SurveyResponse

    survey = services.survey_create(actor=user, organization=org, title="Large", k=5)
    services.survey_add_bank(actor=user, survey=survey, bank_id="oric")
    services.survey_add_bank(actor=user, survey=survey, bank_id="technology_acceptance")
    for i in range(16):
        services.survey_item_create(
            actor=user, survey=survey, text=f"Own question {i + 1}", subscale=f"own{i % 2}"
        )
    services.survey_update(actor=user, survey=survey, status="open")
    departments = [
        Department.objects.create(organization=org, name=f"Department {d}") for d in range(8)
    ]
    keys = [item.key for item in survey.items.all()]
    assert len(keys) == 40
    rng = np.random.default_rng(2026)
    latent = rng.normal(size=(ROWS, 1))
    table = np.clip(np.round(3 + latent + rng.normal(size=(ROWS, len(keys)))), 1, 5)
    skipped = rng.random((ROWS, len(keys))) < 0.02
    groups = rng.integers(0, len(departments), ROWS)
    SurveyResponse.objects.bulk_create(
        (
            SurveyResponse(
                organization=org,
                survey=survey,
                department=departments[groups[r]],
                answers={k: int(table[r, c]) for c, k in enumerate(keys) if not skipped[r, c]},
            )
            for r in range(ROWS)
        ),
        batch_size=1000,
    )
    return survey


def _median(fn) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from django.core.cache import cache
        from django.test import Client
        from django.urls import reverse

        from civicshift.orgs.roles import Role
        from civicshift.surveys import selectors
        from civicshift.testing.factories import make_member, make_org

        org = make_org("bench-surveys")
        user = make_member(org, Role.VIEWER)
        survey = _survey(org, make_member(org, Role.EDITOR))
        client = Client()
        client.force_login(user)
        url = reverse("surveys:results", args=[org.slug, survey.pk])

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        def cold():
            cache.clear()
            page()

        page()  # warm the imports and templates
        baseline = _median(lambda: selectors.response_rows(survey))
        computed = _median(cold)
        page()
        cached = _median(page)
        size = len(client.get(url).content)
        print(
            f"bench survey_results_page_10k_x_40: {computed:.3f} s "
            f"({computed / baseline:.1f}x vs reading the 10,000 answers, {baseline:.3f} s; "
            f"{size // 1024} KiB of HTML)"
        )
        print(
            f"bench survey_results_page_cached: {cached:.3f} s "
            f"({cached / baseline:.1f}x vs reading the 10,000 answers)"
        )


if __name__ == "__main__":
    main()
