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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import mixins, serializers
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


class StaleRefusalSerializer(serializers.Serializer):
    """The body of a 409 or 412 answer (``api.concurrency``)."""

    detail = serializers.CharField(help_text="Who changed the object, and when.")
    current_version = serializers.IntegerField(allow_null=True)
    etag = serializers.CharField(allow_null=True, help_text="The ETag to send now.")


class OrgAutoSchema(AutoSchema):
    """Operation ids without the ``o_`` of ``/o/{org_slug}/``: ``departments_list``, not
    ``o_departments_list``; the organization itself gets ``organization_*``.

    For one versioned object (``api.concurrency``): the ``ETag`` response header, the optional
    ``If-Match`` request header of ``PUT``/``PATCH`` and their 412 and 409 answers."""

    def _versioned_detail(self) -> bool:
        from .concurrency import ETAG_ACTIONS, ETAG_METHODS

        model = getattr(getattr(self.view, "queryset", None), "model", None)
        action = getattr(self.view, "action", None)
        one_object = action is not None or (
            isinstance(self.view, mixins.RetrieveModelMixin | mixins.UpdateModelMixin)
            and not isinstance(self.view, mixins.ListModelMixin)
        )
        return (
            getattr(model, "version_field", None) is not None
            and self.method in ETAG_METHODS
            and action in ETAG_ACTIONS
            and one_object
        )

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not self._versioned_detail():
            return parameters
        parameters.append(
            OpenApiParameter(
                "ETag",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=[200],
                description='The object\'s version, e.g. "4"; send it back in If-Match.',
            )
        )
        if self.method in ("PUT", "PATCH"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=(
                        "The ETag you read. The change is made only if the object is still at "
                        "that version (otherwise 412). Optional; see docs/api.md."
                    ),
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        # Here rather than in get_response_serializers, which @extend_schema(responses=…)
        # replaces.
        responses = super()._get_response_bodies(direction)
        if self.method in ("PUT", "PATCH") and self._versioned_detail():
            for code, text in (
                ("409", "Changed by someone else while the request ran (no If-Match)."),
                ("412", "No longer at the version named in If-Match."),
            ):
                responses.setdefault(
                    code,
                    self._get_response_for_code(
                        OpenApiResponse(StaleRefusalSerializer, description=text), code
                    ),
                )
        return responses
