"""The inventory engine (core/inventory.py).

Support dates are endoflife.date's (the catalogue shipped in core/data/endoflife, commit
a70eca3, 2026-08-22): https://endoflife.date/windows-server (2012 R2: end of mainstream
2018-10-09, extended 2023-10-10, ESU 2026-10-13) and https://endoflife.date/ibm-i (7.1: end of
service-pack support 2018-04-30, extended life-cycle support 2024-04-30; 7.3: 2023-09-30 and
2028-09-30). The three phrases are the ones issue 8 asks for on 2026-12-01.

Dispositions follow Gartner's TIME quadrants (Gartner, "Application Portfolio Triage: TIME for
APM", 2009; also LeanIX's "TIME model" guide): Tolerate = low business value, good technical
condition; Invest = high, good; Migrate = high value, poor condition; Eliminate = low, poor.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from civicshift.core import inventory as inv

ON = date(2026, 12, 1)
WS2012R2 = inv.Milestones(date(2018, 10, 9), date(2023, 10, 10), date(2026, 10, 13))
IBMI71 = inv.Milestones(date(2018, 4, 30), date(2024, 4, 30))
IBMI73 = inv.Milestones(date(2023, 9, 30), date(2028, 9, 30))


def test_reference_phrases_of_issue_8():
    assert inv.support_status(WS2012R2, ON).phrase == (
        "past paid extended security updates (2026-10-13)"
    )
    assert inv.support_status(IBMI71, ON).phrase == "past extended support (2024-04-30)"
    # The same release as endoflife.date stores it (its third milestone is IBM's Extended Life
    # Cycle Support, named so in the product's columns): the same words.
    from civicshift.core import endoflife

    confirmed = endoflife.milestones("ibm-i", "7.1")
    as_catalogue = inv.Milestones(
        confirmed.mainstream_end,
        confirmed.extended_end,
        confirmed.esu_end,
        labels=confirmed.labels,
    )
    assert inv.support_status(as_catalogue, ON).phrase == "past extended support (2024-04-30)"
    status = inv.support_status(IBMI73, ON)
    assert status.phrase == "on extended support only, until 2028-09-30"
    assert status.state is inv.SupportState.EXTENDED_ONLY
    assert status.days_left == (date(2028, 9, 30) - ON).days


def test_past_extended_support_with_paid_updates_still_on_sale():
    m = inv.Milestones(date(2020, 1, 1), date(2025, 1, 1), date(2027, 6, 30))
    s = inv.support_status(m, ON)
    assert s.state is inv.SupportState.PAST_SUPPORT
    assert s.phrase == "on paid extended security updates only, until 2027-06-30"


def test_a_system_is_as_supported_as_its_least_supported_component():
    own = inv.Milestones(extended_end=date(2030, 1, 1))
    parts = [
        inv.Component("IBM i 7.3", "os", IBMI73),
        inv.Component("Windows Server 2012 R2", "os", WS2012R2),
        inv.Component("Unknown database", "database"),
    ]
    rollup = inv.support_rollup(own, parts, ON)
    assert rollup.overall.state is inv.SupportState.PAST_ESU
    assert rollup.overall.source == "Windows Server 2012 R2"
    assert rollup.own.state is inv.SupportState.SUPPORTED
    assert rollup.unknown == ("Unknown database",)


def test_passed_dates_keep_counting_cost_and_risk_until_the_town_retires_it():
    facts = inv.SystemFacts(
        key=1,
        name="AS/400 finance",
        milestones=IBMI71,
        costs=inv.Costs(
            Decimal("12000"), Decimal("30000"), Decimal(0), Decimal("0.5"), Decimal("90000")
        ),
    )
    report = inv.evaluate(facts, ON)
    assert report.annual_cost == Decimal("87000.0")
    assert any(f.key == inv.Flag.PAST_SUPPORT for f in report.flags)
    retired = inv.evaluate(
        inv.SystemFacts(**{**facts.__dict__, "retired_on": date(2026, 6, 30)}), ON
    )
    assert retired.annual_cost == 0 and not retired.flags


@pytest.mark.parametrize(
    ("value", "condition", "expected"),
    [
        (4.0, 4.0, "invest"),
        (4.0, 2.0, "migrate"),
        (2.0, 4.0, "tolerate"),
        (2.0, 2.0, "eliminate"),
        (3.0, 3.0, "invest"),  # the midpoint counts as high
        (None, 4.0, None),
    ],
)
def test_time_quadrants(value, condition, expected):
    assert inv.disposition(value, condition) == expected


def test_assessment_is_the_weighted_mean_per_dimension():
    q = inv.questionnaire()
    weights = {c.key: c.weight for c in q.criteria}
    answers = {"business_importance": 5, "user_satisfaction": 2, "vendor_support": 1, "age": 4}
    a = inv.assess(answers, q)
    bi, us = weights["business_importance"], weights["user_satisfaction"]
    vs, age = weights["vendor_support"], weights["age"]
    assert a.value == pytest.approx((5 * bi + 2 * us) / (bi + us))
    assert a.condition == pytest.approx((1 * vs + 4 * age) / (vs + age))
    assert a.disposition == "migrate"
    assert "fitness_for_purpose" in a.unanswered


def test_answers_are_checked_naming_the_question():
    with pytest.raises(inv.AnswerError) as error:
        inv.check_answers({"age": 7})
    assert error.value.key == "age"
    with pytest.raises(inv.AnswerError):
        inv.check_answers({"colour": 3})
    assert inv.check_answers({"age": "4", "vendor_support": ""}) == {"age": 4}


def test_every_question_defines_five_levels_in_words():
    for c in inv.questionnaire().criteria:
        assert sorted(c.levels) == [1, 2, 3, 4, 5]
        assert all(len(text) > 10 for text in c.levels.values())


def test_lifecycle_risk_parts():
    # Mainstream passed (full 20 of 100), extended in 548 days: 1 - 548/1095 of its 50.
    m = inv.Milestones(ON - timedelta(days=10), ON + timedelta(days=548))
    risk = inv.lifecycle_risk(m, ON)
    w_main, w_ext = 100 * 20 / 70, 100 * 50 / 70
    assert risk.score == pytest.approx(w_main + w_ext * (1 - 548 / 1095))
    assert [p.milestone for p in risk.parts] == ["mainstream_end", "extended_end"]
    assert inv.lifecycle_risk(inv.Milestones(), ON).score is None
    far = inv.Milestones(extended_end=ON + timedelta(days=2000))
    assert inv.lifecycle_risk(far, ON).score == 0


def test_flags_and_acceptance_until_a_date():
    facts = inv.SystemFacts(
        key=1,
        name="Permits (Access)",
        regulated_data=("pii",),
        mfa="none",
        backup_status="untested",
        staff_who_know=1,
        components=(inv.Component("Windows Server 2012 R2", "os", WS2012R2),),
        acceptances=(
            inv.Acceptance("single_person", ON + timedelta(days=30), "City Manager", "Retires"),
            inv.Acceptance("no_tested_backup", ON - timedelta(days=1), "City Manager", "Old"),
        ),
    )
    report = inv.evaluate(facts, ON)
    keys = {f.key for f in report.flags}
    assert keys == {
        "past_support",
        "unsupported_os",
        "regulated_without_mfa",
        "single_person",
        "no_tested_backup",
    }
    accepted = {f.key for f in report.flags if f.accepted}
    assert accepted == {"single_person"}  # the other acceptance has lapsed: the risk is back
    assert len(report.open_flags) == 4
    assert report.priority.parts["flags"] == inv.PRIORITY_POINTS["flags"]


def test_backup_tested_more_than_a_year_ago_is_a_flag():
    old = inv.SystemFacts(
        key=1, name="x", backup_status="tested", backup_tested_on=ON - timedelta(days=400)
    )
    recent = inv.SystemFacts(
        key=1, name="x", backup_status="tested", backup_tested_on=ON - timedelta(days=30)
    )
    assert "no_tested_backup" in {f.key for f in inv.evaluate(old, ON).flags}
    assert "no_tested_backup" not in {f.key for f in inv.evaluate(recent, ON).flags}


def test_priority_parts_add_up_to_the_score():
    a = inv.assess({"business_importance": 5, "vendor_support": 1})
    p = inv.priority(a, inv.LifecycleRisk(80.0, ()), open_flags=1)
    assert p.parts == {
        "condition": pytest.approx(35.0),
        "value": pytest.approx(25.0),
        "lifecycle": pytest.approx(20.0),
        "flags": pytest.approx(5.0),
    }
    assert p.score == pytest.approx(85.0)


def test_impact_direct_and_indirect_dependents():
    # finance -> billing -> web portal; gis <-> finance; payroll -> finance (into it)
    interfaces = [
        inv.Interface("finance", "billing"),
        inv.Interface("billing", "portal"),
        inv.Interface("gis", "finance", two_way=True),
        inv.Interface("payroll", "finance"),
        inv.Interface("portal", "newsletter"),
    ]
    result = inv.impact("finance", interfaces)
    assert set(result.direct) == {"billing", "gis", "payroll"}
    assert result.indirect == {"portal": "billing", "newsletter": "billing"}
    assert inv.impact("newsletter", interfaces).indirect == {}


def test_consolidation_groups_the_same_capability():
    groups = inv.consolidation_candidates(
        {1: "Permit intake", 2: " permit  intake", 3: "Payroll", 4: "", 5: "PERMIT INTAKE"}
    )
    assert groups == [("Permit intake", [1, 2, 5])]


def test_completeness():
    filled = dict.fromkeys(inv.COMPLETENESS_FIELDS, True)
    filled["owner"] = False
    c = inv.completeness(filled)
    assert c.missing == ("owner",)
    assert c.fraction == pytest.approx(1 - 1 / len(inv.COMPLETENESS_FIELDS))
