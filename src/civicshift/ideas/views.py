"""Pages of the staff ideas board: the board (filters, sort, pages), an idea with its timeline,
the forms (submit, edit, comment, respond, hide a comment, promote), the support button (htmx,
with an ordinary POST and redirect without JavaScript), "My ideas" and the initiative hub's
"Staff idea" tab."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.orgs.models import Department
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgServiceFormView, OrgTemplateView

from . import selectors, services
from .forms import CommentForm, HideCommentForm, IdeaForm, PromoteForm, ResponseForm
from .models import STATUS_HELP, Status

PAGE_SIZE = 20


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class BoardMixin:
    section = "ideas"

    def board_url(self) -> str:
        return reverse("ideas:list", args=[self.organization.slug])

    def idea_url(self, idea) -> str:
        return reverse("ideas:detail", args=[self.organization.slug, idea.pk])

    def get_idea(self):
        if not hasattr(self, "_idea"):
            self._idea = selectors.idea_get(self.organization, self.kwargs["pk"])
        return self._idea

    def idea_crumbs(self, *tail):
        idea = self.get_idea()
        crumbs = [(_("Staff ideas"), self.board_url())]
        crumbs.append((idea.title, self.idea_url(idea) if tail else None))
        return crumbs + list(tail)


class IdeaListView(BoardMixin, OrgTemplateView):
    template_name = "ideas/list.html"

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "idea-results":
            return ["ideas/results.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return [(_("Staff ideas"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        filters = selectors.IdeaFilters(
            q=g.get("q", "").strip()[:200],
            status=g.get("status", "") if g.get("status") in Status.values else "",
            department=_int_or_none(g.get("department")),
            sort=g.get("sort", "supported") if g.get("sort") in selectors.SORTS else "supported",
        )
        found = selectors.with_support_of(
            selectors.idea_list(self.organization, filters), self.request.user
        )
        page = Paginator(found, PAGE_SIZE).get_page(g.get("page"))
        query = g.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            ideas=page.object_list,
            querystring=query.urlencode(),
            status_choices=Status.choices,
            status_help=STATUS_HELP,
            news=selectors.news_since_last_visit(self.organization, self.request.user),
            departments=Department.objects.for_org(self.organization),
            sort_choices=[
                ("supported", _("Most supported")),
                ("newest", _("Newest")),
                ("active", _("Latest activity")),
            ],
        )
        return context


class IdeaCreateView(BoardMixin, OrgServiceFormView):
    template_name = "ideas/form.html"
    form_class = IdeaForm
    read_role = Role.VIEWER
    write_role = Role.VIEWER

    def get_breadcrumbs(self):
        return [(_("Staff ideas"), self.board_url()), (_("Share an idea"), None)]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Share a problem or an idea"),
            intro=_(
                "Anyone here can raise a problem they see at work, or an idea to fix it. "
                "Colleagues can comment and support it, and managers answer in the open."
            ),
            cancel_url=self.board_url(),
            submit_label=_("Share it"),
        )
        return context

    def perform(self, form):
        return services.idea_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return self.idea_url(result)


class IdeaDetailView(BoardMixin, OrgTemplateView):
    template_name = "ideas/detail.html"

    def get_breadcrumbs(self):
        return self.idea_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.get_idea()
        supported = selectors.supporters(idea).filter(supporter_id=self.request.user.pk).exists()
        targets = services.response_targets(idea)
        context.update(
            idea=idea,
            supported=supported,
            timeline=selectors.timeline(idea),
            supporters=selectors.supporters(idea),
            comment_form=CommentForm(),
            response_form=ResponseForm(targets=targets, current=idea.status)
            if self.can(Role.EDITOR)
            else None,
            can_promote=self.can(Role.EDITOR)
            and idea.initiative_id is None
            and idea.status != Status.PROMOTED,
            can_edit_idea=services.can_edit_idea(self.request.user, idea),
            status_help=STATUS_HELP,
            history_object=idea,
        )
        return context


class IdeaUpdateView(BoardMixin, OrgServiceFormView):
    """The submitter rewords their idea; an editor may reword any."""

    template_name = "ideas/form.html"
    form_class = IdeaForm
    read_role = Role.VIEWER
    write_role = Role.VIEWER

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self):
        if not services.can_edit_idea(self.request.user, self.get_idea()):
            raise PermissionDenied(_("Only the person who shared it, or an editor, can change it."))

    def get_breadcrumbs(self):
        return self.idea_crumbs((_("Edit"), None))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(organization=self.organization, instance=self.get_idea())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit “%(title)s”") % {"title": self.get_idea().title},
            cancel_url=self.idea_url(self.get_idea()),
            history_object=self.get_idea(),
        )
        return context

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.idea_update(
            actor=self.request.user,
            idea=self.get_idea(),
            expected_version=form.expected_version,
            **fields,
        )

    def get_success_url(self, result=None):
        return self.idea_url(self.get_idea())


class IdeaFormActionView(BoardMixin, OrgServiceFormView):
    """A form about one idea, shown on the idea's page; this address shows it alone (and again
    with its errors, beside what was typed)."""

    template_name = "ideas/form.html"
    title = ""
    submit_label = ""

    def get_breadcrumbs(self):
        return self.idea_crumbs((self.title, None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            idea=self.get_idea(),
            title=self.title,
            cancel_url=self.idea_url(self.get_idea()),
            submit_label=self.submit_label,
        )
        return context

    def get_success_url(self, result=None):
        return self.idea_url(self.get_idea())


class CommentCreateView(IdeaFormActionView):
    form_class = CommentForm
    read_role = Role.VIEWER
    write_role = Role.VIEWER

    @property
    def title(self):
        return _("Comment")

    @property
    def submit_label(self):
        return _("Post the comment")

    def perform(self, form):
        return services.comment_create(
            actor=self.request.user, idea=self.get_idea(), body=form.cleaned_data["body"]
        )

    def get_success_url(self, result=None):
        return f"{self.idea_url(self.get_idea())}#comment-{result.pk}"


class RespondView(IdeaFormActionView):
    form_class = ResponseForm

    @property
    def title(self):
        return _("Respond")

    @property
    def submit_label(self):
        return _("Publish the response")

    def get_form_kwargs(self):
        idea = self.get_idea()
        return {
            **super().get_form_kwargs(),
            "targets": services.response_targets(idea),
            "current": idea.status,
        }

    def perform(self, form):
        return services.idea_respond(
            actor=self.request.user,
            idea=self.get_idea(),
            to_status=form.cleaned_data["to_status"],
            body=form.cleaned_data["body"],
        )

    def get_success_url(self, result=None):
        return f"{self.idea_url(self.get_idea())}#response-{result.pk}"


class CommentHideView(IdeaFormActionView):
    form_class = HideCommentForm

    @property
    def title(self):
        return _("Hide a comment")

    @property
    def submit_label(self):
        return _("Hide the comment")

    def get_comment(self):
        return selectors.comment_get(self.get_idea(), self.kwargs["comment"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.get_comment()
        return context

    def perform(self, form):
        return services.comment_hide(
            actor=self.request.user, comment=self.get_comment(), reason=form.cleaned_data["reason"]
        )

    def get_success_url(self, result=None):
        return f"{self.idea_url(self.get_idea())}#comment-{result.pk}"


class PromoteView(IdeaFormActionView):
    form_class = PromoteForm

    @property
    def title(self):
        return _("Make it an initiative")

    @property
    def submit_label(self):
        return _("Create the initiative")

    def get_initial(self):
        return {"title": self.get_idea().title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _(
            "This creates an initiative with the idea's problem, idea and department, or adds "
            "the idea to an initiative you choose. The idea stays on the board with its "
            "comments, supporters and responses, and both pages link to each other."
        )
        return context

    def perform(self, form):
        return services.idea_promote(
            actor=self.request.user,
            idea=self.get_idea(),
            title=form.cleaned_data["title"],
            note=form.cleaned_data["note"],
            initiative=form.cleaned_data["initiative"],
        )

    def get_success_url(self, result=None):
        return reverse("initiatives:detail", args=[self.organization.slug, result.pk])


class SupportToggleView(BoardMixin, OrgActionView):
    """Support an idea, or take the support back. htmx swaps the button and count in place;
    without JavaScript the form posts and the page comes back."""

    write_role = Role.VIEWER

    def post(self, request, *args, **kwargs):
        idea = self.get_idea()
        supported = services.support_toggle(actor=request.user, idea=idea)
        if request.htmx:
            return render(
                request,
                "ideas/support.html",
                {"org": self.organization, "idea": idea, "supported": supported, "swapped": True},
            )
        back = request.POST.get("next", "")
        if back == "list":
            return HttpResponseRedirect(self.board_url())
        return HttpResponseRedirect(self.idea_url(idea))


class MyIdeasView(BoardMixin, OrgTemplateView):
    template_name = "ideas/mine.html"

    def get_breadcrumbs(self):
        return [(_("Staff ideas"), self.board_url()), (_("My ideas"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = services.idea_visit_record(actor=self.request.user, organization=self.organization)
        rows = selectors.my_ideas(self.organization, self.request.user, since)
        context.update(
            rows=rows,
            since=since,
            news=sum(row.news for row in rows),
            status_help=STATUS_HELP,
        )
        return context


class InitiativeOriginView(InitiativeMixin, OrgTemplateView):
    """The initiative hub's "Staff idea" tab: the idea it came from, its history and its
    supporters; an honest empty state for an initiative that did not come from the board."""

    template_name = "ideas/initiative_origin.html"
    section = "initiatives"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Staff idea"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        idea = selectors.idea_of_initiative(initiative)
        context.update(
            initiative=initiative,
            tab="staff-idea",
            modules=MODULES.values(),
            idea=idea,
            timeline=selectors.timeline(idea) if idea else [],
            supporters=selectors.supporters(idea) if idea else [],
        )
        return context
