"""The alignment statement's form as the draft page, the application's page and the save's
htmx answer all build it: one id suffix per notice or program, and the link back to the
initiative's draft page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from .forms_pipeline import AlignmentStatementForm
from .models import FundingNotice


def dom_key(application=None, *, entry=None) -> str:
    """A suffix for the ids of one statement's form ("n12" for notice 12, "p3" for program 3),
    the same on the draft page and in the save's answer, so that two drafts opened on the
    Funding tab never share an id."""
    if entry is not None:
        return f"{'n' if isinstance(entry, FundingNotice) else 'p'}{entry.pk}"
    if application.notice_id:
        return f"n{application.notice_id}"
    return f"p{application.program_id or 0}"


def alignment_form(application, data=None, draft: str = "") -> AlignmentStatementForm:
    return AlignmentStatementForm(
        data, instance=application, draft=draft, auto_id=f"id_%s_{dom_key(application)}"
    )


def alignment_page_url(organization, application) -> str | None:
    """The initiative's draft page for this application's notice or program (None when both
    were deleted from the catalog)."""
    if application.notice_id:
        query = {"notice": application.notice_id}
    elif application.program_id:
        query = {"program": application.program_id}
    else:
        return None
    url = reverse(
        "funding:alignment",
        kwargs={"org_slug": organization.slug, "pk": application.initiative_id},
    )
    return f"{url}?{urlencode(query)}"
