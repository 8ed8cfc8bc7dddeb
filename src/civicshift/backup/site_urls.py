"""The web import, for site administrators (not inside an organization: it creates one)."""

from django.urls import path

from . import import_views

app_name = "backup_import"
urlpatterns = [
    path("", import_views.ImportUploadView.as_view(), name="upload"),
    path("<uuid:pending_id>/", import_views.ImportConfirmView.as_view(), name="confirm"),
    path("jobs/<int:pk>/", import_views.ImportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/cancel/", import_views.ImportJobCancelView.as_view(), name="job_cancel"),
]
