"""The demo's saved searches: the grants coordinator opened each digest once, then the state
and the utility posted more, so each digest has news; the foundation's nonprofit-only round
is left out of the cyber digest and counted. The demo file is checked before any write."""

from __future__ import annotations

import pytest
from django.utils import timezone

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.funding.demo.saved import read_saved
from civicshift.funding.models import SavedSearch, SavedSearchVisit
from civicshift.funding.selectors_saved import digest_for

pytestmark = pytest.mark.django_db


def test_the_demo_digests_have_news_since_the_coordinators_visit():
    demo = load_demo()
    org = demo.organization
    searches = {s.name: s for s in SavedSearch.objects.for_org(org)}
    assert set(searches) == {"Cybersecurity and backups", "Water meters and utilities"}
    today = timezone.localdate()
    for name, saved in searches.items():
        visit = SavedSearchVisit.objects.get(search=saved)
        digest = digest_for(saved, since=visit.visited_at, today=today)
        assert digest.rows, name
    cyber = searches["Cybersecurity and backups"]
    digest = digest_for(
        cyber, since=SavedSearchVisit.objects.get(search=cyber).visited_at, today=today
    )
    titles = [row.result.title for row in digest.rows]
    assert "State cybersecurity awareness training for local staff, 2027" in titles
    assert not any("nonprofit" in t.lower() for t in titles)
    assert digest.counts.new >= 1 and digest.counts.left_out_ineligible >= 1
    water = searches["Water meters and utilities"]
    moved = digest_for(
        water, since=SavedSearchVisit.objects.get(search=water).visited_at, today=today
    )
    moves = [m for row in moved.rows if row.news for m in row.news.due_moves]
    assert [(m.after - m.before).days for m in moves] == [15]  # 75 → 90 days from the load


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"saved_searches": [{"name": "x", "created_by": "nobody"}]}, "'nobody'"),
        (
            {"saved_searches": [{"name": "x", "created_by": "editor", "purposes": ["cyber"]}]},
            "purposes",
        ),
        ({"later_notices": [{"program_id": "new-one"}]}, "later_notices[0].title"),
    ],
)
def test_bad_saved_search_demo_data_names_the_key(raw, words):
    with pytest.raises(DemoDataError, match=r".*") as error:
        read_saved(raw, [], {"editor"})
    assert words in str(error.value)
