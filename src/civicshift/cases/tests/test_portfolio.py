"""The portfolio roll-up: the page, its xlsx download, the API and the overview's totals.

The figures are checked against the option's own figures (``selectors.option_figures``, what
the option page shows) and the core's closed-form expected NPV; the arithmetic itself is
checked by hand and with numpy-financial in ``core/tests/test_portfolio.py``.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import numpy_financial as npf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civicshift.cases import services
from civicshift.cases.bridge import option_case
from civicshift.cases.models import BusinessCase
from civicshift.cases.portfolio import organization_portfolio
from civicshift.cases.selectors import option_figures
from civicshift.core import formatting
from civicshift.core.montecarlo import expected_npv
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .conftest import ISSUE_EXAMPLE_LINES

pytestmark = pytest.mark.django_db
rel = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731

#: Three lines whose figures are worked out by hand (see ``test_hand_checked_initiative``).
HAND_LINES = [
    dict(
        name="Implementation",
        kind="cost",
        category="implementation",
        distribution="triangular",
        low=Decimal("80"),
        likely=Decimal("100"),
        high=Decimal("150"),
        first_period=0,
        last_period=0,
    ),
    dict(
        name="Subscription",
        kind="cost",
        category="subscription",
        distribution="point",
        likely=Decimal("50"),
        first_period=1,
        last_period=2,
    ),
    dict(
        name="Paper savings",
        kind="benefit",
        category="cashable_savings",
        distribution="triangular",
        low=Decimal("30"),
        likely=Decimal("60"),
        high=Decimal("120"),
        first_period=1,
        last_period=2,
    ),
]


def make_initiative(org, user, title, *, lines=(), status="proposed", recommend=True, **case):
    initiative = initiative_create(actor=user, organization=org, title=title, status=status)
    if lines is None:
        return initiative, None
    settings = {"start_year": 2027, "horizon_years": 10, **case}
    business_case = services.business_case_create(actor=user, initiative=initiative, **settings)
    option = business_case.options.get()
    for fields in lines:
        services.line_create(actor=user, option=option, **fields)
    if recommend:
        services.business_case_update(actor=user, case=business_case, recommended_option=option)
    return initiative, business_case


@pytest.fixture
def portfolio_org(org, editor):
    """Four initiatives: the issue's example (recommended), the hand-checked case (recommended,
    FY2028–30 at 10 %), one with a case but no recommended option, one without a case."""
    make_initiative(org, editor, "Online permitting", lines=ISSUE_EXAMPLE_LINES, status="approved")
    make_initiative(
        org,
        editor,
        "Agenda management",
        lines=HAND_LINES,
        status="funded",
        start_year=2028,
        horizon_years=2,
        payback_target_years=2,
        discount_rate=Decimal("0.10"),
    )
    make_initiative(org, editor, "Water meters", lines=ISSUE_EXAMPLE_LINES, recommend=False)
    make_initiative(org, editor, "GIS refresh", lines=None, status="idea")
    return org


def _entries(org, **kwargs):
    return {e.title: e for e in organization_portfolio(org, **kwargs).rollup.entries}


def test_figures_are_the_recommended_options_own(portfolio_org):
    entries = _entries(portfolio_org)
    case = entries["Online permitting"]
    business_case = BusinessCase.objects.for_org(portfolio_org).get(
        initiative__title="Online permitting"
    )
    option = business_case.recommended_option
    page = option_figures(business_case, option)  # what the option's page shows
    assert case.option == option.name
    assert case.figures.npv_likely == rel(page.analysis.npv)
    assert case.figures.npv_expected == rel(expected_npv(option_case(business_case, option)))
    assert case.figures.fiscal_years == page.analysis.fiscal_years


def test_hand_checked_initiative(portfolio_org):
    """Likely flows -100, -50 + 60, -50 + 60 → NPV at 10 % = -100 + 10/1.1 + 10/1.21
    = -82.6446; expected (means 110 and 70): -110, 20, 20 → -75.2893. One-time cost 110;
    operating impact FY2028 0, FY2029 and FY2030 50 - 70 = -20 (numpy-financial's npv)."""
    hand = _entries(portfolio_org)["Agenda management"]
    assert hand.figures.npv_likely == rel(npf.npv(0.10, [-100, 10, 10]))
    assert hand.figures.npv_likely == pytest.approx(-82.6446, abs=1e-4)
    assert hand.figures.npv_expected == rel(npf.npv(0.10, [-110, 20, 20]))
    assert hand.figures.one_time_cost == rel(110)
    assert [hand.operating(y) for y in (2027, 2028, 2029, 2030, 2031)] == [
        None,
        0,
        rel(-20),
        rel(-20),
        None,
    ]


def test_initiatives_without_figures_say_why(portfolio_org):
    entries = _entries(portfolio_org)
    assert entries["Water meters"].missing == "no_recommended_option"
    assert entries["Water meters"].figures is None
    assert entries["GIS refresh"].missing == "no_case"


def test_totals_sum_the_initiatives(portfolio_org):
    result = organization_portfolio(portfolio_org).rollup
    with_figures = [e for e in result.entries if e.figures]
    assert len(with_figures) == result.totals.with_figures == 2
    assert result.totals.initiatives == 4
    assert result.totals.npv_expected == rel(sum(e.figures.npv_expected for e in with_figures))
    for year in result.fiscal_years:
        expected = sum(e.operating(year) or 0 for e in with_figures)
        assert result.totals.year("operating_impact", year) == pytest.approx(expected, abs=1e-9)
    assert [s for s, _ in result.by_status] == ["idea", "proposed", "approved", "funded"]


def test_a_broken_recommended_option_names_the_problem(org, editor):
    _initiative, case = make_initiative(org, editor, "Empty option", lines=[])
    entry = _entries(org)["Empty option"]
    assert entry.missing == "no_lines"
    assert case.recommended_option is not None


# --- the page ----------------------------------------------------------------------------


def _client(client, org, role=Role.VIEWER):
    user = make_member(org, role)
    client.force_login(user)
    return client


def _row_titles(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', body)


def test_viewer_sees_the_page_with_money_in_the_org_currency(client, portfolio_org):
    portfolio_org.currency = "CAD"
    portfolio_org.save()
    response = _client(client, portfolio_org).get(
        reverse("portfolio:table", args=[portfolio_org.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The business case has no recommended option yet." in html
    assert "No business case yet." in html
    assert "CA$" in html
    assert "FY2028" in html and "FY2037" in html
    # July start: FY2028 runs July 2027 – June 2028.
    assert "FY2027 runs from July 2026 to June 2027" in html
    assert 'role="region"' in html and 'tabindex="0"' in html


def test_sorting_by_any_column_with_aria_sort(client, portfolio_org):
    c = _client(client, portfolio_org)
    url = reverse("portfolio:table", args=[portfolio_org.slug])
    html = c.get(url).content.decode()
    assert _row_titles(html) == [
        "Agenda management",
        "GIS refresh",
        "Online permitting",
        "Water meters",
    ]
    assert 'aria-sort="ascending"' in html
    assert 'name="sort" value="-title"' in html  # the active column's button reverses it
    assert 'name="sort" value="-npv_expected"' in html  # money starts largest first
    html = c.get(url, {"sort": "-npv_expected"}).content.decode()
    assert _row_titles(html)[:2] == ["Online permitting", "Agenda management"]
    assert html.count('aria-sort="descending"') == 1
    assert 'name="sort" value="npv_expected"' in html
    html = c.get(url, {"sort": "fy2030"}).content.decode()
    assert _row_titles(html)[0] == "Agenda management"  # -20 before the permitting case
    assert c.get(url, {"sort": "nonsense"}).status_code == 200


def test_another_organizations_initiatives_never_appear(client, portfolio_org):
    other = make_org("cedar")
    outsider = make_member(other, Role.EDITOR)
    make_initiative(other, outsider, "Cedar secret project", lines=ISSUE_EXAMPLE_LINES)
    c = _client(client, portfolio_org)
    for name in ("portfolio:table", "portfolio:xlsx", "orgs:dashboard"):
        response = c.get(reverse(name, args=[portfolio_org.slug]))
        assert response.status_code == 200
        assert b"Cedar secret project" not in response.content, name
    body = c.get(reverse("api:portfolio", args=[portfolio_org.slug])).json()
    assert "Cedar secret project" not in str(body)
    assert body["totals"]["initiatives"] == 4


def test_no_n_plus_one_queries(client, org, editor, django_assert_max_num_queries):
    # 200 initiatives, each with a recommended option of one line.
    lines = ISSUE_EXAMPLE_LINES[1:2]
    for n in range(200):
        make_initiative(org, editor, f"Initiative {n:03}", lines=lines)
    # The roll-up itself: the initiatives, their cases with the option, the options' lines.
    with django_assert_max_num_queries(3):
        result = organization_portfolio(org).rollup
    assert result.totals.with_figures == 200
    c = _client(client, org)
    c.get(reverse("portfolio:table", args=[org.slug]))  # the session, warmed
    # Each page: the session, user, organization and membership, the same three, and the
    # header's list of the user's organizations (measured: 8 for the page, whatever the count).
    for name in ("portfolio:table", "portfolio:xlsx", "api:portfolio"):
        with django_assert_max_num_queries(8):
            assert c.get(reverse(name, args=[org.slug])).status_code == 200


# --- the xlsx ------------------------------------------------------------------------------


def test_xlsx_opens_with_the_pages_numbers(client, portfolio_org):
    response = _client(client, portfolio_org).get(
        reverse("portfolio:xlsx", args=[portfolio_org.slug]), {"sort": "-npv_expected"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-portfolio.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Portfolio", "Totals by fiscal year", "Totals by status", "About"]
    rows = list(book["Portfolio"].iter_rows(values_only=True))
    head = rows[0]
    assert head[:6] == (
        "Initiative",
        "Status",
        "Recommended option",
        "Expected NPV (USD)",
        "Likely NPV (USD)",
        "One-time cost (USD)",
    )
    assert head[6] == "Operating-budget impact FY2027 (USD)"
    by_title = {row[0]: row for row in rows[1:]}
    entries = _entries(portfolio_org)
    permitting = entries["Online permitting"]
    assert rows[1][0] == "Online permitting"  # sorted as asked
    assert by_title["Online permitting"][3] == pytest.approx(
        permitting.figures.npv_expected, abs=0.005
    )
    assert by_title["Online permitting"][4] == pytest.approx(
        permitting.figures.npv_likely, abs=0.005
    )
    hand = by_title["Agenda management"]
    assert hand[1] == "Funded"
    assert hand[5] == pytest.approx(110)
    fy2029 = head.index("Operating-budget impact FY2029 (USD)")
    assert hand[fy2029] == pytest.approx(-20)
    assert hand[head.index("Operating-budget impact FY2027 (USD)")] is None
    assert by_title["GIS refresh"][-1] == "No business case yet."
    total = by_title["Total"]
    assert total[3] == pytest.approx(
        permitting.figures.npv_expected + entries["Agenda management"].figures.npv_expected,
        abs=0.01,
    )
    years = list(book["Totals by fiscal year"].iter_rows(values_only=True))
    assert years[0][0] == "Fiscal year" and years[1][0] == "FY2027"
    fy2029_row = next(r for r in years if r[0] == "FY2029")
    assert fy2029_row[4] == pytest.approx(total[fy2029], abs=0.01)
    assert fy2029_row[2] - fy2029_row[3] == pytest.approx(fy2029_row[4], abs=0.02)


# --- the API -------------------------------------------------------------------------------


def test_api_gives_the_same_figures(client, portfolio_org):
    c = _client(client, portfolio_org)
    body = c.get(reverse("api:portfolio", args=[portfolio_org.slug]), {"sort": "-npv_likely"})
    assert body.status_code == 200
    data = body.json()
    assert data["currency"] == "USD" and data["sort"] == "-npv_likely"
    assert data["fiscal_years"][0] == 2027 and data["fiscal_years"][-1] == 2037
    first = data["initiatives"][0]
    entries = _entries(portfolio_org)
    assert first["title"] == "Online permitting"
    assert first["npv_likely"] == rel(entries["Online permitting"].figures.npv_likely)
    assert first["recommended_option"]["name"] == "Proposed solution"
    hand = next(i for i in data["initiatives"] if i["title"] == "Agenda management")
    assert hand["operating_impact"][:4] == [None, 0, rel(-20), rel(-20)]
    gis = next(i for i in data["initiatives"] if i["title"] == "GIS refresh")
    assert (gis["missing"], gis["business_case"], gis["npv_expected"]) == ("no_case", None, None)
    assert data["totals"]["with_figures"] == 2
    assert [s["status"] for s in data["by_status"]] == ["idea", "proposed", "approved", "funded"]


def test_api_refuses_an_unknown_sort(client, portfolio_org):
    response = _client(client, portfolio_org).get(
        reverse("api:portfolio", args=[portfolio_org.slug]), {"sort": "secret"}
    )
    assert response.status_code == 400
    assert "sort" in response.json()


# --- the overview ----------------------------------------------------------------------


def test_the_overview_shows_the_totals(client, portfolio_org):
    result = organization_portfolio(portfolio_org).rollup
    html = (
        _client(client, portfolio_org)
        .get(reverse("orgs:dashboard", args=[portfolio_org.slug]))
        .content.decode()
    )
    assert "Money across the portfolio" in html
    assert formatting.money(result.totals.npv_expected, "USD") in html
    assert formatting.money(result.totals.one_time_cost, "USD") in html
    assert reverse("portfolio:table", args=[portfolio_org.slug]) in html


def test_the_overview_says_when_there_is_no_money_yet(client, org):
    html = _client(client, org).get(reverse("orgs:dashboard", args=[org.slug])).content.decode()
    assert "no money to add up" in html
