"""History pages. Read-only: there is no screen (or API) that edits or deletes the trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from civicshift.web.org_views import OrgTemplateView

from .models import Action
from .presentation import present
from .selectors import HistoryFilters, can_see_contacts, history_for_org, model_choices


class OrgHistoryView(OrgTemplateView):
    template_name = "audit/org_history.html"
    section = "history"
    http_method_names = ["get", "head"]

    def get_breadcrumbs(self):
        return [(_("History"), None)]

    def get_template_names(self):
        if self.request.htmx:
            return ["audit/history_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        filters = HistoryFilters(
            action=g.get("action", ""),
            model=g.get("model", ""),
            actor=g.get("actor", "").strip(),
            q=g.get("q", "").strip(),
        )
        role = self.membership.role
        page = Paginator(history_for_org(self.organization, filters, role), 50).get_page(
            g.get("page")
        )
        query = g.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            events=present(
                page.object_list,
                organization=self.organization,
                show_contact=can_see_contacts(role),
            ),
            action_choices=Action.choices,
            model_choices=model_choices(self.organization, role),
            querystring=query.urlencode(),
        )
        return context
