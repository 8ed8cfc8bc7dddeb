"""The inventory's pages, under /o/<org>/ (systems/…) and one tab per initiative
(initiatives/<pk>/systems/). Each concept keeps its own URL list; this file only joins them."""

from django.urls import include, path

from . import urls_eol, urls_import, urls_initiative, urls_map, urls_systems

app_name = "inventory"
urlpatterns = [
    path("systems/import/", include(urls_import)),
    path("systems/support-dates/", include(urls_eol)),
    path("systems/", include(urls_map)),
    path("systems/", include(urls_systems)),
    path("initiatives/<int:pk>/systems/", include(urls_initiative)),
]
