"""A plan made from a Microsoft Project file through ``plan_create_from_project`` (rows written
in bulk, one audit record each): the stored plan schedules to the dates Microsoft Project
saved in the file (../shared/data/mspdi, MPXJ's test data; what Project computed is listed in
../shared/data/README.md), the outline comes back as phases, and bad rows are refused whole."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from civicshift.audit.models import AuditEvent
from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import Duration, Link, Task
from civicshift.formats.plan.mspdi_read import read_mspdi_with_stored
from civicshift.formats.tests.plan_helpers import shared_mspdi  # fails, never skips, if absent
from civicshift.plans import selectors
from civicshift.plans.models import Plan, PlanLink, PlanTask
from civicshift.plans.services_import import plan_create_from_project

from .factories import make_initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["mpxj_mspdirelations.xml", "mpxj_mspdiduration.xml"])
def test_a_project_file_stored_schedules_to_projects_own_dates(org, editor, name):
    project, stored = read_mspdi_with_stored(shared_mspdi(name).read_bytes(), name)
    initiative = make_initiative(org, editor)
    plan = plan_create_from_project(
        actor=editor, initiative=initiative, project=project, source_name=name
    )
    tasks = list(selectors.tasks_of(plan))
    assert [t.key for t in tasks] == [t.id for t in project.tasks]
    by_key = {t.key: t for t in tasks}
    for task in project.tasks:  # the outline: each task's phase is the nearest level above
        row = by_key[task.id]
        level = max(1, task.outline_level)
        assert (row.parent is None) == (level == 1)
        if row.parent is not None:
            assert (
                max(1, next(t for t in project.tasks if t.id == row.parent.key).outline_level)
                == level - 1
            )
    assert PlanLink.objects.filter(plan=plan).count() == len(project.links)
    result = schedule(selectors.project_of(plan))
    compared = 0
    for key, dates in stored.items():
        if dates.early_start is None or key == "0":  # UID 0 is the project summary task
            continue
        got = result.tasks[key]
        assert (got.early_start, got.early_finish) == (dates.early_start, dates.early_finish), key
        compared += 1
    assert compared == len(project.tasks)
    # One audit record per row written: the plan, each task and each link.
    events = AuditEvent.objects.filter(organization=org, action="create")
    assert events.filter(content_type__model="plantask").count() == len(project.tasks)
    assert events.filter(content_type__model="planlink").count() == len(project.links)


def _small_project():
    project, _stored = read_mspdi_with_stored(
        shared_mspdi("mpxj_mspdirelations.xml").read_bytes(), "mpxj_mspdirelations.xml"
    )
    return project


def test_two_ids_alike_in_their_first_40_characters_are_refused(org, editor):
    project = _small_project()
    long = "x" * 40
    tasks = (
        Task(long + "a", "First", Duration(480)),
        Task(long + "b", "Second", Duration(480)),
    )
    project = dataclasses.replace(project, tasks=tasks, links=())
    with pytest.raises(ValidationError) as error:
        plan_create_from_project(
            actor=editor, initiative=make_initiative(org, editor), project=project
        )
    assert "first 40 characters" in " ".join(error.value.messages)
    assert f"Task {long}b" in " ".join(error.value.messages)
    assert not Plan.objects.filter(organization=org).exists()  # nothing kept
    assert not PlanTask.objects.filter(organization=org).exists()


def test_a_link_given_twice_is_refused_naming_it(org, editor):
    project = _small_project()
    first = project.links[0]
    project = dataclasses.replace(
        project, links=(*project.links, Link(first.predecessor, first.successor))
    )
    with pytest.raises(ValidationError) as error:
        plan_create_from_project(
            actor=editor, initiative=make_initiative(org, editor), project=project
        )
    text = " ".join(error.value.messages)
    assert f"from task {first.predecessor} to task {first.successor} is given twice" in text
    assert not PlanTask.objects.filter(organization=org).exists()


def test_a_task_the_model_refuses_is_named(org, editor):
    project = _small_project()
    bad = dataclasses.replace(project.tasks[1], percent_complete=250.0)
    tasks = (project.tasks[0], bad, *project.tasks[2:])
    project = dataclasses.replace(project, tasks=tasks)
    with pytest.raises(ValidationError) as error:
        plan_create_from_project(
            actor=editor, initiative=make_initiative(org, editor), project=project
        )
    text = " ".join(error.value.messages)
    assert f"Task {bad.id}" in text and "% complete" in text
    assert not PlanTask.objects.filter(organization=org).exists()
