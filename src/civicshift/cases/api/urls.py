"""The business-case part of the API, found by ``civicshift.api.urls``.

Cases: api:business-case-list/-detail/-analyze/-runs. Options within a case and lines within an
option: api:case-option-list/-detail and api:case-line-list/-detail; saved analyses within a
case: api:case-run-detail/-compare/-rerun (registered with the tenancy harness in
``cases/tests/api/test_tenancy_api.py``). The portfolio roll-up of the
organization: api:portfolio (read-only).
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .portfolio import PortfolioView
from .runs import CaseRunViewSet
from .views import BusinessCaseViewSet, CaseLineViewSet, CaseOptionViewSet

case_router = SimpleRouter()
case_router.register("business-cases", BusinessCaseViewSet, basename="business-case")
option_router = SimpleRouter()
option_router.register("options", CaseOptionViewSet, basename="case-option")
line_router = SimpleRouter()
line_router.register("lines", CaseLineViewSet, basename="case-line")
run_router = SimpleRouter()
run_router.register("runs", CaseRunViewSet, basename="case-run")

CASE_PREFIX = "business-cases/<int:case_pk>/"

org_urlpatterns = [
    *case_router.urls,
    path(CASE_PREFIX, include(option_router.urls)),
    path(CASE_PREFIX, include(run_router.urls)),
    path(CASE_PREFIX + "options/<int:option_pk>/", include(line_router.urls)),
    path("portfolio/", PortfolioView.as_view(), name="portfolio"),
]
