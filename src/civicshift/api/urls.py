"""Addresses of the API (``/api/v1/…``), its OpenAPI document and the token pages.

Each app owns its part of the API in ``civicshift/<app>/api/`` (serializers, views and
``urls.py``). This module finds them: for every installed CivicShift app with an
``api.urls`` module, its ``urlpatterns`` go under ``/api/v1/`` and its ``org_urlpatterns``
under ``/api/v1/o/<org_slug>/``. Adding a module's API touches no file here. Every
organization-scoped endpoint is registered with the tenancy harness in the app's tests.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from . import token_views

app_name = "api"


def app_api_modules() -> list:
    """The ``<app>.api.urls`` modules of the installed CivicShift apps, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("civicshift."):
            continue
        name = f"{config.name}.api.urls"
        if importlib.util.find_spec(f"{config.name}.api") and importlib.util.find_spec(name):
            modules.append(importlib.import_module(name))
    return modules


urlpatterns = [
    # Token pages (web, signed-in users).
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    # The OpenAPI 3 document: YAML by default, JSON with ?format=json. Open to anyone: it
    # describes the shape of the API, never any organization's data.
    path(
        "v1/schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="schema",
    ),
]
for module in app_api_modules():
    urlpatterns.append(path("v1/", include(getattr(module, "urlpatterns", []))))
    urlpatterns.append(
        path("v1/o/<slug:org_slug>/", include(getattr(module, "org_urlpatterns", [])))
    )
