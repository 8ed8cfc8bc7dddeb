from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.OrgHistoryView.as_view(), name="org_history"),
]
