from django.urls import include, path

from . import urls_mix
from . import views_initiative as views

urlpatterns = [
    path("", views.InitiativeFundingView.as_view(), name="initiative_funding"),
    path("mix/", include(urls_mix)),
]
