"""Template context every page needs: the current organization and the switcher's list."""

from __future__ import annotations

from django.conf import settings

from civicshift.orgs.models import Membership


def shell(request):
    context = {
        "current_org": getattr(request, "org", None),
        "current_membership": getattr(request, "membership", None),
        "demo_mode": not settings.PRODUCTION,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["my_memberships"] = list(
            Membership.objects.filter(user=user)
            .select_related("organization")
            .order_by("organization__name")
        )
    return context
