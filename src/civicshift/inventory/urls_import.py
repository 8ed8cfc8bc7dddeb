"""The spreadsheet import and export (``views_import``), under /o/<org>/systems/import/."""

from django.urls import path, re_path

from . import views_import as views

urlpatterns = [
    path("", views.ImportUploadView.as_view(), name="import_upload"),
    path("<int:pk>/mapping/", views.ImportMappingView.as_view(), name="import_mapping"),
    path("<int:pk>/preview/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("<int:pk>/result/", views.ImportResultView.as_view(), name="import_result"),
    path("mappings/", views.ImportMappingsView.as_view(), name="import_mappings"),
    path(
        "mappings/<int:pk>/delete/",
        views.ImportMappingDeleteView.as_view(),
        name="import_mapping_delete",
    ),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", views.ExportView.as_view(), name="export"),
]
