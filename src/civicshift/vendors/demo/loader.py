"""Writing the vendors' demo data through the services (so everything is audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import services, services_award, services_panel
from .. import services_registry as registry
from ..models import CooperativeContract, Criterion, Vendor, WeightMethod

#: The demo's accounts by key, per organization, from ``load_registry`` (which runs before the
#: first initiative) for the panels of ``load_evaluation``.
_USERS: dict[int, dict] = {}


def load_registry(data: list[dict], *, organization, author, departments, users) -> None:
    _USERS[organization.pk] = dict(users)
    for raw in data:
        fields = {
            k: (Decimal(str(v)) if k in ("general_liability", "cyber_liability") else v)
            for k, v in raw.items()
            if k not in ("contracts", "certifications", "references", "performance")
        }
        vendor = registry.vendor_create(actor=author, organization=organization, **fields)
        for kind, key in (
            ("contract", "contracts"),
            ("certification", "certifications"),
            ("reference", "references"),
            ("performance", "performance"),
        ):
            for item in raw.get(key, []):
                registry.vendor_item_create(actor=author, vendor=vendor, item_kind=kind, **item)


def _leaves_under(criteria, top):
    kids = [c for c in criteria if c.parent_id == top.pk]
    return kids or [top]


def load_evaluation(entry: dict, *, initiative, author) -> None:
    organization = initiative.organization
    users = _USERS.get(organization.pk, {})
    contract = None
    if entry.get("contract"):
        contract = CooperativeContract.objects.for_org(organization).get(number=entry["contract"])
    evaluation = services.evaluation_create(
        actor=author,
        initiative=initiative,
        title=entry["title"],
        solicitation=entry["solicitation"],
        cooperative_contract=contract,
        justification=entry.get("justification", ""),
        weight_method=entry["weight_method"],
        price_points=Decimal(str(entry.get("price_points", 0))),
    )
    for kind, day in entry.get("milestones", {}).items():
        services.milestone_set(
            actor=author,
            evaluation=evaluation,
            kind=kind,
            date=day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)),
        )
    vendors = {v.name: v for v in Vendor.objects.for_org(organization)}
    proposals = []
    for p in entry["proposals"]:
        proposals.append(
            services.proposal_create(
                actor=author,
                evaluation=evaluation,
                vendor=vendors[p["vendor"]],
                price=Decimal(str(p["price"])),
                one_time_cost=Decimal(str(p.get("one_time_cost", 0))),
                annual_cost=Decimal(str(p.get("annual_cost", 0))),
            )
        )
    if not entry.get("panel"):
        return
    services.criteria_load_starter(actor=author, evaluation=evaluation)
    criteria = list(Criterion.objects.filter(evaluation=evaluation))
    top = {c.name: c for c in criteria if c.parent_id is None}
    members = {}
    for key in entry["panel"]:
        members[key] = services_panel.panel_member_add(
            actor=author, evaluation=evaluation, user=users[key]
        )
    conflicts = entry.get("conflicts", {})
    for key, member in members.items():
        conflict = conflicts.get(key)
        answers = {
            p.vendor: (
                bool(conflict and conflict["vendor"] == p.vendor.name),
                conflict["explanation"] if conflict and conflict["vendor"] == p.vendor.name else "",
            )
            for p in proposals
        }
        services_panel.declarations_submit(actor=member.user, member=member, answers=answers)
    evaluation = services_panel.proposals_open(actor=author, evaluation=evaluation)
    for key, rows in entry.get("judgments", {}).items():
        for a, b, v in rows:
            services_panel.judgment_set(
                actor=members[key].user,
                member=members[key],
                first=top[a],
                second=top[b],
                value=str(v),
            )
    if evaluation.weight_method == WeightMethod.AHP and entry.get("judgments"):
        # The procurement officer makes the comparisons' weights the ranking's.
        services.weights_apply_ahp(actor=author, evaluation=evaluation)
        evaluation.refresh_from_db()
    offsets = entry.get("offsets", {})
    for key, member in members.items():
        member.refresh_from_db()
        for proposal, criterion in services_panel.scoring_cells(member):
            spec = next(p for p in entry["proposals"] if p["vendor"] == proposal.vendor.name)
            parent = (
                criterion
                if criterion.parent_id is None
                else next(c for c in criteria if c.pk == criterion.parent_id)
            )
            value = min(5, max(1, spec["scores"][parent.name] + offsets.get(key, 0)))
            comment = ""
            if value in (1, 5):
                comment = f"{proposal.vendor.name}: {criterion.name.lower()} clearly " + (
                    "exceeds the need (see the demonstration notes)."
                    if value == 5
                    else "falls short of the need."
                )
            services_panel.score_set(
                actor=member.user,
                member=member,
                proposal=proposal,
                criterion=criterion,
                value=value,
                comment=comment,
            )
        services_panel.scores_submit(actor=member.user, member=member)
    for proposal in proposals:
        spec = next(p for p in entry["proposals"] if p["vendor"] == proposal.vendor.name)
        for criterion in criteria:
            if any(c.parent_id == criterion.pk for c in criteria):
                continue
            parent = (
                criterion
                if criterion.parent_id is None
                else next(c for c in criteria if c.pk == criterion.parent_id)
            )
            services_panel.consensus_set(
                actor=author,
                proposal=proposal,
                criterion=criterion,
                value=Decimal(spec["scores"][parent.name]),
                rationale="Agreed at the consensus meeting after the demonstrations.",
            )
    for vendor_name, dd in entry.get("diligence", {}).items():
        proposal = next(p for p in proposals if p.vendor.name == vendor_name)
        values = dd.get("values", {})
        for checklist in ("security", "contract"):
            for item, answer in dd.get(checklist, {}).items():
                services_panel.diligence_set(
                    actor=author,
                    proposal=proposal,
                    checklist=checklist,
                    item=item,
                    answer=answer,
                    value=values.get(item, ""),
                )
        for ref in dd.get("references", []):
            services_panel.reference_check_create(actor=author, proposal=proposal, **ref)
    award = entry.get("award")
    if award:
        services_award.evaluation_recommend_award(
            actor=author,
            evaluation=evaluation,
            proposal=next(p for p in proposals if p.vendor.name == award["vendor"]),
            rationale=award["rationale"],
        )
