"""The business-case pages after a new user's walk-through (issue #7, item 9): percentages
rounded, charts data that survive an htmx swap, upload errors at the top, fiscal-year wording,
one set of defaults for the web and the command line, live messages beside the line form's
fields, and the live preview analysing the case once."""

from __future__ import annotations

import argparse
import html
import json
import random
import re

import pytest
from babel import numbers as babel_numbers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from civicshift.cases import selectors
from civicshift.cases.models import BusinessCase, CaseLine
from civicshift.cli_case import add_case_parser
from civicshift.core import formatting

pytestmark = pytest.mark.django_db


def _url(case, name, **extra):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **extra},
    )


def _render(text: str, **context) -> str:
    with translation.override("en-us"):
        return Template("{% load civicshift case_tags %}" + text).render(Context(context))


# --- 1. percentages rounded, not cut off ----------------------------------------------------


def test_percentages_are_rounded_like_the_documents_and_the_cli():
    # The two examples, rounded by hand (ordinary decimal rounding): IRR 0.29054 is
    # 29.054 % → 29.1 % with one decimal; P = 0.9898 is 98.98 % → 99 % with none. Python's
    # format(x, ".1%"), what the documents printed, gives the same.
    assert _render("{{ irr|percent }}", irr=0.29054) == "29.1%" == format(0.29054, ".1%")
    assert _render("{{ p|percent:0 }}", p=0.9898) == "99%" == format(0.9898, ".0%")
    # A figure already in percent (switching values' change_pct) goes through the same rule.
    assert _render("{{ c|percent_points:0 }}", c=-37.6) == "-38%"
    assert _render("{{ c|percent_points:0 }}", c=None) == formatting.DASH


def test_simulation_page_rounds_the_chance_of_a_positive_npv(client, case, editor, monkeypatch):
    client.force_login(editor)
    option = case.options.get()
    real = selectors.monte_carlo

    def with_chance(*args, **kwargs):
        result = real(*args, **kwargs)
        object.__setattr__(result, "prob_npv_positive", 0.9898)
        return result

    monkeypatch.setattr(selectors, "monte_carlo", with_chance)
    page = client.get(_url(case, "simulate", option=option.pk)).content.decode()
    assert "<dd>99%</dd>" in page
    assert "98%" not in page


def test_money_fast_path_gives_babels_text():
    # Reference: Babel's own format_currency with the same whole-unit pattern.
    rng = random.Random(7)
    for name in ("en_US", "es", "fr", "de_CH", "hi_IN", "ja", "pt_BR", "sv"):
        loc = formatting._parse_locale(name)
        pattern = formatting._whole_money_pattern(loc)
        for currency in ("USD", "EUR", "INR", "JPY"):
            for _ in range(200):
                value = rng.randint(-(10**9), 10**9) // rng.choice((1, 100, 10**5))
                expected = babel_numbers.format_currency(
                    value, currency, format=pattern, locale=loc, currency_digits=False
                )
                assert formatting.money(value, currency, locale=name) == expected


# --- 2. charts after an htmx swap -----------------------------------------------------------


def test_simulation_fragment_carries_its_chart_data(client, case, editor):
    """htmx strips <script> elements from what it swaps in, so the data ride in an attribute."""
    client.force_login(editor)
    option = case.options.get()
    response = client.get(
        _url(case, "simulate", option=option.pk),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="case-results",
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="case-results"')
    assert "<script" not in fragment
    # The four charts' data (the NPV-profile chart carries its own attribute too).
    sets = [
        json.loads(html.unescape(raw))
        for raw in re.findall(r'data-case-charts="([^"]*)"', fragment)
    ]
    data = next(d for d in sets if "cumulative" in d)
    assert data["currency"] == "USD"
    for chart in ("cumulative", "annual", "tornado", "histogram"):
        assert f'data-chart="{chart}"' in fragment
    assert len(data["cumulative"]["values"]) == case.horizon_years + 1
    assert sum(data["histogram"]["counts"]) == case.iterations
    # The tornado: one bar per uncertain line, sorted by swing, around the NPV at likely.
    t = data["tornado"]
    bars = list(zip(t["low"], t["high"], strict=True))
    swings = [abs(h - lo) for lo, h in bars]
    assert swings == sorted(swings, reverse=True) and len(swings) == 2
    assert all(min(lo, h) <= t["npv"] <= max(lo, h) for lo, h in bars)


# --- 4. upload errors at the top ------------------------------------------------------------


def test_upload_problems_are_summarised_at_the_top_with_focus(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    file = SimpleUploadedFile("lines.csv", b"name,kind\n", content_type="text/csv")
    page = client.post(_url(case, "upload", option=option.pk), {"file": file}).content.decode()
    summary = page.index('id="upload-problems"')
    assert summary < page.index("Costs and benefits") < page.index('id="template-file"')
    tag = page[page.rindex("<div", 0, summary) : page.index(">", summary)]
    assert 'tabindex="-1"' in tag and "data-focus-on-load" in tag and 'role="alert"' in tag
    assert page.count("the file is not an Excel workbook") == 1
    assert "civicshift/focus.js" in page
    assert 'aria-describedby="template-file-hint template-file-error upload-problems"' in page


# --- 5. fiscal years, ramp as percentages, money with its sign -------------------------------


def test_fiscal_year_wording(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    detail = client.get(_url(case, "detail")).content.decode()
    # start_year 2027, horizon 10: years 0..10 are FY2027..FY2037, eleven fiscal years.
    assert "from FY2027 over 11 fiscal years (FY2027–FY2037)" in detail
    page = client.get(_url(case, "option", option=option.pk)).content.decode()
    assert "FY2028–FY2037" in page  # the subscription, periods 1..10
    assert "years 1–10" not in page
    assert "ramp-up 50%" in page  # ramp "0.5"
    assert "$250,000" in page  # the one-time implementation cost, with its currency sign
    form = client.get(_url(case, "line_create", option=option.pk)).content.decode()
    assert "Year 0 is FY2027" in form and "year 10 (FY2037)" in form


# --- 6. one source for the defaults ---------------------------------------------------------


def test_cli_defaults_are_the_web_defaults():
    parser = argparse.ArgumentParser()
    add_case_parser(parser.add_subparsers())
    args = parser.parse_args(["case", "analyze", "case.yaml"])
    field = BusinessCase._meta.get_field
    assert args.seed == field("seed").default
    assert args.iterations == field("iterations").default
    from civicshift.core.case_defaults import payback_target

    assert payback_target(10) == field("payback_target_years").default
    assert payback_target(3) == 3  # never beyond a shorter horizon
    assert payback_target(10, 7) == 7


# --- 7. live messages beside the line form's fields ------------------------------------------


def _typed(**fields):
    data = {
        "name": "Paper and postage",
        "kind": "benefit",
        "category": "cashable_savings",
        "distribution": "triangular",
        "low": "500",
        "likely": "400",
        "high": "900",
        "first_period": "1",
        "last_period": "10",
        "escalation": "0",
        "ramp": "",
    }
    data.update(fields)
    return data


def test_live_message_beside_an_invalid_field_nothing_saved(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    before = CaseLine.objects.count()
    url = _url(case, "line_preview", option=option.pk)
    fragment = client.post(url, _typed(), HTTP_HX_REQUEST="true").content.decode()
    # The model's message for the range rule (core.cases.estimate_from), beside "Low".
    low = re.search(
        r'id="live-error-low" data-invalid="true" hx-swap-oob="outerHTML">([^<]*)<', fragment
    )
    assert "greater than likely" in low.group(1), fragment
    assert 'id="live-error-high" data-invalid="false" hx-swap-oob="outerHTML"></span>' in fragment
    assert CaseLine.objects.count() == before
    # Fixed: every message is cleared; a field left empty gets none while typing.
    fragment = client.post(
        url, _typed(low="300", escalation=""), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="live-error-low" data-invalid="false" hx-swap-oob="outerHTML"></span>' in fragment
    assert 'id="live-error-escalation" data-invalid="false" hx-swap-oob="outerHTML"></' in fragment
    form = client.get(_url(case, "line_create", option=option.pk)).content.decode()
    assert (
        '<div class="cs-live-region" id="live-region-low" aria-live="polite">'
        '<span class="usa-error-message cs-live-error" id="live-error-low"></span></div>'
    ) in form


def test_live_message_for_a_field_the_core_refuses(client, case, editor, monkeypatch):
    """A value the form accepts but the core engine does not: its CaseError names the field."""
    from civicshift.core.cases import CaseError

    client.force_login(editor)
    option = case.options.get()
    real = selectors.summarize

    def refuse_last_line(core_case, **options):
        index = len(core_case.lines) - 1
        if core_case.lines[index].name == "Paper and postage":
            raise CaseError("must be 20 or less", field="escalation", line_index=index)
        return real(core_case, **options)

    monkeypatch.setattr(selectors, "summarize", refuse_last_line)
    fragment = client.post(
        _url(case, "line_preview", option=option.pk),
        _typed(low="300", escalation="25"),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert (
        'id="live-error-escalation" data-invalid="true" hx-swap-oob="outerHTML">Must be 20 or less.'
        in fragment
    )


# --- 8. the live preview analyses the case once ----------------------------------------------


@pytest.mark.parametrize("editing", [False, True])
def test_live_preview_runs_the_analysis_once(client, case, editor, monkeypatch, editing):
    from civicshift.core import cases as core_cases
    from civicshift.core import montecarlo

    client.force_login(editor)
    option = case.options.get()
    calls = []

    def counting(real):
        def counted(core_case, **options):
            calls.append(core_case)
            return real(core_case, **options)

        return counted

    # Everything the page shows comes from one summarize (core.cases.summarize); the tornado
    # and switching values (montecarlo.analyze) are not computed for the preview at all.
    monkeypatch.setattr(selectors, "summarize", counting(core_cases.summarize))
    monkeypatch.setattr(montecarlo, "analyze", counting(core_cases.analyze))
    data = _typed(low="300")
    if editing:
        data["line_pk"] = str(option.lines.get(name="Subscription").pk)
    response = client.post(
        _url(case, "line_preview", option=option.pk), data, HTTP_HX_REQUEST="true"
    )
    assert "Figures with your changes" in response.content.decode()
    assert len(calls) == 1
    assert len(calls[0].lines) == (3 if editing else 4)
