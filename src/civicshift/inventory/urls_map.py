"""The integrations list and forms, the map, the dashboard and each system's impact page,
under /o/<org>/systems/ (the systems list and detail pages are in urls_systems.py)."""

from django.urls import path

from . import views_dashboard, views_map

urlpatterns = [
    path("dashboard/", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path("map/", views_map.MapView.as_view(), name="map"),
    path("integrations/", views_map.IntegrationListView.as_view(), name="integrations"),
    path(
        "integrations/new/",
        views_map.IntegrationCreateView.as_view(),
        name="integration_create",
    ),
    path(
        "integrations/<int:pk>/edit/",
        views_map.IntegrationUpdateView.as_view(),
        name="integration_edit",
    ),
    path(
        "integrations/<int:pk>/delete/",
        views_map.IntegrationDeleteView.as_view(),
        name="integration_delete",
    ),
    path("<int:pk>/impact/", views_map.ImpactView.as_view(), name="impact"),
]
