"""Fixtures for API tests, imported by each app's ``tests/api/conftest.py``: an organization with
one member per role, and clients that authenticate with a real API token."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from civicshift.api.services import api_token_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org


@pytest.fixture
def org(db):
    return make_org("maple-falls", name="Maple Falls")


@pytest.fixture
def other_org(db):
    return make_org("pine-ridge", name="Pine Ridge")


@pytest.fixture
def users(org):
    """One member of ``org`` per role."""
    return {
        role: make_member(org, role, email=f"{role}@maple-falls.example.org")
        for role in Role.values
    }


@pytest.fixture
def token_client():
    """``token_client(user)``: an APIClient sending ``Authorization: Token <key>``."""

    def make(user, keyword: str = "Token") -> APIClient:
        _token, key = api_token_create(actor=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        return client

    return make


@pytest.fixture
def admin_api(users, token_client):
    return token_client(users[Role.ADMIN])


@pytest.fixture
def editor_api(users, token_client):
    return token_client(users[Role.EDITOR])


@pytest.fixture
def viewer_api(users, token_client):
    return token_client(users[Role.VIEWER])
