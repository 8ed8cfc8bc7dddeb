"""Vendors and evaluations in the API, found by ``civicshift.api.urls``: api:vendors-vendor-*,
api:vendors-evaluation-* (with …-weights), and under an evaluation api:vendors-proposal-*,
api:vendors-criterion-*, api:vendors-panel-* (with …-declarations, …-judgments, …-submit,
…-open), api:vendors-score-* and api:vendors-consensus-*, registered with the tenancy harness in
``vendors/tests/api/test_tenancy_api.py``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import CriterionViewSet, EvaluationViewSet, ProposalViewSet, VendorViewSet
from .views_panel import ConsensusViewSet, PanelViewSet, ScoreViewSet

router = SimpleRouter()
router.register("vendors/registry", VendorViewSet, basename="vendors-vendor")
router.register("vendors/evaluations", EvaluationViewSet, basename="vendors-evaluation")
evaluation_router = SimpleRouter()
evaluation_router.register("proposals", ProposalViewSet, basename="vendors-proposal")
evaluation_router.register("criteria", CriterionViewSet, basename="vendors-criterion")
evaluation_router.register("panel", PanelViewSet, basename="vendors-panel")
evaluation_router.register("scores", ScoreViewSet, basename="vendors-score")
evaluation_router.register("consensus", ConsensusViewSet, basename="vendors-consensus")

org_urlpatterns = [
    *router.urls,
    path("vendors/evaluations/<int:evaluation_pk>/", include(evaluation_router.urls)),
]
