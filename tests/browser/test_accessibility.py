"""Every page passes axe-core's WCAG 2.1 AA rules in a real headless Chromium, without a
Content-Security-Policy violation, on a desktop and a phone-sized screen."""

from __future__ import annotations

import pytest

from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Department, Membership, StrategicGoal

from .axe import axe_violations, sign_in
from .conftest import ARTIFACTS


def _login_for(demo, role):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def _org_pages(org, initiative, department, goal, member):
    o = f"/o/{org.slug}"
    i = f"{o}/initiatives/{initiative.pk}"
    return [
        "/?all=1",
        f"{o}/",
        f"{o}/initiatives/",
        f"{o}/initiatives/?status=idea&sort=title",
        f"{o}/initiatives/?q=zzzz-nothing",
        f"{o}/initiatives/new/",
        f"{i}/",
        f"{i}/edit/",
        f"{i}/delete/",
        f"{i}/business-case/",
        f"{i}/security/",
        f"{o}/departments/",
        f"{o}/departments/new/",
        f"{o}/departments/{department.pk}/edit/",
        f"{o}/departments/{department.pk}/delete/",
        f"{o}/goals/",
        f"{o}/goals/new/",
        f"{o}/goals/{goal.pk}/edit/",
        f"{o}/goals/{goal.pk}/delete/",
        f"{o}/members/",
        f"{o}/members/invite/",
        f"{o}/members/{member.pk}/remove/",
        f"{o}/settings/",
        f"{o}/history/",
        f"{o}/history/?action=status",
        f"{o}/backup/",
        f"{o}/portfolio/",
        f"{o}/portfolio/?sort=-npv_expected",
        "/accounts/security/",
        "/accounts/two-factor/",
        "/api/tokens/",
        "/orgs/new/",
        "/help/",
        "/help/business-case/",
        "/help/admin/",
        "/o/no-such-town/",
        *_idea_pages(org),
        *_survey_pages(org, initiative),
        *_people_pages(org),
        *_skills_pages(org),
        *_vendor_pages(org),
    ]


def _skills_pages(org):
    """The skills and training pages, on the demo's ERP initiative (the one with a training
    plan)."""
    from civicshift.skills.models import Course, Skill, StaffPerson, TrainingSession

    o = f"/o/{org.slug}"
    erp = Initiative.objects.for_org(org).get(title__startswith="Replace the 1994 AS/400")
    s = f"{o}/initiatives/{erp.pk}/skills"
    skill = Skill.objects.for_org(org).first()
    person = StaffPerson.objects.for_org(org).get(name="Dorothy Pham")
    course = Course.objects.for_org(org).filter(initiative=erp).first()
    session = TrainingSession.objects.for_org(org).filter(course=course).first()
    return [
        f"{o}/skills/",
        f"{o}/skills/new/",
        f"{o}/skills/{skill.pk}/edit/",
        f"{o}/skills/roles/",
        f"{o}/skills/staff/",
        f"{o}/skills/staff/new/",
        f"{o}/skills/staff/{person.pk}/",
        f"{o}/skills/staff/{person.pk}/edit/",
        f"{s}/",
        f"{s}/assess/{person.pk}/",
        f"{s}/training/",
        f"{s}/training/new/",
        f"{s}/training/{course.pk}/edit/",
        f"{s}/training/{course.pk}/sessions/new/",
        f"{s}/sessions/{session.pk}/edit/",
        f"{s}/sessions/{session.pk}/enrol/",
        f"{s}/business-case/",
        f"{s}/plan-tasks/",
        "/help/skills/",
    ]


def _idea_pages(org):
    """The staff ideas board (civicshift.ideas): the demo's ideas, one with a comment, and the
    initiative that came from one."""
    from civicshift.ideas.models import Idea, IdeaComment

    o = f"/o/{org.slug}/ideas"
    comment = IdeaComment.objects.for_org(org).filter(hidden_at=None).order_by("pk").first()
    idea = Idea.objects.for_org(org).get(pk=comment.idea_id)
    promoted = Idea.objects.for_org(org).exclude(initiative=None).order_by("pk").first()
    return [
        f"{o}/",
        f"{o}/?status=declined&sort=newest",
        f"{o}/?q=zzzz-nothing",
        f"{o}/new/",
        f"{o}/mine/",
        f"{o}/{idea.pk}/",
        f"{o}/{idea.pk}/edit/",
        f"{o}/{idea.pk}/comment/",
        f"{o}/{idea.pk}/respond/",
        f"{o}/{idea.pk}/promote/",
        f"{o}/{idea.pk}/comments/{comment.pk}/hide/",
        f"{o}/{promoted.pk}/",
        f"{o}/from-initiative/{promoted.initiative_id}/",
    ]


def _survey_pages(org, initiative):
    from civicshift.surveys.models import Survey

    o = f"/o/{org.slug}"
    survey = Survey.objects.for_org(org).filter(status="open").order_by("pk").first()
    first = Survey.objects.for_org(org).order_by("pk").first()
    return [
        f"{o}/surveys/",
        f"{o}/surveys/new/",
        f"{o}/surveys/{survey.pk}/",
        f"{o}/surveys/{survey.pk}/edit/",
        f"{o}/surveys/{survey.pk}/results/",
        f"{o}/surveys/{first.pk}/results/",
        f"{o}/surveys/{survey.pk}/codes/",
        f"{o}/surveys/{survey.pk}/questions/new/",
        f"{o}/initiatives/{survey.initiative_id}/surveys/",
        "/help/surveys/",
    ]


def _public_survey_pages(org):
    from civicshift.surveys.models import Survey

    survey = Survey.objects.for_org(org).filter(status="open").order_by("pk").first()
    return [f"/s/{survey.token}/", f"/s/{survey.token}/thanks/"]


def _vendor_pages(org):
    """Vendors and evaluations (civicshift.vendors): the registry, a vendor, the demo's ERP RFP
    (the administrator is on its panel and has submitted) and its pages."""
    from civicshift.vendors.models import Evaluation, Vendor

    o = f"/o/{org.slug}/vendors"
    vendor = Vendor.objects.for_org(org).order_by("pk").first()
    erp = Evaluation.objects.for_org(org).get(weight_method="ahp")
    proposal = erp.proposals.order_by("pk").first()
    milestone = erp.milestones.order_by("pk").first()
    e = f"{o}/evaluations/{erp.pk}"
    return [
        f"{o}/",
        f"{o}/?q=zzzz-nothing",
        f"{o}/new/",
        f"{o}/{vendor.pk}/",
        f"{o}/{vendor.pk}/edit/",
        f"{o}/{vendor.pk}/contract/new/",
        f"{o}/{vendor.pk}/product/new/",
        f"{o}/initiatives/{erp.initiative_id}/",
        f"{o}/initiatives/{erp.initiative_id}/new/",
        f"{e}/",
        f"{e}/edit/",
        f"{e}/milestones/",
        f"{e}/milestones/{milestone.pk}/plan/",
        f"{e}/proposals/new/",
        f"{e}/proposals/{proposal.pk}/documents/",
        f"{e}/proposals/{proposal.pk}/diligence/",
        f"{e}/criteria/new/",
        f"{e}/weights/",
        f"{e}/panel/",
        f"{e}/declare/",
        f"{e}/compare/",
        f"{e}/my-scores/",
        f"{e}/consensus/",
        f"{e}/ranking/",
        f"{e}/business-case/",
        f"{e}/award/",
    ]


def _check(page, url, axe_source, failures):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for problem in axe_violations(page, axe_source):
        failures.append(f"{url}: {problem}")
    for error in page.csp_errors:
        failures.append(f"{url}: CSP: {error}")
    page.csp_errors.clear()


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_every_page_has_no_axe_violations(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    initiative = Initiative.objects.for_org(org).order_by("pk").first()
    department = Department.objects.for_org(org).first()
    goal = StrategicGoal.objects.for_org(org).first()
    member = Membership.objects.for_org(org).first()
    failures: list[str] = []

    anonymous = page_factory(width)
    for path in [
        "/accounts/login/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/MQ/bad-token/",
        "/accounts/invitations/nope/",
        *_public_survey_pages(org),
    ]:
        _check(anonymous, live_server.url + path, axe_source, failures)
    # a form with errors
    anonymous.goto(live_server.url + "/accounts/login/")
    anonymous.fill("#id_username", "nobody@example.org")
    anonymous.fill("#id_password", "wrong")
    anonymous.click("button[type=submit]:has-text('Sign in')")
    failures += [f"login with error: {p}" for p in axe_violations(anonymous, axe_source)]

    page = page_factory(width)
    email, password = _login_for(demo, "admin")
    sign_in(page, live_server.url, email, password)
    for path in _org_pages(org, initiative, department, goal, member):
        _check(page, live_server.url + path, axe_source, failures)
        if width < 800:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                failures.append(f"{path}: page is {overflow}px wider than a phone screen")

    # a form submitted with errors keeps what was typed and stays accessible
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/new/")
    page.fill("#id_title", "")
    page.fill("#id_cost_low", "900")
    page.fill("#id_cost_high", "100")
    page.click("button[type=submit]:has-text('Save')")
    assert page.input_value("#id_cost_low") == "900"
    failures += [f"initiative form with errors: {p}" for p in axe_violations(page, axe_source)]

    if failures:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"last-page-{width}.png"), full_page=True)
    assert not failures, "\n".join(failures)


def test_pages_reached_through_a_flow(demo, live_server, page_factory, axe_source):
    """Pages that need a state to exist: an invitation link, the second sign-in step, a new API
    token's one-time display, the lock-out page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from civicshift.orgs.services import invitation_create

    org = demo.organization
    admin_email, admin_password = _login_for(demo, "admin")
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.get(email=admin_email)
    _invitation, token = invitation_create(
        actor=admin_user,
        organization=org,
        email="newhire@maplefalls.example",
        role="editor",
        accept_url_base=live_server.url,
    )
    failures: list[str] = []

    anonymous = page_factory()
    _check(anonymous, f"{live_server.url}/accounts/invitations/{token}/", axe_source, failures)
    anonymous.click("button[type=submit]")  # empty sign-up form: errors shown
    failures += [f"invitation errors: {p}" for p in axe_violations(anonymous, axe_source)]

    page = page_factory()
    sign_in(page, live_server.url, admin_email, admin_password)
    page.goto(f"{live_server.url}/api/tokens/")
    page.fill("#id_name", "Budget spreadsheet")
    page.click("button[type=submit]:has-text('Create')")
    page.wait_for_load_state()
    assert "cs_" in page.content()
    failures += [f"token created: {p}" for p in axe_violations(page, axe_source)]

    editor_email, editor_password = _login_for(demo, "editor")
    editor = get_user_model().objects.get(email=editor_email)
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    second = page_factory()
    sign_in(second, live_server.url, editor_email, editor_password)
    assert "/accounts/login/code/" in second.url
    failures += [f"code step: {p}" for p in axe_violations(second, axe_source)]

    locked = page_factory()
    for _ in range(5):
        sign_in(locked, live_server.url, "viewer@maplefalls.example", "wrong password")
    assert "Too many failed sign-in attempts" in locked.content()
    failures += [f"locked out: {p}" for p in axe_violations(locked, axe_source)]
    assert not failures, "\n".join(failures)


def test_viewer_pages_and_error_pages(demo, live_server, page_factory, axe_source):
    org = demo.organization
    page = page_factory()
    email, password = _login_for(demo, "viewer")
    sign_in(page, live_server.url, email, password)
    failures: list[str] = []
    _check(page, f"{live_server.url}/o/{org.slug}/settings/", axe_source, failures)
    assert "not allowed" in page.content()
    _check(page, f"{live_server.url}/o/{org.slug}/initiatives/", axe_source, failures)
    assert page.locator("text=Propose an initiative").count() == 0
    assert not failures, "\n".join(failures)


def _people_pages(org):
    """The People tab of the demo's ERP initiative (it has a row of every kind), the forms of
    each kind of row, the send-to-plan step, the champions network and the help page."""
    from civicshift.people import models as people

    erp = Initiative.objects.for_org(org).get(title__startswith="Replace the 1994 AS/400")
    p = f"/o/{org.slug}/initiatives/{erp.pk}/people"
    rows = [
        ("stakeholders", people.Stakeholder),
        ("adkar", people.AdkarRating),
        ("impact", people.ImpactGroup),
        ("plan/activities", people.CommsActivity),
        ("plan/resistance", people.ResistanceResponse),
    ]
    pages = [f"{p}/", f"{p}/adkar/", f"{p}/impact/", f"{p}/plan/"]
    for part, model in rows:
        row = model.objects.for_org(org).filter(initiative=erp).first()
        pages += [f"{p}/{part}/add/", f"{p}/{part}/{row.pk}/edit/", f"{p}/{part}/{row.pk}/delete/"]
    activity = people.CommsActivity.objects.for_org(org).filter(initiative=erp).first()
    return [
        *pages,
        f"{p}/plan/activities/{activity.pk}/send/",
        f"/o/{org.slug}/champions/",
        "/help/people/",
    ]
