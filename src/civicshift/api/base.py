"""What every organization-scoped endpoint shares: the organization from the URL, the role
checks, and turning service errors into API answers.

Writes never call ``serializer.save()``: ``perform_create``/``perform_update``/``perform_destroy``
hand the validated data to the app's service (``service_create`` etc. in each viewset), which
checks the role again, writes the audit record and runs the model's validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import IsAuthenticated
from rest_framework.settings import api_settings

from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.roles import Role

from .concurrency import VersionedAPIMixin
from .permissions import OrganizationRolePermission, resolve_membership
from .schema import OrgAutoSchema


def validation_detail(exc: DjangoValidationError, field_map: dict[str, str] | None = None) -> dict:
    """A Django ValidationError as DRF error data: ``{field: [messages]}``, with errors that
    belong to no field under ``non_field_errors``. ``field_map`` renames model fields to the
    names the API uses."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    detail: dict[str, list[str]] = {}
    for field, errors in exc.error_dict.items():
        if field == NON_FIELD_ERRORS:
            key = api_settings.NON_FIELD_ERRORS_KEY
        else:
            key = field_map.get(field, field)
        detail.setdefault(key, []).extend(DjangoValidationError(errors).messages)
    return detail


@contextmanager
def service_errors(field_map: dict[str, str] | None = None) -> Iterator[None]:
    """Run a service call; its ValidationError becomes a 400 answer naming the fields.
    (PermissionDenied and Http404 already become 403 and 404 in DRF.)"""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(validation_detail(exc, field_map)) from exc


class OrgScopedMixin(VersionedAPIMixin):
    """Resolve ``org_slug`` from the URL, check membership (404) and role (403). Versioned
    objects answer with an ETag and honour If-Match (``api.concurrency``)."""

    permission_classes = [IsAuthenticated, OrganizationRolePermission]
    schema = OrgAutoSchema()
    read_role: str = Role.VIEWER
    write_role: str = Role.EDITOR
    #: Model field name → API field name, for service validation errors.
    error_field_map: dict[str, str] = {}

    organization: Organization
    membership: Membership

    def resolve_organization(self) -> tuple[Organization, Membership]:
        if not hasattr(self, "_resolved"):
            self._resolved = resolve_membership(self.request, self.kwargs["org_slug"])
            self.organization, self.membership = self._resolved
        return self._resolved

    @property
    def is_schema_view(self) -> bool:
        """True while drf-spectacular inspects the view (no request organization then)."""
        return getattr(self, "swagger_fake_view", False)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["organization"] = getattr(self, "organization", None)
        context["membership"] = getattr(self, "membership", None)
        return context

    @contextmanager
    def service_errors(self) -> Iterator[None]:
        """A service's ValidationError → 400; a refusal as out of date → 412 or 409."""
        with service_errors(self.error_field_map), self.stale_errors():
            yield


class ServiceWriteMixin(OrgScopedMixin):
    """Create, update and delete through services. Subclasses define ``service_create(data)``,
    ``service_update(instance, data)`` and ``service_delete(instance)`` as they need, and
    ``scoped_queryset()`` (the organization's rows)."""

    def scoped_queryset(self):
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define scoped_queryset() (the organization's rows)."
        )

    def get_queryset(self):
        if self.is_schema_view:
            return self.queryset.none()
        return self.scoped_queryset()

    def perform_create(self, serializer) -> None:
        with self.service_errors():
            serializer.instance = self.service_create(dict(serializer.validated_data))

    def perform_update(self, serializer) -> None:
        # If-Match is checked here (412); the service checks the same version again in its
        # transaction, since the instance it gets was read at that version.
        self.expected_version(serializer.instance)
        with self.service_errors():
            serializer.instance = self.service_update(
                serializer.instance, dict(serializer.validated_data)
            )
        self.send_etag(serializer.instance)

    def perform_destroy(self, instance) -> None:
        with self.service_errors():
            self.service_delete(instance)

    # An endpoint without the service for a write answers 405, as if the method were not routed.
    def service_create(self, data: dict):
        raise MethodNotAllowed(self.request.method)

    def service_update(self, instance, data: dict):
        raise MethodNotAllowed(self.request.method)

    def service_delete(self, instance) -> None:
        raise MethodNotAllowed(self.request.method)
