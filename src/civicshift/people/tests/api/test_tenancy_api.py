"""The People tab's API registered with the generic tenancy harness: another organization's
initiative or row is 404 (by session and by token), a viewer reads but cannot write, every
write is audited, and department and stakeholder ids of another organization are 400."""

from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from ...models import AdkarRating, CommsActivity, ImpactGroup, ResistanceResponse, Stakeholder
from ..factories import (
    make_activity,
    make_group,
    make_plan,
    make_rating,
    make_response,
    make_stakeholder,
)
from ..test_tenancy import ACTIVITY, GROUP, RATING, RESPONSE, STAKEHOLDER

EDITOR = Role.EDITOR
api_list = lambda obj: {"initiative_pk": obj.initiative_id}  # noqa: E731
api_detail = lambda obj: {"initiative_pk": obj.initiative_id, "pk": obj.pk}  # noqa: E731


def _json(data: dict) -> dict:
    """The form data as JSON values (numbers as numbers, no empty ids)."""
    out = {}
    for key, value in data.items():
        out[key] = int(value) if isinstance(value, str) and value.isdigit() else value
    return out


def api_crud(basename, data, change):
    return [
        api_endpoint(f"api:{basename}-list", kwargs=api_list),
        api_endpoint(f"api:{basename}-list", "POST", EDITOR, kwargs=api_list, data=data),
        api_endpoint(f"api:{basename}-detail", kwargs=api_detail),
        api_endpoint(
            f"api:{basename}-detail", "PATCH", EDITOR, kwargs=api_detail, data=lambda o, x: change
        ),
        api_endpoint(f"api:{basename}-detail", "PUT", EDITOR, kwargs=api_detail, data=data),
        api_endpoint(f"api:{basename}-detail", "DELETE", EDITOR, kwargs=api_detail),
    ]


class TestStakeholdersApi(TenancyHarness):
    model = Stakeholder
    endpoints = [
        *api_crud("people-stakeholder", lambda o, x: _json(STAKEHOLDER), {"influence": 4}),
        api_endpoint("api:people-initiative-summary", kwargs=lambda obj: {"pk": obj.initiative_id}),
    ]

    def make_object(self, organization, user):
        return make_stakeholder(organization, user)


class TestAdkarRatingsApi(TenancyHarness):
    model = AdkarRating
    endpoints = api_crud("people-adkar-rating", lambda o, x: _json(RATING), {"desire": 4})

    def make_object(self, organization, user):
        return make_rating(organization, user)


class TestImpactGroupsApi(TenancyHarness):
    model = ImpactGroup
    endpoints = api_crud("people-impact-group", lambda o, x: _json(GROUP), {"headcount": 12})

    def make_object(self, organization, user):
        return make_group(organization, user)


class TestActivitiesApi(TenancyHarness):
    model = CommsActivity
    endpoints = [
        *api_crud("people-activity", lambda o, x: _json(ACTIVITY), {"owner": "City Manager"}),
        api_endpoint("api:people-activity-send-to-plan", "POST", EDITOR, kwargs=api_detail),
    ]

    def make_object(self, organization, user):
        activity = make_activity(organization, user)
        make_plan(user, activity.initiative)
        return activity


class TestResistanceResponsesApi(TenancyHarness):
    model = ResistanceResponse
    endpoints = api_crud(
        "people-resistance-response",
        lambda o, x: {**_json(RESPONSE), "stakeholder": x.stakeholder_id},
        {"done": True},
    )

    def make_object(self, organization, user):
        return make_response(organization, user)
