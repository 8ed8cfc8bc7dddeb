"""The funding catalog, under /o/<org>/funding/, and the initiative hub's Funding tab."""

from django.urls import include, path

from . import urls_initiative
from . import views as v
from . import views_alignment_save as va
from . import views_feeds as vf
from . import views_pipeline as vp
from . import views_saved as vs

app_name = "funding"

urlpatterns = [
    path("funding/", v.CatalogView.as_view(), name="catalog"),
    path("funding/<int:pk>/", v.NoticeView.as_view(), name="notice"),
    path("funding/programs/", v.ProgramListView.as_view(), name="programs"),
    path("funding/programs/<int:pk>/", v.ProgramView.as_view(), name="program"),
    path("funding/import/", v.ImportView.as_view(), name="import"),
    path("funding/saved/", vs.SavedSearchListView.as_view(), name="saved_searches"),
    path("funding/saved/new/", vs.SavedSearchCreateView.as_view(), name="saved_search_create"),
    path("funding/saved/<int:pk>/", vs.SavedSearchDigestView.as_view(), name="saved_search_digest"),
    path(
        "funding/saved/<int:pk>/edit/", vs.SavedSearchEditView.as_view(), name="saved_search_edit"
    ),
    path(
        "funding/saved/<int:pk>/delete/",
        vs.SavedSearchDeleteView.as_view(),
        name="saved_search_delete",
    ),
    path("funding/applications/", vp.PipelineView.as_view(), name="pipeline"),
    path("funding/applications/<int:pk>/", vp.ApplicationView.as_view(), name="application"),
    path(
        "funding/applications/<int:pk>/delete/",
        vp.ApplicationDeleteView.as_view(),
        name="application_delete",
    ),
    path(
        "funding/applications/<int:pk>/alignment/",
        va.ApplicationAlignmentView.as_view(),
        name="application_alignment",
    ),
    path("funding/applications/<int:pk>/items/", vp.ItemCreateView.as_view(), name="item_create"),
    path(
        "funding/applications/<int:pk>/items/<int:item>/toggle/",
        vp.ItemToggleView.as_view(),
        name="item_toggle",
    ),
    path(
        "funding/applications/<int:pk>/items/<int:item>/delete/",
        vp.ItemDeleteView.as_view(),
        name="item_delete",
    ),
    path("funding/registration/", vp.ProfileView.as_view(), name="profile"),
    path("funding/deadlines/", vp.DeadlinesView.as_view(), name="deadlines"),
    path(
        "funding/deadlines/funding-deadlines.ics",
        vp.DeadlinesCalendarView.as_view(),
        name="deadlines_ics",
    ),
    path(
        "funding/deadlines/calendar-feed/new/",
        vf.DeadlineFeedTokenCreateView.as_view(),
        name="deadlines_feed_create",
    ),
    path(
        "funding/deadlines/calendar-feed/revoke/",
        vf.DeadlineFeedTokenRevokeView.as_view(),
        name="deadlines_feed_revoke",
    ),
    path("initiatives/<int:pk>/funding/", include(urls_initiative)),
]
