"""The People tab of an initiative, under /o/<org>/initiatives/<pk>/people/, and the
organization's champions network, /o/<org>/champions/."""

from django.urls import path

from . import views, views_items, views_send

app_name = "people"

BASE = "initiatives/<int:pk>/people/"


def item_urls(key: str, part: str):
    return [
        path(
            f"{BASE}{part}/add/",
            views_items.ItemCreateView.as_view(item_key=key),
            name=f"{key}_create",
        ),
        path(
            f"{BASE}{part}/<int:item>/edit/",
            views_items.ItemEditView.as_view(item_key=key),
            name=f"{key}_edit",
        ),
        path(
            f"{BASE}{part}/<int:item>/delete/",
            views_items.ItemDeleteView.as_view(item_key=key),
            name=f"{key}_delete",
        ),
    ]


urlpatterns = [
    path(BASE, views.StakeholdersView.as_view(), name="initiative_people"),
    path(f"{BASE}adkar/", views.AdkarView.as_view(), name="adkar"),
    path(f"{BASE}impact/", views.ImpactView.as_view(), name="impact"),
    path(f"{BASE}plan/", views.CommsView.as_view(), name="comms"),
    path(
        f"{BASE}plan/activities/<int:item>/send/",
        views_send.ActivitySendView.as_view(),
        name="activity_send",
    ),
    *item_urls("stakeholder", "stakeholders"),
    *item_urls("rating", "adkar"),
    *item_urls("group", "impact"),
    *item_urls("activity", "plan/activities"),
    *item_urls("response", "plan/resistance"),
    path("champions/", views.ChampionsView.as_view(), name="champions"),
]
