"""Write paths of the staff ideas board: submit, edit, comment, support, respond, hide a
comment, promote to an initiative. Each checks the role and writes the audit record in the
same transaction.

Who may do what (docs/decisions.md, "Staff ideas board"): every member, viewers included,
submits, comments and supports; the submitter or an editor edits an idea's words; an editor or
administrator ("a manager") responds, hides a comment and promotes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.models import Organization
from civicshift.orgs.permissions import require_role, role_of
from civicshift.orgs.roles import Role, role_at_least

from .models import (
    RESPONSE_TARGETS,
    Idea,
    IdeaComment,
    IdeaResponse,
    IdeaSupport,
    IdeaVisit,
    Status,
)


def _check_department(organization: Organization, department) -> None:
    if department is not None and department.organization_id != organization.pk:
        raise ValidationError({"department": _("Choose from this organization's list.")})


def _touch(idea: Idea) -> None:
    """Mark that something people see changed (for "My ideas" and its count of news)."""
    Idea.objects.filter(pk=idea.pk).update(activity_at=timezone.now())


@transaction.atomic
def idea_create(
    *,
    actor,
    organization: Organization,
    title: str,
    problem: str,
    proposal: str = "",
    department=None,
) -> Idea:
    require_role(actor, organization, Role.VIEWER)
    _check_department(organization, department)
    idea = audited_create(
        actor=actor,
        model=Idea,
        organization=organization,
        title=title,
        problem=problem,
        proposal=proposal,
        department=department,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _touch(idea)
    return idea


@transaction.atomic
def idea_update(*, actor, idea: Idea, expected_version: int | None = None, **fields) -> Idea:
    """The submitter may reword their idea; an editor may reword any."""
    require_role(actor, idea.organization, Role.VIEWER)
    if actor is not None and idea.submitted_by_id != actor.pk:
        require_role(actor, idea.organization, Role.EDITOR)
    allowed = {"title", "problem", "proposal", "department"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if "department" in fields:
        _check_department(idea.organization, fields["department"])
    return audited_update(actor=actor, obj=idea, expected_version=expected_version, **fields)


def can_edit_idea(user, idea: Idea) -> bool:
    role = role_of(user, idea.organization)
    if role is None:
        return False
    return idea.submitted_by_id == user.pk or role_at_least(role, Role.EDITOR)


@transaction.atomic
def comment_create(*, actor, idea: Idea, body: str) -> IdeaComment:
    require_role(actor, idea.organization, Role.VIEWER)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the comment first.")})
    comment = audited_create(
        actor=actor,
        model=IdeaComment,
        organization=idea.organization,
        idea=idea,
        author=actor,
        body=body,
    )
    _touch(idea)
    return comment


@transaction.atomic
def comment_hide(*, actor, comment: IdeaComment, reason: str) -> IdeaComment:
    """Hide an abusive comment's text; the fact that it was hidden, by whom and why stays
    visible in its place. The text stays in the audit trail for the record."""
    require_role(actor, comment.organization, Role.EDITOR)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden; everyone sees it.")})
    if comment.is_hidden:
        raise ValidationError({"reason": _("This comment is already hidden.")})
    return audited_update(
        actor=actor,
        obj=comment,
        reason=reason,
        hidden_at=timezone.now(),
        hidden_by=actor,
        hidden_reason=reason[:300],
    )


@transaction.atomic
def support_toggle(*, actor, idea: Idea) -> bool:
    """Support the idea, or take the support back if already given. Returns whether the
    actor supports it now. The count on the idea is recounted from the rows under a lock, so
    two people clicking at once both count."""
    require_role(actor, idea.organization, Role.VIEWER)
    locked = Idea.objects.select_for_update().get(pk=idea.pk, organization=idea.organization)
    existing = IdeaSupport.objects.for_org(idea.organization).filter(idea=locked, supporter=actor)
    support = existing.first()
    if support is None:
        audited_create(
            actor=actor,
            model=IdeaSupport,
            organization=idea.organization,
            idea=locked,
            supporter=actor,
        )
        supported = True
    else:
        audited_delete(actor=actor, obj=support)
        supported = False
    idea.support_count = _recount_supports(locked)
    return supported


def _recount_supports(idea: Idea) -> int:
    """Store the idea's number of supports, counted from the rows (the caller holds the lock
    on the idea, so a colleague's support given at the same moment is counted after ours)."""
    count = IdeaSupport.objects.for_org(idea.organization).filter(idea=idea).count()
    Idea.objects.filter(pk=idea.pk).update(support_count=count)
    return count


def response_targets(idea: Idea) -> tuple[str, ...]:
    return tuple(RESPONSE_TARGETS[Status(idea.status)])


@transaction.atomic
def idea_respond(*, actor, idea: Idea, to_status: str, body: str) -> IdeaResponse:
    """A manager's open answer: the text everyone who took part sees, and the status it gives
    the idea. Declining needs a reason; promoting goes through ``idea_promote``."""
    require_role(actor, idea.organization, Role.EDITOR)
    idea = Idea.objects.select_for_update().get(pk=idea.pk, organization=idea.organization)
    body = (body or "").strip()
    if to_status not in response_targets(idea):
        if to_status == Status.PROMOTED:
            message = _("Use “Make it an initiative” to promote an idea.")
        else:
            message = _("An idea that is “%(current)s” cannot become “%(target)s”.") % {
                "current": Status(idea.status).label,
                "target": Status(to_status).label if to_status in Status.values else to_status,
            }
        raise ValidationError({"to_status": message})
    if to_status == Status.DECLINED and not body:
        raise ValidationError(
            {"body": _("Say why the idea is declined: the people who raised it will read it.")}
        )
    if not body and to_status == idea.status:
        raise ValidationError({"body": _("Write the response, or choose a new status.")})
    response = audited_create(
        actor=actor,
        model=IdeaResponse,
        organization=idea.organization,
        idea=idea,
        responder=actor,
        from_status=idea.status,
        to_status=to_status,
        body=body,
    )
    if to_status != idea.status:
        audited_update(actor=actor, obj=idea, reason=body, status=to_status)
    _touch(idea)
    return response


@transaction.atomic
def idea_promote(*, actor, idea: Idea, title: str = "", note: str = "", initiative=None):
    """Make the idea an initiative (created through the initiatives' own service), or, when
    ``initiative`` is given, join it to that existing initiative (one that no other idea
    became). The idea keeps its comments, supporters and responses, linked both ways.
    Returns the initiative."""
    organization = idea.organization
    require_role(actor, organization, Role.EDITOR)
    idea = Idea.objects.select_for_update().get(pk=idea.pk, organization=organization)
    if idea.initiative_id is not None or idea.status == Status.PROMOTED:
        raise ValidationError(_("This idea is already an initiative."))
    if initiative is not None:
        if initiative.organization_id != organization.pk:
            raise ValidationError({"initiative": _("Choose from this organization's list.")})
        if Idea.objects.for_org(organization).filter(initiative=initiative).exists():
            raise ValidationError(
                {"initiative": _("Another staff idea already became this initiative.")}
            )
        body = _("This idea became part of the initiative “%(title)s”.") % {
            "title": initiative.title
        }
    else:
        initiative = initiative_create(
            actor=actor,
            organization=organization,
            title=(title or "").strip() or idea.title,
            problem_statement=idea.problem,
            proposed_solution=idea.proposal,
            sponsor_departments=[idea.department] if idea.department_id else [],
        )
        body = _("This idea became the initiative “%(title)s”.") % {"title": initiative.title}
    note = (note or "").strip()
    audited_create(
        actor=actor,
        model=IdeaResponse,
        organization=organization,
        idea=idea,
        responder=actor,
        from_status=idea.status,
        to_status=Status.PROMOTED,
        body=f"{body} {note}".strip(),
    )
    audited_update(
        actor=actor, obj=idea, reason=body, status=Status.PROMOTED, initiative=initiative
    )
    _touch(idea)
    return initiative


def idea_visit_record(*, actor, organization: Organization):
    """Note that the member opened "My ideas" now; returns when they had looked before (None
    the first time). Bookkeeping of one person's reading, not audited (as the funding saved
    searches' visits)."""
    if actor is None or role_of(actor, organization) is None:
        raise PermissionDenied(_("Only members have a list of their ideas."))
    now = timezone.now()
    visit, created = IdeaVisit.objects.get_or_create(
        organization=organization, user=actor, defaults={"seen_at": now}
    )
    if created:
        return None
    before = visit.seen_at
    IdeaVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    return before
