"""Support dates from endoflife.date, under /o/<org>/systems/support-dates/."""

from django.urls import path

from . import views_eol as v

urlpatterns = [
    path("", v.EolReviewView.as_view(), name="eol_review"),
    path("suggest/", v.EolSuggestAllView.as_view(), name="eol_suggest_all"),
    path("confirm/", v.EolConfirmManyView.as_view(), name="eol_confirm_many"),
    path("system/<int:pk>/", v.EolRecordView.as_view(kind="system"), name="eol_system"),
    path(
        "system/<int:pk>/confirm/",
        v.EolActionView.as_view(kind="system", action="confirm"),
        name="eol_system_confirm",
    ),
    path(
        "system/<int:pk>/reject/",
        v.EolActionView.as_view(kind="system", action="reject"),
        name="eol_system_reject",
    ),
    path("component/<int:pk>/", v.EolRecordView.as_view(kind="component"), name="eol_component"),
    path(
        "component/<int:pk>/confirm/",
        v.EolActionView.as_view(kind="component", action="confirm"),
        name="eol_component_confirm",
    ),
    path(
        "component/<int:pk>/reject/",
        v.EolActionView.as_view(kind="component", action="reject"),
        name="eol_component_reject",
    ),
]
