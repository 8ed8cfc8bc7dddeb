from decimal import Decimal

import pytest

from civicshift.cases import services
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

#: The issue's example case (issue #3, item 9), as lines of one option.
ISSUE_EXAMPLE_LINES = [
    dict(
        name="Implementation services",
        kind="cost",
        category="implementation",
        distribution="point",
        likely=Decimal("250000"),
        first_period=0,
        last_period=0,
    ),
    dict(
        name="Subscription",
        kind="cost",
        category="subscription",
        distribution="triangular",
        low=Decimal("90000"),
        likely=Decimal("100000"),
        high=Decimal("130000"),
        first_period=1,
        last_period=10,
        escalation=Decimal("0.03"),
    ),
    dict(
        name="Staff time released",
        kind="benefit",
        category="staff_time",
        distribution="pert",
        low=Decimal("120000"),
        likely=Decimal("180000"),
        high=Decimal("220000"),
        first_period=1,
        last_period=10,
        ramp="0.5",
    ),
]


@pytest.fixture
def org():
    return make_org("maple", discount_rate=Decimal("0.03"))


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR, "editor@example.org")


@pytest.fixture
def case(org, editor):
    initiative = initiative_create(actor=editor, organization=org, title="Online permitting")
    case = services.business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=10
    )
    option = case.options.get()
    for fields in ISSUE_EXAMPLE_LINES:
        services.line_create(actor=editor, option=option, **fields)
    return case


@pytest.fixture
def two_options(case, editor):
    """The issue's option, and a second one with a line given per year and staff hours at an
    hourly rate (the multiplier)."""
    services.business_case_update(
        actor=editor, case=case, optimism_one_time=Decimal("0.25"),
        optimism_category="equipment_development", optimism_reason="a proven product",
        alternative_rate=Decimal("0.07"), alternative_rate_label="OMB A-94",
    )  # fmt: skip
    second = services.option_create(actor=editor, case=case, name="In-house build")
    services.line_create(
        actor=editor, option=second, name="Build", kind="cost", category="implementation",
        distribution="point", likely=Decimal("1"), first_period=0, last_period=3,
        per_year=["10000", "25000", "0", "40000"],
    )  # fmt: skip
    services.line_create(
        actor=editor, option=second, name="Staff time", kind="benefit", category="staff_time",
        distribution="triangular", low=Decimal("900"), likely=Decimal("1000"),
        high=Decimal("1200"), multiplier=Decimal("45.5"), first_period=1, last_period=10,
    )  # fmt: skip
    case.refresh_from_db()
    return case, second
