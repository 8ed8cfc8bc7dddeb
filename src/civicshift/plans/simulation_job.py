"""The schedule-risk simulation of a plan as a background job (``plans.simulate``): the plan's
three-point durations and its risks' delays, drawn ``iterations`` times with a seed, before and
after the risks' responses. Deterministic, so cached by a fingerprint of the plan, its risks, the
iterations and the seed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.schedule.model import ScheduleError, ThreePoint
from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

SIMULATE = "plans.simulate"
MAX_ITERATIONS = 100_000


def _plan(organization, inputs):
    from .models import Plan

    return Plan.objects.for_org(organization).select_related("initiative").get(pk=inputs["plan"])


def schedule_risks(plan) -> list:
    """The plan's open risks with a delay and tasks, as the simulation's ``ScheduleRisk``: the
    probability entered or the likelihood's band midpoint (``core.risk``), the delay range in
    working minutes, the probability after the response as the mitigated one."""
    from civicshift.core import risk as register
    from civicshift.core.schedule.model import Duration
    from civicshift.core.schedule.sampling import ScheduleRisk

    from .risk_summary import core_risk
    from .selectors import risks_for

    minutes = plan.minutes_per_day
    found = []
    for risk in risks_for(plan.organization, plan.initiative).filter(status="open"):
        keys = tuple(t.key for t in risk.tasks.all() if t.plan_id == plan.pk)
        core = core_risk(risk)
        if not keys or core.schedule is None:
            continue
        r = core.schedule
        impact = ThreePoint(*(Duration(round(v * minutes)) for v in (r.low, r.likely, r.high)))
        found.append(
            ScheduleRisk(
                id=str(risk.pk),
                name=risk.title,
                probability=register.probability(core),
                impact=impact,
                task_ids=keys,
                mitigated_probability=register.probability(core, residual=True),
            )
        )
    return found


def simulation_fingerprint(organization, inputs) -> dict[str, Any]:
    from civicshift.formats.plan.planfile_write import plan_to_data

    from .selectors import project_of

    plan = _plan(organization, inputs)
    risks = [
        {
            "id": r.id,
            "p": r.probability,
            "impact": [
                d.minutes for d in (r.impact.optimistic, r.impact.likely, r.impact.pessimistic)
            ],
            "tasks": list(r.task_ids),
            "after": r.mitigated_probability,
        }
        for r in schedule_risks(plan)
    ]
    return {
        "plan": plan_to_data(project_of(plan)),
        "risks": risks,
        "iterations": inputs["iterations"],
        "seed": inputs["seed"],
    }


def run_simulation(context) -> JobOutcome:
    from civicshift.core.schedule.simulation import mitigation_effect, s_curve

    from .selectors import project_of

    plan = _plan(context.organization, context.inputs)
    project = project_of(plan)
    risks = schedule_risks(plan)
    iterations, seed = context.inputs["iterations"], context.inputs["seed"]

    def progress(done: int, total: int) -> None:
        context.report_progress(
            done / max(total, 1),
            _("Simulated %(done)s of %(total)s futures.") % {"done": done, "total": total},
        )

    try:
        before, after = mitigation_effect(
            project, iterations=iterations, seed=seed, risks=risks, progress=progress
        )
    except ScheduleError as exc:
        raise JobFailed(str(exc)) from exc
    names = {t.id: t.name for t in project.tasks}
    critical = sorted(before.criticality.items(), key=lambda kv: -kv[1])
    curve = s_curve(project, before, points=21)
    data = {
        "plan": plan.pk,
        "iterations": iterations,
        "seed": seed,
        "risks": len(risks),
        "before": {k: getattr(before, k).isoformat() for k in ("p50", "p80", "p90")},
        "after": {k: getattr(after, k).isoformat() for k in ("p50", "p80", "p90")},
        "deterministic": before.deterministic_finish.isoformat()
        if before.deterministic_finish
        else None,
        "pert": {
            "mean_days": before.pert.mean_days,
            "sd_days": before.pert.sd_days,
            "critical_path": list(before.pert.critical_path),
        },
        "criticality": [
            {"id": k, "name": names.get(k, k), "share": v} for k, v in critical[:15] if v > 0
        ],
        "s_curve": [[when.isoformat(), share] for when, share in curve],
        "promised": plan.promised_finish.isoformat() if plan.promised_finish else None,
    }
    return JobOutcome(
        data=data,
        url=reverse(
            "plans:plan", kwargs={"org_slug": context.organization.slug, "pk": plan.initiative_id}
        )
        + "#schedule-risk",
    )


def register() -> None:
    register_kind(
        JobKind(
            key=SIMULATE,
            label=gettext_lazy("Schedule risk simulation"),
            run=run_simulation,
            fingerprint=simulation_fingerprint,
            role=Role.VIEWER,
            rate_limited=True,
            result_template="plans/job_simulation.html",
        )
    )


def latest_simulation(plan) -> dict | None:
    """The result of the latest simulation of the plan *as it is now* (the job's cache key is
    the hash of the plan, its risks, the iterations and the seed, so a result of an earlier
    version of the plan does not match), or None."""
    from civicshift.jobs.models import Job, JobStatus
    from civicshift.jobs.registry import get_kind
    from civicshift.jobs.services import cache_key_for

    kind = get_kind(SIMULATE)
    jobs = Job.objects.filter(
        organization=plan.organization, kind=SIMULATE, status=JobStatus.DONE, inputs__plan=plan.pk
    ).order_by("-finished_at")[:5]
    for job in jobs:
        if job.cache_key and job.cache_key == cache_key_for(kind, plan.organization, job.inputs):
            result = job.result or {}
            return result.get("data", result)
    return None
