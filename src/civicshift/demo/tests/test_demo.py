"""The demo municipality loads once, completely, through the services, from its data file."""

from __future__ import annotations

import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from civicshift.audit.models import Action, AuditEvent
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun, Option
from civicshift.cases.results import run_payload
from civicshift.cases.selectors import case_figures, option_figures
from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DEFAULT_DATA_PATH, DemoDataError, read_demo_data
from civicshift.initiatives.models import Initiative, StatusChange
from civicshift.orgs.models import Department, Membership, Organization, StrategicGoal
from civicshift.orgs.roles import Role

DATA = read_demo_data()


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))


def _line(raw: dict, initiative: int, line: int, option: int = 0) -> dict:
    return raw["initiatives"][initiative]["business_case"]["options"][option]["lines"][line]


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _counts() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "departments": Department.objects.count(),
        "goals": StrategicGoal.objects.count(),
        "initiatives": Initiative.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "business_cases": BusinessCase.objects.count(),
        "options": Option.objects.count(),
        "case_lines": CaseLine.objects.count(),
        "case_runs": CaseRun.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def test_data_file_is_identified_and_versioned():
    raw = _raw()
    assert raw["id"] == "civicshift-demo-municipality"
    assert raw["version"] == 1


def test_data_file_shows_every_stage_and_the_issue_sizes():
    main = DATA.main
    assert 45_000 <= main.fields["population"] <= 60_000
    assert 8 <= len(main.departments) <= 10
    assert 4 <= len(main.goals) <= 6
    assert len(main.initiatives) >= 6
    finals = {i.final_status for i in main.initiatives}
    assert {"idea", "proposed", "approved", "funded", "in_progress", "live", "on_hold"} <= finals
    assert set(main.roles().values()) == set(Role.values)
    assert all(u.email.endswith(".example") for u in DATA.users())


@pytest.mark.django_db
def test_load_creates_what_the_file_describes():
    result = load_demo()

    assert result.created is True
    assert result.organization.slug == "maple-falls"
    assert result.organization.name == "City of Maple Falls"
    for block in DATA.organizations:
        org = Organization.objects.get(slug=block.slug)
        assert Department.objects.for_org(org).count() == len(block.departments)
        assert StrategicGoal.objects.for_org(org).count() == len(block.goals)
        assert Initiative.objects.for_org(org).count() == len(block.initiatives)
        roles = Counter(Membership.objects.for_org(org).values_list("role", flat=True))
        assert roles == Counter(block.roles().values())
    assert Organization.objects.count() == len(DATA.organizations)


@pytest.mark.django_db
def test_admin_is_site_admin_with_a_name_and_an_editor_next_door():
    load_demo()
    admin = get_user_model().objects.get(email="admin@maplefalls.example")
    assert admin.is_staff and not admin.is_superuser
    assert admin.get_full_name() == "Dana Whitfield"
    cedar = Organization.objects.get(slug="cedar-county")
    assert Membership.objects.for_org(cedar).get(user=admin).role == Role.EDITOR
    others = get_user_model().objects.exclude(pk=admin.pk)
    assert not others.filter(is_staff=True).exists()


@pytest.mark.django_db
def test_running_twice_neither_duplicates_nor_fails():
    first = load_demo()
    before = _counts()

    second = load_demo()

    assert second.created is False
    assert second.organization == first.organization
    assert second.logins == first.logins
    assert _counts() == before


@pytest.mark.django_db
def test_statuses_end_where_the_file_says_with_history():
    load_demo()
    for block in DATA.organizations:
        org = Organization.objects.get(slug=block.slug)
        for demo in block.initiatives:
            initiative = Initiative.objects.for_org(org).get(title=demo.title)
            assert initiative.status == demo.final_status, demo.title
            changes = list(initiative.status_changes.order_by("id"))
            assert [c.to_status for c in changes] == [s.to for s in demo.status_path]
            assert [c.reason for c in changes] == [s.reason for s in demo.status_path]
            assert all(c.changed_by is not None for c in changes)
    on_hold = Initiative.objects.get(status="on_hold")
    assert on_hold.status_before_hold == "approved"


@pytest.mark.django_db
def test_audit_trail_is_attributed_to_demo_people():
    load_demo()
    demo_emails = {u.email for u in DATA.users()}
    events = AuditEvent.objects.all()
    assert events.filter(action=Action.CREATE).exists()
    assert events.filter(action=Action.STATUS).count() == StatusChange.objects.count() > 0
    assert set(events.values_list("actor_label", flat=True)) <= demo_emails
    assert not events.filter(actor__isnull=True).exists()
    maple = Organization.objects.get(slug="maple-falls")
    status_actors = set(
        events.filter(organization=maple, action=Action.STATUS).values_list(
            "actor__email", flat=True
        )
    )
    assert status_actors == {"admin@maplefalls.example", "editor@maplefalls.example"}


@pytest.mark.django_db
def test_every_demo_login_can_sign_in():
    result = load_demo()
    assert len(result.logins) == len(DATA.users())
    for role, email, password in result.logins:
        request = RequestFactory().post("/")
        user = authenticate(request=request, username=email, password=password)
        assert user is not None, (role, email)
        assert user.email == email


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: raw["initiatives"][1].pop("title"), "initiatives[1].title"),
        (lambda raw: raw["organization"].pop("slug"), "organization.slug"),
        (lambda raw: raw.pop("version"), "version"),
        (
            lambda raw: raw["neighbours"][0]["goals"][1].pop("statement"),
            "neighbours[0].goals[1].statement",
        ),
        (
            lambda raw: raw["initiatives"][0]["status_path"][0].pop("reason"),
            "initiatives[0].status_path[0].reason",
        ),
        (
            lambda raw: _line(raw, 0, 0)["amount"].update(low=200000),  # above likely
            "initiatives[0].business_case.options[0].lines[0].amount.low",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(to=3, **{"from": 1}),  # and year: 0
            "initiatives[0].business_case.options[0].lines[0].year",
        ),
        (
            lambda raw: _line(raw, 1, 7).update(to=13),  # horizon is 12
            "initiatives[1].business_case.options[0].lines[7].to",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(category="staff_time"),  # a benefit category
            "initiatives[0].business_case.options[0].lines[0].category",
        ),
        (
            lambda raw: _line(raw, 0, 12).update(multiplier=1.5),  # a chance above 1
            "initiatives[0].business_case.options[0].lines[12].multiplier",
        ),
        (
            lambda raw: _line(raw, 0, 10).update(ramp=[0.5, 2]),
            "initiatives[0].business_case.options[0].lines[10].ramp[1]",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(escalaton=0.03),  # misspelt
            "initiatives[0].business_case.options[0].lines[0].escalaton",
        ),
        (
            lambda raw: raw["initiatives"][0]["business_case"].update(recommended="Nope"),
            "initiatives[0].business_case.recommended",
        ),
        (
            lambda raw: raw["initiatives"][0]["business_case"].update(payback_target_years=11),
            "initiatives[0].business_case.payback_target_years",
        ),
        (
            lambda raw: raw["initiatives"][0]["business_case"]["options"][1].update(
                name="saas product"
            ),
            "initiatives[0].business_case.options",
        ),
    ],
)
def test_malformed_file_names_the_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    before = _counts()

    with pytest.raises(DemoDataError, match=re.escape(f"'{named}'")):
        load_demo(data_path=_write(tmp_path, raw))

    assert _counts() == before


@pytest.mark.django_db
def test_file_with_wrong_id_version_or_references_is_refused(tmp_path):
    for change, message in [
        (lambda raw: raw.update(id="something-else"), "Key 'id'"),
        (lambda raw: raw.update(version=2), "reads version 1"),
        (
            lambda raw: raw["initiatives"][0].update(sponsors=["NOPE"]),
            "initiatives[0].sponsors[0]' names unknown department code 'NOPE'",
        ),
        (
            lambda raw: raw["initiatives"][0]["status_path"][0].update(to="live"),
            "cannot go from 'idea' to 'live'",
        ),
        (
            lambda raw: raw["initiatives"][0].update(created_by="viewer"),
            "initiatives[0].created_by",
        ),
    ]:
        raw = _raw()
        change(raw)
        with pytest.raises(DemoDataError, match=re.escape(message)):
            load_demo(data_path=_write(tmp_path, raw))
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_part_way_leaves_nothing_behind():
    from civicshift.demo import loader

    real = loader.initiative_change_status
    calls = {"n": 0}

    def fail_on_tenth(**kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("database went away")
        return real(**kwargs)

    before = _counts()
    with (
        mock.patch.object(loader, "initiative_change_status", fail_on_tenth),
        pytest.raises(RuntimeError),
    ):
        load_demo()
    assert _counts() == before


@pytest.mark.django_db
def test_command_prints_result_logins_and_address():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Loaded demo municipality City of Maple Falls" in text
    assert "admin@maplefalls.example" in text and "maple-falls-admin" in text
    assert "http://127.0.0.1:8000/" in text

    out = io.StringIO()
    call_command("load_demo", "--host", "demo.example", "--port", "8080", stdout=out)
    text = out.getvalue()
    assert "Demo municipality already loaded" in text
    assert "viewer@maplefalls.example" in text
    assert "http://demo.example:8080/" in text


@pytest.mark.django_db
def test_command_reports_a_malformed_file(tmp_path):
    raw = _raw()
    del raw["departments"]
    with pytest.raises(CommandError, match="'departments'"):
        call_command("load_demo", "--data", str(_write(tmp_path, raw)), stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_pages_open_for_readers_and_editors(client):
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    pages = [
        reverse("orgs:dashboard", args=[maple.slug]),
        reverse("initiatives:list", args=[maple.slug]),
        reverse("initiatives:list", args=[maple.slug]) + "?status=on_hold",
        reverse("audit:org_history", args=[maple.slug]),
    ] + [
        reverse("initiatives:detail", args=[maple.slug, pk])
        for pk in Initiative.objects.for_org(maple).values_list("pk", flat=True)
    ]
    for email in ("viewer@maplefalls.example", "editor@maplefalls.example"):
        client.force_login(get_user_model().objects.get(email=email))
        for url in pages:
            assert client.get(url).status_code == 200, (email, url)
    client.force_login(get_user_model().objects.get(email="admin@maplefalls.example"))
    assert client.get(reverse("web:org_create")).status_code == 200
    assert client.get(reverse("backup:export", args=[maple.slug])).status_code == 200
    assert client.get(reverse("orgs:member_list", args=[maple.slug])).status_code == 200


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_command_refuses_production_settings_unless_told():
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert Organization.objects.count() == 0
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert Organization.objects.filter(slug="maple-falls").exists()


@pytest.mark.django_db
def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_demo", "--data", str(tmp_path / "nope.yaml"), stdout=io.StringIO())


# Business cases ------------------------------------------------------------------------------

#: Statuses past "idea" that have had a business case made for them.
PAST_IDEA = {"proposed", "approved", "funded", "in_progress", "live", "closed", "on_hold"}


def test_every_initiative_past_idea_has_a_business_case_in_the_file():
    past_idea = [i for i in DATA.main.initiatives if i.final_status in PAST_IDEA]
    assert len(past_idea) >= 6
    for demo in past_idea:
        case = demo.business_case
        assert case is not None, demo.title
        assert 2 <= len(case.options) <= 3, demo.title
        assert case.recommended in {o.name for o in case.options}, demo.title
        assert case.settings["discount_rate"] == Decimal("0.03"), demo.title
        assert case.narrative.get("strategic_case") and case.narrative.get("economic_case")
        for option in case.options:
            assert any(line.is_uncertain for line in option.lines), (demo.title, option.name)
    lines = [
        line for demo in past_idea for option in demo.business_case.options for line in option.lines
    ]
    categories = Counter(line.category for line in lines)
    for category in (
        "implementation",
        "data_migration",
        "training",
        "subscription",
        "cashable_savings",
        "staff_time",
        "avoided_cost",
        "resident_time",
    ):
        assert categories[category] > 0, category
    assert {line.distribution for line in lines} >= {"point", "triangular", "pert"}
    staff_time = [line for line in lines if line.category == "staff_time"]
    assert all(line.multiplier and 30 <= line.multiplier <= 100 for line in staff_time)
    avoided = [line for line in lines if line.category == "avoided_cost"]
    assert all(line.multiplier and 0 < line.multiplier < 1 for line in avoided)
    assert all(not line.in_npv for line in lines if line.category == "resident_time")
    assert any(line.ramp for line in lines if line.kind == "benefit")
    assert any(line.escalation > 0 for line in lines if line.category == "subscription")


@pytest.mark.django_db
def test_business_cases_load_with_plausible_figures():
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    positive = 0
    for demo in DATA.main.initiatives:
        initiative = Initiative.objects.for_org(maple).get(title=demo.title)
        case = BusinessCase.objects.for_org(maple).filter(initiative=initiative).first()
        if demo.final_status not in PAST_IDEA:
            assert case is None, demo.title
            continue
        assert case is not None, demo.title
        assert case.discount_rate == Decimal("0.03")
        assert case.options.count() >= 2
        assert (
            CaseLine.objects.for_org(maple)
            .filter(option__case=case)
            .exclude(distribution="point")
            .exists()
        )
        for figures in case_figures(case):
            assert figures.ok, (demo.title, figures.option.name, figures.problem)
            analysis = figures.analysis
            assert analysis.pv_costs > 0 and analysis.pv_benefits > 0
            # Not absurd: no IRR above 100% a year, and the tornado has uncertain lines.
            assert analysis.irr is None or -0.5 < analysis.irr < 1, (demo.title, analysis.irr)
            assert figures.tornado, (demo.title, figures.option.name)
            if figures.option == case.recommended_option:
                positive += analysis.npv > 0
                assert analysis.payback_years is not None, demo.title
        assert case.recommended_option is not None, demo.title
        simulated = option_figures(case, case.recommended_option, simulate=True)
        assert 0 < simulated.simulation.prob_npv_positive <= 1, demo.title
    assert positive >= 5
    # Cedar County's initiatives have no business case.
    cedar = Organization.objects.get(slug="cedar-county")
    assert not BusinessCase.objects.for_org(cedar).exists()


@pytest.mark.django_db
def test_saved_analyses_reproduce_from_their_inputs_and_seed():
    load_demo()
    runs = CaseRun.objects.select_related("case__initiative", "created_by")
    labels = {
        demo.business_case.saved_analysis
        for demo in DATA.main.initiatives
        if demo.business_case is not None and demo.business_case.saved_analysis
    }
    assert labels and {run.label for run in runs} == labels
    for run in runs:
        case = run.case
        assert (run.seed, run.iterations) == (case.seed, case.iterations)
        assert run.created_by.email.endswith("@maplefalls.example")
        figures = [option_figures(case, f.option, simulate=True) for f in case_figures(case)]
        inputs, results = run_payload(case, figures)
        assert inputs == run.inputs
        assert results == run.results


@pytest.mark.django_db
def test_business_case_pages_open_for_a_viewer(client):
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    client.force_login(get_user_model().objects.get(email="viewer@maplefalls.example"))
    for case in BusinessCase.objects.for_org(maple):
        kwargs = {"org_slug": maple.slug, "pk": case.initiative_id}
        pages = [
            reverse("cases:detail", kwargs=kwargs),
            reverse("cases:narrative", kwargs=kwargs),
            reverse("cases:runs", kwargs=kwargs),
        ] + [
            reverse("cases:option", kwargs={**kwargs, "option": option.pk})
            for option in case.options.all()
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
