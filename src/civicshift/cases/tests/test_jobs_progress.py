"""Issue #7, item 11: a simulation of 1,000,000 runs goes through the background jobs and
reports its progress while it runs (each chunk of runs), not only 0 % and then 100 %."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.cases import services
from civicshift.jobs.models import Job, JobStatus
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.jobs import drain_recording_progress

pytestmark = pytest.mark.django_db


def test_a_million_run_simulation_reports_progress_as_it_goes(
    client, org, editor, case, database_queue, monkeypatch
):
    services.business_case_update(actor=editor, case=case, iterations=1_000_000)
    option = case.options.get()
    viewer = make_member(org, Role.VIEWER, "viewer@example.org")
    client.force_login(viewer)
    simulate = reverse(
        "cases:simulate",
        kwargs={"org_slug": org.slug, "pk": case.initiative_id, "option": option.pk},
    )
    response = client.get(simulate)
    job = Job.objects.get()
    assert response.status_code == 302 and job.kind == "cases.simulation"

    # What a person watching the job page would see after each report: the stored progress.
    seen = drain_recording_progress(monkeypatch)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0
    fractions = [fraction for fraction, _text in seen]
    during = [f for f in fractions if 0 < f < 1]
    assert len(set(during)) >= 10  # one report per chunk of 65,536 runs: 16 of them
    assert fractions == sorted(fractions)
    assert "1,000,000 of 1,000,000 runs" in seen[-1][1]
    assert any("65,536 of 1,000,000 runs" in text for _f, text in seen)
