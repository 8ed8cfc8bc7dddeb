"""Users in site administration: deactivate (the usual way to end someone's access), or delete
an account that has no history (``accounts.services``)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services

User = get_user_model()


class CivicShiftUserAdmin(UserAdmin):
    actions = ["deactivate_selected", "delete_selected"]
    list_display = (*UserAdmin.list_display, "is_active")
    delete_confirmation_template = "accounts/admin/user_delete_confirmation.html"
    delete_selected_confirmation_template = "accounts/admin/user_delete_selected_confirmation.html"

    @admin.action(
        description=gettext_lazy("Deactivate selected users (they can no longer sign in)"),
        permissions=["change"],
    )
    def deactivate_selected(self, request, queryset):
        done, refused = 0, []
        for user in queryset.order_by("pk"):
            try:
                if services.user_deactivate(actor=request.user, user=user):
                    done += 1
            except ValidationError as exc:
                refused.extend(exc.messages)
            else:
                for organization in services.organizations_left_without_admin(user):
                    messages.warning(
                        request,
                        _(
                            "%(org)s has no active administrator now. Make one of its members "
                            "an administrator, or reactivate %(person)s."
                        )
                        % {"org": organization.name, "person": services.person_label(user)},
                    )
        if done:
            messages.success(
                request,
                ngettext(
                    "Deactivated %(count)s user. They can no longer sign in or use their API "
                    "tokens; the history still shows who made each change.",
                    "Deactivated %(count)s users. They can no longer sign in or use their API "
                    "tokens; the history still shows who made each change.",
                    done,
                )
                % {"count": done},
            )
        for message in refused:
            messages.error(request, message)

    def save_model(self, request, obj, form, change) -> None:
        """Unticking *Active* on the account's page is a deactivation like the action's."""
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivated:
            services.record_deactivation(actor=request.user, user=obj)

    def get_deleted_objects(self, objs, request):
        """An account with history is not deleted: the page says why and offers deactivation."""
        blockers = [reason for user in objs for reason in services.deletion_blockers(user)]
        if blockers:
            return [], {}, set(), blockers
        return super().get_deleted_objects(objs, request)

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["object_as_list"] = User.objects.filter(pk=object_id)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        services.user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset.order_by("pk"):
            services.user_delete(actor=request.user, user=user)


admin.site.unregister(User)
admin.site.register(User, CivicShiftUserAdmin)
