"""The settings page's terms (real or nominal, headline figures, a second rate), the optimism
bias with the Green Book's published ranges, and the recommended option's reason (issue 7)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from civicshift.cases import services
from civicshift.cases.models import BusinessCase
from civicshift.cases.terms import fisher_sentence

pytestmark = pytest.mark.django_db


def settings_url(case, name="settings"):
    return reverse(f"cases:{name}", args=[case.organization.slug, case.initiative.pk])


def settings_data(case, **changes):
    data = {
        "start_year": case.start_year,
        "horizon_years": case.horizon_years,
        "discount_rate": case.discount_rate,
        "payback_target_years": case.payback_target_years,
        "iterations": case.iterations,
        "seed": case.seed,
        "basis": case.basis,
        "inflation": case.inflation,
        "lead": case.lead,
        "alternative_rate": "",
        "alternative_rate_label": "",
        "optimism_category": "",
        "optimism_one_time": "0",
        "optimism_recurring": "0",
        "optimism_duration": "0",
        "optimism_reason": "",
        "recommended_option": "",
        "recommendation_reason": "",
        "version": case.version,
    }
    data.update(changes)
    return data


def test_settings_page_shows_the_terms_and_the_fisher_conversion(client, case, editor):
    client.force_login(editor)
    html = client.get(settings_url(case)).content.decode()
    for text in ("Real or nominal", "Optimism bias", "Headline figures", "Mott MacDonald"):
        assert text in html
    # Fisher (1930): (1 + 0.03)(1 + 0.02) − 1 = 0.0506, i.e. 5.1 % nominal.
    assert "3.0% real = 5.1% nominal at 2.0% inflation" in html


def test_fisher_sentence_is_fishers_equation():
    # Fisher's equation (Brealey, Myers & Allen, Principles of Corporate Finance, ch. 3):
    # 1 + nominal = (1 + real)(1 + inflation). 1.03 × 1.02 = 1.0506; 1.0506 / 1.02 = 1.03.
    assert fisher_sentence("real", 0.03, 0.02) == "3.0% real = 5.1% nominal at 2.0% inflation"
    assert fisher_sentence("nominal", 0.0506, 0.02) == (
        "5.1% nominal = 3.0% real at 2.0% inflation"
    )


def test_the_terms_and_the_optimism_bias_are_saved(client, case, editor):
    client.force_login(editor)
    data = settings_data(
        case,
        basis="nominal",
        inflation="0.025",
        lead="likely",
        alternative_rate="0.07",
        alternative_rate_label="OMB A-94 (1992) base rate",
        optimism_category="equipment_development",
        optimism_one_time="0.5",
        optimism_recurring="0",
        optimism_duration="0.2",
        optimism_reason="Fixed-price implementation contract signed.",
    )
    response = client.post(settings_url(case), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.basis == "nominal" and case.lead == "likely"
    assert case.inflation == Decimal("0.025") and case.alternative_rate == Decimal("0.07")
    assert case.optimism_one_time == Decimal("0.5") and case.optimism_duration == Decimal("0.2")
    html = client.get(settings_url(case)).content.decode()
    # The equipment/development range published by HM Treasury (2003), Table 1: capital
    # expenditure 10 % to 200 %, works duration 10 % to 54 %.
    assert "lower bound 10%, upper bound 200%" in html
    assert "lower bound 10%, upper bound 54%" in html


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("optimism_one_time", "3.5", "Uplift on one-time costs"),
        ("optimism_recurring", "-0.1", "Uplift on recurring costs"),
        ("optimism_duration", "4", "Uplift on duration"),
    ],
)
def test_an_uplift_outside_0_to_300_percent_is_refused_naming_the_field(
    client, case, editor, field, value, words
):
    client.force_login(editor)
    before = BusinessCase.objects.get(pk=case.pk)
    data = settings_data(case, **{field: value, "optimism_reason": "Because."})
    response = client.post(settings_url(case), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert words in errors[field][0] and "300%" in errors[field][0]
    after = BusinessCase.objects.get(pk=case.pk)
    assert (after.version, after.optimism_one_time) == (before.version, before.optimism_one_time)


def test_an_uplift_needs_a_reason(client, case, editor):
    client.force_login(editor)
    response = client.post(
        settings_url(case),
        settings_data(case, optimism_category="outsourcing", optimism_recurring="0.2"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["optimism_reason"]
    case.refresh_from_db()
    assert case.optimism_recurring == 0


def test_inflation_at_or_below_minus_100_percent_is_refused(client, case, editor):
    client.force_login(editor)
    response = client.post(settings_url(case), settings_data(case, inflation="-1"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["inflation"]


def test_an_uplift_outside_the_published_range_is_allowed_but_flagged(client, case, editor):
    client.force_login(editor)
    data = settings_data(
        case,
        optimism_category="outsourcing",
        optimism_recurring="0.6",
        optimism_reason="Supplier has failed twice before.",
    )
    html = client.post(
        settings_url(case, "settings_preview"), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    # Outsourcing, operating expenditure: 0 % to 41 % (HM Treasury 2003, Table 1).
    assert "outside the published range" in html and "0% to 41%" in html
    assert client.post(settings_url(case), data).status_code == 302
    case.refresh_from_db()
    assert case.optimism_recurring == Decimal("0.6")


def test_the_live_panel_converts_the_rate_as_typed(client, case, editor):
    client.force_login(editor)
    data = settings_data(case, basis="nominal", discount_rate="0.05", inflation="0.03")
    html = client.post(
        settings_url(case, "settings_preview"), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    # Fisher: 1.05 / 1.03 − 1 = 0.019417…, 1.9 % real.
    assert "5.0% nominal = 1.9% real at 3.0% inflation" in html
    assert 'hx-swap-oob="outerHTML"' in html
    case.refresh_from_db()
    assert case.basis == "real"  # nothing saved


def test_escalations_that_look_nominal_beside_a_real_rate_are_warned_about(client, case, editor):
    # The example's subscription rises 3 % a year, beside a real rate.
    client.force_login(editor)
    html = client.get(settings_url(case)).content.decode()
    assert "Check the yearly increases" in html and "Subscription" in html
    data = settings_data(case, basis="nominal")
    html = client.post(
        settings_url(case, "settings_preview"), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Check the yearly increases" not in html


def _second_option(case, editor, *, saving):
    option = services.option_create(actor=editor, case=case, name="Keep and patch")
    services.line_create(
        actor=editor,
        option=option,
        name="Patch fee",
        kind="cost",
        category="maintenance",
        distribution="point",
        likely=Decimal("10000"),
        first_period=0,
        last_period=0,
    )
    services.line_create(
        actor=editor,
        option=option,
        name="Saving",
        kind="benefit",
        category="cashable_savings",
        distribution="point",
        likely=Decimal(saving),
        first_period=1,
        last_period=10,
    )
    return option


def test_recommending_an_option_without_the_best_npv_needs_a_reason(client, case, editor):
    best = _second_option(case, editor, saving="500000")  # far more than the proposed solution
    proposed = case.options.exclude(pk=best.pk).get()
    client.force_login(editor)
    data = settings_data(case, recommended_option=proposed.pk)
    response = client.post(settings_url(case), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["recommendation_reason"]
    assert "Keep and patch" in errors["recommendation_reason"][0]
    case.refresh_from_db()
    assert case.recommended_option_id is None
    reason = "Keep and patch loses vendor support in 2028."
    data["recommendation_reason"] = reason
    assert client.post(settings_url(case), data).status_code == 302
    case.refresh_from_db()
    assert case.recommended_option_id == proposed.pk
    detail = client.get(settings_url(case, "detail")).content.decode()
    assert reason in detail
    # The best option needs no reason.
    assert (
        client.post(settings_url(case), settings_data(case, recommended_option=best.pk)).status_code
        == 302
    )


# Duplicate an option as a variant ---------------------------------------------------------------


def test_an_option_duplicates_as_a_variant_with_its_lines_audited(client, case, editor):
    from civicshift.audit.models import AuditEvent
    from civicshift.cases.models import CaseLine

    option = case.options.get()
    client.force_login(editor)
    before = AuditEvent.objects.for_org(case.organization).count()
    url = reverse(
        "cases:option_duplicate", args=[case.organization.slug, case.initiative.pk, option.pk]
    )
    response = client.post(url)
    assert response.status_code == 302
    variant = case.options.get(name="Proposed solution (variant)")
    assert response["Location"].endswith(f"/options/{variant.pk}/")
    fields = (
        "name",
        "kind",
        "category",
        "distribution",
        "low",
        "likely",
        "high",
        "first_period",
        "last_period",
        "escalation",
        "ramp",
        "per_year",
        "in_npv",
    )
    original = list(CaseLine.objects.filter(option=option).values_list(*fields))
    copied = list(CaseLine.objects.filter(option=variant).values_list(*fields))
    assert copied == original and len(copied) == 3
    # One event for the option and one per line, each saying where it came from.
    events = AuditEvent.objects.for_org(case.organization).order_by("pk")[before:]
    assert len(events) == 4
    assert all("Proposed solution" in e.reason for e in events)
    # A second copy gets the next free name.
    client.post(url)
    assert case.options.filter(name="Proposed solution (variant 2)").exists()


def test_a_duplicate_that_fails_leaves_nothing(case, editor, monkeypatch):
    from civicshift.audit import services as audit_services
    from civicshift.cases.models import CaseLine, Option

    option = case.options.get()
    real = audit_services.audited_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["model"])
        if len(calls) == 3:  # the option and the first line are created, then a failure
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "audited_create", failing)
    with pytest.raises(RuntimeError):
        services.option_duplicate(actor=editor, option=option)
    assert Option.objects.filter(case=case).count() == 1
    assert CaseLine.objects.filter(option__case=case).count() == 3


def test_a_viewer_cannot_duplicate(client, case, org):
    from civicshift.orgs.roles import Role
    from civicshift.testing.factories import make_member

    viewer = make_member(org, Role.VIEWER, "viewer@example.org")
    client.force_login(viewer)
    option = case.options.get()
    url = reverse(
        "cases:option_duplicate", args=[case.organization.slug, case.initiative.pk, option.pk]
    )
    assert client.post(url).status_code == 403
    assert case.options.count() == 1


# Amounts per year in the line form ------------------------------------------------------------


def _line_url(case, option):
    return reverse(
        "cases:line_create", args=[case.organization.slug, case.initiative.pk, option.pk]
    )


LINE = {
    "name": "Hardware refresh",
    "kind": "cost",
    "category": "hardware",
    "distribution": "point",
    "likely": "",
    "first_period": "1",
    "last_period": "4",
    "escalation": "0",
    "ramp": "",
    "counting": "auto",
}


def test_amounts_per_year_are_saved_from_the_line_form(client, case, editor):
    from civicshift.cases.models import CaseLine

    option = case.options.get()
    client.force_login(editor)
    html = client.get(_line_url(case, option)).content.decode()
    # Placed after the years they cover and before the increase they replace.
    assert html.index('name="last_period"') < html.index('name="per_year"')
    assert html.index('name="per_year"') < html.index('name="escalation"')
    assert "Not used with amounts per year" in html
    response = client.post(_line_url(case, option), {**LINE, "per_year": "10,000, 25000 0 40000"})
    assert response.status_code == 302, response.context["form"].errors
    line = CaseLine.objects.get(option=option, name="Hardware refresh")
    assert line.per_year_amounts() == (10000, 25000, 0, 40000)
    assert line.likely == Decimal("75000")  # their total, shown in lists


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        # The case starts in FY2027: the line's second amount is year 2, FY2029.
        ("10000, abc, 0, 1", "per_year", "Amount 2 (year 2, FY2029): “abc” is not a number"),
        ("10000, -5, 0, 1", "per_year", "Amount 2 (year 2, FY2029): enter an amount of 0"),
        ("10000, 5, 0", "per_year", "3 amounts for 4 years"),
        ("", "likely", "Enter the amount, or give amounts per year"),
    ],
)
def test_bad_amounts_per_year_name_the_year_and_save_nothing(
    client, case, editor, typed, field, words
):
    from civicshift.cases.models import CaseLine

    option = case.options.get()
    client.force_login(editor)
    response = client.post(_line_url(case, option), {**LINE, "per_year": typed})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    assert not CaseLine.objects.filter(option=option, name="Hardware refresh").exists()


def test_amounts_per_year_with_a_yearly_increase_are_refused(client, case, editor):
    option = case.options.get()
    client.force_login(editor)
    response = client.post(
        _line_url(case, option), {**LINE, "per_year": "1, 2, 3, 4", "escalation": "0.03"}
    )
    assert response.status_code == 200
    assert "as given" in " ".join(response.context["form"].errors["escalation"])


# Saved analyses: open, compare with today, run again -------------------------------------------


def test_a_saved_analysis_opens_beside_todays_figures_and_runs_again(client, case, editor):
    from civicshift.cases.models import CaseLine, CaseRun
    from civicshift.cases.selectors import option_figures

    client.force_login(editor)
    slug, pk = case.organization.slug, case.initiative_id
    client.post(reverse("cases:run_save", args=[slug, pk]), {"label": "Council packet"})
    run = CaseRun.objects.get()
    option = case.options.get()
    saved_npv = run.results["options"]["Proposed solution"]["npv"]
    # Since then: one line changed, one removed, one added, and the rate.
    subscription = CaseLine.objects.get(option=option, name="Subscription")
    services.line_update(actor=editor, line=subscription, likely=Decimal("110000"))
    services.line_delete(actor=editor, line=CaseLine.objects.get(name="Staff time released"))
    services.line_create(
        actor=editor,
        option=option,
        name="Hosting",
        kind="cost",
        category="hosting",
        distribution="point",
        likely=Decimal("5000"),
        first_period=1,
        last_period=10,
    )
    fresh = BusinessCase.objects.get(pk=case.pk)
    services.business_case_update(actor=editor, case=fresh, discount_rate=Decimal("0.04"))
    html = client.get(reverse("cases:run", args=[slug, pk, run.pk])).content.decode()
    assert "Council packet" in html
    assert "Added: Hosting" in html and "Removed: Staff time released" in html
    assert "Changed: Subscription" in html and "<code>discount_rate</code>" in html
    fresh = BusinessCase.objects.get(pk=case.pk)
    now = option_figures(fresh, option).analysis.npv
    from civicshift.core.formatting import money

    assert money(saved_npv, "USD") in html and money(now, "USD") in html
    # Run again: from the saved inputs, not today's lines, so the same figures come back.
    response = client.post(reverse("cases:run_reproduce", args=[slug, pk, run.pk]), follow=True)
    html = response.content.decode()
    assert "Run again: the same figures" in html, html[:3000]
    assert CaseRun.objects.count() == 1  # nothing new saved


def test_a_saved_analysis_of_another_case_is_not_found(client, case, editor, org):
    from civicshift.cases.models import CaseRun
    from civicshift.initiatives.services import initiative_create

    client.force_login(editor)
    other = initiative_create(actor=editor, organization=org, title="Other")
    services.business_case_create(actor=editor, initiative=other)
    client.post(reverse("cases:run_save", args=[org.slug, case.initiative_id]), {"label": "x"})
    run = CaseRun.objects.get()
    assert client.get(reverse("cases:run", args=[org.slug, other.pk, run.pk])).status_code == 404
