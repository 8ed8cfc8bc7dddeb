"""The People tab's pages read a fixed number of queries however many rows they show (no query
per row): measured with 2 and then 12 rows of every kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import (
    make_activity,
    make_department,
    make_group,
    make_initiative,
    make_plan,
    make_rating,
    make_response,
    make_stakeholder,
)

pytestmark = pytest.mark.django_db

PAGES = ["initiative_people", "adkar", "impact", "comms"]


def _add_rows(org, user, initiative, finance, n, start):
    from ..services_plan import activity_send_to_plan

    for i in range(start, start + n):
        s = make_stakeholder(
            org, user, initiative, name=f"Group {i}", department=finance, current_stance="champion"
        )
        resisting = make_stakeholder(org, user, initiative, name=f"Resisting {i}")
        make_rating(org, user, initiative, subject=f"Group {i}", stakeholder=s)
        make_group(org, user, initiative, name=f"Team {i}", department=finance)
        make_response(org, user, initiative, stakeholder=resisting)
        activity = make_activity(org, user, initiative, title=f"Update {i}")
        activity_send_to_plan(actor=user, activity=activity)


def _counts(client, org, initiative):
    counts = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse(f"people:{name}", args=[org.slug, initiative.pk])).status_code
                == 200
            )
        counts[name] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("people:champions", args=[org.slug]))
    counts["champions"] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_rows(client, org, editor):
    initiative = make_initiative(org, editor)
    make_plan(editor, initiative)
    finance = make_department(org)
    client.force_login(editor)
    _add_rows(org, editor, initiative, finance, 2, 0)
    few = _counts(client, org, initiative)
    _add_rows(org, editor, initiative, finance, 10, 2)
    many = _counts(client, org, initiative)
    assert many == few
