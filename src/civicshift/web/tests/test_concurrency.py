"""Two people open the same edit form; both save. The first save is kept, the second is refused
with who changed it and when, and the audit trail shows only the first change.

One case per editable object, so a new edit page is checked the same way: add it to EDITS.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import formats, timezone

from civicshift.audit.models import AuditEvent
from civicshift.cases import services as case_services
from civicshift.initiatives.services import initiative_create
from civicshift.orgs import services as org_services
from civicshift.orgs.base import VersionedModel
from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_org, make_user
from civicshift.testing.forms import form_values
from civicshift.web.org_views import OrgServiceFormView

pytestmark = pytest.mark.django_db


@dataclass
class World:
    org: Any
    first: Any
    second: Any
    department: Any
    goal: Any
    initiative: Any
    case: Any
    option: Any
    line: Any
    membership: Any


@pytest.fixture
def world():
    org = make_org("maple")
    first = make_user("ana@example.org", first_name="Ana", last_name="Alvarez")
    second = make_user("bo@example.org", first_name="Bo", last_name="Berg")
    for user in (first, second):
        Membership.objects.create(organization=org, user=user, role=Role.ADMIN)
    viewer = make_user("vi@example.org")
    membership = Membership.objects.create(organization=org, user=viewer, role=Role.VIEWER)
    department = org_services.department_create(actor=first, organization=org, name="Public Works")
    goal = org_services.goal_create(actor=first, organization=org, code="G1", statement="Safe")
    initiative = initiative_create(actor=first, organization=org, title="Online permitting")
    case = case_services.business_case_create(
        actor=first, initiative=initiative, start_year=2027, horizon_years=10
    )
    option = case.options.get()
    line = case_services.line_create(
        actor=first,
        option=option,
        name="Subscription",
        kind="cost",
        category="subscription",
        distribution="point",
        likely=Decimal("100000"),
        first_period=1,
        last_period=10,
    )
    return World(org, first, second, department, goal, initiative, case, option, line, membership)


@dataclass
class Edit:
    """An edit page: where it is, which row it changes, a field and two different values."""

    id: str
    url_name: str
    url: Any  # World -> (url of the page, url the form posts to)
    row: Any  # World -> the edited row
    field: str
    first_value: str
    second_value: str
    stored: Any = None  # row -> stored value as text (default: the field's attribute)


def _case_url(w, name, **kw):
    return reverse(f"cases:{name}", kwargs={"org_slug": w.org.slug, "pk": w.initiative.pk, **kw})


def _same(url):
    return url, url


def _inventory(w, kind):
    """A system or component of the world's organization, made once (inventory pages)."""
    from civicshift.inventory.tests import factories

    made = w.__dict__.setdefault("_inventory", {})
    if kind not in made:
        make = factories.make_system if kind == "system" else factories.make_component
        made[kind] = make(w.org, w.first, name=f"Permits ({kind})")
    return made[kind]


EDITS = [
    Edit(
        "organization settings",
        "orgs:settings",
        lambda w: _same(reverse("orgs:settings", args=[w.org.slug])),
        lambda w: w.org,
        "name",
        "Maple Falls",
        "City of Maple",
    ),
    Edit(
        "department",
        "orgs:department_edit",
        lambda w: _same(reverse("orgs:department_edit", args=[w.org.slug, w.department.pk])),
        lambda w: w.department,
        "name",
        "Public Works and Parks",
        "Works",
    ),
    Edit(
        "strategic goal",
        "orgs:goal_edit",
        lambda w: _same(reverse("orgs:goal_edit", args=[w.org.slug, w.goal.pk])),
        lambda w: w.goal,
        "statement",
        "Safe streets",
        "Safe neighbourhoods",
    ),
    Edit(
        "membership role",
        "orgs:member_role",
        lambda w: (
            reverse("orgs:member_list", args=[w.org.slug]),
            reverse("orgs:member_role", args=[w.org.slug, w.membership.pk]),
        ),
        lambda w: w.membership,
        "role",
        Role.EDITOR,
        Role.EVALUATOR,
    ),
    Edit(
        "initiative",
        "initiatives:edit",
        lambda w: _same(reverse("initiatives:edit", args=[w.org.slug, w.initiative.pk])),
        lambda w: w.initiative,
        "title",
        "Online permits and licences",
        "E-permitting",
    ),
    Edit(
        "business case settings",
        "cases:settings",
        lambda w: _same(_case_url(w, "settings")),
        lambda w: w.case,
        "horizon_years",
        "12",
        "15",
        stored=lambda row: str(row.horizon_years),
    ),
    Edit(
        "business case narrative",
        "cases:narrative",
        lambda w: _same(_case_url(w, "narrative")),
        lambda w: w.case,
        "strategic_case",
        "Residents wait six weeks for a permit.",
        "Paper permits are slow.",
    ),
    Edit(
        "option",
        "cases:option_edit",
        lambda w: _same(_case_url(w, "option_edit", option=w.option.pk)),
        lambda w: w.option,
        "name",
        "Cloud permitting",
        "Permitting suite",
    ),
    Edit(
        "case line",
        "cases:line_edit",
        lambda w: _same(_case_url(w, "line_edit", option=w.option.pk, line=w.line.pk)),
        lambda w: w.line,
        "name",
        "Annual subscription",
        "Licence fee",
    ),
    Edit(
        "inventory system",
        "inventory:edit",
        lambda w: _same(reverse("inventory:edit", args=[w.org.slug, _inventory(w, "system").pk])),
        lambda w: _inventory(w, "system"),
        "name",
        "Permits and licences",
        "Permitting",
    ),
    Edit(
        "inventory component",
        "inventory:component_edit",
        lambda w: _same(
            reverse("inventory:component_edit", args=[w.org.slug, _inventory(w, "component").pk])
        ),
        lambda w: _inventory(w, "component"),
        "name",
        "Windows Server 2016",
        "Windows Server 2019",
    ),
    Edit(
        "interface between systems",
        "inventory:integration_edit",
        lambda w: _same(
            reverse("inventory:integration_edit", args=[w.org.slug, _integration(w).pk])
        ),
        lambda w: _integration(w),
        "data_exchanged",
        "Parcel numbers",
        "Parcel owners",
    ),
    Edit(
        "inventory assessment",
        "inventory:assessment_edit",
        lambda w: _same(
            reverse(
                "inventory:assessment_edit",
                args=[w.org.slug, _assessment(w).system_id, _assessment(w).pk],
            )
        ),
        lambda w: _assessment(w),
        "notes",
        "Asked the finance clerks",
        "Asked the treasurer",
    ),
    Edit(
        "plan settings",
        "plans:plan_edit",
        lambda w: (_plans(w), _plan_url(w, "plan_edit", pk=w.initiative.pk))[1],
        lambda w: _plans(w)["plan"],
        "minutes_per_day",
        "450",
        "420",
    ),
    Edit(
        "plan task",
        "plans:task_edit",
        lambda w: _plan_url(w, "task_edit", pk=w.initiative.pk, task=_plans(w)["task"].pk),
        lambda w: _plans(w)["task"],
        "name",
        "Configure permit fees",
        "Set up fees",
    ),
    Edit(
        "risk of an initiative",
        "plans:risk_edit",
        lambda w: _plan_url(w, "risk_edit", pk=w.initiative.pk, risk=_plans(w)["risk"].pk),
        lambda w: _plans(w)["risk"],
        "title",
        "Conversion loses permits",
        "Conversion is late",
    ),
    Edit(
        "risk of the programme",
        "plans:org_risk_edit",
        lambda w: _plan_url(w, "org_risk_edit", risk=_plans(w)["org_risk"].pk),
        lambda w: _plans(w)["org_risk"],
        "title",
        "Staff leave mid-project",
        "Key people leave",
    ),
    Edit(
        "issue of an initiative",
        "plans:issue_edit",
        lambda w: _plan_url(w, "issue_edit", pk=w.initiative.pk, issue=_plans(w)["issue"].pk),
        lambda w: _plans(w)["issue"],
        "title",
        "Parcels missing after conversion",
        "Parcel gaps",
    ),
    Edit(
        "issue of the programme",
        "plans:org_issue_edit",
        lambda w: _plan_url(w, "org_issue_edit", issue=_plans(w)["org_issue"].pk),
        lambda w: _plans(w)["org_issue"],
        "title",
        "Budget frozen",
        "Hiring freeze",
    ),
    Edit(
        "funding mix line",
        "funding:mix_line_edit",
        lambda w: _same(
            reverse(
                "funding:mix_line_edit",
                args=[w.org.slug, w.initiative.pk, _mix_line(w).pk],
            )
        ),
        lambda w: _mix_line(w),
        "name",
        "Capital plan 27-04",
        "Capital plan",
    ),
    Edit(
        "saved funding search",
        "funding:saved_search_edit",
        lambda w: _plan_url(w, "saved_search_edit", pk=_saved_search(w).pk, ns="funding"),
        lambda w: _saved_search(w),
        "name",
        "Backups and cyber plans",
        "Cyber",
    ),
    Edit(
        "working calendar",
        "plans:calendar_edit",
        lambda w: _plan_url(w, "calendar_edit", pk=_plans(w)["calendar"].pk),
        lambda w: _plans(w)["calendar"],
        "name",
        "Night crew",
        "Overnight",
    ),
    Edit(
        "funding application",
        "funding:application",
        lambda w: _plan_url(w, "application", pk=_funding(w)["application"].pk, ns="funding"),
        lambda w: _funding(w)["application"],
        "title",
        "Backups grant",
        "Backups grant, second round",
    ),
    Edit(
        "funding application's alignment statement",
        "funding:application_alignment",
        lambda w: _plan_url(
            w, "application_alignment", pk=_funding(w)["application"].pk, ns="funding"
        ),
        lambda w: _funding(w)["application"],
        "alignment_statement",
        "Backups serve the first priority of the program.",
        "Backups and recovery drills serve its first priority.",
    ),
    Edit(
        "SAM.gov registration",
        "funding:profile",
        lambda w: _plan_url(w, "profile", ns="funding"),
        lambda w: _funding(w)["profile"],
        "grants_contact",
        "Finance office",
        "City clerk",
    ),
    Edit(
        "staff idea",
        "ideas:edit",
        lambda w: _same(reverse("ideas:edit", args=[w.org.slug, _idea(w).pk])),
        lambda w: _idea(w),
        "title",
        "Book park shelters online",
        "Let residents book park shelters online",
    ),
    Edit(
        "readiness survey settings",
        "surveys:edit",
        lambda w: _same(
            reverse(
                "surveys:edit",
                args=[w.org.slug, _survey_rows(w)["survey"].pk],
            )
        ),
        lambda w: _survey_rows(w)["survey"],
        "title",
        "Readiness before training",
        "Readiness, first wave",
    ),
    Edit(
        "readiness survey question",
        "surveys:item_edit",
        lambda w: _same(
            reverse(
                "surveys:item_edit",
                args=[w.org.slug, _survey_rows(w)["survey"].pk, _survey_rows(w)["item"].pk],
            )
        ),
        lambda w: _survey_rows(w)["item"],
        "text",
        "What would help you most?",
        "What worries you?",
    ),
    *[
        Edit(
            f"people {kind}",
            f"people:{kind}_edit",
            lambda w, kind=kind: _same(
                reverse(
                    f"people:{kind}_edit", args=[w.org.slug, w.initiative.pk, _people(w, kind).pk]
                )
            ),
            lambda w, kind=kind: _people(w, kind),
            field,
            first,
            second,
        )
        for kind, field, first, second in (
            ("stakeholder", "name", "Payroll clerks", "Payroll team"),
            ("rating", "subject", "Payroll clerks", "Payroll team"),
            ("group", "name", "Payroll", "Payroll office"),
            ("activity", "title", "Town hall", "All-staff town hall"),
            ("response", "owner", "Finance Director", "City Manager"),
        )
    ],
    Edit(
        "skill of the catalog",
        "skills:skill_edit",
        lambda w: _plan_url(w, "skill_edit", ns="skills", pk=_skills(w)["skill"].pk),
        lambda w: _skills(w)["skill"],
        "description",
        "Posting journal entries.",
        "Posting and reversing journal entries.",
    ),
    Edit(
        "job role",
        "skills:jobrole_edit",
        lambda w: _plan_url(w, "jobrole_edit", ns="skills", pk=_skills(w)["role"].pk),
        lambda w: _skills(w)["role"],
        "description",
        "Pays invoices.",
        "Pays invoices and vendors.",
    ),
    Edit(
        "staff member",
        "skills:person_edit",
        lambda w: _plan_url(w, "person_edit", ns="skills", pk=_skills(w)["person"].pk),
        lambda w: _skills(w)["person"],
        "name",
        "Pat Lee",
        "Patricia Lee",
    ),
    Edit(
        "training course",
        "skills:course_edit",
        lambda w: _plan_url(
            w, "course_edit", ns="skills", pk=w.initiative.pk, course=_skills(w)["course"].pk
        ),
        lambda w: _skills(w)["course"],
        "provider",
        "The vendor",
        "The county",
    ),
    Edit(
        "training session",
        "skills:session_edit",
        lambda w: _plan_url(
            w, "session_edit", ns="skills", pk=w.initiative.pk, session=_skills(w)["session"].pk
        ),
        lambda w: _skills(w)["session"],
        "location",
        "Council chambers",
        "Library meeting room",
    ),
    Edit(
        "vendor",
        "vendors:vendor_edit",
        lambda w: _same(
            reverse("vendors:vendor_edit", args=[w.org.slug, _vendors(w)["vendor"].pk])
        ),
        lambda w: _vendors(w)["vendor"],
        "name",
        "Northwind Municipal Software",
        "Northwind Civic Software",
    ),
    Edit(
        "vendor evaluation",
        "vendors:evaluation_edit",
        lambda w: _same(
            reverse("vendors:evaluation_edit", args=[w.org.slug, _vendors(w)["evaluation"].pk])
        ),
        lambda w: _vendors(w)["evaluation"],
        "title",
        "RFP 2027-01: ERP",
        "RFP 2027-01: Enterprise resource planning",
    ),
]


def _vendors(w):
    """A vendor and an evaluation of the world's organization, made once (vendors pages)."""
    if not hasattr(w, "vendors"):
        from civicshift.vendors.tests import factories

        w.vendors = {
            "vendor": factories.make_vendor(w.org, w.first, name="Contoso"),
            "evaluation": factories.make_evaluation(
                w.org, w.first, initiative=w.initiative, title="RFP"
            ),
        }
    return w.vendors


def _idea(w):
    """A staff idea of the world's organization, made once (the ideas board's edit page)."""
    if not hasattr(w, "idea"):
        from civicshift.ideas.services import idea_create

        w.idea = idea_create(
            actor=w.first, organization=w.org, title="Shelters", problem="Phone bookings."
        )
    return w.idea


def _survey_rows(w):
    from civicshift.surveys.tests.factories import concurrency_rows

    return concurrency_rows(w)


def _skills(w):
    """A skill, job role, person, course and session of the world's initiative, made once."""
    if not hasattr(w, "skills"):
        from civicshift.skills.tests import factories

        course = factories.make_course(w.org, w.first, initiative=w.initiative)
        w.skills = {
            "skill": factories.make_skill(w.org, w.first),
            "role": factories.make_role(w.org, w.first),
            "person": factories.make_person(w.org, w.first),
            "course": course,
            "session": factories.make_session(w.org, w.first, course=course),
        }
    return w.skills


def _plans(w):
    """A plan with a task, risks and issues (of the initiative and of the programme) and a
    calendar, of the world's organization, made once (plan pages)."""
    if not hasattr(w, "plans"):
        from civicshift.plans.tests import factories

        plan = factories.make_plan(w.org, w.first, initiative=w.initiative)
        w.plans = {
            "plan": plan,
            "task": factories.make_task(w.org, w.first, plan, name="Configure fees"),
            "risk": factories.make_risk(w.org, w.first, initiative=w.initiative),
            "org_risk": factories.make_risk(w.org, w.first),
            "issue": factories.make_issue(w.org, w.first, w.initiative),
            "org_issue": factories.make_issue(w.org, w.first),
            "calendar": factories.make_calendar(w.org, w.first, name="Night shift"),
        }
    return w.plans


def _plan_url(w, name, ns="plans", **kw):
    return _same(reverse(f"{ns}:{name}", kwargs={"org_slug": w.org.slug, **kw}))


def _funding(w):
    """A funding application of the world's initiative and the SAM.gov profile, made once."""
    if not hasattr(w, "funding"):
        from civicshift.funding import services_pipeline
        from civicshift.funding.services_import import funding_import

        funding_import(
            actor=w.first,
            source=b"program_id,title\nstate-cyber,State cybersecurity subgrants\n",
            name="state.csv",
            organization=w.org,
        )
        from civicshift.funding.models import FundingNotice

        notice = FundingNotice.objects.for_org(w.org).get()
        w.funding = {
            "application": services_pipeline.application_create(
                actor=w.first, initiative=w.initiative, notice=notice
            ),
            "profile": services_pipeline.profile_save(
                actor=w.first, organization=w.org, grants_contact="Clerk"
            ),
        }
    return w.funding


def _mix_line(w):
    """A funding mix line of the world's initiative (FY2027, inside its case), made once."""
    if not hasattr(w, "mix_line"):
        from civicshift.funding.services_mix import mix_line_create

        w.mix_line = mix_line_create(
            actor=w.first,
            initiative=w.initiative,
            fiscal_year=2027,
            kind="capital_budget",
            name="Capital plan",
            amount=Decimal("1000"),
        )
    return w.mix_line


def _saved_search(w):
    """A saved search of the funding catalog, made once."""
    if not hasattr(w, "saved_search"):
        from civicshift.funding.services_saved import saved_search_create

        w.saved_search = saved_search_create(
            actor=w.first, organization=w.org, name="Backups", purpose="ransomware backups"
        )
    return w.saved_search


def _assessment(w):
    """An assessment of a system of the world's organization, made once."""
    if not hasattr(w, "assessment"):
        from civicshift.inventory.tests import factories

        w.assessment = factories.make_assessment(w.org, w.first)
    return w.assessment


def _integration(w):
    """An interface between two systems of the world's organization, made once."""
    if not hasattr(w, "integration"):
        from civicshift.inventory.tests import factories

        w.integration = factories.make_integration(w.org, w.first)
    return w.integration


def _open(client, user, page_url, field):
    client.force_login(user)
    response = client.get(page_url)
    assert response.status_code == 200
    data = form_values(response.content.decode(), containing=field)
    assert data.get("version"), "the form carries the version it was opened at"
    return data


@pytest.mark.parametrize("edit", EDITS, ids=[e.id for e in EDITS])
def test_second_of_two_concurrent_saves_is_refused_and_the_first_kept(world, edit, client):
    page_url, post_url = edit.url(world)
    row = edit.row(world)
    first_data = _open(client, world.first, page_url, edit.field)
    other = Client()
    second_data = _open(other, world.second, page_url, edit.field)
    events_before = AuditEvent.objects.for_org(world.org).filter(action="update").count()

    first_data[edit.field] = [edit.first_value]
    response = client.post(post_url, first_data)
    assert response.status_code == 302, response.content.decode()[:2000]

    second_data[edit.field] = [edit.second_value]
    response = other.post(post_url, second_data)
    page = response.content.decode()
    if post_url == page_url:  # a form page: shown again with the message and what was typed
        assert response.status_code == 200
        assert edit.second_value in page
        assert "Open the latest version" in page
    else:  # the member list's role form: back to the list with the message
        assert response.status_code == 302
        page = other.get(response["Location"]).content.decode()
    event = AuditEvent.objects.for_org(world.org).filter(action="update").first()
    when = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
    assert f"Changed by Ana Alvarez at {when} since you opened it." in page
    assert "Your changes were not saved: reload to see theirs." in page

    row.refresh_from_db()
    stored = edit.stored(row) if edit.stored else str(getattr(row, edit.field))
    assert stored == edit.first_value
    updates = AuditEvent.objects.for_org(world.org).filter(action="update")
    assert updates.count() == events_before + 1
    assert event.actor == world.first
    assert str(event.changes[edit.field][1]) == edit.first_value


def test_after_opening_the_latest_version_the_save_goes_through(world, client):
    url = reverse("orgs:department_edit", args=[world.org.slug, world.department.pk])
    stale = _open(client, world.second, url, "name")
    org_services.department_update(
        actor=world.first, department=world.department, name="Public Works and Parks"
    )
    stale["name"] = ["Works"]
    assert client.post(url, stale).status_code == 200  # refused
    fresh = _open(client, world.second, url, "name")
    assert fresh["name"] == ["Public Works and Parks"]  # theirs, as the message promised
    fresh["name"] = ["Works"]
    assert client.post(url, fresh).status_code == 302
    world.department.refresh_from_db()
    assert world.department.name == "Works"
    assert world.department.version == 3


def test_a_form_saved_without_changes_keeps_the_version_and_writes_no_audit(world, client):
    url = reverse("orgs:goal_edit", args=[world.org.slug, world.goal.pk])
    data = _open(client, world.first, url, "statement")
    count = AuditEvent.objects.count()
    assert client.post(url, data).status_code == 302
    world.goal.refresh_from_db()
    assert world.goal.version == 1
    assert AuditEvent.objects.count() == count


def test_every_model_form_of_a_saved_versioned_row_carries_its_version(world):
    from civicshift.orgs.forms import DepartmentForm

    class Careless(DepartmentForm):
        def clean(self):  # does not call super().clean()
            return self.cleaned_data

    assert "version" not in DepartmentForm().fields  # a new row has no version yet
    assert DepartmentForm(instance=world.department).fields["version"].initial == 1
    form = Careless({"name": "Works", "version": "1"}, instance=world.department)
    assert form.is_valid(), form.errors
    assert form.expected_version == 1
    assert "version" not in form.cleaned_data  # so **cleaned_data passes model fields only
    assert form.instance.version == 1  # and the form never writes it


def _form_views(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(p for p in (namespace, pattern.namespace or "") if p)
            yield from _form_views(pattern, ns)
        elif pattern.name and hasattr(pattern.callback, "view_class"):
            yield ":".join(p for p in (namespace, pattern.name) if p), pattern.callback.view_class


def test_every_edit_page_of_a_versioned_row_is_in_the_two_people_test():
    """A page added later that edits a versioned row must be added to EDITS (and so pass its
    version to the service). Creation pages have no version to carry."""
    edit_pages = {
        name
        for name, view in _form_views()
        if issubclass(view, OrgServiceFormView)
        and getattr(getattr(getattr(view, "form_class", None), "_meta", None), "model", None)
        and issubclass(view.form_class._meta.model, VersionedModel)
        and "Create" not in view.__name__
    }
    assert edit_pages, "the walk found no edit page at all"
    assert edit_pages <= {e.url_name for e in EDITS}, sorted(
        edit_pages - {e.url_name for e in EDITS}
    )


def _people(w, kind):
    """A row of the People tab of the world's initiative, made once per kind."""
    from civicshift.people.tests import factories

    made = w.__dict__.setdefault("_people", {})
    if kind not in made:
        make = {
            "stakeholder": factories.make_stakeholder,
            "rating": factories.make_rating,
            "group": factories.make_group,
            "activity": factories.make_activity,
            "response": factories.make_response,
        }[kind]
        made[kind] = make(w.org, w.first, w.initiative)
    return made[kind]
