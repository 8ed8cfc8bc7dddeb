"""Writing the ideas board's demo data through the services, as the people the file names."""

from __future__ import annotations

from civicshift.ideas import services
from civicshift.ideas.models import Idea

from .schema import DemoIdea, DemoPromotion


def load_ideas(data: list[DemoIdea], *, organization, author, departments, users) -> None:
    for demo in data:
        idea = services.idea_create(
            actor=users[demo.by],
            organization=organization,
            title=demo.title,
            problem=demo.problem,
            proposal=demo.proposal,
            department=departments[demo.department] if demo.department else None,
        )
        for key in demo.supporters:
            services.support_toggle(actor=users[key], idea=idea)
        for step in demo.timeline:
            if step.kind == "comment":
                comment = services.comment_create(actor=users[step.by], idea=idea, body=step.text)
                if step.hidden:
                    services.comment_hide(
                        actor=users[step.hidden_by], comment=comment, reason=step.hidden
                    )
            else:
                idea.refresh_from_db()
                services.idea_respond(
                    actor=users[step.by], idea=idea, to_status=step.status, body=step.text
                )


def load_promotion(entry: DemoPromotion, *, initiative, author) -> None:
    """The initiative came from a staff idea: join them, as the initiative's author."""
    idea = Idea.objects.for_org(initiative.organization).get(title=entry.idea)
    services.idea_promote(actor=author, idea=idea, initiative=initiative, note=entry.note)
