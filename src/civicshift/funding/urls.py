"""The funding catalog, under /o/<org>/funding/."""

from django.urls import path

from . import views as v

app_name = "funding"

urlpatterns = [
    path("funding/", v.CatalogView.as_view(), name="catalog"),
    path("funding/<int:pk>/", v.ProgramView.as_view(), name="program"),
]
