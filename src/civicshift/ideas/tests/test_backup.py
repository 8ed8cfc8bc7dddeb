"""The board in an organization's export and import (no code in the backup app: it finds
every organization-owned model): ideas, comments (hidden ones too), supports and responses
come back, with the promoted idea pointing at the copy of its initiative; the visits of
"My ideas" are bookkeeping and stay out."""

import pytest

from civicshift.backup.services import export_organization_data, import_organization
from civicshift.ideas import services
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse, IdeaSupport, IdeaVisit
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .factories import make_idea

pytestmark = pytest.mark.django_db


def test_the_board_round_trips_through_an_export():
    org = make_org("maple-falls")
    editor, viewer = make_member(org, Role.EDITOR), make_member(org, Role.VIEWER)
    kept = make_idea(org, viewer, title="Shelter bookings")
    promoted = make_idea(org, viewer, title="One phone number")
    services.support_toggle(actor=viewer, idea=kept)
    services.support_toggle(actor=editor, idea=kept)
    rude = services.comment_create(actor=viewer, idea=kept, body="Rude words")
    services.comment_hide(actor=editor, comment=rude, reason="Insult")
    services.idea_respond(actor=editor, idea=kept, to_status="declined", body="No budget.")
    initiative = services.idea_promote(actor=editor, idea=promoted)
    services.idea_visit_record(actor=viewer, organization=org)

    data = export_organization_data(org)
    assert "ideas.ideavisit" not in data["tables"]
    emails = [u["email"] for u in data["users"]]
    copy = import_organization(data, confirm_existing=emails, into_slug="maple-copy").organization

    ideas = {i.title: i for i in Idea.objects.for_org(copy)}
    assert set(ideas) == {"Shelter bookings", "One phone number"}
    assert ideas["Shelter bookings"].status == "declined"
    assert ideas["Shelter bookings"].support_count == 2
    assert IdeaSupport.objects.for_org(copy).count() == 2
    hidden = IdeaComment.objects.for_org(copy).get()
    assert hidden.hidden_reason == "Insult" and hidden.hidden_by == editor
    assert IdeaResponse.objects.for_org(copy).count() == 2
    copied = ideas["One phone number"].initiative
    assert copied.organization == copy and copied.pk != initiative.pk
    assert copied.title == initiative.title
    assert not IdeaVisit.objects.for_org(copy).exists()
