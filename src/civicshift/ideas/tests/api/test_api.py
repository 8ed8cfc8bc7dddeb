"""The ideas board over the API, as a viewer and as an editor would use it."""

import pytest
from django.urls import reverse

from civicshift.ideas.models import Idea, IdeaResponse, Status
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.orgs.services import department_create

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"api:ideas-idea-{name}", kwargs={"org_slug": org.slug, **kwargs})


def share(client, org, **extra):
    body = {"title": "Pothole reports by text", "problem": "Residents phone it in.", **extra}
    response = client.post(url("list", org), body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_viewer_shares_comments_and_supports(org, users, viewer_api):
    works = department_create(actor=users[Role.ADMIN], organization=org, name="Public Works")
    idea = share(viewer_api, org, department=works.pk)
    assert idea["status"] == "new" and idea["department"] == works.pk
    assert idea["submitted_by"] == "viewer"  # the name before the @, never the address
    comment = viewer_api.post(url("comments", org, pk=idea["id"]), {"body": "Me too"}, "json")
    assert comment.status_code == 201 and comment.json()["body"] == "Me too"
    support = viewer_api.post(url("support", org, pk=idea["id"]))
    assert support.json() == {"supported": True, "support_count": 1}
    again = viewer_api.post(url("support", org, pk=idea["id"]))
    assert again.json() == {"supported": False, "support_count": 0}


def test_a_viewer_cannot_respond_promote_or_hide(org, users, viewer_api):
    idea = share(viewer_api, org)
    comment = viewer_api.post(url("comments", org, pk=idea["id"]), {"body": "x"}, "json").json()
    answers = [
        viewer_api.post(
            url("respond", org, pk=idea["id"]), {"to_status": "planned", "body": "ok"}, "json"
        ),
        viewer_api.post(url("promote", org, pk=idea["id"]), {}, "json"),
        viewer_api.post(
            url("hide", org, pk=idea["id"], comment_pk=comment["id"]), {"reason": "r"}, "json"
        ),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert Idea.objects.get(pk=idea["id"]).status == Status.NEW
    assert not IdeaResponse.objects.exists() and not Initiative.objects.exists()


def test_another_viewer_cannot_reword_someone_elses_idea(org, users, viewer_api, token_client):
    from civicshift.testing.factories import make_member

    idea = share(viewer_api, org)
    colleague = token_client(make_member(org, Role.VIEWER))
    refused = colleague.patch(url("detail", org, pk=idea["id"]), {"title": "Mine"}, "json")
    assert refused.status_code == 403
    own = viewer_api.patch(url("detail", org, pk=idea["id"]), {"title": "Potholes"}, "json")
    assert own.status_code == 200 and own.json()["title"] == "Potholes"


def test_an_editor_declines_with_a_reason_and_promotes(org, viewer_api, editor_api):
    first, second = share(viewer_api, org), share(viewer_api, org, title="Second")
    no_reason = editor_api.post(url("respond", org, pk=first["id"]), {"to_status": "declined"})
    assert no_reason.status_code == 400 and "body" in no_reason.json()
    declined = editor_api.post(
        url("respond", org, pk=first["id"]),
        {"to_status": "declined", "body": "The state runs that service."},
        "json",
    )
    assert declined.status_code == 201 and declined.json()["to_status"] == "declined"
    promoted = editor_api.post(url("promote", org, pk=second["id"]), {"note": "FY27"}, "json")
    assert promoted.status_code == 201
    body = promoted.json()
    assert body["idea"]["status"] == "promoted" and body["idea"]["initiative"] == body["initiative"]
    assert Initiative.objects.for_org(org).get().title == "Second"
    history = viewer_api.get(url("responses", org, pk=second["id"])).json()
    assert [r["to_status"] for r in history] == ["promoted"] and "FY27" in history[0]["body"]


def test_a_hidden_comment_reads_as_hidden_with_its_reason(org, viewer_api, editor_api):
    idea = share(viewer_api, org)
    comment = viewer_api.post(url("comments", org, pk=idea["id"]), {"body": "rude"}, "json")
    hide = url("hide", org, pk=idea["id"], comment_pk=comment.json()["id"])
    assert editor_api.post(hide, {"reason": "Insult"}, "json").status_code == 200
    [shown] = viewer_api.get(url("comments", org, pk=idea["id"])).json()
    assert shown["body"] is None and shown["hidden"] is True
    assert shown["hidden_reason"] == "Insult" and shown["hidden_by"] == "editor"


def test_an_editor_adds_an_idea_to_an_existing_initiative(org, users, viewer_api, editor_api):
    from civicshift.initiatives.services import initiative_create

    crm = initiative_create(actor=users[Role.EDITOR], organization=org, title="311 system")
    idea = share(viewer_api, org)
    joined = editor_api.post(url("promote", org, pk=idea["id"]), {"initiative": crm.pk}, "json")
    assert joined.status_code == 201 and joined.json()["initiative"] == crm.pk
    assert Initiative.objects.for_org(org).count() == 1
    other = share(viewer_api, org, title="Another")
    again = editor_api.post(url("promote", org, pk=other["id"]), {"initiative": crm.pk}, "json")
    assert again.status_code == 400 and "initiative" in again.json()
