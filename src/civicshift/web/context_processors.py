"""Template context every page needs: the current organization and the switcher's list."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from civicshift.orgs.models import Membership
from civicshift.web.nav import SECTIONS


def shell(request):
    context = {
        "current_org": getattr(request, "org", None),
        "current_membership": getattr(request, "membership", None),
        "demo_mode": not settings.PRODUCTION,
        "module_sections": SECTIONS.values(),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Fetched only when a template uses it (the page shell does; htmx fragments, such as
        # the live preview at every keystroke, do not).
        context["my_memberships"] = SimpleLazyObject(
            lambda: list(
                Membership.objects.filter(user=user)
                .select_related("organization")
                .order_by("organization__name")
            )
        )
    return context
