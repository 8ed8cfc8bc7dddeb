"""Drives a scratch database from outside the test process, for the worker-process tests.

    python -m civicshift.jobs.tests.scenario setup
    python -m civicshift.jobs.tests.scenario start COUNT STEPS DELAY
    python -m civicshift.jobs.tests.scenario show ID...
    python -m civicshift.jobs.tests.scenario worker [civicshift worker options]

``DATABASE_URL`` names the scratch database. Every command prints JSON.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    command, args = argv[0], argv[1:]
    if command == "worker":
        import django

        django.setup()
        from civicshift.cli import main as cli_main

        from . import kinds  # noqa: F401 - the worker must know the test kinds

        return cli_main(["worker", *args])
    import django

    django.setup()
    from civicshift.jobs.models import Job
    from civicshift.jobs.services import job_start
    from civicshift.orgs.models import Membership, Organization
    from civicshift.orgs.roles import Role
    from civicshift.testing.factories import make_member, make_org

    from . import kinds  # noqa: F401

    if command == "setup":
        org = make_org("workers")
        make_member(org, Role.ADMIN, email="runner@workers.example")
        print(json.dumps({"org": org.slug}))
    elif command == "start":
        count, steps, delay = int(args[0]), int(args[1]), float(args[2])
        org = Organization.objects.get(slug="workers")
        user = Membership.objects.for_org(org).get().user
        ids = [
            job_start(
                actor=user,
                organization=org,
                kind="tests.count",
                inputs={"steps": steps, "delay": delay, "n": n},
                label=f"Count {n}",
            ).pk
            for n in range(count)
        ]
        print(json.dumps(ids))
    elif command == "show":
        from django_tasks_db.models import DBTaskResult

        rows = []
        for job in Job.objects.filter(pk__in=[int(a) for a in args]).order_by("pk"):
            queued = DBTaskResult.objects.get(id=job.task_result_id)
            rows.append(
                {
                    "pk": job.pk,
                    "status": job.status,
                    "progress": job.progress,
                    "error": job.error,
                    "worker_id": job.worker_id,
                    "task_status": queued.status,
                    "task_workers": queued.worker_ids,
                }
            )
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
