"""Totals, ranks, sensitivity thresholds and life-cycle cost against hand calculations, and
the what-if page (htmx swap of the results only)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import services, services_panel
from civicshift.vendors.ranking import life_cycle_cost, ranking

from .factories import make_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked():
    org = make_org()
    officer = make_member(org, Role.EDITOR)
    data = make_scoring(org, officer)
    evaluation = data["evaluation"]
    fit, cost = data["criteria"]  # typed 60 % and 40 %
    p1, p2 = data["proposals"]  # 1,000,000 and 1,250,000
    evaluation = services.evaluation_update(
        actor=officer, evaluation=evaluation, price_points=Decimal(20)
    )
    agreed = {(p1, fit): 3, (p1, cost): 4, (p2, fit): 5, (p2, cost): 3}
    for (p, c), v in agreed.items():
        services_panel.consensus_set(
            actor=officer, proposal=p, criterion=c, value=Decimal(v), rationale="Agreed."
        )
    return {**data, "org": org, "officer": officer, "evaluation": evaluation}


def test_totals_and_ranks_match_a_hand_calculation(ranked):
    result = ranking(ranked["evaluation"])
    p1, p2 = ranked["proposals"]
    # Non-price share 80 points: fit 0.6 × 80 = 48, cost 0.4 × 80 = 32; price 20.
    # p1: 48 × 3/5 + 32 × 4/5 + 20 × 1.0 = 28.8 + 25.6 + 20 = 74.4
    # p2: 48 × 5/5 + 32 × 3/5 + 20 × 1,000,000/1,250,000 = 48 + 19.2 + 16 = 83.2
    totals = {r["proposal"].pk: round(r["total"], 9) for r in result.rows}
    assert totals == {p1.pk: 74.4, p2.pk: 83.2}
    assert [r["proposal"].pk for r in result.rows] == [p2.pk, p1.pk]
    assert [r["rank"] for r in result.rows] == [1, 2]
    assert result.missing == 0


def test_the_sensitivity_thresholds_match_a_hand_calculation(ranked):
    result = ranking(ranked["evaluation"])
    by_label = {t["label"]: t for t in result.thresholds}
    # Points (of 100) per column: p1 = (60, 80, 100), p2 = (100, 60, 80); weights
    # (0.48, 0.32, 0.20); totals 74.4 and 83.2. Moving weight k by δ (others rescaled):
    # T_a(δ) = T_a + δ (s_ak − (T_a − w_k s_ak)/(1 − w_k)).
    # Fit: slope p1 = 60 − (74.4 − 28.8)/0.52 = −27.6923; p2 = 100 − (83.2 − 48)/0.52 = 32.3077
    #   tie: δ = (83.2 − 74.4)/(−27.6923 − 32.3077) = −0.146667 → −14.67 points.
    assert by_label["Functional fit"]["points"] == pytest.approx(-14.6667, abs=1e-3)
    assert by_label["Functional fit"]["new"].pk == ranked["proposals"][0].pk
    # Cost: slope p1 = 80 − (74.4 − 25.6)/0.68 = 8.2353; p2 = 60 − (83.2 − 19.2)/0.68 = −34.1176
    #   δ = 8.8 / (8.2353 + 34.1176) = 0.207778 → +20.78 points.
    assert by_label["Cost"]["points"] == pytest.approx(20.7778, abs=1e-3)
    # Price: slope p1 = 100 − (74.4 − 20)/0.8 = 32; p2 = 80 − (83.2 − 16)/0.8 = −4
    #   δ = 8.8 / 36 = 0.244444 → +24.44 points.
    assert by_label["Price"]["points"] == pytest.approx(24.4444, abs=1e-3)


def test_life_cycle_cost_is_the_present_value_of_the_costs():
    class P:
        one_time_cost = Decimal(500_000)
        annual_cost = Decimal(100_000)

    # 500,000 + 100,000 × (1 − 1.03^−5)/0.03 = 500,000 + 457,970.71 (annuity factor 4.579707)
    assert life_cycle_cost(P, 5, 0.03) == pytest.approx(957_970.71, abs=0.01)
    # In a nominal case with 2 % inflation, the yearly cost of year t is 100,000 × 1.02^t and
    # the nominal rate is the real 3 % in nominal terms, (1.03 × 1.02) − 1 = 5.06 % (Fisher):
    # each year is worth 100,000 / 1.03^t again, so the present value is the same.
    assert life_cycle_cost(P, 5, 0.0506, 0.02) == pytest.approx(957_970.71, abs=0.01)
    # Without inflating, the nominal rate would understate it (flat costs at 5.06 %).
    assert life_cycle_cost(P, 5, 0.0506) < 950_000


def test_the_what_if_page_swaps_the_results_with_other_weights(ranked):
    org, evaluation = ranked["org"], ranked["evaluation"]
    fit, cost = ranked["criteria"]
    client = Client()
    client.force_login(ranked["officer"])
    url = reverse("vendors:ranking", args=[org.slug, evaluation.pk])
    page = client.get(url).content.decode()
    assert "How far each weight would have to move" in page and "<h1>" in page
    # All the weight on cost: p1 (4) beats p2 (3).
    swap = client.get(url, {f"w{fit.pk}": "0", f"w{cost.pk}": "100"}, HTTP_HX_REQUEST="true")
    text = swap.content.decode()
    assert "<h1>" not in text and 'id="ranking-results"' in text
    assert "What-if" in text
    p1 = ranked["proposals"][0]
    first_row = text.index("<tbody>")
    assert text.index(p1.vendor.name, first_row) < text.index(
        ranked["proposals"][1].vendor.name, first_row
    )


def test_a_what_if_weight_that_is_not_a_number_is_named_not_dropped_silently(ranked):
    org, evaluation = ranked["org"], ranked["evaluation"]
    fit, cost = ranked["criteria"]
    client = Client()
    client.force_login(ranked["officer"])
    url = reverse("vendors:ranking", args=[org.slug, evaluation.pk])
    text = client.get(
        url, {f"w{fit.pk}": "lots", f"w{cost.pk}": "100"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f"{fit.name}: “lots” is not a number, so it counts as 0." in text
    assert "What-if" in text
