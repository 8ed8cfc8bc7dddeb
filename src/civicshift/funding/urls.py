"""The funding catalog, under /o/<org>/funding/, and the initiative hub's Funding tab."""

from django.urls import include, path

from . import urls_initiative
from . import views as v

app_name = "funding"

urlpatterns = [
    path("funding/", v.CatalogView.as_view(), name="catalog"),
    path("funding/<int:pk>/", v.NoticeView.as_view(), name="notice"),
    path("funding/programs/", v.ProgramListView.as_view(), name="programs"),
    path("funding/programs/<int:pk>/", v.ProgramView.as_view(), name="program"),
    path("funding/import/", v.ImportView.as_view(), name="import"),
    path("initiatives/<int:pk>/funding/", include(urls_initiative)),
]
