"""The funding module's part of the demo: a funding mix with years left short (issue 10, "Done
when": the demo shows a funding mix); the demo file is checked before anything is written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.funding.demo.mix import read_mix_entry
from civicshift.funding.selectors_mix import mix_summary
from civicshift.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_demo_mixes_have_costs_sources_and_a_gap():
    load_demo()
    for title in (
        "Online permitting and inspections",
        "Smart water meters (AMI)",
        "Immutable offsite backups",
    ):
        summary = mix_summary(Initiative.objects.get(title=title))
        assert summary.mix.has_costs, title
        assert summary.lines, title
        assert all(y.in_case for y in summary.mix.years), title  # every line inside the case
        assert summary.mix.years_short, title  # some year is still short
    permitting = mix_summary(Initiative.objects.get(title="Online permitting and inspections"))
    first = permitting.mix.years[0]
    assert first.funded == Decimal("425000.00")
    assert first.committed == Decimal("300000.00")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"lines": [{"fiscal_year": 2027, "kind": "lottery", "name": "x", "amount": 1}]}, "kind"),
        ({"lines": [{"kind": "grant", "name": "x", "amount": 1}]}, "fiscal_year"),
        ({"lines": [{"fiscal_year": 2027, "kind": "grant", "name": "x", "amount": "a"}]}, "amount"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_key(raw, words):
    with pytest.raises(DemoDataError) as caught:
        read_mix_entry(raw, "funding_mix[0]")
    assert words in str(caught.value)
