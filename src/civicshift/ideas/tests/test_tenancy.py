"""The staff ideas board's pages, registered with the generic tenancy harness. Viewers take
part (submit, comment, support): those endpoints have the viewer role; responding, hiding a
comment and promoting need an editor."""

from civicshift.ideas import services
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse, IdeaSupport, IdeaVisit
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories

pk = lambda obj: {"pk": obj.pk}  # noqa: E731
idea_pk = lambda obj: {"pk": obj.idea_id}  # noqa: E731
EDITOR = Role.EDITOR
VIEWER = Role.VIEWER

IDEA_DATA = lambda org, obj: {  # noqa: E731
    "title": "Text residents when the street sweeper comes",
    "problem": "Cars parked on the street block the sweeper.",
    "proposal": "A text message the day before.",
}


class TestIdeas(TenancyHarness):
    model = Idea
    endpoints = [
        Endpoint("ideas:list", object_in_url=False),
        Endpoint("ideas:create", object_in_url=False),
        Endpoint("ideas:create", "POST", VIEWER, object_in_url=False, data=IDEA_DATA),
        Endpoint("ideas:detail", kwargs=pk),
        # The submitter (here the administrator who made it) or an editor.
        Endpoint("ideas:edit", role=EDITOR, kwargs=pk),
        Endpoint(
            "ideas:edit",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {**IDEA_DATA(org, obj), "version": obj.version},
        ),
        Endpoint("ideas:support", "POST", VIEWER, kwargs=pk),
        Endpoint("ideas:comment", kwargs=pk),
        Endpoint(
            "ideas:comment", "POST", VIEWER, kwargs=pk, data=lambda org, obj: {"body": "Agreed."}
        ),
        Endpoint("ideas:respond", role=EDITOR, kwargs=pk),
        Endpoint(
            "ideas:respond",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"to_status": "under_review", "body": "Looking into it."},
        ),
        Endpoint("ideas:promote", role=EDITOR, kwargs=pk),
        Endpoint(
            "ideas:promote",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"title": f"Initiative from idea {obj.pk}", "note": ""},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_idea(organization, user)


class TestInitiativeOrigin(TenancyHarness):
    """The initiative hub's "Staff idea" tab, addressed by the initiative."""

    model = Idea
    endpoints = [
        Endpoint("ideas:initiative_origin", kwargs=lambda obj: {"pk": obj.initiative_id}),
    ]

    def make_object(self, organization, user):
        return factories.make_promoted(organization, user)


class TestComments(TenancyHarness):
    model = IdeaComment
    endpoints = [
        Endpoint(
            "ideas:comment_hide",
            role=EDITOR,
            kwargs=lambda obj: {"pk": obj.idea_id, "comment": obj.pk},
        ),
        Endpoint(
            "ideas:comment_hide",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.idea_id, "comment": obj.pk},
            data=lambda org, obj: {"reason": "A personal attack."},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_comment(organization, user)


class TestSupports(TenancyHarness):
    model = IdeaSupport
    endpoints = [Endpoint("ideas:support", "POST", VIEWER, kwargs=idea_pk)]

    def make_object(self, organization, user):
        return factories.make_support(organization, user)


class TestResponses(TenancyHarness):
    model = IdeaResponse
    endpoints = [
        Endpoint(
            "ideas:respond",
            "POST",
            EDITOR,
            kwargs=idea_pk,
            data=lambda org, obj: {"to_status": "planned", "body": "We will do it in spring."},
        )
    ]

    def make_object(self, organization, user):
        return factories.make_response(organization, user)


class TestVisits(TenancyHarness):
    model = IdeaVisit
    endpoints = [Endpoint("ideas:mine", object_in_url=False)]

    def make_object(self, organization, user):
        services.idea_visit_record(actor=user, organization=organization)
        return IdeaVisit.objects.for_org(organization).get(user=user)
