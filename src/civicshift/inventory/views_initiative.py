"""The initiative hub's "Systems" tab: what the initiative replaces, retires or connects to."""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.org_views import OrgTemplateView

from .models import InitiativeSystem


class InitiativeSystemsView(InitiativeMixin, OrgTemplateView):
    template_name = "inventory/initiative_systems.html"
    section = "initiatives"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Systems"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        context.update(
            initiative=initiative,
            tab="systems",
            modules=MODULES.values(),
            links=InitiativeSystem.objects.for_org(self.organization)
            .filter(initiative=initiative)
            .select_related("system"),
        )
        return context
