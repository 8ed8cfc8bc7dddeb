"""The project's URLs plus two views that do nothing: the floor of a request (benchmarks only).

``floor`` is the least a signed-in POST can cost here: every middleware of the project (session,
CSRF check, authentication, two-factor, messages, CSP, htmx, axes) and ``login_required``, then
an empty ``HttpResponse``. ``org_floor`` adds what every organization page does before its own
work (``web.org_views.OrgMixin``: the organization and the membership from the URL, the role
check), so a benchmark can say what its view adds on top of each.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from civicshift.web.org_views import OrgMixin


@login_required
def floor(request):
    return HttpResponse("")


class OrgFloorView(OrgMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return HttpResponse("")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/o/<slug:org_slug>/floor/", OrgFloorView.as_view(), name="bench_org_floor"),
    path("", include("civicshift.urls")),
]
