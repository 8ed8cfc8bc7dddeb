"""Base classes for every organization page: resolve ``/o/<slug>/``, check membership and role.

* anonymous → the sign-in page;
* signed in but not a member → 404 (the organization's existence is not revealed);
* member without the role the request needs → 403;
* organizations that require two-factor → members without a verified device are sent to set one up.

Reads need ``read_role`` (viewer by default); any other method needs ``write_role`` (editor).
"""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.prepared import PreparedQuery
from civicshift.orgs.roles import Role, role_at_least
from civicshift.web.forms import add_service_errors

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


#: Every organization page's first query, compiled once (``orgs.prepared``: compiling it cost
#: more than running it). At most one row (the unique (organization, user) pair); no ordering,
#: since Membership's default ordering would join the user.
_MEMBERSHIP = PreparedQuery(
    lambda user_id, slug: (
        Membership.objects.select_related("organization")
        .filter(user_id=user_id, organization__slug=slug)
        .order_by()[:1]
    ),
    user_id=int,
    slug=str,
)


def resolve_organization(request, org_slug: str) -> Organization:
    """Fetch the organization named in the URL and the user's membership, or 404.

    One query: the user's membership joined to the organization of that slug (the unique
    (organization, user) pair), instead of the organization and then the membership. No such
    organization and no membership of it give the same 404, as ``require_member`` does: a
    non-member learns nothing, not even that the organization exists."""
    user = request.user
    membership = None
    if getattr(user, "is_authenticated", False) and user.is_active:
        found = _MEMBERSHIP(user_id=user.pk, slug=org_slug)
        membership = found[0] if found else None
    if membership is None:
        raise Http404("No such organization.")
    organization = membership.organization
    request.membership = membership
    request.org = organization
    # Dates and times in the organization's zone (web.middleware resets it after the request).
    timezone.activate(zoneinfo.ZoneInfo(organization.time_zone))
    return organization


#: The user documentation (docs/<page>.md, shown at /help/<page>/) of each section's pages.
HELP_FOR_SECTION = {
    "dashboard": "organization",
    "departments": "organization",
    "goals": "organization",
    "initiatives": "initiatives",
    "portfolio": "business-case",
    "systems": "inventory",
    "funding": "funding",
    "risks": "plans#the-risk-register",
    "calendars": "plans#working-calendars",
    "history": "admin#the-history",
    "members": "admin#members-and-invitations",
    "settings": "admin#organization-settings",
    "backup": "backup",
    "jobs": "background-work",
    "ideas": "ideas",
    "surveys": "surveys",
    "champions": "people#the-champions-network",
    "skills": "skills",
    "vendors": "vendors",
}


class OrgMixin:
    read_role: str = Role.VIEWER
    write_role: str = Role.EDITOR
    #: Breadcrumbs after the organization: list of (label, url or None).
    section: str = ""
    #: "page" or "page#anchor" of the help for this view; by default its section's.
    help_page: str = ""

    def get_help_page(self) -> str:
        return self.help_page or HELP_FOR_SECTION.get(self.section, "")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.organization = resolve_organization(request, kwargs["org_slug"])
        self.membership = request.membership
        if self.organization.require_two_factor and not request.user.is_verified():
            messages.warning(request, _("This organization requires two-factor sign-in."))
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        needed = self.read_role if request.method in SAFE_METHODS else self.write_role
        if not role_at_least(self.membership.role, needed):
            raise PermissionDenied(
                _("This needs the %(role)s role.") % {"role": Role(needed).label}
            )
        return super().dispatch(request, *args, **kwargs)

    def can(self, role: str) -> bool:
        return role_at_least(self.membership.role, role)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            org=self.organization,
            membership=self.membership,
            can_edit=self.can(Role.EDITOR),
            is_admin=self.can(Role.ADMIN),
            breadcrumbs=self.get_breadcrumbs(),
            section=self.section,
            help_page=self.get_help_page(),
        )
        return context


class OrgTemplateView(OrgMixin, TemplateView):
    pass


class OrgServiceFormView(OrgMixin, FormView):
    """A form whose valid submission calls a service. Service validation errors land on the
    form's fields, so the user sees them beside what they typed.

    Subclasses define ``perform(form)``, which calls the service and returns its result.
    Showing the form needs the same role as submitting it.
    """

    read_role = Role.EDITOR

    success_message = ""

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return super().get_success_url()


class OrgConfirmDeleteView(OrgMixin, TemplateView):
    """GET shows what will be deleted; POST deletes it through a service.

    Subclasses define ``get_object()``, ``delete(obj)`` (calls the service) and
    ``get_success_url()``.
    """

    template_name = "web/confirm_delete.html"
    read_role = Role.EDITOR
    object_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        context["object_label"] = self.object_label
        context["cancel_url"] = self.get_success_url()
        return context

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.delete(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.get_success_url())
        messages.success(
            request, _("Deleted %(kind)s “%(name)s”.") % {"kind": self.object_label, "name": obj}
        )
        return redirect(self.get_success_url())


class OrgActionView(OrgMixin, View):
    """A POST-only action (htmx or plain form)."""

    http_method_names = ["post"]


class OrgObjectMixin(OrgMixin):
    """Configuration shared by the generic list/create/edit/delete views of one model.

    Subclasses set ``model``, ``section`` and ``url_prefix`` (e.g. ``"orgs:department"``, giving
    ``orgs:department_list``, ``_create``, ``_edit`` and ``_delete``).
    """

    model = None
    url_prefix = ""
    plural_label = ""

    def url(self, action: str, **kwargs) -> str:
        return reverse(
            f"{self.url_prefix}_{action}", kwargs={"org_slug": self.organization.slug, **kwargs}
        )

    def get_object(self):
        return get_object_or_404(
            self.model.objects.for_org(self.organization), pk=self.kwargs["pk"]
        )

    def get_breadcrumbs(self):
        crumbs = [(self.plural_label, self.url("list"))]
        if self.request.resolver_match.url_name.endswith("_list"):
            crumbs[-1] = (self.plural_label, None)
        return crumbs


class OrgObjectListView(OrgObjectMixin, TemplateView):
    template_name = "web/object_list.html"
    #: (attribute, column heading)
    columns: list[tuple[str, str]] = []
    intro = ""
    empty_text = ""

    def get_queryset(self):
        return self.model.objects.for_org(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [
            (
                [getattr(obj, attr) for attr, _label in self.columns],
                obj,
                self.url("edit", pk=obj.pk),
                self.url("delete", pk=obj.pk),
            )
            for obj in self.get_queryset()
        ]
        context.update(
            rows=rows,
            columns=self.columns,
            title=self.plural_label,
            intro=self.intro,
            empty_text=self.empty_text,
            create_url=self.url("create"),
            singular=self.model._meta.verbose_name,
        )
        return context


class OrgObjectFormView(OrgObjectMixin, OrgServiceFormView):
    template_name = "web/object_form.html"

    def get_success_url(self, result=None):
        return self.url("list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.url("list")
        return context


class OrgObjectCreateView(OrgObjectFormView):
    def get_breadcrumbs(self):
        return [
            (self.plural_label, self.url("list")),
            (_("New %(kind)s") % {"kind": self.model._meta.verbose_name}, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New %(kind)s") % {"kind": self.model._meta.verbose_name}
        return context


class OrgObjectUpdateView(OrgObjectFormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_object()
        kwargs["instance"] = self.object
        return kwargs

    def get_breadcrumbs(self):
        return [(self.plural_label, self.url("list")), (str(self.object), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit %(kind)s “%(name)s”") % {
            "kind": self.model._meta.verbose_name,
            "name": self.object,
        }
        context["history_object"] = self.object
        return context


class OrgObjectDeleteView(OrgObjectMixin, OrgConfirmDeleteView):
    def get_success_url(self):
        return self.url("list")

    @property
    def object_label(self):
        return self.model._meta.verbose_name
