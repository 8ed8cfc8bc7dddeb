from django.urls import path

from . import views_initiative as views

urlpatterns = [
    path("", views.InitiativeSystemsView.as_view(), name="initiative_systems"),
    path("link/", views.LinkCreateView.as_view(), name="initiative_link"),
    path("<int:link>/unlink/", views.LinkDeleteView.as_view(), name="initiative_unlink"),
    path("<int:link>/avoided-costs/", views.AvoidedCostsView.as_view(), name="avoided_costs"),
]
