"""The risks' contingency reserve added to the business case as a contingency cost line, shown
before it is added (issue 9, item 7)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.cases.models import CaseLine
from civicshift.cases.services import business_case_create
from civicshift.plans import services_risks

from .factories import make_initiative

pytestmark = pytest.mark.django_db


def test_the_reserve_is_shown_then_added_to_the_option(org, editor):
    initiative = make_initiative(org, editor)
    case = business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=10
    )
    option = case.options.get()
    # EMV = probability × expected cost (PMBOK Guide 6th ed. §11.4.2.5), the expected cost of a
    # three-point range by PERT's (a + 4m + b) / 6: 0.5 × (10,000 + 4 × 20,000 + 60,000) / 6
    # = 0.5 × 25,000 = 12,500 before the response; after it (probability 0.2), 5,000.
    services_risks.risk_create(
        actor=editor,
        organization=org,
        initiative=initiative,
        title="Conversion fails",
        category="data_migration",
        likelihood=3,
        impact=4,
        probability=Decimal("0.5"),
        residual_probability=Decimal("0.2"),
        cost_low=10000,
        cost_likely=20000,
        cost_high=60000,
    )
    client = Client()
    client.force_login(editor)
    page = client.get(
        reverse(
            "cases:option", kwargs={"org_slug": org.slug, "pk": initiative.pk, "option": option.pk}
        )
    ).content.decode()
    assert "Add the risks&#x27; contingency reserve" in page or "contingency reserve" in page
    url = reverse("plans:contingency", kwargs={"org_slug": org.slug, "pk": initiative.pk})
    shown = client.get(url).content.decode()
    assert "$12,500" in shown and "$5,000" in shown
    assert CaseLine.objects.filter(option=option, category="contingency").count() == 0
    response = client.post(url, {"option": option.pk, "basis": "before", "period": "1", "add": ""})
    assert response.status_code == 302
    line = CaseLine.objects.get(option=option, category="contingency")
    assert (line.kind, line.likely, line.first_period, line.last_period) == (
        "cost",
        Decimal("12500"),
        1,
        1,
    )
