"""Job pages: anonymous → sign in; another organization → 404; in the organization, only the
person who started the job or an administrator (the harness's jobs belong to an administrator,
so the lower roles get 403)."""

from civicshift.jobs import services
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import kinds  # noqa: F401 - registers the test kinds


def _pk(job):
    return {"pk": job.pk}


class TestJobTenancy(TenancyHarness):
    from civicshift.jobs.models import Job as model

    endpoints = [
        Endpoint("jobs:list", role="viewer", object_in_url=False),
        Endpoint("jobs:detail", role="admin", kwargs=_pk),
        Endpoint("jobs:download", role="admin", kwargs=_pk),
        Endpoint("jobs:cancel", method="POST", role="admin", kwargs=_pk, audited=False),
        Endpoint("jobs:retry", method="POST", role="admin", kwargs=_pk, audited=False),
        Endpoint("api:job-detail", role="admin", kwargs=_pk, api=True),
    ]

    def make_object(self, organization, user):
        return services.job_start(
            actor=user,
            organization=organization,
            kind="tests.greeting",
            inputs={"who": f"user {user.pk}"},
            label="Greeting",
        )
