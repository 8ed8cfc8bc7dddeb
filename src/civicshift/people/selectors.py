"""Reads of the people side: an initiative's stakeholders on the power–interest grid, the
organization's champions network, the ADKAR barrier summary, the change-impact size, and the
change and communications plan with its sponsor roadmap and resistance plan. Everything starts
from ``Model.objects.for_org(organization)``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core import people as core

from . import reference
from .models import (
    ActivityKind,
    AdkarRating,
    CommsActivity,
    ImpactGroup,
    ResistanceResponse,
    Stakeholder,
    Stance,
)
from .models.ratings import IMPACT_ASPECTS


def stakeholders_of(initiative) -> QuerySet[Stakeholder]:
    return (
        Stakeholder.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("department")
    )


def ratings_of(initiative) -> QuerySet[AdkarRating]:
    return (
        AdkarRating.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("stakeholder")
    )


def impact_groups_of(initiative) -> QuerySet[ImpactGroup]:
    return (
        ImpactGroup.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("department")
    )


def activities_of(initiative) -> QuerySet[CommsActivity]:
    return CommsActivity.objects.for_org(initiative.organization).filter(initiative=initiative)


def responses_of(initiative) -> QuerySet[ResistanceResponse]:
    return (
        ResistanceResponse.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("stakeholder")
    )


def item_get(queryset: QuerySet, pk):
    """One row of an initiative's queryset above, or 404."""
    return get_object_or_404(queryset, pk=pk)


# --- the power–interest grid -----------------------------------------------------------------


@dataclass
class Quadrant:
    key: str
    label: str
    action: str
    stakeholders: list


@dataclass
class Grid:
    quadrants: list[Quadrant]
    stakeholders: list
    to_move: list  # stakeholders whose stance is short of the one needed, biggest gap first
    summary: str

    def chart(self) -> dict:
        """The chart's data: one point per stakeholder (the same numbers as the table)."""
        labels = {q.key: q.label for q in self.quadrants}
        return {
            "axes": {"x": _("Interest (1–5)"), "y": _("Influence (1–5)")},
            "quadrants": labels,
            "stances": {s.value: str(s.label) for s in Stance},
            "points": [
                {
                    "name": s.name,
                    "x": s.interest,
                    "y": s.influence,
                    "stance": s.current_stance,
                    "desired": s.desired_stance,
                    "gap": s.stance_gap,
                }
                for s in self.stakeholders
            ],
        }


def grid_for(initiative) -> Grid:
    stakeholders = list(stakeholders_of(initiative))
    quadrants = []
    for key in core.QUADRANTS:
        words = reference.quadrant(key)
        quadrants.append(
            Quadrant(
                key,
                _(words["label"]),
                _(words["action"]),
                [s for s in stakeholders if s.quadrant == key],
            )
        )
    to_move = sorted(
        (s for s in stakeholders if s.stance_gap > 0), key=lambda s: (-s.stance_gap, s.name)
    )
    return Grid(quadrants, stakeholders, to_move, grid_summary(quadrants, stakeholders, to_move))


def grid_summary(quadrants, stakeholders, to_move) -> str:
    if not stakeholders:
        return _("No stakeholders yet: the grid fills as you add them.")
    close = next(q for q in quadrants if q.key == "manage_closely")
    resisting = [
        s for s in close.stakeholders if s.current_stance in (Stance.RESISTANT, Stance.SCEPTICAL)
    ]
    text = _(
        "%(n)d stakeholders: %(close)d to manage closely, %(move)d not yet where the change "
        "needs them"
    ) % {"n": len(stakeholders), "close": len(close.stakeholders), "move": len(to_move)}
    if resisting:
        text += _(", of whom %(r)d resist or doubt it while holding much influence") % {
            "r": len(resisting)
        }
    return text + "."


# --- the champions network -------------------------------------------------------------------


def champions_of(organization) -> list[tuple[str, list[Stakeholder]]]:
    """Every stakeholder who is a champion now, across the organization's initiatives, grouped
    by department (people without one last)."""
    found = (
        Stakeholder.objects.for_org(organization)
        .filter(current_stance=Stance.CHAMPION)
        .select_related("department", "initiative")
        .order_by("department__name", "name", "id")
    )
    groups: dict = {}
    for s in found:
        groups.setdefault(s.department.name if s.department else "", []).append(s)
    named = [(name, rows) for name, rows in groups.items() if name]
    if "" in groups:
        named.append((_("No department"), groups[""]))
    return named


def champions_count(groups) -> int:
    """People counted once: the same name in several initiatives is one champion."""
    return len({(s.department_id, s.name.strip().lower()) for _n, rows in groups for s in rows})


# --- ADKAR-style ratings ---------------------------------------------------------------------


@dataclass
class ElementWords:
    key: str
    label: str
    meaning: str
    todo: str


def elements() -> list[ElementWords]:
    found = []
    for key in core.ADKAR_ELEMENTS:
        w = reference.adkar(key)
        found.append(ElementWords(key, _(w["label"]), _(w["meaning"]), _(w["todo"])))
    return found


@dataclass
class BarrierSummary:
    latest: list  # the latest rating of each person or group
    counts: list  # (element words, number whose barrier it is)
    clear: int  # latest ratings with no barrier
    summary: str


def barrier_summary(initiative) -> BarrierSummary:
    latest: dict[str, AdkarRating] = {}
    for r in ratings_of(initiative).order_by("subject", "-rated_on", "-id"):
        latest.setdefault(r.subject.strip().lower(), r)
    rows = sorted(latest.values(), key=lambda r: r.subject.lower())
    words = elements()
    counts = [(w, sum(1 for r in rows if r.barrier == w.key)) for w in words]
    clear = sum(1 for r in rows if r.barrier is None)
    held = [(w, n) for w, n in counts if n]
    if not rows:
        text = _("No ratings yet.")
    elif not held:
        text = ngettext(
            "The %(n)d person or group rated is past every barrier.",
            "All %(n)d people or groups rated are past every barrier.",
            len(rows),
        ) % {"n": len(rows)}
    else:
        text = _(
            "Of %(n)d people or groups rated, %(k)d have a barrier point (%(list)s) and "
            "%(clear)d have none. Start with %(first)s, the earliest step anyone is held at."
        ) % {
            "n": len(rows),
            "k": len(rows) - clear,
            "list": ", ".join(f"{w.label.lower()} {n}" for w, n in held),
            "clear": clear,
            "first": held[0][0].label.lower(),
        }
    return BarrierSummary(rows, counts, clear, text)


def barrier_words(rating: AdkarRating) -> str:
    """The barrier point of one rating and what to do about it, in a sentence or two."""
    barrier = rating.barrier
    if barrier is None:
        return _("No barrier: every element is rated 4 or 5. Keep reinforcing the change.")
    w = reference.adkar(barrier)
    return _("Work on %(element)s first (rated %(value)d): %(todo)s") % {
        "element": _(w["label"]).lower(),
        "value": getattr(rating, barrier),
        "todo": _(w["todo"]),
    }


# --- the change-impact assessment ------------------------------------------------------------


@dataclass
class ImpactView:
    groups: list  # (group, core GroupImpact, sentence)
    summary: core.ImpactSummary
    sentence: str
    aspects: list  # (key, label, meaning)


def aspects() -> list[tuple[str, str, str]]:
    return [
        (k, _(reference.aspect(k)["label"]), _(reference.aspect(k)["meaning"]))
        for k in IMPACT_ASPECTS
    ]


def size_label(size: str) -> str:
    return _(reference.size(size)["label"])


def impact_for(initiative) -> ImpactView:
    groups = list(impact_groups_of(initiative))
    summary = core.impact_summary([(g.name, g.headcount, g.aspects()) for g in groups])
    rows = []
    for g, sized in zip(groups, summary.groups, strict=True):
        deepest = [
            a[1].lower()
            for a in aspects()
            if getattr(g, a[0]) == max(g.aspects()) and getattr(g, a[0]) > 0
        ]
        text = _("About %(n)d people, %(size)s change for %(group)s") % {
            "n": g.headcount,
            "size": size_label(sized.size),
            "group": g.name,
        }
        if deepest:
            text += _(" (most in %(aspects)s)") % {"aspects": ", ".join(deepest)}
        rows.append((g, sized, text + "."))
    return ImpactView(rows, summary, impact_sentence(summary), aspects())


def impact_sentence(summary: core.ImpactSummary) -> str:
    if summary.size is None:
        return _("No affected group yet: add the groups whose daily work the initiative changes.")
    text = _(
        "About %(people)d people are affected, the equivalent of %(load)s whose work changes "
        "completely: a %(size)s change effort"
    ) % {
        "people": summary.people,
        "load": f"{summary.load:.0f}",
        "size": size_label(summary.size),
    }
    if summary.raised_by:
        text += _(" (set by the depth of the change for %(group)s)") % {"group": summary.raised_by}
    return text + "; " + _(reference.size(summary.size)["plan"])


# --- the change and communications plan ------------------------------------------------------


@dataclass
class CommsPlan:
    activities: list
    sponsor: list  # the sponsor roadmap: the sponsor's actions in date order
    resisting: list  # (stakeholder, their responses) for the resistant and sceptical
    unanswered: int  # resistant or sceptical stakeholders with no response planned


def comms_plan_for(initiative) -> CommsPlan:
    activities = list(activities_of(initiative))
    responses = list(responses_of(initiative))
    resisting = []
    for s in stakeholders_of(initiative).filter(
        current_stance__in=[Stance.RESISTANT, Stance.SCEPTICAL]
    ):
        resisting.append((s, [r for r in responses if r.stakeholder_id == s.pk]))
    # Responses to someone who has since moved on stay listed with them.
    others = {r.stakeholder_id for r in responses} - {s.pk for s, _r in resisting}
    for s in Stakeholder.objects.for_org(initiative.organization).filter(pk__in=others):
        resisting.append((s, [r for r in responses if r.stakeholder_id == s.pk]))
    return CommsPlan(
        activities,
        [a for a in activities if a.kind == ActivityKind.SPONSOR],
        resisting,
        sum(
            1
            for s, rs in resisting
            if not rs and s.current_stance in (Stance.RESISTANT, Stance.SCEPTICAL)
        ),
    )
