"""Import a backup from the web: upload and check, then a preview where the site administrator
confirms, account by account, the people who already exist here and would get a role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from civicshift.orgs.permissions import is_site_admin

from . import services
from .errors import BackupError
from .forms import ImportUploadForm


class SiteAdminMixin(UserPassesTestMixin):
    def test_func(self):
        return is_site_admin(self.request.user)


class ImportUploadView(SiteAdminMixin, FormView):
    template_name = "backup/import_upload.html"
    form_class = ImportUploadForm

    def form_valid(self, form):
        try:
            pending, _preview = services.pending_import_create(
                actor=self.request.user,
                upload=form.cleaned_data["file"],
                into_slug=form.cleaned_data["into_slug"],
                name=form.cleaned_data["name"],
            )
        except BackupError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("backup_import:confirm", pending_id=pending.pk)


class ImportConfirmView(SiteAdminMixin, TemplateView):
    template_name = "backup/import_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.pending = services.pending_import_for(request.user, kwargs["pending_id"])
        if self.pending is None:
            raise Http404(_("This upload is no longer waiting for confirmation."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = self.pending
        context["preview"] = kwargs.get("preview") or services.pending_import_preview(self.pending)
        return context

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            services.pending_import_cancel(pending=self.pending)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("backup_import:upload")
        try:
            summary = services.pending_import_confirm(
                actor=request.user,
                pending=self.pending,
                confirm_existing=request.POST.getlist("confirm"),
            )
        except BackupError as exc:
            context = self.get_context_data(error=str(exc))
            return self.render_to_response(context)
        text = _("Imported %(rows)s records into %(name)s.") % {
            "rows": summary.total_rows,
            "name": summary.organization.name,
        }
        if summary.created_users:
            text += " " + _(
                "%(n)s people had no account here; theirs were created switched off, without "
                "a password."
            ) % {"n": len(summary.created_users)}
        if summary.left_out_users:
            text += " " + _("Not given a role (not confirmed): %(people)s.") % {
                "people": ", ".join(summary.left_out_users)
            }
        messages.success(request, text)
        return redirect("orgs:dashboard", org_slug=summary.organization.slug)
