"""Job kinds used by the tests (imported by the tests and by the worker processes they start)."""

from __future__ import annotations

import time

from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed

#: How many times each kind's work really ran in this process (the cache tests count it).
RUNS: dict[str, int] = {}


def count(context) -> JobOutcome:
    """Counts to ``steps``, waiting ``delay`` seconds per step, reporting each step."""
    RUNS["tests.count"] = RUNS.get("tests.count", 0) + 1
    steps = int(context.inputs.get("steps", 3))
    for step in range(steps):
        context.report_progress(step / steps, f"Counted {step} of {steps}.")
        time.sleep(float(context.inputs.get("delay", 0)))
    if context.inputs.get("fail"):
        raise JobFailed("The count could not finish: the number is unlucky.")
    if context.inputs.get("crash"):
        raise ZeroDivisionError("internal detail that people should not see")
    return JobOutcome(data={"counted": steps, "worker": context.job.worker_id})


def greeting_fingerprint(organization, inputs):
    return {"organization_name": organization.name, "who": inputs["who"]}


def greeting(context) -> JobOutcome:
    """A small text file; cached by the organization's name and the inputs."""
    RUNS["tests.greeting"] = RUNS.get("tests.greeting", 0) + 1
    text = f"Hello {context.inputs['who']} from {context.organization.name}\n"
    return JobOutcome(
        data={"length": len(text)},
        content=text.encode(),
        filename="greeting.txt",
        content_type="text/plain",
    )


COUNT = register_kind(JobKind(key="tests.count", label="Counting", run=count, rate_limited=True))
GREETING = register_kind(
    JobKind(
        key="tests.greeting",
        label="Greeting",
        run=greeting,
        fingerprint=greeting_fingerprint,
        rate_limited=True,
    )
)
