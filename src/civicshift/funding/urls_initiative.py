from django.urls import path

from . import views_initiative as views

urlpatterns = [
    path("", views.InitiativeFundingView.as_view(), name="initiative_funding"),
]
