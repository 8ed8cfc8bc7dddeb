"""How the OpenAPI document describes the API: the token scheme, one enum for initiative
statuses, and readable operation ids.

Imported from ``ApiConfig.ready`` so the extensions are registered before any schema is built.
"""

from __future__ import annotations

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework.fields import ChoiceField

from civicshift.initiatives.models import Status


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "civicshift.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal API token, created on the 'API tokens' page of the web application. "
                "Send it as `Authorization: Token <key>` (`Authorization: Bearer <key>` is "
                "accepted too)."
            ),
        }


class InitiativeStatusFieldExtension(OpenApiSerializerFieldExtension):
    """Every initiative status field refers to one ``InitiativeStatus`` enum component, instead
    of one enum per field name (``StatusEnum``, ``ToStatusEnum``…) with the same values."""

    target_class = "civicshift.initiatives.api.serializers.StatusField"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        component = ResolvedComponent(
            name="InitiativeStatus",
            type=ResolvedComponent.SCHEMA,
            object="InitiativeStatus",
            schema=build_choice_field(ChoiceField(choices=Status.choices)),
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class OrgAutoSchema(AutoSchema):
    """Operation ids without the ``o_`` of ``/o/{org_slug}/``: ``departments_list``, not
    ``o_departments_list``; the organization itself gets ``organization_*``."""

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        if operation_id.startswith("o_"):
            operation_id = operation_id[2:]
        if operation_id in {"retrieve", "update", "partial_update"}:
            operation_id = f"organization_{operation_id}"
        return operation_id
