"""The inventory dashboard: value × condition, end of support, run cost, red flags and
consolidation candidates, each chart with its data table (``selectors_map.dashboard``)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from civicshift.core.inventory import MILESTONE_LABELS
from civicshift.web.org_views import OrgTemplateView

from . import selectors_map
from .forms_map import TimelineForm
from .views_map import InventoryPagesMixin

DISPOSITION_COLOURS = {
    "invest": "#00a91c",
    "migrate": "#e66f0e",
    "tolerate": "#005ea2",
    "eliminate": "#b50909",
}


def disposition_labels() -> dict[str, str]:
    return {
        "invest": _("Invest"),
        "migrate": _("Migrate"),
        "tolerate": _("Tolerate"),
        "eliminate": _("Eliminate"),
    }


def milestone_labels() -> dict[str, str]:
    return {
        "mainstream_end": _("End of mainstream support"),
        "extended_end": _("End of extended support"),
        "esu_end": _("End of paid security updates"),
    }


def chart_data(board: selectors_map.Dashboard, currency: str) -> dict:
    """The charts' data, the same numbers the tables show (floats for the browser)."""
    labels = disposition_labels()
    points = board.scatter.points
    largest = max((float(p.annual_cost) for p in points), default=0.0)

    def radius(cost) -> float:
        # Bubble area proportional to the annual cost: radius ∝ √cost, 4 to 28 pixels.
        if largest <= 0:
            return 6.0
        return round(4 + 24 * (float(cost) / largest) ** 0.5, 2)

    scatter = [
        {
            "label": labels[d],
            "colour": DISPOSITION_COLOURS[d],
            "points": [
                {
                    "x": round(p.condition, 2),
                    "y": round(p.value, 2),
                    "r": radius(p.annual_cost),
                    "name": p.name,
                    "cost": float(p.annual_cost),
                }
                for p in points
                if p.disposition == d
            ],
        }
        for d in ("invest", "migrate", "tolerate", "eliminate")
    ]
    timeline = board.timeline
    kinds = list(MILESTONE_LABELS)
    milestone_names = milestone_labels()
    timeline_labels = [_("Already past"), *[b.label for b in timeline.buckets]]
    series = [
        {
            "label": _("Past end of support"),
            "values": [len(timeline.past), *[0] * len(timeline.buckets)],
        }
    ]
    for kind in kinds:
        series.append(
            {
                "label": milestone_names[kind],
                "values": [
                    0,
                    *[sum(1 for e in b.entries if e.milestone == kind) for b in timeline.buckets],
                ],
            }
        )
    return {
        "currency": currency or "USD",
        "quadrants": {
            "invest": labels["invest"],
            "migrate": labels["migrate"],
            "tolerate": labels["tolerate"],
            "eliminate": labels["eliminate"],
            "x": _("Technical condition (1 poor – 5 good)"),
            "y": _("Business value (1 low – 5 high)"),
            "cost": _("Annual cost"),
        },
        "scatter": scatter,
        "timeline": {"labels": timeline_labels, "series": series, "y": _("Records")},
        "department": {
            "labels": [g.name for g in board.by_department],
            "values": [float(g.total) for g in board.by_department],
            "label": _("Annual run cost"),
        },
        "category": {
            "labels": [g.name for g in board.by_category],
            "values": [float(g.total) for g in board.by_category],
            "label": _("Annual run cost"),
        },
    }


class DashboardView(InventoryPagesMixin, OrgTemplateView):
    template_name = "inventory/dashboard.html"
    help_page = "inventory#the-dashboard"

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Dashboard"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TimelineForm(self.request.GET or None)
        by = "quarter"
        if form.is_bound and form.is_valid() and form.cleaned_data["by"]:
            by = form.cleaned_data["by"]
        board = selectors_map.dashboard(self.organization, by=by)
        context.update(
            board=board,
            by=by,
            timeline_form=form,
            charts=json.dumps(chart_data(board, self.organization.currency), allow_nan=False),
            dispositions=disposition_labels(),
            milestone_names=milestone_labels(),
            largest_department=board.by_department[0] if board.by_department else None,
            largest_category=board.by_category[0] if board.by_category else None,
            split_systems=len({s[0] for g in board.by_department for s in g.shares if s[3] > 1}),
        )
        return context
