"""The plan page stays usable as a plan grows (issue 9, item 9: the Gantt chart and its table).

A plan from a template has 40 to 80 tasks; an imported Microsoft Project file can have
thousands. The page schedules every task (the dates and the critical path are the whole
plan's) but draws one page of ``plans.gantt.PAGE_ROWS`` rows, each with its two in-place forms.

- ``plan_page_3000_tasks``: the plan page of a 3,000-task plan (about 6,000 links, the CPM
  bench's generator), CPU time of the request (the machine is shared), median of 7 requests,
  against the same page of a 100-task plan in the same run (1.0x = the page does not grow
  with the plan). The HTML size is printed too.
- ``plan_page_3000_tasks_unpaged``: the same plan drawn with every row on one page (what the
  page did before it was paged), against the 100-task page.

- ``plan_import_3000_tasks``: ``plan_create_from_project`` of the same 3,000-task plan (what an
  imported Microsoft Project file goes through: every row checked, written and audited, and
  the plan scheduled once to refuse what cannot be), against Django's ``bulk_create`` of the
  same task and link rows without checks or audit, in the same run.

The pages' plans are written with ``bulk_create`` (the baseline above).
Run alone: ``python -m benchmarks.bench_plan_page``.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import tempfile
import time
from unittest import mock


def _setup_django(tmp: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
    os.environ["CIVICSHIFT_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _plan(org, user, n: int, *, timed: dict | None = None):
    from civicshift.initiatives.models import Initiative
    from civicshift.plans.models import PlanLink, PlanTask
    from civicshift.plans.services_import import plan_create_from_project

    from .bench_schedule_cpm import build

    project = build(n)
    initiative = Initiative.objects.create(organization=org, title=f"Plan of {n} tasks")
    empty = dataclasses.replace(project, tasks=(), links=())
    plan = plan_create_from_project(actor=user, initiative=initiative, project=empty)
    start = time.perf_counter()
    tasks = PlanTask.objects.bulk_create(
        PlanTask(
            organization=org,
            plan=plan,
            position=i,
            key=t.id,
            name=t.name,
            duration_minutes=t.duration.minutes,
            duration_unit="d",
        )
        for i, t in enumerate(project.tasks)
    )
    by_key = {t.key: t for t in tasks}
    PlanLink.objects.bulk_create(
        PlanLink(
            organization=org,
            plan=plan,
            predecessor=by_key[link.predecessor],
            successor=by_key[link.successor],
            type=link.type.value,
            lag_minutes=link.lag.minutes,
            lag_unit="d",
        )
        for link in project.links
    )
    if timed is not None:
        timed["bulk_create"] = time.perf_counter() - start
        other = Initiative.objects.create(organization=org, title=f"Imported plan of {n} tasks")
        start = time.perf_counter()
        plan_create_from_project(actor=user, initiative=other, project=project)
        timed["import"] = time.perf_counter() - start
    return f"/o/{org.slug}/initiatives/{initiative.pk}/plan/"


def _median(client, url: str, repeat: int = 7) -> tuple[float, int]:
    response = client.get(url)  # warm caches
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        start = time.process_time()
        response = client.get(url)
        times.append(time.process_time() - start)
    return statistics.median(times), len(response.content)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(tmp)
        from django.conf import settings
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        from civicshift.orgs.roles import Role
        from civicshift.plans import gantt
        from civicshift.testing.factories import make_member, make_org

        org = make_org("bench")
        user = make_member(org, Role.EDITOR)
        client = Client()
        client.force_login(user)
        timed: dict = {}
        small_url, large_url = _plan(org, user, 100), _plan(org, user, 3000, timed=timed)
        small, _size = _median(client, small_url)
        large, size = _median(client, large_url)
        print(
            f"bench plan_page_3000_tasks: {large * 1000:.0f} ms CPU/request "
            f"({large / small:.2f}x vs 100 tasks {small * 1000:.0f} ms; {size / 1e6:.2f} MB)"
        )
        with mock.patch.object(gantt, "PAGE_ROWS", 10**9):
            unpaged, size = _median(client, large_url, repeat=3)
        print(
            f"bench plan_page_3000_tasks_unpaged: {unpaged * 1000:.0f} ms CPU/request "
            f"({unpaged / small:.2f}x vs 100 tasks; {size / 1e6:.2f} MB)"
        )
        print(
            f"bench plan_import_3000_tasks: {timed['import']:.2f} s "
            f"({timed['import'] / timed['bulk_create']:.2f}x vs bulk_create without checks "
            f"or audit {timed['bulk_create']:.2f} s)"
        )


if __name__ == "__main__":
    main()
