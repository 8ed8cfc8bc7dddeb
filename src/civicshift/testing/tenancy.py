"""The generic tenancy harness every app registers its models and URLs with.

Subclass ``TenancyHarness`` in ``<app>/tests/test_tenancy.py`` (the class name must start with
``Test``), set ``model`` and ``endpoints`` and define ``make_object(org, user)``. The harness then
checks, for every endpoint:

* anonymous → sent to sign in (web) or 401/403 (API), never data;
* a member of another organization → 404, both through the other organization's address and
  through their own organization's address with this organization's object id;
* a viewer reads but cannot write (403, and nothing written);
* a member with the endpoint's role can write, and an audit record is written;
* every API endpoint is called both with a session and with a personal API token (the tests
  take an ``auth`` parameter, ``session`` or ``token``): a token of another organization's member
  → 404, a viewer's token cannot write → 403, an unknown key → 401;
* mixed ids: for an endpoint whose URL holds more than one object id (a case and its option and
  line), each id in turn is replaced by the id of another organization's object of the same
  model, found by calling the same ``kwargs`` on an object made in the other organization →
  404 and nothing written; the same with another object of this organization (an option of
  another case);
* references in the payload: every field of the endpoint's form (web) or request serializer
  (API, as the OpenAPI document describes it) that takes another object's id
  (``ModelChoiceField``, ``ModelMultipleChoiceField``, ``PrimaryKeyRelatedField``) is sent
  the id of another organization's object of that model → a form error or 400 on that field,
  and nothing written. The other organization's object is made by the harness registered for
  that model (``object_factory``);
* what a role may not read: every GET endpoint is rendered as the roles allowed to read it (the
  most privileged of each group under the same rule, `strictest_readers`), and
  the strings ``testing/sensitive.py``'s ``SENSITIVE`` keeps from that role (other members'
  e-mail addresses, invitation e-mails, token keys and hashes, password hashes) are absent.

``civicshift/testing/tests/test_harness_coverage.py`` fails if an organization URL, an
organization-owned model or a relation field of a form or serializer is not covered here, so
new modules cannot skip these checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role, role_at_least

from .factories import make_member, make_org
from .introspection import load_all_harnesses, relation_fields
from .sensitive import (
    KNOWN_LEAKS,
    SensitiveFixture,
    forbidden,
    response_text,
    strictest_readers,
)

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
    #: The form a web endpoint validates, when its view has no ``form_class`` attribute.
    form: type | None = None
    #: The request serializer of an API endpoint, when the OpenAPI document does not say it.
    serializer: type | None = None
    #: A web write that answers with a page showing a one-time secret (200) instead of a
    #: redirect, so the secret is in that one response only (never in the session or a URL).
    #: Still audited.
    shows_secret: bool = False

    @property
    def is_write(self) -> bool:
        return self.method.upper() not in {"GET", "HEAD", "OPTIONS"}

    def __str__(self) -> str:
        return f"{self.method} {self.url_name}"


#: The ways an API endpoint is called; web pages only with a session.
AUTH_METHODS = ("session", "token")


def object_factory(model) -> Callable[[Any, Any], Any]:
    """A function ``(organization, user) → object of model`` in that organization: the
    ``make_object`` of the harness registered for the model (a member, for the user model)."""
    if model is get_user_model():
        return lambda organization, user: make_member(organization, Role.VIEWER)
    load_all_harnesses()
    for harness in REGISTRY:
        if harness.model is model and harness.make_object is not TenancyHarness.make_object:
            return harness().make_object
    raise LookupError(
        f"No tenancy harness makes a {model._meta.label}: register one with model = "
        f"{model.__name__} and a make_object()."
    )


def api_endpoint(url_name: str, method: str = "GET", role: str = Role.VIEWER, **kwargs) -> Endpoint:
    """An API endpoint for a harness's ``endpoints`` (called with DRF's client and JSON)."""
    return Endpoint(url_name, method=method, role=role, api=True, **kwargs)


class TenancyHarness:
    model: ClassVar[type | None] = None
    endpoints: ClassVar[list[Endpoint]] = []
    pytestmark = pytest.mark.django_db

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        REGISTRY.append(cls)

    def pytest_generate_tests(self, metafunc):
        if "auth" in metafunc.fixturenames:
            api = any(endpoint.api for endpoint in self.endpoints)
            metafunc.parametrize("auth", AUTH_METHODS if api else AUTH_METHODS[:1])

    def make_object(self, organization, user):
        """Create (through the services) one object of ``model`` in ``organization``."""
        return None

    # helpers ----------------------------------------------------------------------------------

    def _endpoints(self, auth: str = "session") -> list[Endpoint]:
        if auth == "token":
            return [endpoint for endpoint in self.endpoints if endpoint.api]
        return list(self.endpoints)

    def _url(self, endpoint: Endpoint, org, obj, kwargs: dict | None = None) -> str:
        full = {"org_slug": org.slug}
        if obj is not None:
            full.update(endpoint.kwargs(obj) if kwargs is None else kwargs)
        return reverse(endpoint.url_name, kwargs=full)

    def _token(self, user) -> str:
        from civicshift.api.services import api_token_create

        keys = self.__dict__.setdefault("_keys", {})
        if user.pk not in keys:
            _token, keys[user.pk] = api_token_create(actor=user, name="Tenancy harness")
        return keys[user.pk]

    def _client(self, endpoint: Endpoint, user=None, auth: str = "session"):
        client = APIClient() if endpoint.api else Client()
        if auth == "token" and endpoint.api:
            key = self._token(user) if user is not None else "cs_not-a-key-of-anyone"
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        elif user is not None:
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

    def test_anonymous_never_gets_data(self, auth):
        org, admin = self._setup()
        for endpoint in self._endpoints(auth):
            obj = self.make_object(org, admin)
            url = self._url(endpoint, org, obj)
            client = self._client(endpoint, auth=auth)
            response = self._call(endpoint, client, url, endpoint.data(org, obj))
            if endpoint.api:
                expected = (401,) if auth == "token" else (401, 403)
                assert response.status_code in expected, f"{endpoint}: {response.status_code}"
            else:
                assert response.status_code == 302, f"{endpoint}: {response.status_code}"
                assert "/accounts/login/" in response["Location"], endpoint

    def test_member_of_another_organization_gets_404(self, auth):
        org, admin = self._setup()
        other = make_org()
        outsider = make_member(other, Role.ADMIN)
        outsider_admin_obj = self.make_object(other, outsider)
        for endpoint in self._endpoints(auth):
            obj = self.make_object(org, admin)
            before = AuditEvent.objects.count()
            client = self._client(endpoint, outsider, auth)
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

    def test_mixed_ids_from_two_organizations_get_404(self, auth):
        """This organization's address and objects, with one id swapped for the id of another
        organization's object of the same model (e.g. our case, their option) — and, as the
        same code path scopes a child to its parent, for the id of another object of our own
        organization (our case, the option of our other case)."""
        org, admin = self._setup()
        other = make_org()
        outsider = make_member(other, Role.ADMIN)
        objects = None
        for endpoint in self._endpoints(auth):
            if objects is None:
                objects = (
                    self.make_object(org, admin),
                    {
                        "another organization's": self.make_object(other, outsider),
                        "another parent's": self.make_object(org, admin),
                    },
                )
            obj, swaps = objects
            if obj is None:
                continue
            ours = endpoint.kwargs(obj)
            # The object ids: the kwargs that differ for another organization's object (not,
            # say, a module's name).
            outside = endpoint.kwargs(swaps["another organization's"])
            ids = [n for n, value in ours.items() if outside.get(n, value) != value]
            if len(ids) < 2:
                continue  # one id: the other-organization check above already swaps it
            client = self._client(endpoint, admin, auth)
            for whose, foreign in swaps.items():
                theirs = endpoint.kwargs(foreign)
                for name in [n for n in ids if theirs[n] != ours[n]]:
                    url = self._url(endpoint, org, obj, {**ours, name: theirs[name]})
                    before = AuditEvent.objects.count()
                    response = self._call(endpoint, client, url, endpoint.data(org, obj))
                    assert response.status_code == 404, (
                        f"{endpoint} with {whose} {name}: {url} answered {response.status_code}"
                    )
                    assert AuditEvent.objects.count() == before, f"{endpoint} via {url} wrote"

    def test_references_to_another_organizations_objects_are_refused(self):
        """Every id-taking field of the form or serializer, given another organization's
        object → refused on that field, nothing written."""
        org, admin = self._setup()
        other = make_org()
        outsider = make_member(other, Role.ADMIN)
        foreign: dict[type, Any] = {}
        for endpoint in self.endpoints:
            fields = relation_fields(endpoint)
            if not fields:
                continue
            obj = self.make_object(org, admin)
            client = self._client(endpoint, admin)
            url = self._url(endpoint, org, obj)
            for field_ in fields:
                if field_.model not in foreign:
                    foreign[field_.model] = object_factory(field_.model)(other, outsider)
                data = {**endpoint.data(org, obj), field_.name: field_.value(foreign[field_.model])}
                before = AuditEvent.objects.count()
                response = self._call(endpoint, client, url, data)
                where = f"{endpoint} with another organization's {field_.label}"
                assert AuditEvent.objects.count() == before, f"{where}: written"
                if endpoint.api:
                    assert response.status_code == 400, f"{where}: {response.status_code}"
                    assert field_.name in response.json(), f"{where}: {response.json()}"
                else:
                    assert response.status_code == 200, f"{where}: {response.status_code}"
                    form = response.context["form"]
                    assert field_.name in form.errors, f"{where}: errors {form.errors}"

    def test_roles_never_read_what_they_may_not(self):
        """Every GET endpoint as every role that may read it: no string of ``SENSITIVE`` that
        the role may not see (testing/sensitive.py)."""
        org, admin = self._setup()
        fixture = SensitiveFixture.build(org, admin)
        obj = self.make_object(org, admin)
        leaks: list[str] = []
        known_shown: dict[tuple[str, str], bool] = {}
        for endpoint in self.endpoints:
            if endpoint.is_write:
                continue
            url = self._url(endpoint, org, obj)
            for role in strictest_readers(endpoint.role):
                user = fixture.members[role]
                response = self._call(endpoint, self._client(endpoint, user), url, {})
                assert response.status_code < 400, f"{endpoint} as {role}: {response.status_code}"
                text = response_text(response)
                for secret, values in forbidden(fixture, role, user).items():
                    shown = [value for value in values if value in text]
                    key = (endpoint.url_name, secret)
                    if key in KNOWN_LEAKS:
                        known_shown[key] = known_shown.get(key, False) or bool(shown)
                    elif shown:
                        leaks.append(f"{endpoint} shows {role}s {secret}: {shown}")
        assert not leaks, "\n".join(leaks)
        fixed = [f"{key}: {KNOWN_LEAKS[key]}" for key, shown in known_shown.items() if not shown]
        assert not fixed, "Fixed: remove from testing/sensitive.py KNOWN_LEAKS:\n" + "\n".join(
            fixed
        )

    def test_roles_below_the_endpoint_role_are_refused(self, auth):
        org, admin = self._setup()
        for endpoint in self._endpoints(auth):
            for role in (Role.VIEWER, Role.EVALUATOR, Role.EDITOR):
                if role_at_least(role, endpoint.role):
                    continue
                user = make_member(org, role)
                obj = self.make_object(org, admin)
                before = AuditEvent.objects.count()
                response = self._call(
                    endpoint,
                    self._client(endpoint, user, auth),
                    self._url(endpoint, org, obj),
                    endpoint.data(org, obj),
                )
                assert response.status_code == 403, f"{endpoint} as {role}: {response.status_code}"
                assert AuditEvent.objects.count() == before, f"{endpoint} as {role} wrote"

    def test_the_endpoint_role_succeeds_and_writes_are_audited(self, auth):
        org, admin = self._setup()
        for endpoint in self._endpoints(auth):
            user = admin if endpoint.role == Role.ADMIN else make_member(org, endpoint.role)
            obj = self.make_object(org, admin)
            before = AuditEvent.objects.for_org(org).count()
            response = self._call(
                endpoint,
                self._client(endpoint, user, auth),
                self._url(endpoint, org, obj),
                endpoint.data(org, obj),
            )
            assert response.status_code < 400, (
                f"{endpoint} as {endpoint.role}: {response.status_code} "
                f"{getattr(response, 'content', b'')[:500]!r}"
            )
            if (
                not endpoint.api
                and endpoint.is_write
                and endpoint.audited
                and endpoint.shows_secret
            ):
                assert response.status_code == 200, f"{endpoint}: {response.status_code}"
                assert response.get("Cache-Control") == "no-store", (
                    f"{endpoint} shows a secret in a page that may be cached"
                )
            elif not endpoint.api and endpoint.is_write and endpoint.audited:
                form = (getattr(response, "context", None) or {}).get("form")
                assert response.status_code in (302, 303), (
                    f"{endpoint}: expected a redirect after a successful write, got "
                    f"{response.status_code}; form errors: {form.errors if form else None}"
                )
            if endpoint.is_write and endpoint.audited:
                assert AuditEvent.objects.for_org(org).count() > before, (
                    f"{endpoint} wrote no audit record"
                )
