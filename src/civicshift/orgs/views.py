"""Organization pages: overview, settings, departments, goals, members. Views stay thin: every
write goes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from civicshift.audit.presentation import present
from civicshift.audit.selectors import can_see_contacts, visible_events
from civicshift.initiatives.models import Initiative, Status
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgObjectCreateView,
    OrgObjectDeleteView,
    OrgObjectListView,
    OrgObjectUpdateView,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import services
from .forms import (
    DepartmentForm,
    GoalForm,
    InviteForm,
    OrganizationCreateForm,
    OrganizationSettingsForm,
    RoleForm,
)
from .models import Department, Invitation, Membership, StrategicGoal
from .overview import overview_panels
from .roles import ROLE_HELP, Role


class DashboardView(OrgTemplateView):
    template_name = "orgs/dashboard.html"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Initiative.objects.for_org(self.organization)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        context["status_counts"] = [
            (value, label, counts.get(value, 0)) for value, label in Status.choices
        ]
        context["initiative_total"] = sum(counts.values())
        context["goals"] = StrategicGoal.objects.for_org(self.organization)
        role = self.membership.role
        context["recent"] = present(
            visible_events(self.organization, role)[:8],
            organization=self.organization,
            show_contact=can_see_contacts(role),
        )
        context["department_count"] = Department.objects.for_org(self.organization).count()
        context["panels"] = overview_panels(self.organization, self.membership)
        return context


class SettingsView(OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = OrganizationSettingsForm
    read_role = write_role = Role.ADMIN
    section = "settings"
    success_message = gettext_lazy("Settings saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organization
        return kwargs

    def form_invalid(self, form):
        self.organization.refresh_from_db()
        return super().form_invalid(form)

    def perform(self, form):
        self.organization.refresh_from_db()
        return services.organization_update(
            actor=self.request.user,
            organization=self.organization,
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return reverse("orgs:settings", args=[self.organization.slug])

    def get_breadcrumbs(self):
        return [(_("Settings"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Organization settings")
        context["cancel_url"] = reverse("orgs:dashboard", args=[self.organization.slug])
        context["history_object"] = self.organization
        return context


# Departments and goals: the generic views, configured -----------------------------------------


class DepartmentViews:
    model = Department
    section = "departments"
    url_prefix = "orgs:department"
    plural_label = gettext_lazy("Departments")
    form_class = DepartmentForm


class DepartmentListView(DepartmentViews, OrgObjectListView):
    columns = [
        ("name", gettext_lazy("Name")),
        ("code", gettext_lazy("Code")),
        ("head", gettext_lazy("Head")),
    ]
    intro = gettext_lazy(
        "The departments of your organization. Initiatives name the departments that sponsor them."
    )
    empty_text = gettext_lazy("No departments yet.")


class DepartmentCreateView(DepartmentViews, OrgObjectCreateView):
    def perform(self, form):
        return services.department_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class DepartmentUpdateView(DepartmentViews, OrgObjectUpdateView):
    def perform(self, form):
        return services.department_update(
            actor=self.request.user,
            department=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class DepartmentDeleteView(DepartmentViews, OrgObjectDeleteView):
    def delete(self, obj):
        services.department_delete(actor=self.request.user, department=obj)


class GoalViews:
    model = StrategicGoal
    section = "goals"
    url_prefix = "orgs:goal"
    plural_label = gettext_lazy("Strategic goals")
    form_class = GoalForm


class GoalListView(GoalViews, OrgObjectListView):
    columns = [
        ("code", gettext_lazy("Code")),
        ("statement", gettext_lazy("Goal")),
        ("description", gettext_lazy("Description")),
    ]
    intro = gettext_lazy(
        "The goals of your strategic plan. Each initiative says which goals "
        "it serves, so the council can see how spending lines up with the "
        "plan."
    )
    empty_text = gettext_lazy("No goals yet. Add the goals your council adopted.")


class GoalCreateView(GoalViews, OrgObjectCreateView):
    def perform(self, form):
        return services.goal_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class GoalUpdateView(GoalViews, OrgObjectUpdateView):
    def perform(self, form):
        return services.goal_update(
            actor=self.request.user,
            goal=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class GoalDeleteView(GoalViews, OrgObjectDeleteView):
    def delete(self, obj):
        services.goal_delete(actor=self.request.user, goal=obj)


# Members ---------------------------------------------------------------------------------------


class MemberListView(OrgTemplateView):
    """Administrators only, like the API: members' e-mail addresses are personal data."""

    template_name = "orgs/members.html"
    section = "members"
    read_role = Role.ADMIN

    def get_breadcrumbs(self):
        return [(_("Members"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = Membership.objects.for_org(self.organization).select_related("user")
        context["role_help"] = [(Role(r).label, text) for r, text in ROLE_HELP.items()]
        if self.can(Role.ADMIN):
            context["invitations"] = Invitation.objects.for_org(self.organization).filter(
                accepted_at__isnull=True
            )
            context["invite_form"] = kwargs.get("invite_form") or InviteForm()
            context["role_choices"] = Role.choices
        return context


class MemberInviteView(OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = InviteForm
    read_role = write_role = Role.ADMIN
    section = "members"

    def perform(self, form):
        _invitation, _token = services.invitation_create(
            actor=self.request.user,
            organization=self.organization,
            accept_url_base=self.request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )

    def get_success_url(self, result=None):
        return reverse("orgs:member_list", args=[self.organization.slug])

    def get_breadcrumbs(self):
        return [
            (_("Members"), reverse("orgs:member_list", args=[self.organization.slug])),
            (_("Invite"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Invite a member")
        context["intro"] = _(
            "The person receives an e-mail with a link. If they have no "
            "account yet, the link lets them create one."
        )
        context["cancel_url"] = self.get_success_url()
        return context


class MemberRoleView(OrgActionView):
    """Change a member's role. With htmx the row is replaced in place; without JavaScript the
    form posts and the list reloads with a message."""

    write_role = Role.ADMIN

    def post(self, request, org_slug, pk):
        membership = get_object_or_404(Membership.objects.for_org(self.organization), pk=pk)
        form = RoleForm(request.POST)
        error = False
        if not form.is_valid():
            message, error = _("Choose a valid role."), True
        else:
            try:
                services.membership_change_role(
                    actor=request.user,
                    membership=membership,
                    role=form.cleaned_data["role"],
                    expected_version=form.cleaned_data["version"],
                )
                message = _("Role of %(who)s changed to %(role)s.") % {
                    "who": membership.user,
                    "role": membership.get_role_display(),
                }
            except ValidationError as exc:
                message, error = " ".join(exc.messages), True
        if request.htmx:
            membership.refresh_from_db()
            return render(
                request,
                "orgs/member_row.html",
                {
                    "m": membership,
                    "org": self.organization,
                    "is_admin": True,
                    "role_choices": Role.choices,
                    "row_message": message,
                    "row_error": error,
                },
            )
        (messages.error if error else messages.success)(request, message)
        return redirect("orgs:member_list", org_slug=org_slug)


class MemberRemoveView(OrgTemplateView):
    """GET asks for confirmation (a page, so it works without JavaScript); POST removes."""

    template_name = "orgs/member_remove.html"
    read_role = write_role = Role.ADMIN
    section = "members"

    def get_membership(self):
        return get_object_or_404(
            Membership.objects.for_org(self.organization).select_related("user"),
            pk=self.kwargs["pk"],
        )

    def get_breadcrumbs(self):
        return [
            (_("Members"), reverse("orgs:member_list", args=[self.organization.slug])),
            (_("Remove"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.get_membership()
        context["org_name"] = self.organization.name
        context["cancel_url"] = reverse("orgs:member_list", args=[self.organization.slug])
        return context

    def post(self, request, org_slug, pk):
        membership = self.get_membership()
        try:
            services.membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("%(who)s removed.") % {"who": membership.user})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("orgs:member_list", org_slug=org_slug)


class InvitationRevokeView(OrgActionView):
    write_role = Role.ADMIN

    def post(self, request, org_slug, pk):
        invitation = get_object_or_404(Invitation.objects.for_org(self.organization), pk=pk)
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(
            request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
        )
        return redirect("orgs:member_list", org_slug=org_slug)


# Site administration ---------------------------------------------------------------------------


class OrganizationCreateView(UserPassesTestMixin, FormView):
    """Site administrators create organizations and become their first administrator."""

    template_name = "web/object_form.html"
    form_class = OrganizationCreateForm

    def test_func(self):
        return self.request.user.is_authenticated and self.request.user.is_staff

    def form_valid(self, form):
        try:
            org = services.organization_create(
                actor=self.request.user, first_admin=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Organization created. Invite its members next."))
        return redirect("orgs:member_list", org_slug=org.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New organization")
        context["cancel_url"] = reverse("web:home")
        return context
