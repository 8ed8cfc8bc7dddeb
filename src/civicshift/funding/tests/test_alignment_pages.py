"""The alignment statement action: a page without JavaScript, a fragment with htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.funding.models import FundingNotice
from civicshift.funding.services_import import funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

ONE = (
    "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
    "state-cyber,State cybersecurity subgrants,11.111,02,2099-01-30,"
    "Subgrants for ransomware protection and backups\n"
)


def test_draft_alignment_page_and_htmx_fragment(client):
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    funding_import(actor=editor, source=ONE.encode(), name="s.csv", organization=maple)
    notice = FundingNotice.objects.for_org(maple).get()
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Ransomware resilience",
        proposed_solution="Offline backups of the city servers.",
    )
    client.force_login(editor)
    url = reverse("funding:alignment", kwargs={"org_slug": "maple", "pk": initiative.pk})
    page = client.get(url, {"notice": notice.pk})
    assert page.status_code == 200
    draft = page.context["draft"]
    assert draft.startswith("Maple")  # the organization's name opens the draft
    assert "backup" in draft  # a word both texts share, found by the engine's analysis
    assert b"<textarea" in page.content and b"<html" in page.content
    fragment = client.get(url, {"notice": notice.pk}, HTTP_HX_REQUEST="true")
    assert b"<textarea" in fragment.content and b"<html" not in fragment.content
    # Another organization's notice is not found through this organization's address.
    oak = make_org("oak")
    funding_import(actor=None, source=ONE.encode(), name="s.csv", organization=oak)
    theirs = FundingNotice.objects.for_org(oak).get()
    assert client.get(url, {"notice": theirs.pk}).status_code == 404
    # With no choice, the initiative's best match: here the one notice.
    assert client.get(url).context["entry"] == notice
    tab = client.get(
        reverse("funding:initiative_funding", kwargs={"org_slug": "maple", "pk": initiative.pk})
    )
    assert b"Draft an alignment statement" in tab.content
