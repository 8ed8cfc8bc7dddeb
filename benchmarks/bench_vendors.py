"""The consensus page of a vendor evaluation stays fast as the panel grows (issue 12, Speed).

- ``vendors_consensus_10x8x40``: the consensus page of an evaluation with 10 evaluators, 8
  proposals and 40 criteria (3,200 submitted scores, seeded), CPU time of the request, median
  of 7 requests, against the same page of a 2 × 2 × 2 evaluation in the same run (the ratio is
  how much the page grows with the data); the number of SQL queries of each is printed too and
  must be equal (``vendors/tests/test_panel.py`` asserts it without timing). Target: < 300 ms.

The evaluations are written through the services except the scores, which are inserted with
``bulk_create`` (the audited path is tested elsewhere; here only the page is timed).
Run alone: ``python -m benchmarks.bench_vendors``.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
    os.environ["CIVICSHIFT_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _evaluation(org, officer, evaluators: int, proposals: int, criteria: int) -> str:
    from decimal import Decimal

    from django.utils import timezone

    from civicshift.orgs.roles import Role
    from civicshift.testing.factories import make_member
    from civicshift.vendors import services, services_panel
    from civicshift.vendors.models import ConflictDeclaration, PanelMember, Score
    from civicshift.vendors.tests.factories import make_evaluation, make_vendor

    evaluation = make_evaluation(org, officer)
    leaves = [
        services.criterion_create(actor=officer, evaluation=evaluation, name=f"Criterion {k}")
        for k in range(criteria)
    ]
    props = [
        services.proposal_create(
            actor=officer,
            evaluation=evaluation,
            vendor=make_vendor(org, officer),
            price=Decimal(1_000_000 + 10_000 * j),
        )
        for j in range(proposals)
    ]
    members = [
        services_panel.panel_member_add(
            actor=officer, evaluation=evaluation, user=make_member(org, Role.EVALUATOR)
        )
        for _ in range(evaluators)
    ]
    now = timezone.now()
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(organization=org, member=m, vendor=p.vendor)
        for m in members
        for p in props
    )
    PanelMember.objects.filter(pk__in=[m.pk for m in members]).update(
        declared_at=now, submitted_at=now
    )
    rng = random.Random(2026)
    Score.objects.bulk_create(
        Score(organization=org, member=m, proposal=p, criterion=c, value=rng.randint(2, 4))
        for m in members
        for p in props
        for c in leaves
    )
    return f"/o/{org.slug}/vendors/evaluations/{evaluation.pk}/consensus/"


def _median(client, url: str, repeat: int = 7) -> tuple[float, int]:
    from django.db import connection

    response = client.get(url)  # warm caches
    assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(repeat):
        start = time.process_time()
        client.get(url)
        times.append(time.process_time() - start)
    return statistics.median(times), len(queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from django.conf import settings
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        from civicshift.orgs.roles import Role
        from civicshift.testing.factories import make_member, make_org

        org = make_org("bench")
        officer = make_member(org, Role.EDITOR)
        client = Client()
        client.force_login(officer)
        small_url = _evaluation(org, officer, 2, 2, 2)
        large_url = _evaluation(org, officer, 10, 8, 40)
        small, small_queries = _median(client, small_url)
        large, large_queries = _median(client, large_url)
        print(
            f"bench vendors_consensus_10x8x40: {large * 1000:.0f} ms CPU/request "
            f"({large / small:.2f}x vs 2x2x2 at {small * 1000:.0f} ms; queries "
            f"{large_queries} vs {small_queries}; target < 300 ms)"
        )


if __name__ == "__main__":
    main()
