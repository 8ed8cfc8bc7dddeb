"""Blind scoring on the history pages (issue 12, item 11: "never … by any path"): the
organization's History page and the dashboard's recent changes list every audited write, and a
score's events would show an evaluator's draft and personal note to every member. Scores set
``audit_history_hidden``, so no role reads them there; the public-records export keeps the
changes made after submission (test_public_record)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

from .records_fixtures import DRAFT_OF_BEN, NOTE_OF_ANA, NOTE_OF_BEN, build_record_fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.ADMIN])
def test_no_role_reads_scores_or_notes_in_the_history(role):
    record = build_record_fixture()
    org = record["org"]
    client = Client()
    client.force_login(make_member(org, role))
    history = reverse("audit:org_history", args=[org.slug])
    pages = [
        client.get(history).content.decode(),
        client.get(history + "?model=vendors.score").content.decode(),
        client.get(history + "?q=1").content.decode(),
        client.get(reverse("orgs:dashboard", args=[org.slug])).content.decode(),
    ]
    for html in pages:
        for secret in (DRAFT_OF_BEN, NOTE_OF_BEN, NOTE_OF_ANA):
            assert secret not in html
    # The rest of the evaluation's history is still there (the consensus, for one).
    assert "The panel agreed 4 for Finance" in pages[0]
