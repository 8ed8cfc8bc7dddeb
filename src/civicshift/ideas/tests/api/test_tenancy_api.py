"""The ideas board's API endpoints, registered with the generic tenancy harness: viewers
share, comment and support; editors respond, hide and promote; another organization's ids
(department in the body, idea or comment in the address) → 404 or 400."""

from civicshift.ideas.models import Idea, IdeaComment
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from .. import factories

api = api_endpoint
EDITOR = Role.EDITOR
VIEWER = Role.VIEWER
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


class TestIdeaApi(TenancyHarness):
    model = Idea
    endpoints = [
        api("api:ideas-idea-list", object_in_url=False),
        api(
            "api:ideas-idea-list",
            "POST",
            VIEWER,
            object_in_url=False,
            data=lambda org, obj: {"title": "Sweeper texts", "problem": "Cars block it."},
        ),
        api("api:ideas-idea-detail", kwargs=pk),
        # The submitter (the administrator who made it here) or an editor.
        api(
            "api:ideas-idea-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"title": f"{obj.title} (reworded)"},
        ),
        api(
            "api:ideas-idea-detail",
            "PUT",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"title": "Reworded", "problem": "Still a problem."},
        ),
        api("api:ideas-idea-comments", kwargs=pk),
        api(
            "api:ideas-idea-comments",
            "POST",
            VIEWER,
            kwargs=pk,
            data=lambda org, obj: {"body": "Agreed."},
        ),
        api("api:ideas-idea-responses", kwargs=pk),
        api("api:ideas-idea-support", "POST", VIEWER, kwargs=pk),
        api(
            "api:ideas-idea-respond",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"to_status": "declined", "body": "No budget this year."},
        ),
        api(
            "api:ideas-idea-promote",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"title": f"From idea {obj.pk}"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_idea(organization, user)


class TestCommentApi(TenancyHarness):
    model = IdeaComment
    endpoints = [
        api(
            "api:ideas-idea-hide",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.idea_id, "comment_pk": obj.pk},
            data=lambda org, obj: {"reason": "A personal attack."},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_comment(organization, user)
