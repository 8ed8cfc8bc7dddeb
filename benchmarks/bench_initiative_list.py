"""The initiative list stays flat as the organization grows (issue #2, Speed).

Measures the list page with 20 and with 2,000 initiatives in a scratch SQLite database: time per
request and SQL queries per request. The baseline is the same page with 20 initiatives, so the
ratio shows how cost grows with the row count (1.0x = not at all).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _measure(client, url, repeat: int = 15) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times), len(ctx.captured_queries)


def _add_initiatives(org, n: int) -> None:
    from civicshift.initiatives.models import Initiative, Tag
    from civicshift.orgs.models import Department

    depts = [
        Department.objects.get_or_create(organization=org, name=f"Dept {i}")[0] for i in range(8)
    ]
    tags = [Tag.objects.get_or_create(organization=org, name=f"tag{i}")[0] for i in range(5)]
    start = Initiative.objects.count()
    rows = Initiative.objects.bulk_create(
        Initiative(organization=org, title=f"Initiative {start + i}") for i in range(n)
    )
    Initiative.sponsor_departments.through.objects.bulk_create(
        Initiative.sponsor_departments.through(initiative_id=r.pk, department_id=depts[r.pk % 8].pk)
        for r in rows
    )
    Initiative.tags.through.objects.bulk_create(
        Initiative.tags.through(initiative_id=r.pk, tag_id=tags[r.pk % 5].pk) for r in rows
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from django.conf import settings
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        from django.contrib.auth import get_user_model

        from civicshift.orgs.models import Membership, Organization
        from civicshift.orgs.roles import Role

        org = Organization.objects.create(slug="bench", name="Bench City")
        user = get_user_model().objects.create(username="bench", email="bench@example.org")
        Membership.objects.create(organization=org, user=user, role=Role.VIEWER)
        client = Client()
        client.force_login(user)
        url = f"/o/{org.slug}/initiatives/"

        _add_initiatives(org, 20)
        small_time, small_queries = _measure(client, url)
        _add_initiatives(org, 1980)
        large_time, large_queries = _measure(client, url)
        print(
            f"bench initiative_list_2000_rows: {large_time * 1000:.1f} ms/request "
            f"({large_time / small_time:.2f}x vs 20 rows)"
        )
        print(
            f"bench initiative_list_2000_rows_queries: {large_queries} queries/request "
            f"({large_queries / small_queries:.2f}x vs 20 rows)"
        )


if __name__ == "__main__":
    main()
