import pytest
from django.urls import reverse

from civicshift.jobs import services
from civicshift.jobs.models import Job, JobStatus
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import kinds  # noqa: F401 - registers the test kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER)


def _job(user, org, kind="tests.count", **inputs):
    return services.job_start(actor=user, organization=org, kind=kind, inputs=inputs, label="Count")


def _url(name, job):
    return reverse(f"jobs:{name}", kwargs={"org_slug": job.organization.slug, "pk": job.pk})


def test_a_waiting_job_shows_progress_refreshed_by_htmx_and_without_javascript(
    client, viewer, org, database_queue
):
    job = _job(viewer, org)
    Job.objects.filter(pk=job.pk).update(progress=0.42, progress_text="Counting the permits.")
    client.force_login(viewer)
    page = client.get(_url("detail", job)).content.decode()
    assert '<progress id="job-progress" class="cs-progress" max="100" value="42">' in page
    assert f'hx-get="{_url("detail", job)}" hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'aria-live="polite"' in page and "Counting the permits." in page
    assert f'action="{_url("cancel", job)}"' in page


def test_the_htmx_request_gets_the_status_part_only(client, viewer, org, database_queue):
    job = _job(viewer, org)
    client.force_login(viewer)
    part = client.get(_url("detail", job), headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<div id="job-status"')
    assert "<html" not in part
    assert 'hx-swap-oob="innerHTML"' in part


def test_a_finished_job_stops_polling_and_offers_its_file(client, viewer, org):
    job = _job(viewer, org, kind="tests.greeting", who="council")
    client.force_login(viewer)
    page = client.get(_url("detail", job)).content.decode()
    assert "hx-trigger" not in page and "refresh" not in page
    assert f'href="{_url("download", job)}"' in page
    assert "Done. Done." not in page  # the template once said it before the sentence
    part = client.get(_url("detail", job), headers={"HX-Request": "true"}).content.decode()
    assert "Done. Done." not in part  # nor in the sentence htmx swaps in for screen readers
    download = client.get(_url("download", job))
    assert download["Content-Type"] == "text/plain"
    assert download["Content-Disposition"] == 'attachment; filename="greeting.txt"'
    assert download.content == f"Hello council from {org.name}\n".encode()


def test_a_failed_job_says_why_and_can_be_started_again(client, viewer, org):
    job = _job(viewer, org, fail=True)
    client.force_login(viewer)
    page = client.get(_url("detail", job)).content.decode()
    assert "the number is unlucky" in page
    response = client.post(_url("retry", job))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == _url("detail", again)


def test_cancel_from_the_page(client, viewer, org, database_queue):
    job = _job(viewer, org)
    client.force_login(viewer)
    response = client.post(_url("cancel", job))
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED


def test_a_colleague_cannot_see_my_job_but_an_administrator_can(client, viewer, org):
    job = _job(viewer, org)
    client.force_login(make_member(org, Role.EDITOR))
    assert client.get(_url("detail", job)).status_code == 403
    client.force_login(make_member(org, Role.ADMIN))
    assert client.get(_url("detail", job)).status_code == 200


def test_my_recent_work_lists_only_mine(client, viewer, org):
    mine = _job(viewer, org)
    services.job_start(
        actor=make_member(org, Role.EDITOR),
        organization=org,
        kind="tests.count",
        inputs={},
        label="Someone else's count",
    )
    client.force_login(viewer)
    page = client.get(reverse("jobs:list", args=[org.slug])).content.decode()
    assert f'href="{_url("detail", mine)}"' in page
    assert "Someone else" not in page
    assert 'aria-current="page">My recent work' in page


def test_a_job_of_a_kind_no_longer_installed_still_shows(client, viewer, org):
    job = Job.objects.create(
        organization=org,
        user=viewer,
        kind="gone.kind",
        label="Old work",
        status="failed",
        error="It stopped.",
    )
    client.force_login(viewer)
    page = client.get(_url("detail", job)).content.decode()
    assert "Old work" in page and "It stopped." in page
