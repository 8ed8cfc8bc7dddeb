"""Long work of the plan module (jobs): importing a plan file (Microsoft Project XML or the
project's own YAML/JSON plan file) into a new plan. The uploaded file is the job's input; it is
read in the worker, never in the request, and the plan is written in one transaction."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.schedule.model import ScheduleError
from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

IMPORT = "plans.import"


def run_import(context) -> JobOutcome:
    from django.core.exceptions import ValidationError

    from civicshift.formats.plan.detect import read_plan
    from civicshift.initiatives.selectors import initiative_get

    from .services_import import plan_create_from_project

    name = context.job.input_filename or _("the uploaded file")
    context.report_progress(0.05, _("Reading %(file)s.") % {"file": name})
    try:
        project = read_plan(context.input_content, name)
    except ScheduleError as exc:
        raise JobFailed(str(exc)) from exc
    initiative = initiative_get(context.organization, context.inputs["initiative"])
    total = len(project.tasks) + len(project.links)
    context.report_progress(
        0.15,
        _("Creating %(n)s tasks and %(m)s links.")
        % {"n": len(project.tasks), "m": len(project.links)},
    )

    def progress(done: int, of: int) -> None:
        if done % 200 == 0 or done == of:
            context.report_progress(
                0.15 + 0.8 * done / max(of, 1),
                _("Created %(done)s of %(total)s tasks and links.") % {"done": done, "total": of},
            )

    try:
        plan = plan_create_from_project(
            actor=context.user,
            initiative=initiative,
            project=project,
            source_name=name,
            progress=progress,
        )
    except ValidationError as exc:
        raise JobFailed(f"{name}: {' '.join(exc.messages)}") from exc
    return JobOutcome(
        data={
            "tasks": len(project.tasks),
            "links": len(project.links),
            "total": total,
            "filename": name,
        },
        url=reverse(
            "plans:plan", kwargs={"org_slug": context.organization.slug, "pk": plan.initiative_id}
        ),
    )


def register() -> None:
    register_kind(
        JobKind(
            key=IMPORT,
            label=gettext_lazy("Import of a plan file"),
            run=run_import,
            role=Role.EDITOR,
        )
    )
