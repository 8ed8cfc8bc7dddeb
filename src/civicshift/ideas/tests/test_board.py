"""The board's rules: who may do what, supports counted once, responses that move the status,
hidden comments, promotion keeping the history, filters and sort, and "My ideas"."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.ideas import selectors, services
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse, Status
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.orgs.services import department_create
from civicshift.testing.factories import make_member, make_org

from .factories import make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    org = make_org()
    return {
        "org": org,
        "admin": make_member(org, Role.ADMIN),
        "editor": make_member(org, Role.EDITOR),
        "viewer": make_member(org, Role.VIEWER),
        "viewer2": make_member(org, Role.VIEWER),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_viewer_submits_comments_and_supports(town):
    org, viewer = town["org"], town["viewer"]
    idea = make_idea(org, viewer)
    assert idea.submitted_by == viewer and idea.status == Status.NEW
    services.comment_create(actor=viewer, idea=idea, body="Also at the pool.")
    assert services.support_toggle(actor=viewer, idea=idea) is True
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert AuditEvent.objects.for_org(org).filter(actor=viewer).count() == 3


def test_a_viewer_cannot_respond_hide_or_promote(town):
    org, viewer = town["org"], town["viewer"]
    idea = make_idea(org, viewer)
    comment = services.comment_create(actor=viewer, idea=idea, body="Hm.")
    with pytest.raises(PermissionDenied):
        services.idea_respond(actor=viewer, idea=idea, to_status="planned", body="Yes")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=viewer, comment=comment, reason="no")
    with pytest.raises(PermissionDenied):
        services.idea_promote(actor=viewer, idea=idea)
    idea.refresh_from_db()
    assert idea.status == Status.NEW and idea.initiative is None


def test_only_the_submitter_or_an_editor_edits(town):
    org = town["org"]
    idea = make_idea(org, town["viewer"])
    with pytest.raises(PermissionDenied):
        services.idea_update(actor=town["viewer2"], idea=idea, title="Mine now")
    services.idea_update(actor=town["viewer"], idea=idea, title="Shelter bookings")
    services.idea_update(actor=town["editor"], idea=idea, problem="Phones ring all day.")
    idea.refresh_from_db()
    assert (idea.title, idea.problem) == ("Shelter bookings", "Phones ring all day.")


def test_support_counts_once_per_member_and_toggles_back(town):
    org = town["org"]
    idea = make_idea(org, town["viewer"])
    services.support_toggle(actor=town["viewer"], idea=idea)
    services.support_toggle(actor=town["viewer2"], idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 2
    assert services.support_toggle(actor=town["viewer"], idea=idea) is False
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    assert [s.supporter for s in selectors.supporters(idea)] == [town["viewer2"]]


def test_declining_needs_a_reason_and_moves_the_status(town):
    org, editor = town["org"], town["editor"]
    idea = make_idea(org, town["viewer"])
    with pytest.raises(ValidationError) as refused:
        services.idea_respond(actor=editor, idea=idea, to_status="declined", body="  ")
    assert "body" in refused.value.message_dict
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW
    services.idea_respond(
        actor=editor, idea=idea, to_status="declined", body="The vendor ends support in May."
    )
    idea.refresh_from_db()
    assert idea.status == Status.DECLINED
    response = IdeaResponse.objects.get(idea=idea)
    assert (response.from_status, response.to_status) == ("new", "declined")


def test_a_response_cannot_promote_and_a_finished_promotion_is_final(town):
    org, editor = town["org"], town["editor"]
    idea = make_idea(org, town["viewer"])
    with pytest.raises(ValidationError) as refused:
        services.idea_respond(actor=editor, idea=idea, to_status="promoted", body="x")
    assert "to_status" in refused.value.message_dict
    services.idea_promote(actor=editor, idea=idea)
    with pytest.raises(ValidationError):
        services.idea_promote(actor=editor, idea=idea)
    assert services.response_targets(Idea.objects.get(pk=idea.pk)) == (Status.PROMOTED,)


def test_an_answer_without_text_or_new_status_is_refused(town):
    idea = make_idea(town["org"], town["viewer"])
    with pytest.raises(ValidationError):
        services.idea_respond(actor=town["editor"], idea=idea, to_status="new", body="")
    with pytest.raises(ValidationError):
        services.idea_respond(actor=town["editor"], idea=idea, to_status="new", body="Hello")


def test_promotion_creates_the_initiative_and_keeps_the_history(town):
    org, editor = town["org"], town["editor"]
    parks = department_create(actor=town["admin"], organization=org, name="Parks", code="PRK")
    idea = make_idea(org, town["viewer"], department=parks)
    services.comment_create(actor=town["viewer2"], idea=idea, body="Yes!")
    services.support_toggle(actor=town["viewer2"], idea=idea)
    services.idea_respond(actor=editor, idea=idea, to_status="under_review", body="Looking.")
    initiative = services.idea_promote(actor=editor, idea=idea, note="Budget in FY27.")
    idea.refresh_from_db()
    assert idea.status == Status.PROMOTED and idea.initiative == initiative
    assert initiative.title == idea.title and initiative.problem_statement == idea.problem
    assert list(initiative.sponsor_departments.all()) == [parks]
    assert Initiative.objects.for_org(org).count() == 1
    assert [e.kind for e in selectors.timeline(idea)] == [
        "submitted",
        "comment",
        "response",
        "response",
    ]
    assert idea.support_count == 1
    last = IdeaResponse.objects.filter(idea=idea).last()
    assert initiative.title in last.body and "Budget in FY27." in last.body
    page = client_for(town["viewer"]).get(
        reverse("ideas:initiative_origin", args=[org.slug, initiative.pk])
    )
    assert idea.title in page.content.decode() and "Yes!" in page.content.decode()


def test_promoting_from_the_page_opens_the_initiative_with_its_staff_idea_tab(town):
    org, editor = town["org"], town["editor"]
    idea = make_idea(org, town["viewer"])
    client = client_for(editor)
    form = client.get(reverse("ideas:promote", args=[org.slug, idea.pk]))
    assert form.context["form"].initial["title"] == idea.title
    response = client.post(
        reverse("ideas:promote", args=[org.slug, idea.pk]), {"title": "Shelter bookings online"}
    )
    initiative = Initiative.objects.for_org(org).get()
    assert response["Location"] == reverse("initiatives:detail", args=[org.slug, initiative.pk])
    assert initiative.title == "Shelter bookings online"
    hub = client.get(response["Location"]).content.decode()
    origin = reverse("ideas:initiative_origin", args=[org.slug, initiative.pk])
    assert f'href="{origin}"' in hub
    board = client.get(reverse("ideas:detail", args=[org.slug, idea.pk])).content.decode()
    assert "Shelter bookings online" in board and "ideas:promote" not in board
    assert reverse("ideas:promote", args=[org.slug, idea.pk]) not in board


def test_an_initiative_not_from_the_board_says_so_in_its_tab(town):
    from civicshift.initiatives.services import initiative_create

    org = town["org"]
    initiative = initiative_create(actor=town["editor"], organization=org, title="Backups")
    page = client_for(town["viewer"]).get(
        reverse("ideas:initiative_origin", args=[org.slug, initiative.pk])
    )
    assert page.status_code == 200 and page.context["idea"] is None
    assert "did not come from" in page.content.decode()


def test_a_hidden_comment_shows_the_fact_and_reason_not_the_text(town):
    org = town["org"]
    idea = make_idea(org, town["viewer"])
    comment = services.comment_create(actor=town["viewer2"], idea=idea, body="You fool")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=town["editor"], comment=comment, reason=" ")
    services.comment_hide(actor=town["editor"], comment=comment, reason="A personal attack")
    page = client_for(town["viewer"]).get(reverse("ideas:detail", args=[org.slug, idea.pk]))
    text = page.content.decode()
    assert "You fool" not in text.split('id="h-timeline"')[1].split("h-respond")[0]
    assert "A personal attack" in text
    assert IdeaComment.objects.get(pk=comment.pk).hidden_by == town["editor"]


def test_the_board_filters_sorts_and_counts(town):
    org = town["org"]
    parks = department_create(actor=town["admin"], organization=org, name="Parks", code="PRK")
    quiet = make_idea(org, town["viewer"], title="Quiet idea about meters")
    loved = make_idea(org, town["viewer"], title="Loved idea", department=parks)
    for user in (town["viewer"], town["viewer2"]):
        services.support_toggle(actor=user, idea=loved)
    url = reverse("ideas:list", args=[org.slug])
    client = client_for(town["viewer2"])
    by_support = client.get(url).context["ideas"]
    assert [i.pk for i in by_support] == [loved.pk, quiet.pk]
    assert [i.supported_by_me for i in by_support] == [True, False]
    newest = client.get(url, {"sort": "newest"}).context["ideas"]
    assert [i.pk for i in newest] == [loved.pk, quiet.pk]  # made second, same second or not
    assert [i.pk for i in client.get(url, {"department": parks.pk}).context["ideas"]] == [loved.pk]
    assert [i.pk for i in client.get(url, {"q": "meters"}).context["ideas"]] == [quiet.pk]
    services.idea_respond(actor=town["editor"], idea=quiet, to_status="planned", body="Spring.")
    assert [i.pk for i in client.get(url, {"status": "planned"}).context["ideas"]] == [quiet.pk]
    partial = client.get(
        url, {"q": "meters"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="idea-results"
    )
    assert partial.content.decode().startswith('<div id="idea-results">')


def test_support_with_htmx_answers_the_button_and_without_js_redirects(town):
    org = town["org"]
    idea = make_idea(org, town["editor"])
    client = client_for(town["viewer"])
    url = reverse("ideas:support", args=[org.slug, idea.pk])
    swapped = client.post(url, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert 'data-support-count="1"' in swapped.content.decode()
    assert 'aria-pressed="true"' in swapped.content.decode()
    plain = client.post(url, {"next": "list"})
    assert plain.status_code == 302 and plain["Location"] == reverse("ideas:list", args=[org.slug])
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_my_ideas_lists_what_i_took_part_in_with_the_news_since_i_looked(town):
    org, viewer = town["org"], town["viewer"]
    shared = make_idea(org, viewer, title="Mine")
    supported = make_idea(org, town["viewer2"], title="Supported")
    services.support_toggle(actor=viewer, idea=supported)
    make_idea(org, town["viewer2"], title="Not mine")
    first = services.idea_visit_record(actor=viewer, organization=org)
    assert first is None
    rows = selectors.my_ideas(org, viewer, None)
    assert {r.idea.title for r in rows} == {"Mine", "Supported"}
    looked = timezone.now() - timedelta(seconds=1)
    services.idea_respond(actor=town["editor"], idea=shared, to_status="planned", body="Yes.")
    services.comment_create(actor=town["viewer2"], idea=shared, body="Great")
    services.comment_create(actor=viewer, idea=shared, body="Thanks")  # one's own: not news
    rows = {r.idea.title: r for r in selectors.my_ideas(org, viewer, looked)}
    assert rows["Mine"].news == 2 and rows["Supported"].news == 0
    assert rows["Mine"].latest_response.body == "Yes."
    assert rows["Mine"].submitted and rows["Mine"].commented and not rows["Mine"].supported
    page = client_for(viewer).get(reverse("ideas:mine", args=[org.slug]))
    assert page.status_code == 200 and page.context["since"] is not None


def test_an_idea_can_join_an_existing_initiative_that_no_other_idea_became(town):
    from civicshift.initiatives.services import initiative_create

    org, editor = town["org"], town["editor"]
    crm = initiative_create(actor=editor, organization=org, title="311 requests")
    first, second = make_idea(org, town["viewer"]), make_idea(org, town["viewer"])
    assert services.idea_promote(actor=editor, idea=first, initiative=crm) == crm
    assert Initiative.objects.for_org(org).count() == 1
    assert "part of the initiative" in IdeaResponse.objects.get(idea=first).body
    with pytest.raises(ValidationError) as refused:
        services.idea_promote(actor=editor, idea=second, initiative=crm)
    assert "initiative" in refused.value.message_dict
    form = client_for(editor).get(reverse("ideas:promote", args=[org.slug, second.pk]))
    assert list(form.context["form"].fields["initiative"].queryset) == []


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_board_and_my_ideas_take_as_many_queries_for_twelve_ideas_as_for_two(town):
    """No query per idea (department, submitter, initiative, "do I support it", latest
    response are joined or fetched once)."""
    org, viewer = town["org"], town["viewer"]
    client = client_for(viewer)
    board, mine = reverse("ideas:list", args=[org.slug]), reverse("ideas:mine", args=[org.slug])
    parks = department_create(actor=town["admin"], organization=org, name="Parks", code="PRK")

    def add(n):
        for _ in range(n):
            idea = make_idea(org, viewer, department=parks)
            services.support_toggle(actor=viewer, idea=idea)
            services.comment_create(actor=town["viewer2"], idea=idea, body="+1")
            services.idea_respond(actor=town["editor"], idea=idea, to_status="planned", body="Ok")

    add(2)
    client.get(mine)  # the first visit records the visit; compare later visits
    few = (_queries(client, board), _queries(client, mine))
    add(10)
    assert (_queries(client, board), _queries(client, mine)) == few


def test_the_board_shows_the_news_since_my_last_look_without_recording_a_visit(town):
    org, viewer = town["org"], town["viewer"]
    idea = make_idea(org, viewer)
    client = client_for(viewer)
    board = reverse("ideas:list", args=[org.slug])
    assert client.get(board).context["news"] is None  # never opened "My ideas"
    client.get(reverse("ideas:mine", args=[org.slug]))
    assert client.get(board).context["news"] == 0
    services.comment_create(actor=town["viewer2"], idea=idea, body="Good one")
    services.idea_respond(actor=town["editor"], idea=idea, to_status="planned", body="Yes")
    page = client.get(board)
    assert page.context["news"] == 2 and "2 new" in page.content.decode()
    assert client.get(board).context["news"] == 2  # the board itself records no visit
