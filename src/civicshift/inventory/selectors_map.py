"""Reads for the integrations pages, the map, the impact page and the dashboard.

Each page reads ``selectors.rows`` once (the engine's report of every system, in a fixed number
of queries) and, where it needs them, the organization's interfaces in one more query; the
figures are computed by ``core.inventory_dashboard`` and ``core.inventory_layout``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core import inventory as engine
from civicshift.core import inventory_dashboard as dash
from civicshift.core import inventory_layout as layout_engine
from civicshift.orgs.models import Department

from . import selectors
from .models import Category, Integration, Method, System

_SENTINEL = 987654321


@lru_cache(maxsize=512)
def _system_url_pattern(org_slug: str) -> tuple[str, str]:
    try:
        url = reverse("inventory:detail", kwargs={"org_slug": org_slug, "pk": _SENTINEL})
    except NoReverseMatch:
        url = (
            f"{reverse('inventory:map', kwargs={'org_slug': org_slug})[: -len('map/')]}{_SENTINEL}/"
        )
    before, _sentinel, after = url.rpartition(str(_SENTINEL))
    return before, after


def system_url(org_slug: str, pk) -> str:
    """The system's own page (``inventory:detail``, built by the systems pages); until that
    page exists, the address it will have. Reversed once per organization: the map links
    hundreds of systems."""
    before, after = _system_url_pattern(org_slug)
    return f"{before}{int(pk)}{after}"


def systems_url(org_slug: str) -> str:
    """The systems list (built by the systems pages); until it exists, its address."""
    for name in ("inventory:list", "inventory:system_list"):
        try:
            return reverse(name, kwargs={"org_slug": org_slug})
        except NoReverseMatch:
            continue
    return reverse("inventory:map", kwargs={"org_slug": org_slug})[: -len("map/")]


# --- integrations list --------------------------------------------------------------------


def integrations(organization, *, system=None, method: str = ""):
    """The organization's interfaces, optionally those touching one system or of one method."""
    found = selectors.integrations_for(organization)
    if system is not None:
        found = found.filter(source=system) | found.filter(target=system)
    if method:
        found = found.filter(method=method)
    return found.order_by("source__name", "target__name", "pk")


# --- support state for drawings -----------------------------------------------------------

#: Fill and outline of a system's box by support state; the state is also written on the box.
STATE_STYLE = {
    engine.SupportState.UNKNOWN: ("#f0f0f0", "#71767a"),
    engine.SupportState.SUPPORTED: ("#ecf3ec", "#00a91c"),
    engine.SupportState.EXTENDED_ONLY: ("#faf3d1", "#b38c00"),
    engine.SupportState.PAST_SUPPORT: ("#f8dfe2", "#d83933"),
    engine.SupportState.PAST_ESU: ("#f8dfe2", "#8b0a03"),
}


_STATE_LABELS = {
    engine.SupportState.UNKNOWN: gettext_lazy("Support dates not recorded"),
    engine.SupportState.SUPPORTED: gettext_lazy("Supported"),
    engine.SupportState.EXTENDED_ONLY: gettext_lazy("Extended support only"),
    engine.SupportState.PAST_SUPPORT: gettext_lazy("Past end of support"),
    engine.SupportState.PAST_ESU: gettext_lazy("Past every support date"),
}


def state_label(state: engine.SupportState) -> str:
    return str(_STATE_LABELS[state])


def legend() -> list[dict]:
    return [
        {"label": state_label(state), "fill": fill, "stroke": stroke}
        for state, (fill, stroke) in STATE_STYLE.items()
    ]


#: How each method's line is drawn; manual re-keying is also marked on the line in words.
METHOD_STYLE = {
    Method.API: {"dash": "", "width": 2},
    Method.FILE_TRANSFER: {"dash": "10 4 2 4", "width": 2},
    Method.DATABASE_LINK: {"dash": "2 4", "width": 2.5},
    Method.MANUAL_REKEYING: {"dash": "7 5", "width": 2.5},
    Method.OTHER: {"dash": "", "width": 1},
}


def method_legend() -> list[dict]:
    return [
        {
            "key": m.value,
            "label": m.label,
            "dash": METHOD_STYLE[m]["dash"],
            "width": f"{METHOD_STYLE[m]['width']:.1f}",
        }
        for m in Method
    ]


@dataclass(frozen=True)
class DrawnNode:
    placed: layout_engine.PlacedNode
    system: System
    url: str
    state: engine.SupportState
    state_text: str
    fill: str
    stroke: str
    #: Drawn because it connects to a system of the filter, not because it matches it.
    context: bool = False
    title: str = ""

    # Coordinates as SVG attribute text: never localised (a decimal comma would break them),
    # and formatted here rather than by template filters, hundreds of times per map.
    @cached_property
    def svg(self) -> dict[str, str]:
        p = self.placed
        return {
            "x": _num(p.x),
            "y": _num(p.y),
            "width": _num(p.width),
            "height": _num(p.height),
            "text_x": _num(p.x + 8),
            "name_y": _num(p.y + 18),
            "state_y": _num(p.y + 35),
        }


@dataclass(frozen=True)
class DrawnEdge:
    placed: layout_engine.PlacedEdge
    integration: Integration
    dash: str
    width: float
    manual: bool

    @cached_property
    def svg(self) -> dict[str, str]:
        return {
            "width": _num(self.width),
            "mid": f"{_num(self.placed.mid_x)} {_num(self.placed.mid_y)}",
        }


def _num(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class DrawnHeading:
    lines: tuple[str, ...]
    x: str
    y: str


@dataclass(frozen=True)
class Drawing:
    layout: layout_engine.Layout
    nodes: tuple[DrawnNode, ...]
    edges: tuple[DrawnEdge, ...]

    @property
    def width(self) -> str:
        return f"{self.layout.width:.0f}"

    @property
    def height(self) -> str:
        return f"{self.layout.height:.0f}"

    @property
    def headings(self) -> list[DrawnHeading]:
        return [DrawnHeading(h.lines, _num(h.x), _num(h.y)) for h in self.layout.headings]


def _draw(org_slug, chosen, rows_by_pk, interfaces, group_of, group_order, context=()) -> Drawing:
    nodes = [
        layout_engine.Node(pk, rows_by_pk[pk].system.name, group_of(rows_by_pk[pk].system))
        for pk in chosen
    ]
    edges = [layout_engine.Edge(i.source_id, i.target_id, key=i.pk) for i in interfaces]
    drawn = layout_engine.layout(nodes, edges, group_order)
    by_pk = {i.pk: i for i in interfaces}
    counts: dict = {}
    for i in interfaces:
        for end in (i.source_id, i.target_id):
            counts[end] = counts.get(end, 0) + 1
    out_nodes = []
    texts = {state: state_label(state) for state in STATE_STYLE}
    pattern = _("%(name)s: %(state)s; %(n)d interface(s). Open its page.")
    for placed in drawn.nodes:
        row = rows_by_pk[placed.key]
        state = row.report.support.overall.state
        fill, stroke = STATE_STYLE[state]
        text = texts[state]
        n = counts.get(placed.key, 0)
        title = pattern % {
            "name": row.system.name,
            "state": text.lower(),
            "n": n,
        }
        out_nodes.append(
            DrawnNode(
                placed,
                row.system,
                system_url(org_slug, placed.key),
                state,
                text,
                fill,
                stroke,
                placed.key in context,
                title,
            )
        )
    out_edges = []
    for placed in drawn.edges:
        integration = by_pk[placed.key]
        style = METHOD_STYLE.get(integration.method, METHOD_STYLE[Method.OTHER])
        out_edges.append(
            DrawnEdge(
                placed,
                integration,
                style["dash"],
                style["width"],
                integration.method == Method.MANUAL_REKEYING,
            )
        )
    return Drawing(drawn, tuple(out_nodes), tuple(out_edges))


# --- the map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntegrationsMap:
    drawing: Drawing
    #: The interfaces drawn, for the table (from, to, method, frequency).
    interfaces: tuple[Integration, ...]
    matching: int  # systems matching the filter
    context: int  # systems drawn because they connect to one of those
    isolated: int  # matching systems without any interface


def integrations_map(
    organization, *, category: str = "", department=None, on: date | None = None
) -> IntegrationsMap:
    """Systems matching the filter (running ones: retired systems are off the map), every
    interface that touches one of them, and the systems at the other end of those."""
    on = on or timezone.localdate()
    all_rows = [r for r in selectors.rows(organization, on) if r.report.running]
    rows_by_pk = {r.system.pk: r for r in all_rows}

    def matches(system: System) -> bool:
        in_category = not category or system.category == category
        return in_category and (department is None or department in system.departments.all())

    chosen = {pk for pk, r in rows_by_pk.items() if matches(r.system)}
    interfaces = [
        i
        for i in selectors.integrations_for(organization).order_by("pk")
        if i.source_id in rows_by_pk
        and i.target_id in rows_by_pk
        and (i.source_id in chosen or i.target_id in chosen)
    ]
    context = {end for i in interfaces for end in (i.source_id, i.target_id)} - chosen
    labels = {value: str(label) for value, label in Category.choices}
    drawing = _draw(
        organization.slug,
        sorted(chosen | context),
        rows_by_pk,
        interfaces,
        lambda s: labels.get(s.category, s.category),
        list(labels.values()),
        context,
    )
    touched = {end for i in interfaces for end in (i.source_id, i.target_id)}
    return IntegrationsMap(
        drawing,
        tuple(
            sorted(
                interfaces, key=lambda i: (i.source.name.casefold(), i.target.name.casefold(), i.pk)
            )
        ),
        len(chosen),
        len(context),
        len(chosen - touched),
    )


def departments_of(organization):
    return Department.objects.for_org(organization).order_by("name")


# --- impact -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dependent:
    row: selectors.Row
    url: str
    #: Direct: the interfaces with the system that goes. Indirect: empty.
    interfaces: tuple[Integration, ...] = ()
    #: Indirect: the direct dependent through which the data arrive.
    via: System | None = None


@dataclass(frozen=True)
class ImpactReport:
    system: System
    row: selectors.Row
    direct: tuple[Dependent, ...]
    indirect: tuple[Dependent, ...]
    #: Combined annual cost of the affected systems (direct and indirect, not the one that
    #: goes), and the system's own annual cost.
    affected_cost: Decimal
    own_cost: Decimal
    drawing: Drawing
    interfaces_to_rebuild: int


def impact(system: System, on: date | None = None) -> ImpactReport:
    """What depends on ``system``: the engine's ``impact`` over the organization's interfaces,
    with the affected systems' reports (one ``rows`` read) and a drawing of the neighbourhood."""
    organization = system.organization
    on = on or timezone.localdate()
    all_integrations = list(selectors.integrations_for(organization).order_by("pk"))
    by_pk = {i.pk: i for i in all_integrations}
    found = engine.impact(
        system.pk,
        [
            engine.Interface(i.source_id, i.target_id, i.direction == "two_way", i.pk)
            for i in all_integrations
        ],
    )
    rows_by_pk = {r.system.pk: r for r in selectors.rows(organization, on)}
    slug = organization.slug
    name = lambda pk: rows_by_pk[pk].system.name.casefold()  # noqa: E731
    direct = tuple(
        Dependent(
            rows_by_pk[pk],
            system_url(slug, pk),
            tuple(by_pk[i.key] for i in found.direct[pk]),
        )
        for pk in sorted(found.direct, key=name)
    )
    indirect = tuple(
        Dependent(rows_by_pk[pk], system_url(slug, pk), via=rows_by_pk[found.indirect[pk]].system)
        for pk in sorted(found.indirect, key=name)
    )
    affected = [*found.direct, *found.indirect]
    affected_cost = sum(
        (dash.cents(rows_by_pk[pk].report.annual_cost) for pk in affected), Decimal(0)
    )
    # The neighbourhood: who sends to it, the system, who receives from it, further on.
    sends = {i.source_id for i in all_integrations if i.target_id == system.pk}
    receives = {i.target_id for i in all_integrations if i.source_id == system.pk} | {
        i.source_id
        for i in all_integrations
        if i.target_id == system.pk and i.direction == "two_way"
    }
    groups = {
        "up": _("Sends data to it"),
        "self": _("This system"),
        "down": _("Receives data from it"),
        "far": _("Further downstream"),
    }

    def group_of(s: System) -> str:
        if s.pk == system.pk:
            return groups["self"]
        if s.pk in found.indirect:
            return groups["far"]
        if s.pk in receives:
            return groups["down"]
        return groups["up"] if s.pk in sends else groups["down"]

    shown = {system.pk, *affected}
    drawn_interfaces = [
        i for i in all_integrations if i.source_id in shown and i.target_id in shown
    ]
    drawing = _draw(
        slug,
        sorted(shown),
        rows_by_pk,
        drawn_interfaces,
        group_of,
        [groups["up"], groups["self"], groups["down"], groups["far"]],
    )
    return ImpactReport(
        system,
        rows_by_pk[system.pk],
        direct,
        indirect,
        affected_cost,
        dash.cents(rows_by_pk[system.pk].report.annual_cost),
        drawing,
        sum(len(d.interfaces) for d in direct),
    )


# --- the dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    on: date
    systems: int
    running: int
    run_cost: Decimal
    scatter: dash.Scatter
    timeline: dash.Timeline
    by_department: tuple[dash.CostGroup, ...]
    by_category: tuple[dash.CostGroup, ...]
    flags: dash.FlagSummary
    consolidation: tuple[dash.ConsolidationGroup, ...]


def dashboard(organization, on: date | None = None, by: str = "quarter") -> Dashboard:
    """Every figure of the dashboard from one ``rows`` read (a fixed number of queries
    whatever the number of systems)."""
    on = on or timezone.localdate()
    rows = selectors.rows(organization, on)
    labels = dict(Category.choices)
    items = [
        dash.DashboardSystem(
            r.system.pk,
            r.system.name,
            str(labels.get(r.system.category, r.system.category)),
            tuple(d.name for d in r.system.departments.all()),
            r.report,
            r.system.capability,
        )
        for r in rows
    ]
    records = []
    components: dict = {}
    for r in rows:
        if not r.report.running:
            continue
        records.append(
            dash.SupportRecord(
                ("system", r.system.pk), r.system.name, "system", selectors.milestones_of(r.system)
            )
        )
        for c in r.system.components.all():
            components.setdefault(c.pk, (c, []))[1].append(r.system.name)
    for c, names in components.values():
        records.append(
            dash.SupportRecord(
                ("component", c.pk),
                c.name,
                "component",
                selectors.milestones_of(c),
                tuple(sorted(names, key=str.casefold)),
            )
        )
    return Dashboard(
        on=on,
        systems=len(rows),
        running=sum(1 for r in rows if r.report.running),
        run_cost=dash.run_cost(items),
        scatter=dash.scatter(items),
        timeline=dash.timeline(records, on, by),
        by_department=dash.cost_split(items, lambda s: s.departments, _("No department")),
        by_category=dash.cost_split(items, lambda s: (s.category,), _("No category")),
        flags=dash.flag_summary(items),
        consolidation=dash.consolidation(items),
    )
