"""Ideas made through the services, for the tests."""

from __future__ import annotations

import itertools

from civicshift.ideas import services

_n = itertools.count(1)


def make_idea(organization, user, **fields):
    n = next(_n)
    fields.setdefault("title", f"Idea {n}: book park shelters online")
    fields.setdefault("problem", "Residents phone the front desk to book a shelter.")
    fields.setdefault("proposal", "An online booking form.")
    return services.idea_create(actor=user, organization=organization, **fields)


def make_comment(organization, user, **fields):
    idea = fields.pop("idea", None) or make_idea(organization, user)
    return services.comment_create(actor=user, idea=idea, body=fields.get("body", "Yes, please."))


def make_support(organization, user):
    idea = make_idea(organization, user)
    services.support_toggle(actor=user, idea=idea)
    return idea.supports.get(supporter=user)


def make_response(organization, user):
    idea = make_idea(organization, user)
    return services.idea_respond(
        actor=user, idea=idea, to_status="under_review", body="We are looking into it."
    )


def make_promoted(organization, user):
    idea = make_idea(organization, user)
    services.idea_promote(actor=user, idea=idea)
    idea.refresh_from_db()
    return idea
