"""The People tab's pages registered with the generic tenancy harness: another organization's
initiative or row is 404, a viewer reads but cannot write, every write is audited, and every
id-taking field (department, stakeholder) refuses another organization's id."""

from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from ..models import AdkarRating, CommsActivity, ImpactGroup, ResistanceResponse, Stakeholder
from ..views import FORMS
from .factories import (
    make_activity,
    make_group,
    make_plan,
    make_rating,
    make_response,
    make_stakeholder,
)

EDITOR = Role.EDITOR
in_initiative = lambda obj: {"pk": obj.initiative_id}  # noqa: E731
item = lambda obj: {"pk": obj.initiative_id, "item": obj.pk}  # noqa: E731

STAKEHOLDER = {
    "name": "Payroll clerks",
    "kind": "group",
    "role": "Daily users",
    "influence": "2",
    "interest": "4",
    "current_stance": "neutral",
    "desired_stance": "supportive",
    "concerns": "",
    "engagement": "",
}
RATING = {
    "subject": "Payroll clerks",
    "kind": "group",
    "rated_on": "2026-11-02",
    "awareness": "4",
    "desire": "3",
    "knowledge": "2",
    "ability": "2",
    "reinforcement": "1",
    "notes": "",
}
GROUP = {
    "name": "Payroll",
    "headcount": "6",
    "processes": "3",
    "systems": "5",
    "job_roles": "1",
    "reporting": "2",
    "skills": "3",
    "location_schedule": "0",
    "notes": "",
}
ACTIVITY = {
    "title": "Demo of the new payroll screens",
    "kind": "demo",
    "audience": "Payroll clerks",
    "message": "",
    "channel": "Training room",
    "date": "2027-03-10",
    "owner": "IT Manager",
    "status": "planned",
    "notes": "",
}
RESPONSE = {
    "cause": "skills",
    "response": "Hands-on practice sessions before go-live.",
    "owner": "Finance Director",
    "due": "2027-04-01",
    "notes": "",
}


def crud(prefix, data):
    form = FORMS[prefix]
    return [
        Endpoint(f"people:{prefix}_create", role=EDITOR, kwargs=in_initiative),
        Endpoint(
            f"people:{prefix}_create", "POST", EDITOR, kwargs=in_initiative, data=data, form=form
        ),
        Endpoint(f"people:{prefix}_edit", role=EDITOR, kwargs=item),
        Endpoint(
            f"people:{prefix}_edit",
            "POST",
            EDITOR,
            kwargs=item,
            data=lambda org, obj: {**data(org, obj), "version": obj.version},
            form=form,
        ),
        Endpoint(f"people:{prefix}_delete", role=EDITOR, kwargs=item),
        Endpoint(f"people:{prefix}_delete", "POST", EDITOR, kwargs=item),
    ]


class TestStakeholders(TenancyHarness):
    model = Stakeholder
    endpoints = [
        Endpoint("people:initiative_people", kwargs=in_initiative),
        Endpoint("people:champions", object_in_url=False),
        *crud("stakeholder", lambda org, obj: STAKEHOLDER),
    ]

    def make_object(self, organization, user):
        return make_stakeholder(organization, user, current_stance="champion")


class TestAdkarRatings(TenancyHarness):
    model = AdkarRating
    endpoints = [
        Endpoint("people:adkar", kwargs=in_initiative),
        *crud("rating", lambda org, obj: RATING),
    ]

    def make_object(self, organization, user):
        return make_rating(organization, user)


class TestImpactGroups(TenancyHarness):
    model = ImpactGroup
    endpoints = [
        Endpoint("people:impact", kwargs=in_initiative),
        *crud("group", lambda org, obj: GROUP),
    ]

    def make_object(self, organization, user):
        return make_group(organization, user)


class TestActivities(TenancyHarness):
    model = CommsActivity
    endpoints = [
        Endpoint("people:comms", kwargs=in_initiative),
        *crud("activity", lambda org, obj: ACTIVITY),
        Endpoint("people:activity_send", role=EDITOR, kwargs=item),
        Endpoint(
            "people:activity_send", "POST", EDITOR, kwargs=item, data=lambda o, a: {"send": "1"}
        ),
    ]

    def make_object(self, organization, user):
        activity = make_activity(organization, user)
        make_plan(user, activity.initiative)
        return activity


class TestResistanceResponses(TenancyHarness):
    model = ResistanceResponse
    endpoints = crud(
        "response", lambda org, obj: {**RESPONSE, "stakeholder": str(obj.stakeholder_id)}
    )

    def make_object(self, organization, user):
        return make_response(organization, user)
