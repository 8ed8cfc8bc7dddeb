"""Risk register arithmetic and the risk library, against published figures.

Sources cited beside each test: the PMBOK Guide 6th ed. (PMI 2017) §11.4.2.5 and its
Figure 11-16 decision tree; the NPSA 5×5 risk matrix (National Patient Safety Agency,
*A risk matrix for risk managers*, 2008); the PERT mean (a + 4m + b) / 6 (Malcolm, Roseboom,
Clark and Fazar, *Operations Research* 7(5), 1959) and the triangular mean (a + m + b) / 3.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from civicshift.core import risk as rk
from civicshift.core.risk import Range, Risk
from civicshift.core.risk_library import LibraryError, library_from_data, load_library


def make(rid: str = "R1", **kw) -> Risk:
    base = {
        "title": "Data migration fails",
        "category": "data_migration",
        "likelihood": 3,
        "impact": 4,
    }
    base.update(kw)
    return Risk(id=rid, **base)


# --- EMV: PMBOK Guide 6th ed., Figure 11-16 (decision tree) ------------------------------------


def test_pmbok_decision_tree_emv():
    # PMBOK Guide 6th ed. Figure 11-16: build a new plant (invest $120M; strong demand 60 %
    # → $200M, weak 40 % → $90M) or upgrade (invest $50M; strong 60 % → $120M, weak 40 % →
    # $60M). Published: EMV(build) = $36M, EMV(upgrade) = $46M; the decision is to upgrade.
    build = rk.expected_value([(0.6, 200 - 120), (0.4, 90 - 120)])
    upgrade = rk.expected_value([(0.6, 120 - 50), (0.4, 60 - 50)])
    assert build == pytest.approx(36)
    assert upgrade == pytest.approx(46)
    assert max(("build", build), ("upgrade", upgrade), key=lambda x: x[1])[0] == "upgrade"


def test_expected_value_refuses_probabilities_not_summing_to_one():
    with pytest.raises(ValueError, match="sum to 0.9"):
        rk.expected_value([(0.5, 1), (0.4, 2)])


def test_emv_is_probability_times_the_range_mean():
    # PERT mean (a + 4m + b)/6 of (10, 20, 60) = 150/6 = 25; triangular (a+m+b)/3 = 30.
    # PMBOK §11.4.2.5: EMV = P × impact; with P = 0.4: 10 and 12.
    r = make(probability=0.4, cost=Range(10, 20, 60))
    assert rk.emv(r) == pytest.approx(10)
    assert rk.emv(r, mean="triangular") == pytest.approx(12)
    assert rk.emv(make(probability=0.4)) == 0  # no cost range: nothing to expect


def test_probability_defaults_to_the_likelihood_band_midpoint():
    # Band 3 is 30–50 % (scale in the library file): midpoint 0.40; band 5 is 90–100 %: 0.95.
    assert rk.probability(make(likelihood=3)) == pytest.approx(0.40)
    assert rk.probability(make(likelihood=5)) == pytest.approx(0.95)
    assert rk.probability(make(likelihood=3, residual_likelihood=1), residual=True) == (
        pytest.approx(0.05)
    )


def test_contingency_before_and_after_mitigation_counts_open_risks_only():
    # Two open risks and one closed. Hand arithmetic on the PMBOK rule (Σ P × mean impact):
    # R1: P 0.5 × PERT(100, 200, 600) = 0.5 × 250 = 125 (residual P 0.1 → 25);
    #     delay 0.5 × PERT(6, 12, 18) = 0.5 × 12 = 6 days (residual 0.1 × PERT(0, 3, 6) = 0.3).
    # R2: P 0.2 × 1000 = 200 (residual: no residual probability, likelihood 2 → band 10–30 %,
    #     midpoint 0.2 × residual range 500 = 100).
    # R3 closed: left out.
    risks = [
        make(
            "R1",
            probability=0.5,
            residual_probability=0.1,
            cost=Range(100, 200, 600),
            schedule=Range(6, 12, 18),
            residual_schedule=Range(0, 3, 6),
        ),
        make(
            "R2",
            probability=0.2,
            likelihood=2,
            residual_likelihood=2,
            cost=Range(1000, 1000, 1000),
            residual_cost=Range(500, 500, 500),
        ),
        make("R3", probability=0.9, cost=Range(1e6, 1e6, 1e6), status="closed"),
    ]
    ex = rk.contingency(risks)
    assert ex.contingency_before == pytest.approx(325)
    assert ex.contingency_after == pytest.approx(125)
    assert ex.buffer_days_before == pytest.approx(6)
    assert ex.buffer_days_after == pytest.approx(0.3)
    assert ex.risk_ids == ("R1", "R2")
    assert ex.mean == "pert"


# --- score, level, heat map: NPSA 5×5 matrix ---------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected_level"),
    [
        # NPSA (2008) bands: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme.
        (1, 3, "low"),
        (2, 2, "medium"),
        (2, 3, "medium"),
        (2, 4, "high"),
        (3, 4, "high"),
        (3, 5, "very_high"),
        (5, 5, "very_high"),
    ],
)
def test_score_and_level_follow_the_npsa_bands(likelihood, impact, expected_level):
    assert rk.score(likelihood, impact) == likelihood * impact
    assert rk.level(rk.score(likelihood, impact)) == expected_level


def test_score_refuses_values_off_the_scale():
    with pytest.raises(ValueError, match="likelihood must be a whole number from 1 to 5"):
        rk.score(6, 1)


def test_heat_map_counts_inherent_and_residual_cells():
    risks = [
        make("A", likelihood=4, impact=4, residual_likelihood=2, residual_impact=3),
        make("B", likelihood=4, impact=4, residual_likelihood=2),  # residual impact stays 4
        make("C", likelihood=1, impact=5),
        make("D", likelihood=4, impact=4, status="closed"),
    ]
    inherent = rk.heat_map(risks)
    assert inherent.count(4, 4) == 2 and inherent.count(1, 5) == 1 and inherent.total == 3
    residual = rk.heat_map(risks, residual=True)
    assert residual.count(4, 4) == 0
    assert residual.count(2, 3) == 1 and residual.count(2, 4) == 1 and residual.count(1, 5) == 1


# --- checks ------------------------------------------------------------------------------------


def test_accepting_a_risk_needs_a_rationale_and_a_review_date():
    problems = rk.risk_problems(make(response="accept"))
    fields = {p.field for p in problems}
    assert fields == {"acceptance_rationale", "review_on"}
    assert all("risk R1 ('Data migration fails')" in p.message for p in problems)
    ok = make(
        response="accept", acceptance_rationale="Cheaper to absorb.", review_on=date(2027, 3, 1)
    )
    assert rk.risk_problems(ok) == []


def test_bad_probability_range_and_category_are_named():
    bad = make(probability=1.2, cost=Range(50, 20, 60), category="weather", residual_impact=0)
    by_field = {p.field: p.message for p in rk.risk_problems(bad)}
    assert set(by_field) == {"probability", "cost", "category", "residual_impact"}
    assert "low ≤ likely ≤ high" in by_field["cost"] and "(got 50, 20, 60)" in by_field["cost"]
    assert "between 0 and 1 (got 1.2)" in by_field["probability"]
    with pytest.raises(rk.RiskError) as err:
        rk.check_risks([bad, make("R1")])
    assert any(p.field == "id" for p in err.value.problems)


# --- the library -------------------------------------------------------------------------------


def test_library_loads_with_thirty_entries_in_known_categories():
    lib = load_library()
    assert lib.id == "municipal-technology-risks" and lib.version
    assert len(lib.risks) >= 30
    assert len({r.id for r in lib.risks}) == len(lib.risks)
    assert {r.category for r in lib.risks} == set(rk.CATEGORIES)  # every category used
    assert lib.scales.likelihood[0].high == 0.1 and lib.scales.likelihood[4].low == 0.9
    for wanted in ("data-migration-failure", "vendor-lock-in", "ransomware-during-cutover"):
        assert lib.get(wanted).title


def test_library_entry_becomes_a_valid_register_entry():
    entry = load_library().get("data-migration-failure")
    r = entry.to_risk("R7", budget=1_000_000, tasks=("MIG",))
    assert rk.risk_problems(r) == []
    assert r.cost == Range(
        entry.cost_share.low * 1e6, entry.cost_share.likely * 1e6, entry.cost_share.high * 1e6
    )
    assert r.library_id == "data-migration-failure" and r.tasks == ("MIG",)


def _raw() -> dict:
    from importlib import resources

    text = resources.files("civicshift.core").joinpath("data/risk_library.yaml").read_text()
    return yaml.safe_load(text)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["risks"].append(copy.deepcopy(d["risks"][0])),
            "entry 'data-migration-failure', id: this id is used twice",
        ),
        (
            lambda d: d["risks"][1].update(category="weather"),
            "entry 'legacy-data-quality', category: 'weather' is not a known category",
        ),
        (
            lambda d: d["risks"][2].update(likelihood=7),
            "entry 'vendor-lock-in', likelihood: must be from 1 to 5",
        ),
        (
            lambda d: d["risks"][0].update(schedule_days=[30, 10, 80]),
            "schedule_days: needs 0 ≤ low ≤ likely ≤ high",
        ),
        (lambda d: d["risks"][0].pop("event"), "entry 'data-migration-failure', event: is missing"),
        (
            lambda d: d["scales"]["levels"][2].update(min_score=3),
            "scales.levels[3]: min_score must increase",
        ),
        (
            lambda d: d["scales"]["likelihood"][2].update(low=0.35),
            "scales.likelihood[3]: bands must follow",
        ),
    ],
)
def test_library_errors_name_entry_and_field(mutate, message):
    data = _raw()
    mutate(data)
    with pytest.raises(LibraryError) as err:
        library_from_data(data)
    assert message in str(err.value)
