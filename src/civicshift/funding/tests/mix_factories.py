"""An initiative with a business case to fund (FY2027–FY2030, a one-time cost in FY2027 and a
subscription after), and a funding mix line, for the mix tests and the tenancy harness."""

from __future__ import annotations

from decimal import Decimal

from civicshift.cases import services as case_services
from civicshift.initiatives.services import initiative_create

from ..services_mix import mix_line_create


def make_costed_initiative(organization, user, title: str = "Online permitting"):
    initiative = initiative_create(actor=user, organization=organization, title=title)
    case = case_services.business_case_create(
        actor=user,
        initiative=initiative,
        start_year=2027,
        horizon_years=3,
        payback_target_years=3,
    )
    option = case.options.get()
    for name, category, likely, first, last in (
        ("Implementation", "implementation", "200000", 0, 0),
        ("Subscription", "subscription", "50000", 1, 3),
    ):
        case_services.line_create(
            actor=user,
            option=option,
            name=name,
            kind="cost",
            category=category,
            distribution="point",
            likely=Decimal(likely),
            first_period=first,
            last_period=last,
        )
    case_services.business_case_update(actor=user, case=case, recommended_option=option)
    return initiative


def make_mix_line(organization, user, initiative=None, **fields):
    initiative = initiative or make_costed_initiative(organization, user)
    values = {
        "fiscal_year": 2027,
        "kind": "grant",
        "name": "State cybersecurity grant",
        "amount": Decimal("150000"),
        "status": "committed",
    } | fields
    return mix_line_create(actor=user, initiative=initiative, **values)
