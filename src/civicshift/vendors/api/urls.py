"""Vendors and evaluations in the API, found by ``civicshift.api.urls``: api:vendors-vendor-*
and api:vendors-evaluation-* (list, detail, scores), registered with the tenancy harness in
``vendors/tests/api/test_tenancy_api.py``."""

from rest_framework.routers import SimpleRouter

from .views import EvaluationViewSet, VendorViewSet

router = SimpleRouter()
router.register("vendors/registry", VendorViewSet, basename="vendors-vendor")
router.register("vendors/evaluations", EvaluationViewSet, basename="vendors-evaluation")

org_urlpatterns = [*router.urls]
