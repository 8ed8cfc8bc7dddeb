"""Running the queued background work in a test while recording what a person watching the
job page would see after each progress report."""

from __future__ import annotations


def drain_recording_progress(monkeypatch, *, jobs: int = 1) -> list[tuple[float, str]]:
    """Run every queued job in this process (``jobs`` of them are expected) and return the
    (progress, sentence) stored after each report, in order. Writes are at most every 0.2 s in
    production; every report is written here, so a test checks how often a job reports, not
    how fast the machine is."""
    from civicshift.jobs.models import Job
    from civicshift.jobs.runner import JobContext
    from civicshift.jobs.worker import drain_queue

    monkeypatch.setattr(JobContext, "MIN_INTERVAL", 0.0)
    seen: list[tuple[float, str]] = []
    original = JobContext.report_progress

    def recording(self, fraction, sentence=""):
        original(self, fraction, sentence)
        seen.append(Job.objects.values_list("progress", "progress_text").get(pk=self.job.pk))

    monkeypatch.setattr(JobContext, "report_progress", recording)
    ran = drain_queue()
    assert ran == jobs, f"{ran} jobs ran, not {jobs}"
    return seen
