"""Site-wide pages: home (choose an organization) and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from civicshift.orgs.models import Membership


@login_required
def home(request):
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    if len(memberships) == 1 and not request.GET.get("all"):
        return redirect("orgs:dashboard", org_slug=memberships[0].organization.slug)
    return render(request, "web/home.html", {"memberships": memberships})


def favicon(request):
    """The icon under its hashed name (looked up per request: the manifest exists only after
    collectstatic)."""
    return redirect(static("civicshift/favicon.svg"))


def error_403(request, exception=None):
    detail = str(exception) if exception else ""
    return render(request, "web/error.html", {"status": 403, "detail": detail}, status=403)


def error_404(request, exception=None):
    return render(request, "web/error.html", {"status": 404}, status=404)


def error_500(request):
    return render(request, "web/error.html", {"status": 500}, status=500)
