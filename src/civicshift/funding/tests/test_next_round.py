""" "Next round expected" on the pages and the API, for a program whose notices are all closed
or archived: counted from the program's recurrence and its last round's dates by
``core.funding.next_round`` (whose own tests check the method), said as an estimate, left out
while a round is forecasted or open, and replaced by "lapsed" for a lapsed program.

The program is the starter catalog's Byrne JAG (Assistance Listing 16.738, recurrence
"annual"); the expected month is computed here with the calendar (a year after the first day
of the month the last round opened), and the month's name is English's, as the page shows it.
"""

from __future__ import annotations

import calendar
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civicshift.funding.models import FundingProgram
from civicshift.funding.services_import import catalog_load, funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
#: The last round opened on the first of a month about seven months ago and closed two months
#: later: a year on is still ahead, so nothing rolls forward.
POSTED = (TODAY - timedelta(days=200)).replace(day=1)
CLOSED = POSTED + timedelta(days=60)
EXPECTED = f"{calendar.month_name[POSTED.month]} {POSTED.year + 1}"
HEADER = "program_id,title,aln_numbers,eligible_applicants,post_date,close_date,description\n"


def _rounds(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


@pytest.fixture
def town():
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    catalog_load()
    funding_import(
        actor=None,
        source=_rounds(
            f"jag-last,JAG last year's round,16.738,02,{POSTED},{CLOSED},"
            "Police equipment and body-worn cameras for local police\n",
            f"jag-older,JAG round before,16.738,02,{POSTED.replace(year=POSTED.year - 1)},"
            f"{CLOSED.replace(year=CLOSED.year - 1)},Police equipment for local police\n",
            f"de-last,Digital equity last round,11.033,02,{POSTED},{CLOSED},"
            "Digital equity and broadband adoption for residents\n",
        ),
        name="rounds.csv",
        full_extract=False,
    )
    return maple, editor


def _program(aln):
    return FundingProgram.objects.get(aln_number=aln, organization__isnull=True)


def _program_page(client, program):
    url = reverse("funding:program", kwargs={"org_slug": "maple", "pk": program.pk})
    return client.get(url).content.decode()


def test_the_program_page_says_when_the_next_round_is_expected(town, client):
    _maple, editor = town
    client.force_login(editor)
    html = _program_page(client, _program("16.738"))
    assert (
        f"Next round expected to open about {EXPECTED} (an estimate: the program recurs every "
        "year, and its last round in the catalog opened"
    ) in html
    assert "Next round" in html and 'id="next-round"' in html


def test_no_estimate_while_a_round_is_open(town, client):
    _maple, editor = town
    funding_import(
        actor=None,
        source=_rounds(
            f"jag-open,JAG this year's round,16.738,02,{TODAY},{TODAY + timedelta(days=30)},"
            "Police equipment\n"
        ),
        name="open.csv",
        full_extract=False,
    )
    client.force_login(editor)
    html = _program_page(client, _program("16.738"))
    assert "Next round expected" not in html and 'id="next-round"' not in html


def test_a_lapsed_program_says_lapsed_instead(town, client):
    _maple, editor = town
    program = _program("11.033")
    assert program.status_override == "lapsed"  # as the starter catalog ships it
    client.force_login(editor)
    html = _program_page(client, program)
    assert "Lapsed: the program lost its funding, so no next round is expected." in html
    assert "Next round expected" not in html


def test_search_results_with_no_open_notice_show_the_estimate(town, client):
    maple, editor = town
    client.force_login(editor)
    url = reverse("funding:catalog", kwargs={"org_slug": maple.slug})
    page = client.get(url, {"purpose": "police equipment", "status": "all", "eligible": ""})
    html = page.content.decode()
    titles = [r.title for r in page.context["purpose_results"]]
    assert "JAG last year's round" in titles
    assert f"Next round expected to open about {EXPECTED}" in html
    texts = page.context["next_round_texts"]
    assert texts[_program("16.738").pk].startswith(f"Next round expected to open about {EXPECTED}")
    # The starter catalog's other programs have no round in this catalog to count from: they
    # say so (or that they are one-time, rolling, paused), never a month.
    others = {pk: text for pk, text in texts.items() if pk != _program("16.738").pk}
    assert others and not any("expected to open about" in text for text in others.values())
    assert (
        "It recurs every year, but the catalog holds no past round to estimate the next one from."
        in others.values()
    )


def test_the_funding_tab_shows_it_for_a_program_without_an_open_notice(town, client):
    """On the Funding tab only open rounds are ranked, so a program shows there on its own when
    every notice it had was withdrawn from its source (archived): the estimate counts from
    those."""
    maple, editor = town
    from civicshift.funding.models import FundingNotice

    FundingNotice.objects.filter(program=_program("16.738")).update(withdrawn_at=timezone.now())
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Body-worn cameras for the police",
        problem_statement="Police officers have no body-worn cameras.",
        proposed_solution="Buy police equipment: body-worn cameras and evidence storage.",
    )
    client.force_login(editor)
    page = client.get(
        reverse("funding:initiative_funding", kwargs={"org_slug": "maple", "pk": initiative.pk})
    )
    programs = [r.program for r, _s, _k in page.context["results"] if r.notice is None]
    assert _program("16.738") in programs
    assert f"Next round expected to open about {EXPECTED}" in page.content.decode()


def test_the_api_program_detail_has_the_estimate(town):
    _maple, editor = town
    api = APIClient()
    api.force_authenticate(editor)
    program = _program("16.738")
    url = reverse("api:funding-program-detail", kwargs={"org_slug": "maple", "pk": program.pk})
    body = api.get(url).json()["next_round"]
    assert body["kind"] == "expected"
    assert body["expected_month"] == f"{POSTED.year + 1}-{POSTED.month:02d}"
    assert body["counted_from"] == "post" and body["interval_months"] == 12
    assert body["last_round_post_date"] == POSTED.isoformat()
    assert body["last_round_close_date"] == CLOSED.isoformat()
    assert body["rounds_not_in_catalog"] == 0
    assert body["text"].startswith(f"Next round expected to open about {EXPECTED}")
    lapsed = api.get(
        reverse(
            "api:funding-program-detail",
            kwargs={"org_slug": "maple", "pk": _program("11.033").pk},
        )
    ).json()["next_round"]
    assert lapsed["kind"] == "lapsed" and lapsed["expected_month"] is None
    listing = api.get(reverse("api:funding-program-list", kwargs={"org_slug": "maple"})).json()
    assert "next_round" not in listing["results"][0]  # detail only: one query per program
