from django.urls import path

from . import views_initiative

urlpatterns = [
    path("", views_initiative.InitiativeSystemsView.as_view(), name="initiative_systems"),
]
