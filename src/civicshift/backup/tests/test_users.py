"""People in an import are matched by e-mail; those not found get a switched-off account."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth import get_user_model

from civicshift.backup.services import export_organization_data
from civicshift.orgs.models import Membership

from .conftest import import_confirmed_summary

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_people_are_matched_by_email_ignoring_case(rich_org):
    data = copy.deepcopy(export_organization_data(rich_org))
    for user in data["users"]:
        user["email"] = user["email"].upper()
    summary = import_confirmed_summary(data, into_slug="maple-copy")
    assert summary.created_users == []
    assert set(
        Membership.objects.filter(organization=summary.organization).values_list("user", flat=True)
    ) == set(Membership.objects.filter(organization=rich_org).values_list("user", flat=True))


def test_people_not_found_get_an_inactive_account_without_password(rich_org):
    data = copy.deepcopy(export_organization_data(rich_org))
    entry = next(u for u in data["users"] if u["email"] == "viewer@maplefalls.example")
    entry.update(email="Pat.Lee@county.example", first_name="Pat", last_name="Lee")
    # the exported user name is taken here by someone else: another one is chosen
    summary = import_confirmed_summary(data, into_slug="maple-copy")
    assert summary.created_users == ["Pat.Lee@county.example"]
    pat = User.objects.get(email="Pat.Lee@county.example")
    assert not pat.is_active
    assert not pat.has_usable_password()
    assert (pat.first_name, pat.last_name) == ("Pat", "Lee")
    assert pat.username == "Pat.Lee@county.example"
    assert Membership.objects.get(organization=summary.organization, user=pat).role == "viewer"
    assert summary.total_rows == sum(len(r) for r in data["tables"].values())
