"""One named enum per inventory choice list in the OpenAPI document (``InventoryCategory``,
``ComponentKind``…), instead of drf-spectacular naming enums after field names, where
``category`` or ``kind`` would collide with the business case's lists of the same name."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field described by the enum component ``enum_name``."""

    def __init__(self, *, choices, enum_name: str, **kwargs) -> None:
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict:
        field = self.target
        plain = serializers.ChoiceField(choices=field.choices, allow_blank=field.allow_blank)
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema=build_choice_field(plain),
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
