"""Plan templates: every shipped file loads, has the phases such projects have, and applies.

The phase list is issue 9 item 5's (discovery and requirements; procurement with RFP,
evaluation, council approval and contract; design and configuration; data migration;
integrations; testing and user acceptance; training; go-live; stabilisation; legacy
decommissioning). Durations are checked against each template's published intent (its
``intent`` and ``source`` fields cite where the range comes from) in
``test_each_template_schedules_within_its_intent`` once the engine schedules them.
"""

from __future__ import annotations

import copy
from datetime import datetime
from importlib import resources

import pytest
import yaml

from civicshift.core.plan_templates import (
    TemplateError,
    apply_template,
    load_templates,
    template_from_data,
    template_risks,
)
from civicshift.core.risk import risk_problems
from civicshift.core.schedule.model import Calendar, LinkType

EXPECTED = {
    "erp-replacement",
    "online-permitting",
    "email-productivity-migration",
    "gis-upgrade",
    "website-redesign",
    "smart-water-meters",
}
PHASES = [
    "Discovery and requirements",
    "Procurement",
    "Design and configuration",
    "Data migration",
    "Integrations",
    "Testing and user acceptance",
    "Training",
    "Go-live",
    "Stabilisation",
    "Legacy decommissioning",
]


def raw(template_id: str) -> dict:
    folder = resources.files("civicshift.core").joinpath("data/plan_templates")
    return yaml.safe_load(folder.joinpath(f"{template_id}.yaml").read_text())


def test_the_six_templates_load_with_id_and_version():
    templates = load_templates()
    assert set(templates) == EXPECTED
    for t in templates.values():
        assert t.version and t.title and t.source


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_template_has_the_phases_milestones_and_links_of_its_kind(template_id):
    t = load_templates()[template_id]
    phases = [x.name for x in t.tasks if x.outline_level == 1]
    assert phases == PHASES
    assert all(x.summary for x in t.tasks if x.outline_level == 1)
    by_id = {x.id: x for x in t.tasks}
    for m in t.milestones:  # milestones exist and take no time
        assert by_id[m].is_milestone and not by_id[m].summary
    assert "COUNCIL" in t.milestones and t.go_live in t.milestones
    names = " ".join(x.name.lower() for x in t.tasks)
    assert "council approval" in names
    assert "contract" in names or "licences" in names
    # Links are between work tasks, and some are SS or FF with a lag.
    assert all(
        not by_id[lk.predecessor].summary and not by_id[lk.successor].summary for lk in t.links
    )
    assert any(lk.type in (LinkType.SS, LinkType.FF) and lk.lag.minutes for lk in t.links)
    # Three-point estimates on the uncertain tasks; the plan is scheduled on "likely".
    uncertain = [x for x in t.tasks if x.estimate]
    assert len(uncertain) >= 3
    for x in uncertain:
        e = x.estimate
        assert (
            e.optimistic.minutes <= e.likely.minutes == x.duration.minutes <= e.pessimistic.minutes
        )
    # Every work task but the first milestone has a predecessor; every one but the last a
    # successor (DCMA's logic check, test_schedule_health.py).
    work = [x.id for x in t.tasks if not x.summary]
    preds = {lk.successor for lk in t.links}
    succs = {lk.predecessor for lk in t.links}
    assert [w for w in work if w not in preds] == ["KICKOFF"]
    assert [w for w in work if w not in succs] == ["CLOSE"]


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_template_risks_come_from_the_library_and_are_valid(template_id):
    t = load_templates()[template_id]
    risks = template_risks(t, budget=500_000)
    assert len(risks) >= 5
    work = {x.id for x in t.tasks if not x.summary}
    for r in risks:
        assert risk_problems(r) == []
        assert set(r.tasks) <= work and r.library_id


def test_apply_gives_a_project_starting_on_the_date_with_the_calendar():
    t = load_templates()["erp-replacement"]
    start = datetime(2027, 1, 4, 8, 0)
    cal = Calendar("town", "Town hall", exceptions=())
    p = apply_template(t, start=start, title="Springfield ERP", calendar=cal)
    assert p.start == start and p.title == "Springfield ERP"
    assert p.calendar().id == "town"
    assert p.tasks == t.tasks and p.links == t.links
    default = apply_template(t, start=start, title="x")
    assert default.calendar().name == "Standard"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["tasks"][2].update(after=["NOPE"]), "task CHARTER, after: no task 'NOPE'"),
        (lambda d: d["tasks"][2].update(after=["P2"]), "'P2' is a phase; link its tasks"),
        (
            lambda d: d["tasks"][2].update(duration="-2d"),
            "task CHARTER, duration: the duration '-2d' is negative",
        ),
        (lambda d: d["tasks"][2].update(duration="two weeks"), "'two weeks' is not a duration"),
        (lambda d: d["tasks"][1].update(after=["CLOSE"]), "the links form a cycle through"),
        (
            lambda d: d["milestones"].append("CHARTER"),
            "milestones: 'CHARTER' is not a task of zero duration",
        ),
        (
            lambda d: d["risks"].append({"risk": "meteor-strike"}),
            "'meteor-strike' is not in the risk library",
        ),
        (
            lambda d: d["tasks"][2].update(after=[{"task": "KICKOFF", "type": "XX"}]),
            "link type 'XX'",
        ),
        (
            lambda d: d["tasks"].append(copy.deepcopy(d["tasks"][2])),
            "task CHARTER, id: this id is used twice",
        ),
        (lambda d: d["tasks"][2].update(parent="P99"), "task CHARTER, parent: no phase 'P99'"),
    ],
)
def test_bad_templates_are_refused_naming_file_task_and_field(mutate, message):
    data = raw("erp-replacement")
    mutate(data)
    with pytest.raises(TemplateError) as err:
        template_from_data(data, "plan_templates/erp-replacement.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("plan_templates/erp-replacement.yaml")


# --- scheduled by the engine -------------------------------------------------------------------


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_each_template_schedules_within_its_intent(template_id):
    # Each intent's range and source are in the template file: ERP 12–24 months contract to
    # go-live (GFOA) and about 3 years overall (City of Dubuque, 2019); permitting 9–18 months
    # (Sioux Falls planned 17); email 4–9 months (Montgomery County, 6); website 6–12 months
    # (Arden Hills); AMI 10–20 months approval to deployment (El Dorado, KS, about 14).
    from civicshift.core.schedule.cpm import schedule

    t = load_templates()[template_id]
    start = datetime(2027, 1, 4, 8, 0)
    p = apply_template(t, start=start, title=t.title)
    s = schedule(p)
    assert s.project_start == start
    assert s.tasks[t.go_live].finish <= s.project_finish
    for intent in t.intents:
        origin = start if intent.origin == "start" else s.tasks[intent.origin].start
        months = (s.tasks[intent.to].finish - origin).days / 30.4375  # mean Gregorian month
        low, high = intent.months
        assert low <= months <= high, (intent.origin, intent.to, months)


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_each_template_has_sound_logic_by_the_dcma_checks(template_id):
    # DCMA-EA PAM 200.1 checks 1 (missing logic ≤ 5 %), 2 (no leads), 7 (no negative float)
    # and 12 (600 days on the first critical task move the finish by 600 days).
    from civicshift.core.schedule.cpm import schedule
    from civicshift.core.schedule.health import health_check

    t = load_templates()[template_id]
    p = apply_template(t, start=datetime(2027, 1, 4, 8, 0), title=t.title)
    report = health_check(p, schedule(p))
    assert report.get("logic").count == 0
    assert report.get("leads").passed is True
    assert report.get("negative_float").passed is True
    cp = report.get("critical_path_test")
    assert cp.passed is True and cp.value == 600


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_template_tasks_read_the_same_through_the_plan_file_reader(template_id):
    # One vocabulary (issue 9 item 11, docs/plan-file.md): the template's `tasks:` section,
    # put in a plan file, gives the plan file reader (civicshift.formats.plan) the same tasks
    # and links as the template loader.
    from civicshift.formats.plan.planfile import plan_from_data

    data = raw(template_id)
    plan = {"title": data["title"], "start": "2027-01-04T08:00", "tasks": data["tasks"]}
    project = plan_from_data(plan, f"{template_id}.yaml")
    t = load_templates()[template_id]
    assert project.tasks == t.tasks
    assert project.links == t.links
