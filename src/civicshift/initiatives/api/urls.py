"""The initiatives part of the API (``/api/v1/o/<org_slug>/initiatives/``), found by
``civicshift.api.urls``."""

from rest_framework.routers import SimpleRouter

from .views import InitiativeViewSet

router = SimpleRouter()
router.register("initiatives", InitiativeViewSet, basename="initiative")

org_urlpatterns = router.urls
