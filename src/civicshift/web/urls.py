from django.urls import path

from civicshift.orgs.views import OrganizationCreateView

from . import help, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/new/", OrganizationCreateView.as_view(), name="org_create"),
    path("help/", help.help_index, name="help_index"),
    path("help/images/<str:name>", help.help_image, name="help_image"),
    path("help/<slug:page>/", help.help_page, name="help"),
    # Pages link the icon; this answers the browsers and tools that ask /favicon.ico anyway
    # (site administration's pages, the API's JSON).
    path("favicon.ico", views.favicon, name="favicon"),
]
