"""The business case pages in a real browser: axe, CSP with Chart.js, live recalculation."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from civicshift.cases import services
from civicshift.cases.models import CaseRun
from civicshift.cases.tests.conftest import ISSUE_EXAMPLE_LINES
from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in


def _case(demo):
    org = demo.organization
    editor = get_user_model().objects.get(
        email=next(email for role, email, _pw in demo.logins if role == "editor")
    )
    initiative = Initiative.objects.for_org(org).filter(business_case__isnull=True).first()
    case = services.business_case_create(actor=editor, initiative=initiative, start_year=2027)
    option = case.options.get()
    for fields in ISSUE_EXAMPLE_LINES:
        services.line_create(actor=editor, option=option, **fields)
    return case, option


def _login(demo, role="editor"):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def test_business_case_pages_pass_axe_and_draw_charts(demo, live_server, page_factory, axe_source):
    case, option = _case(demo)
    base = f"{live_server.url}/o/{demo.organization.slug}/initiatives/{case.initiative_id}"
    pages = [
        "/business-case/",
        f"/business-case/options/{option.pk}/",
        f"/business-case/options/{option.pk}/simulate/",
        f"/business-case/options/{option.pk}/lines/new/",
        "/business-case/settings/",
        "/business-case/narrative/",
        "/business-case/runs/",
    ]
    urls = [base + path for path in pages]
    # A saved analysis of the demo beside today's figures.
    run = CaseRun.objects.for_org(demo.organization).select_related("case").first()
    urls.append(
        f"{live_server.url}/o/{demo.organization.slug}/initiatives/{run.case.initiative_id}"
        f"/business-case/runs/{run.pk}/"
    )
    failures: list[str] = []
    for width in (1280, 375):
        page = page_factory(width)
        sign_in(page, live_server.url, *_login(demo))
        for path in urls:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            failures += [f"{path} @{width}: {p}" for p in axe_violations(page, axe_source)]
            failures += [f"{path} @{width}: CSP: {e}" for e in page.csp_errors]
            page.csp_errors.clear()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                failures.append(f"{path} @{width}: {overflow}px wider than the screen")
        page.goto(base + f"/business-case/options/{option.pk}/simulate/")
        drawn = page.evaluate(
            "Array.from(document.querySelectorAll('canvas[data-chart]'))"
            ".map(c => !!Chart.getChart(c))"
        )
        if not drawn or not all(drawn):
            failures.append(f"charts not drawn: {drawn}")
    assert not failures, "\n".join(failures)


def test_figures_recalculate_as_you_type(demo, live_server, page_factory):
    case, option = _case(demo)
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo))
    page.goto(
        f"{live_server.url}/o/{demo.organization.slug}/initiatives/"
        f"{case.initiative_id}/business-case/options/{option.pk}/lines/new/"
    )
    page.evaluate("window.__noReload = true")
    before = page.inner_text("#case-results .cs-figures dd")
    page.fill("#id_name", "Paper and postage")
    page.select_option("#id_kind", "benefit")
    page.select_option("#id_category", "cashable_savings")
    page.fill("#id_likely", "400000")
    page.fill("#id_first_period", "1")
    page.fill("#id_last_period", "10")
    page.wait_for_selector("#case-results >> text=Figures with your changes")
    page.wait_for_function(
        "before => document.querySelector('#case-results .cs-figures dd').innerText !== before",
        arg=before,
    )
    assert "problem" not in page.inner_text("#case-results")
    # the one-sentence live summary for screen readers follows the figures
    assert page.inner_text("#case-results-summary").startswith("Recalculated: net present value")
    assert page.evaluate("window.__noReload === true")
    assert option.lines.count() == 3  # nothing saved by the preview


CHARTS = ("cumulative", "annual", "tornado", "histogram")


def test_run_the_simulation_click_draws_every_chart(demo, live_server, page_factory, axe_source):
    """The person's path: open the option page, click "Run the simulation", wait for htmx to
    swap the figures in; every chart must then hold data (the swap used to drop the chart data),
    the tornado's bars must start at the NPV, and the page must still pass axe."""
    case, option = _case(demo)
    failures: list[str] = []
    for width in (1280, 375):
        page = page_factory(width)
        sign_in(page, live_server.url, *_login(demo))
        page.goto(
            f"{live_server.url}/o/{demo.organization.slug}/initiatives/"
            f"{case.initiative_id}/business-case/options/{option.pk}/"
        )
        page.evaluate("window.__noReload = true")
        assert page.locator("canvas[data-chart='histogram']").count() == 0
        page.get_by_role("link", name="Run the simulation").click()
        page.wait_for_selector("canvas[data-chart='histogram']")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__noReload === true"), "the click reloaded the page"
        counts = page.evaluate(
            """() => Object.fromEntries(Array.from(document.querySelectorAll('canvas[data-chart]'))
                 .map(c => { const chart = Chart.getChart(c);
                   return [c.dataset.chart,
                           chart ? chart.data.datasets[0].data.length : 0]; }))"""
        )
        for name in CHARTS:
            if not counts.get(name):
                failures.append(f"@{width}: chart {name} has no data after the click: {counts}")
        starts = page.evaluate(
            """() => { const c = Chart.getChart(document.querySelector(
                 "canvas[data-chart='tornado']"));
               const data = JSON.parse(c.canvas.closest('[data-case-charts]')
                 .getAttribute('data-case-charts'));
               return c.data.datasets.flatMap(
                 d => d.data.map(bar => bar[0] - data.tornado.npv)); }"""
        )
        if any(abs(s) > 1e-6 for s in starts):
            failures.append(f"@{width}: tornado bars do not start at the NPV: {starts}")
        failures += [f"@{width}: {p}" for p in axe_violations(page, axe_source)]
        failures += [f"@{width}: CSP: {e}" for e in page.csp_errors]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            failures.append(f"@{width}: {overflow}px wider than the screen")
    assert not failures, "\n".join(failures)


def test_live_message_beside_the_field_as_you_type(demo, live_server, page_factory):
    case, option = _case(demo)
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo))
    page.goto(
        f"{live_server.url}/o/{demo.organization.slug}/initiatives/"
        f"{case.initiative_id}/business-case/options/{option.pk}/lines/new/"
    )
    page.fill("#id_name", "Paper and postage")
    page.select_option("#id_kind", "benefit")
    page.select_option("#id_category", "cashable_savings")
    page.select_option("#id_distribution", "triangular")
    page.fill("#id_low", "500")
    page.fill("#id_likely", "400")
    page.fill("#id_high", "900")
    page.wait_for_function(
        "() => document.querySelector('#live-error-low').innerText.includes('than likely')"
    )
    # The message is read with its field, which says it is invalid (line-editor.js)…
    assert page.get_attribute("#live-region-low", "aria-live") == "polite"
    assert "live-error-low" in page.get_attribute("#id_low", "aria-describedby").split()
    page.wait_for_function("() => document.querySelector('#id_low').ariaInvalid === 'true'")
    assert page.get_attribute("#id_likely", "aria-invalid") is None
    assert page.get_attribute("#id_low", "aria-invalid") == "true"
    # …until the value typed can be used again.
    page.fill("#id_low", "300")
    page.wait_for_function("() => document.querySelector('#live-error-low').innerText === ''")
    page.wait_for_function("() => !document.querySelector('#id_low').hasAttribute('aria-invalid')")
    # The live region stayed in place (so screen readers keep announcing what it says).
    assert (
        page.evaluate("() => document.querySelector('#live-error-low').parentElement.id")
        == "live-region-low"
    )
    assert option.lines.count() == 3  # nothing saved


def test_the_settings_page_converts_the_rate_and_shows_the_ranges_as_you_type(
    demo, live_server, page_factory
):
    case, _option = _case(demo)
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo))
    page.goto(
        f"{live_server.url}/o/{demo.organization.slug}/initiatives/"
        f"{case.initiative_id}/business-case/settings/"
    )
    page.evaluate("window.__noReload = true")
    page.fill("#id_discount_rate", "0.05")
    page.fill("#id_inflation", "0.03")
    # Fisher: 1.05 × 1.03 − 1 = 0.0815, 8.2 % nominal.
    page.wait_for_selector("#terms-fisher >> text=5.0% real = 8.2% nominal at 3.0% inflation")
    page.select_option("#id_optimism_category", "outsourcing")
    # Outsourcing: operating expenditure 0 % to 41 % (HM Treasury 2003, Table 1).
    page.wait_for_selector("#bounds-optimism_recurring >> text=lower bound 0%, upper bound 41%")
    page.fill("#id_optimism_recurring", "0.6")
    page.wait_for_selector("#terms-outside >> text=outside the published range")
    assert page.evaluate("window.__noReload === true")
    case.refresh_from_db()
    assert case.optimism_recurring == 0  # nothing saved by the notes


def test_the_recommendation_warning_passes_axe(demo, live_server, page_factory, axe_source):
    """A line edit that leaves the recommended option without the best NPV: the case page
    warns (and the warning's link to the settings is reachable), with no axe violation."""
    from decimal import Decimal

    case, option = _case(demo)
    editor = get_user_model().objects.get(email=_login(demo)[0])
    better = services.option_create(actor=editor, case=case, name="Keep and patch")
    saving = services.line_create(
        actor=editor,
        option=better,
        name="Saving",
        kind="benefit",
        category="cashable_savings",
        distribution="point",
        likely=Decimal("1000"),
        first_period=1,
        last_period=10,
    )
    services.business_case_update(actor=editor, case=case, recommended_option=option)
    services.line_update(actor=editor, line=saving, likely=Decimal("500000"))
    base = f"{live_server.url}/o/{demo.organization.slug}/initiatives/{case.initiative_id}"
    failures: list[str] = []
    for width in (1280, 375):
        page = page_factory(width)
        sign_in(page, live_server.url, *_login(demo))
        page.goto(base + "/business-case/")
        page.wait_for_load_state("networkidle")
        warning = page.locator('[data-warning="recommendation"]')
        assert "no longer has the best expected NPV" in warning.inner_text()
        failures += [f"@{width}: {p}" for p in axe_violations(page, axe_source)]
        failures += [f"@{width}: CSP: {e}" for e in page.csp_errors]
    warning.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/business-case/settings/")
    assert not failures, "\n".join(failures)


def test_a_shorter_horizon_uploaded_asks_first_and_passes_axe(
    demo, live_server, page_factory, axe_source, tmp_path, settings
):
    """The model with its last year removed in Excel: the option page shows what will be
    dropped (focused, axe-clean, no sideways scroll at 375 px); choosing the file again and
    confirming shortens the case."""
    from django.test import Client
    from django.urls import reverse

    from civicshift.cases.models import BusinessCase
    from civicshift.cases.tests.test_model_horizon import remove_last_year

    # The document job runs inside the request, so the download answers with the file at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    case, option = _case(demo)
    editor = get_user_model().objects.get(email=_login(demo)[0])
    client = Client()
    client.force_login(editor)
    base = f"/o/{demo.organization.slug}/initiatives/{case.initiative_id}/business-case"
    address = reverse("cases:xlsx", kwargs={"org_slug": demo.organization.slug,
                                            "pk": case.initiative_id})  # fmt: skip
    model = client.get(address)
    assert model.status_code == 200
    path = tmp_path / "model.xlsx"
    path.write_bytes(remove_last_year(model.content))
    failures: list[str] = []
    for width in (1280, 375):
        page = page_factory(width)
        sign_in(page, live_server.url, *_login(demo))
        page.goto(f"{live_server.url}{base}/options/{option.pk}/")
        page.set_input_files("#template-file", str(path))
        page.click("button[type=submit]:has-text('Upload and replace the lines')")
        page.wait_for_selector("#upload-confirm")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.activeElement.id") == "upload-confirm"
        text = page.inner_text("#upload-confirm")
        assert "this model looks 9 years ahead, the case 10" in text and "FY2037" in text
        failures += [f"@{width}: {p}" for p in axe_violations(page, axe_source)]
        failures += [f"@{width}: CSP: {e}" for e in page.csp_errors]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            failures.append(f"@{width}: {overflow}px wider than the screen")
    assert BusinessCase.objects.get(pk=case.pk).horizon_years == 10
    page.set_input_files("#confirm-file", str(path))
    page.click("button[type=submit]:has-text('Shorten to 9 years and apply the model')")
    page.wait_for_selector("text=The case now looks 9 years ahead")
    assert BusinessCase.objects.get(pk=case.pk).horizon_years == 9
    assert not failures, "\n".join(failures)
