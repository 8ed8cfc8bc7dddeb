"""The pages outside an organization (home, sign-in security, API tokens, the caller's
organizations) keep the same secrets as the organization pages: ``SENSITIVE`` for a viewer."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.testing.sensitive import SensitiveFixture, forbidden, response_text

PAGES = ["web:home", "accounts:security", "api:tokens"]
API = ["api:orgs"]


@pytest.mark.django_db
def test_personal_pages_show_a_member_no_secret():
    org = make_org()
    fixture = SensitiveFixture.build(org, make_member(org, Role.ADMIN))
    viewer = fixture.members[Role.VIEWER]
    # A second organization, so the home page lists both instead of redirecting.
    Membership.objects.create(organization=make_org(), user=viewer, role=Role.VIEWER)
    web, api = Client(), APIClient()
    web.force_login(viewer)
    api.force_authenticate(viewer)
    responses = {name: web.get(reverse(name)) for name in PAGES}
    responses |= {name: api.get(reverse(name)) for name in API}
    leaks = []
    for name, response in responses.items():
        assert response.status_code == 200, f"{name}: {response.status_code}"
        text = response_text(response)
        for secret, values in forbidden(fixture, Role.VIEWER, viewer).items():
            leaks += [f"{name} shows {secret}: {v}" for v in values if v in text]
    assert not leaks, "\n".join(leaks)
    # The test could fail: the home page does name the organization and the viewer's tokens.
    assert org.name in response_text(responses["web:home"])
    assert "Budget sync" in response_text(responses["api:tokens"])
