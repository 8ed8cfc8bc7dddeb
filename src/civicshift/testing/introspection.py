"""What the tenancy harness reads from the code instead of from a hand-written list.

* ``url_callbacks()``: every named URL and the view behind it;
* ``relation_fields(endpoint)``: the fields of the form (web) or serializer (API) an endpoint
  accepts that name another object by id — ``ModelChoiceField``/``ModelMultipleChoiceField``
  in forms, ``PrimaryKeyRelatedField`` (also ``many=True``) and ``SlugRelatedField`` in
  serializers. The API's request serializer is the one the OpenAPI document describes
  (drf-spectacular's view of the endpoint, so ``@extend_schema(request=…)`` counts);
* ``all_relation_fields()``: the same fields over every form and serializer class defined in
  ``civicshift`` (the coverage test compares the two);
* ``load_all_harnesses()``: import every ``civicshift.<app>.tests.test_tenancy*`` module.

Nothing here touches the database.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers

import civicshift

#: HTTP methods whose body carries data (DELETE has no body here).
BODY_METHODS = {"POST", "PUT", "PATCH"}


@dataclass(frozen=True)
class RelationField:
    """One field of a form or serializer class that takes another object's id."""

    owner: type  # the form or serializer class
    name: str
    model: type  # the model the id names
    many: bool
    #: The attribute of the object that is sent (``pk``, or a ``SlugRelatedField``'s slug).
    attribute: str = "pk"

    @property
    def label(self) -> str:
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.name}"

    def value(self, obj):
        value = getattr(obj, self.attribute)
        return [value] if self.many else value


def load_all_harnesses() -> None:
    """Import every ``civicshift.<app>.tests[.<sub>].test_tenancy*`` module (so its harnesses
    register), including those of sub-packages such as ``tests/api/``."""
    for app in pkgutil.iter_modules(civicshift.__path__):
        if not app.ispkg:
            continue
        try:
            tests = importlib.import_module(f"civicshift.{app.name}.tests")
        except ModuleNotFoundError as exc:
            if exc.name != f"civicshift.{app.name}.tests":
                raise
            continue
        for module in pkgutil.walk_packages(tests.__path__, prefix=f"{tests.__name__}."):
            if module.name.rsplit(".", 1)[-1].startswith("test_tenancy"):
                importlib.import_module(module.name)


def _walk(resolver=None, namespace: str = "", under_org: bool = False):
    for pattern in (resolver or get_resolver()).url_patterns:
        in_org = under_org or "org_slug" in str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(p for p in (namespace, pattern.namespace or "") if p)
            yield from _walk(pattern, ns, in_org)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join(p for p in (namespace, pattern.name) if p), pattern.callback, in_org


@cache
def url_callbacks() -> dict[str, object]:
    """URL name (with namespace) → view callback."""
    return {name: callback for name, callback, _org in _walk()}


def org_url_names() -> set[str]:
    """Names of every URL whose pattern (or an including prefix) carries ``org_slug``."""
    return {name for name, _callback, in_org in _walk() if in_org}


# Forms --------------------------------------------------------------------------------------


def form_relation_fields(form_class: type[forms.BaseForm]) -> list[RelationField]:
    return [
        RelationField(
            form_class,
            name,
            field.queryset.model,
            many=isinstance(field, forms.ModelMultipleChoiceField),
            attribute=field.to_field_name or "pk",
        )
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
    ]


def web_form_class(endpoint) -> type[forms.BaseForm] | None:
    """The form a web endpoint validates: ``Endpoint.form``, else the view's ``form_class``."""
    if endpoint.form is not None:
        return endpoint.form
    callback = url_callbacks()[endpoint.url_name]
    view_class = getattr(callback, "view_class", None)
    return getattr(view_class, "form_class", None)


# Serializers --------------------------------------------------------------------------------


def serializer_relation_fields(serializer_class: type) -> list[RelationField]:
    found = []
    for name, field in serializer_class().fields.items():
        if field.read_only:
            continue
        many = isinstance(field, serializers.ManyRelatedField)
        relation = field.child_relation if many else field
        if not isinstance(relation, serializers.RelatedField):
            continue
        if isinstance(relation, serializers.SlugRelatedField):
            attribute = relation.slug_field
        elif isinstance(relation, serializers.PrimaryKeyRelatedField):
            attribute = relation.pk_field.source if relation.pk_field else "pk"
        else:
            # A hyperlinked or custom relation: the harness would not know what to send.
            raise TypeError(
                f"{serializer_class.__qualname__}.{name}: {type(relation).__name__} is not "
                "supported by the tenancy harness; use PrimaryKeyRelatedField."
            )
        found.append(
            RelationField(serializer_class, name, relation.queryset.model, many, attribute)
        )
    return found


def api_request_serializer(endpoint) -> type | None:
    """The request serializer of an API endpoint, as the OpenAPI document describes it."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import spectacular_settings

    if endpoint.serializer is not None:
        return endpoint.serializer
    method = endpoint.method.upper()
    callback = url_callbacks()[endpoint.url_name]
    generator = SchemaGenerator()  # holds the view's schema (a weak proxy) while it is used
    view = generator.create_view(callback, method)
    view.request = spectacular_settings.GET_MOCK_REQUEST(method, "/", view, None)
    serializer = view.schema.get_request_serializer()
    del generator
    if serializer is None:
        return None
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    return serializer if isinstance(serializer, type) else type(serializer)


def relation_fields(endpoint) -> list[RelationField]:
    """The fields of ``endpoint``'s form or request serializer that take another object's id."""
    if endpoint.method.upper() not in BODY_METHODS:
        return []
    if endpoint.api:
        serializer = api_request_serializer(endpoint)
        return serializer_relation_fields(serializer) if serializer else []
    form = web_form_class(endpoint)
    return form_relation_fields(form) if form else []


# Every form and serializer of the project ---------------------------------------------------


def _import_app_modules() -> None:
    """Import every app's forms and serializers (``forms.py``, ``serializers.py``, ``api/…``)."""
    for module in pkgutil.walk_packages(civicshift.__path__, "civicshift."):
        last = module.name.rsplit(".", 1)[-1]
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if last.startswith(("forms", "serializers")) or ".serializers." in module.name:
            importlib.import_module(module.name)


def _subclasses(base: type) -> list[type]:
    seen, stack = [], [base]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return [
        c for c in seen if c.__module__.startswith("civicshift.") and ".tests" not in c.__module__
    ]


def all_relation_fields() -> list[RelationField]:
    """Relation fields of every form and serializer class defined in ``civicshift``."""
    _import_app_modules()
    found = []
    for form_class in _subclasses(forms.BaseForm):
        found += form_relation_fields(form_class)
    for serializer_class in _subclasses(serializers.Serializer):
        if issubclass(serializer_class, serializers.ListSerializer):
            continue
        found += serializer_relation_fields(serializer_class)
    return found
