"""The generic tenancy harness every app registers its models and URLs with.

Subclass ``TenancyHarness`` in ``<app>/tests/test_tenancy.py`` (the class name must start with
``Test``), set ``model`` and ``endpoints`` and define ``make_object(org, user)``. The harness then
checks, for every endpoint:

* anonymous → sent to sign in (web) or 401/403 (API), never data;
* a member of another organization → 404, both through the other organization's address and
  through their own organization's address with this organization's object id;
* a viewer reads but cannot write (403, and nothing written);
* a member with the endpoint's role can write, and an audit record is written.

``civicshift/testing/tests/test_harness_coverage.py`` fails if an organization URL or an
organization-owned model is not registered here, so new modules cannot skip these checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role, role_at_least

from .factories import make_member, make_org

REGISTRY: list[type[TenancyHarness]] = []


@dataclass
class Endpoint:
    url_name: str
    method: str = "GET"
    #: The least role that may use it.
    role: str = Role.VIEWER
    #: Extra URL kwargs besides ``org_slug``, from the object under test.
    kwargs: Callable[[Any], dict] = field(default=lambda obj: {})
    #: Form or JSON data for writes, from (organization, object).
    data: Callable[[Any, Any], dict] = field(default=lambda org, obj: {})
    #: Whether a successful call writes (an audit record, and for pages a redirect after the
    #: POST). False for POSTs that only compute, such as a live preview.
    audited: bool = True
    #: API endpoints are called with DRF's client and JSON.
    api: bool = False
    #: For an endpoint whose object does not belong to the URL's organization by id (lists,
    #: create forms), the cross-organization id check does not apply.
    object_in_url: bool = True

    @property
    def is_write(self) -> bool:
        return self.method.upper() not in {"GET", "HEAD", "OPTIONS"}

    def __str__(self) -> str:
        return f"{self.method} {self.url_name}"


class TenancyHarness:
    model: ClassVar[type | None] = None
    endpoints: ClassVar[list[Endpoint]] = []
    pytestmark = pytest.mark.django_db

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        REGISTRY.append(cls)

    def make_object(self, organization, user):
        """Create (through the services) one object of ``model`` in ``organization``."""
        return None

    # helpers ----------------------------------------------------------------------------------

    def _url(self, endpoint: Endpoint, org, obj) -> str:
        kwargs = {"org_slug": org.slug}
        if obj is not None:
            kwargs.update(endpoint.kwargs(obj))
        return reverse(endpoint.url_name, kwargs=kwargs)

    def _client(self, endpoint: Endpoint, user=None):
        client = APIClient() if endpoint.api else Client()
        if user is not None:
            client.force_login(user)
        return client

    def _call(self, endpoint: Endpoint, client, url: str, data: dict):
        method = getattr(client, endpoint.method.lower())
        if endpoint.api and endpoint.is_write:
            return method(url, data, format="json")
        if endpoint.is_write:
            return method(url, data)
        return method(url)

    def _setup(self):
        org = make_org()
        admin = make_member(org, Role.ADMIN)
        return org, admin

    # the generated checks --------------------------------------------------------------------

    def test_anonymous_never_gets_data(self):
        org, admin = self._setup()
        for endpoint in self.endpoints:
            obj = self.make_object(org, admin)
            url = self._url(endpoint, org, obj)
            response = self._call(endpoint, self._client(endpoint), url, endpoint.data(org, obj))
            if endpoint.api:
                assert response.status_code in (401, 403), f"{endpoint}: {response.status_code}"
            else:
                assert response.status_code == 302, f"{endpoint}: {response.status_code}"
                assert "/accounts/login/" in response["Location"], endpoint

    def test_member_of_another_organization_gets_404(self):
        org, admin = self._setup()
        other = make_org()
        outsider = make_member(other, Role.ADMIN)
        outsider_admin_obj = self.make_object(other, outsider)
        for endpoint in self.endpoints:
            obj = self.make_object(org, admin)
            before = AuditEvent.objects.count()
            client = self._client(endpoint, outsider)
            url = self._url(endpoint, org, obj)
            response = self._call(endpoint, client, url, endpoint.data(org, obj))
            assert response.status_code == 404, f"{endpoint} via {url}: {response.status_code}"
            if obj is not None and endpoint.object_in_url and endpoint.kwargs(obj):
                # Their own organization's address, with this organization's object id.
                url = self._url(endpoint, other, obj)
                response = self._call(endpoint, client, url, endpoint.data(other, obj))
                assert response.status_code == 404, f"{endpoint} via {url}: {response.status_code}"
            assert AuditEvent.objects.count() == before, f"{endpoint} wrote through 404"
        assert outsider_admin_obj is None or outsider_admin_obj.pk

    def test_roles_below_the_endpoint_role_are_refused(self):
        org, admin = self._setup()
        for endpoint in self.endpoints:
            for role in (Role.VIEWER, Role.EVALUATOR, Role.EDITOR):
                if role_at_least(role, endpoint.role):
                    continue
                user = make_member(org, role)
                obj = self.make_object(org, admin)
                before = AuditEvent.objects.count()
                response = self._call(
                    endpoint,
                    self._client(endpoint, user),
                    self._url(endpoint, org, obj),
                    endpoint.data(org, obj),
                )
                assert response.status_code == 403, f"{endpoint} as {role}: {response.status_code}"
                assert AuditEvent.objects.count() == before, f"{endpoint} as {role} wrote"

    def test_the_endpoint_role_succeeds_and_writes_are_audited(self):
        org, admin = self._setup()
        for endpoint in self.endpoints:
            user = admin if endpoint.role == Role.ADMIN else make_member(org, endpoint.role)
            obj = self.make_object(org, admin)
            before = AuditEvent.objects.for_org(org).count()
            response = self._call(
                endpoint,
                self._client(endpoint, user),
                self._url(endpoint, org, obj),
                endpoint.data(org, obj),
            )
            assert response.status_code < 400, (
                f"{endpoint} as {endpoint.role}: {response.status_code} "
                f"{getattr(response, 'content', b'')[:500]!r}"
            )
            if not endpoint.api and endpoint.is_write and endpoint.audited:
                form = (getattr(response, "context", None) or {}).get("form")
                assert response.status_code in (302, 303), (
                    f"{endpoint}: expected a redirect after a successful write, got "
                    f"{response.status_code}; form errors: {form.errors if form else None}"
                )
            if endpoint.is_write and endpoint.audited:
                assert AuditEvent.objects.for_org(org).count() > before, (
                    f"{endpoint} wrote no audit record"
                )
