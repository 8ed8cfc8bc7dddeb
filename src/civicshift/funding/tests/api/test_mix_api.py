"""The funding mix over the API: lines listed, created, changed (ETag and If-Match) and deleted
under their initiative; bad input answered 400 naming the field, nothing saved; the summary per
fiscal year; and the financing calculator."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest

from civicshift.funding.models import FundingMixLine
from civicshift.orgs.roles import Role

from ..mix_factories import make_costed_initiative, make_mix_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(org, users):
    return make_costed_initiative(org, users[Role.EDITOR])


def lines_url(initiative, pk=None):
    base = f"/api/v1/o/maple-falls/initiatives/{initiative.pk}/funding-mix/lines/"
    return base if pk is None else f"{base}{pk}/"


BODY = {
    "fiscal_year": 2028,
    "kind": "operating_budget",
    "name": "IT operating budget",
    "amount": "60000.00",
    "status": "planned",
    "notes": "",
}


def test_create_list_update_delete(editor_api, viewer_api, initiative):
    created = editor_api.post(lines_url(initiative), BODY, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["initiative"] == initiative.pk
    listed = viewer_api.get(lines_url(initiative)).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["name"] for r in rows] == ["IT operating budget"]
    read = editor_api.get(lines_url(initiative, pk))
    etag = read["ETag"]
    changed = editor_api.patch(
        lines_url(initiative, pk), {"amount": "65000"}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200 and changed.json()["amount"] == "65000.00"
    stale = editor_api.patch(
        lines_url(initiative, pk), {"amount": "1"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert viewer_api.delete(lines_url(initiative, pk)).status_code == 403
    assert editor_api.delete(lines_url(initiative, pk)).status_code == 204
    assert not FundingMixLine.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"fiscal_year": 2045}, "fiscal_year"),
        ({"kind": "lottery"}, "kind"),
        ({"status": "hoped"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(editor_api, initiative, change, field):
    response = editor_api.post(lines_url(initiative), BODY | change, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not FundingMixLine.objects.exists()


def test_the_fiscal_year_is_checked_on_update_too(editor_api, org, users, initiative):
    line = make_mix_line(org, users[Role.EDITOR], initiative)
    response = editor_api.patch(
        lines_url(initiative, line.pk), {"fiscal_year": 2026}, format="json"
    )
    assert response.status_code == 400
    assert "FY2026 is outside" in response.json()["fiscal_year"][0]
    line.refresh_from_db()
    assert line.fiscal_year == 2027


def test_summary_per_fiscal_year(viewer_api, org, users, initiative):
    make_mix_line(org, users[Role.EDITOR], initiative)
    body = viewer_api.get(f"/api/v1/o/maple-falls/initiatives/{initiative.pk}/funding-mix/").json()
    assert body["has_costs"] is True and body["option"] == "Proposed solution"
    years = {y["fiscal_year"]: y for y in body["years"]}
    assert sorted(years) == [2027, 2028, 2029, 2030]
    assert years[2027]["cost"] == "200000.00"
    assert years[2027]["gap"] == "50000.00"
    assert years[2027]["by_kind"]["grant"] == "150000.00"
    assert years[2028]["gap"] == "50000.00"
    assert body["total_gap"] == "200000.00"


def test_financing_calculator(viewer_api):
    # Microsoft's PMT documentation, =PMT(8%/12,10,10000) = -1,037.03 is for 10 months; a
    # whole-year check: numpy-financial pmt(0.08/12, 12, 10000) for a one-year monthly loan.
    response = viewer_api.post(
        "/api/v1/o/maple-falls/funding-financing/",
        {"kind": "loan", "amount": "10000", "rate": "0.08", "years": "1"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["payment"] == pytest.approx(-float(npf.pmt(0.08 / 12, 12, 10000)))
    assert len(body["schedule"]) == 12 and body["schedule"][-1]["balance"] == 0
    bad = viewer_api.post(
        "/api/v1/o/maple-falls/funding-financing/",
        {"kind": "loan", "amount": "10000", "rate": "1.5", "years": "1"},
        format="json",
    )
    assert bad.status_code == 400 and "rate" in bad.json()
    huge = viewer_api.post(
        "/api/v1/o/maple-falls/funding-financing/",
        {"kind": "bond", "amount": "10000", "rate": "0.04", "years": "300"},
        format="json",
    )
    assert huge.status_code == 400 and "years" in huge.json()


def test_lines_of_another_initiative_are_not_reachable(editor_api, org, users, initiative):
    other = make_costed_initiative(org, users[Role.EDITOR], title="Radio")
    line = make_mix_line(org, users[Role.EDITOR], other)
    assert editor_api.get(lines_url(initiative, line.pk)).status_code == 404
    assert Decimal(editor_api.get(lines_url(other, line.pk)).json()["amount"]) == Decimal("150000")
