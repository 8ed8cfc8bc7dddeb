from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("civicshift.web.urls")),
    path("accounts/", include("civicshift.accounts.urls")),
    path("orgs/import/", include("civicshift.backup.site_urls")),
    path("o/<slug:org_slug>/", include("civicshift.orgs.urls")),
    # The inventory (its initiative tab too), before the initiatives' own patterns.
    path("o/<slug:org_slug>/", include("civicshift.inventory.urls")),
    path("o/<slug:org_slug>/", include("civicshift.plans.urls")),
    path("o/<slug:org_slug>/", include("civicshift.funding.urls")),
    path("o/<slug:org_slug>/", include("civicshift.surveys.urls")),
    path("o/<slug:org_slug>/", include("civicshift.people.urls")),
    # Skills and training: the catalog, its initiative tab, and the self-assessment links.
    path("", include("civicshift.skills.urls")),
    # Before the initiatives' own patterns: the hub's business-case tab lives here.
    path(
        "o/<slug:org_slug>/initiatives/<int:pk>/business-case/",
        include("civicshift.cases.urls"),
    ),
    path("o/<slug:org_slug>/initiatives/", include("civicshift.initiatives.urls")),
    path("o/<slug:org_slug>/portfolio/", include("civicshift.cases.portfolio_urls")),
    path("o/<slug:org_slug>/history/", include("civicshift.audit.urls")),
    path("o/<slug:org_slug>/backup/", include("civicshift.backup.urls")),
    path("o/<slug:org_slug>/jobs/", include("civicshift.jobs.urls")),
    path("o/<slug:org_slug>/ideas/", include("civicshift.ideas.urls")),
    path("o/<slug:org_slug>/vendors/", include("civicshift.vendors.urls")),
    path("api/", include("civicshift.api.urls")),
    # Calendar feeds polled without a session: the key in the address names the organization.
    path("milestones/feed/", include("civicshift.plans.feed_urls")),
    path("funding/feed/", include("civicshift.funding.feed_urls")),
    # Readiness surveys answered without signing in: the token in the address names the survey.
    path("s/", include("civicshift.surveys.urls_public")),
    path("site-admin/", admin.site.urls),
]

handler403 = "civicshift.web.views.error_403"
handler404 = "civicshift.web.views.error_404"
handler500 = "civicshift.web.views.error_500"
