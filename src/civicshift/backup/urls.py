from django.urls import path

from . import views

app_name = "backup"
urlpatterns = [
    path("", views.ExportPageView.as_view(), name="export"),
    path("download.json", views.DownloadJsonView.as_view(), name="download_json"),
    path("download.xlsx", views.DownloadXlsxView.as_view(), name="download_xlsx"),
]
