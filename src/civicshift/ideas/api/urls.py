"""The staff ideas board in the API, found by ``civicshift.api.urls``: api:ideas-idea-*
(list, detail, comments, responses, support, respond, promote, hide), registered with the
tenancy harness in ``ideas/tests/api/test_tenancy_api.py``."""

from rest_framework.routers import SimpleRouter

from .views import IdeaViewSet

router = SimpleRouter()
router.register("ideas", IdeaViewSet, basename="ideas-idea")

org_urlpatterns = [*router.urls]
