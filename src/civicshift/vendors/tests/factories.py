"""Vendors, evaluations and their parts made through the services, for the tests."""

from __future__ import annotations

import itertools
from datetime import date

from civicshift.vendors import services_registry as registry

_n = itertools.count(1)


def make_vendor(organization, user, **fields):
    n = next(_n)
    fields.setdefault("name", f"Northwind Municipal Software {n}")
    fields.setdefault("tax_id", f"12-{3456000 + n}")
    return registry.vendor_create(actor=user, organization=organization, **fields)


ITEM_DEFAULTS = {
    "contact": {"name": "Dana Reyes", "title": "Account executive", "email": "dana@example.com"},
    "product": {"name": "Ledger Cloud ERP", "description": "Finance and payroll."},
    "contract": {"program": "naspo", "number": "AR3015", "expires": date(2030, 6, 30)},
    "certification": {
        "kind": "soc2",
        "report_date": date(2026, 3, 1),
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    },
    "reference": {"customer": "City of Ames", "contact_name": "Pat Lee", "project": "ERP 2023"},
    "performance": {
        "contract": "Utility billing support, contract 2022-031",
        "period_start": date(2022, 7, 1),
        "period_end": date(2025, 6, 30),
        "on_time": 4,
    },
}


def make_item(organization, user, kind, vendor=None, **fields):
    vendor = vendor or make_vendor(organization, user)
    return registry.vendor_item_create(
        actor=user, vendor=vendor, item_kind=kind, **{**ITEM_DEFAULTS[kind], **fields}
    )


def make_initiative(organization, user, **fields):
    from civicshift.initiatives.services import initiative_create

    fields.setdefault("title", f"Replace the financial system {next(_n)}")
    return initiative_create(actor=user, organization=organization, **fields)


def make_evaluation(organization, user, **fields):
    from civicshift.vendors import services

    initiative = fields.pop("initiative", None) or make_initiative(organization, user)
    fields.setdefault("title", f"RFP {next(_n)}: ERP")
    return services.evaluation_create(actor=user, initiative=initiative, **fields)


def make_proposal(organization, user, evaluation=None, **fields):
    from decimal import Decimal

    from civicshift.vendors import services

    evaluation = evaluation or make_evaluation(organization, user)
    vendor = fields.pop("vendor", None) or make_vendor(organization, user)
    fields.setdefault("price", Decimal("1200000"))
    return services.proposal_create(actor=user, evaluation=evaluation, vendor=vendor, **fields)


def make_criterion(organization, user, evaluation=None, **fields):
    from civicshift.vendors import services

    evaluation = evaluation or make_evaluation(organization, user)
    fields.setdefault("name", f"Criterion {next(_n)}")
    return services.criterion_create(actor=user, evaluation=evaluation, **fields)


def make_scoring(organization, user, *, declared=True, opened=True, evaluators=()):
    """An evaluation with two criteria, two proposals and ``user`` (plus ``evaluators``) on the
    panel; declared (no conflicts) and opened unless told not to. Returns a dict."""
    from decimal import Decimal

    from civicshift.vendors import services, services_panel

    evaluation = make_evaluation(organization, user)
    fit = make_criterion(organization, user, evaluation, name="Functional fit", weight=Decimal(60))
    cost = make_criterion(organization, user, evaluation, name="Cost", weight=Decimal(40))
    p1 = make_proposal(organization, user, evaluation, price=Decimal("1000000"))
    p2 = make_proposal(organization, user, evaluation, price=Decimal("1250000"))
    members = [
        services_panel.panel_member_add(actor=user, evaluation=evaluation, user=u)
        for u in (user, *evaluators)
    ]
    if declared:
        for m in members:
            services_panel.declarations_submit(
                actor=m.user, member=m, answers={p1.vendor: (False, ""), p2.vendor: (False, "")}
            )
    if declared and opened:
        evaluation = services_panel.proposals_open(actor=user, evaluation=evaluation)
    for m in members:
        m.refresh_from_db()
    return {
        "evaluation": evaluation,
        "criteria": [fit, cost],
        "proposals": [p1, p2],
        "members": members,
        "services": services,
    }


def evaluators_of(organization):
    from civicshift.orgs.models import Membership
    from civicshift.orgs.roles import Role

    return [
        m.user for m in Membership.objects.filter(organization=organization, role=Role.EVALUATOR)
    ]
