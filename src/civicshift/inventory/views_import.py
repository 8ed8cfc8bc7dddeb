"""The spreadsheet import's pages: upload → mapping → preview → import (a job) → result, the
remembered mappings, and the export.

Each step after the upload works on a finished ``inventory.preview`` job of the organization:
its input is the uploaded file, its result what the preview shows. Confirming a mapping starts
a new preview of the same file; confirming the preview starts the import of the same file
with that preview's mapping.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.formats import safety
from civicshift.formats.inventory import columns, reader, writer
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import rate_limited_response, started_response
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role
from civicshift.web.forms import Form
from civicshift.web.org_views import OrgTemplateView

from . import jobs
from .exporting import export_rows
from .models import ImportMapping

ACCEPTED = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Your spreadsheet"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) or a CSV file, up to 20 MB. The first sheet is read; "
            "title rows above the headers are skipped."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED):
            raise ValidationError(
                _("“%(name)s” is not a spreadsheet this reads: choose an .xlsx or .csv file.")
                % {"name": upload.name}
            )
        try:
            self.content = safety.read_bounded(
                upload, max_bytes=reader.MAX_FILE_BYTES, name=upload.name
            )
        except safety.UnsafeFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


def _field_choices():
    return [("", _("— Ignore this column —"))] + [(f.key, str(f.label)) for f in columns.FIELDS]


class MappingForm(Form):
    """One select per header, named ``column_<index>``."""

    name = forms.CharField(
        label=gettext_lazy("Remember this mapping as"),
        max_length=150,
        required=False,
        help_text=gettext_lazy(
            "The next file with the same headers gets this mapping at once. Leave empty for "
            "“Mapping of” the file's name."
        ),
    )

    def __init__(self, *args, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            if not header:
                continue
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=_field_choices(),
                required=False,
                initial=initial_mapping.get(header) or "",
            )

    def clean(self):
        cleaned = super().clean()
        mapping = {}
        used: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            key = cleaned.get(f"column_{index}") or None
            if header:
                mapping[header] = key
            if key and key in used:
                self.add_error(
                    f"column_{index}",
                    _("“%(other)s” is mapped to this field already; choose one column for it.")
                    % {"other": used[key]},
                )
            elif key:
                used[key] = header
        if "name" not in used:
            raise ValidationError(
                _("Choose the column that holds the names of the systems (“System name”).")
            )
        self.mapping = mapping
        return cleaned


class ImportMixin:
    section = "systems"
    read_role = Role.EDITOR
    write_role = Role.EDITOR

    def preview_job(self) -> Job:
        job = (
            Job.objects.for_org(self.organization)
            .filter(pk=self.kwargs["pk"], kind=jobs.PREVIEW, status=JobStatus.DONE)
            .first()
        )
        if job is None or not (job.result or {}).get("data"):
            raise Http404(_("No such preview."))
        if job.user_id != self.request.user.pk and not self.can(Role.ADMIN):
            # The uploaded file is the person's own until imported, as on the jobs' pages.
            raise PermissionDenied(_("Only the person who uploaded this file can use it."))
        job.data = job.result["data"]
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step_labels"] = [
            _("Upload"), _("Check the columns"), _("Preview"), _("Import"),
        ]  # fmt: skip
        return context

    def get_breadcrumbs(self):
        return [
            (_("Systems"), None),
            (
                _("Import a spreadsheet"),
                reverse("inventory:import_upload", kwargs={"org_slug": self.organization.slug}),
            ),
        ]

    def start(self, kind: str, *, content: bytes, filename: str, mapping: dict | None):
        label = {
            jobs.PREVIEW: _("Preview of %(file)s"),
            jobs.IMPORT: _("Import of %(file)s"),
        }[kind] % {"file": filename}
        job = job_start(
            actor=self.request.user,
            organization=self.organization,
            kind=kind,
            inputs={"mapping": mapping},
            label=label,
            input_content=content,
            input_filename=filename,
        )
        done = (job.result or {}).get("url", "") if job.status == JobStatus.DONE else ""
        return started_response(self.request, job, done_url=done)


class ImportUploadView(ImportMixin, OrgTemplateView):
    template_name = "inventory/import_upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["fields"] = columns.FIELDS
        return context

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            return self.start(
                jobs.PREVIEW,
                content=form.content,
                filename=form.cleaned_data["file"].name,
                mapping=None,
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, request.path)


class ImportMappingView(ImportMixin, OrgTemplateView):
    template_name = "inventory/import_mapping.html"

    def form(self, data=None):
        result = self.job.data
        return MappingForm(data, headers=result["headers"], initial_mapping=result["mapping"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.form())
        suggestions = {s["header"]: s for s in self.job.data["suggestions"]}
        context.update(
            job=self.job,
            result=self.job.data,
            rows=[
                (form[name], suggestions.get(form.fields[name].label))
                for name in form.fields
                if name.startswith("column_")
            ],
        )
        return context

    def get(self, request, *args, **kwargs):
        self.job = self.preview_job()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.job = self.preview_job()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        headers = self.job.data["headers"]
        remember(
            actor=request.user,
            organization=self.organization,
            headers=headers,
            mapping=form.mapping,
            header_row=self.job.data["header_row"],
            name=form.cleaned_data["name"]
            or _("Mapping of %(file)s") % {"file": self.job.input_filename},
        )
        try:
            return self.start(
                jobs.PREVIEW,
                content=bytes(self.job.input_content),
                filename=self.job.input_filename,
                mapping=form.mapping,
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, request.path)


@transaction.atomic
def remember(*, actor, organization, headers, mapping, header_row, name) -> ImportMapping:
    """Create or update the mapping remembered for these headers (audited)."""
    require_role(actor, organization, Role.EDITOR)
    signature = jobs.signature(headers)
    normalised = {columns.normalise(k): v for k, v in mapping.items()}
    existing = ImportMapping.objects.for_org(organization).filter(signature=signature).first()
    fields = {
        "name": name[:150],
        "headers": columns.header_signature(headers),
        "mapping": normalised,
        "header_row": header_row,
    }
    if existing is not None:
        return audited_update(actor=actor, obj=existing, **fields)
    return audited_create(
        actor=actor, model=ImportMapping, organization=organization, signature=signature, **fields
    )


class ImportPreviewView(ImportMixin, OrgTemplateView):
    template_name = "inventory/import_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.job.data
        labels = {f.key: f.label for f in columns.FIELDS}
        context.update(
            job=self.job,
            result=result,
            mapped=[
                (header, labels.get(key, key)) for header, key in result["mapping"].items() if key
            ],
            mapping_url=reverse(
                "inventory:import_mapping",
                kwargs={"org_slug": self.organization.slug, "pk": self.job.pk},
            ),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.job = self.preview_job()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.job = self.preview_job()
        if not self.job.data["rows_valid"]:
            messages.error(request, _("No row can be imported: correct the file first."))
            return redirect(request.path)
        try:
            return self.start(
                jobs.IMPORT,
                content=bytes(self.job.input_content),
                filename=self.job.input_filename,
                mapping=self.job.data["mapping"],
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, request.path)


class ImportResultView(ImportMixin, OrgTemplateView):
    template_name = "inventory/import_result.html"
    read_role = Role.VIEWER

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = (
            Job.objects.for_org(self.organization)
            .filter(pk=self.kwargs["pk"], kind=jobs.IMPORT, status=JobStatus.DONE)
            .first()
        )
        if job is None or not (job.result or {}).get("data"):
            raise Http404(_("No such import."))
        context.update(job=job, result=job.result["data"])
        return context


class ImportMappingsView(ImportMixin, OrgTemplateView):
    template_name = "inventory/import_mappings.html"
    read_role = Role.VIEWER

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {f.key: f.label for f in columns.FIELDS}
        context["mappings"] = [
            (m, [(h, labels.get(k, k)) for h, k in m.mapping.items() if k])
            for m in ImportMapping.objects.for_org(self.organization)
        ]
        return context


class ImportMappingDeleteView(ImportMixin, OrgTemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        mapping = ImportMapping.objects.for_org(self.organization).filter(pk=kwargs["pk"]).first()
        if mapping is None:
            raise Http404(_("No such mapping."))
        with transaction.atomic():
            require_role(request.user, self.organization, Role.EDITOR)
            audited_delete(actor=request.user, obj=mapping)
        messages.success(request, _("The mapping “%(name)s” was forgotten.") % {"name": mapping})
        return redirect("inventory:import_mappings", org_slug=self.organization.slug)


class ExportView(ImportMixin, OrgTemplateView):
    """The whole inventory as .xlsx or .csv, in the columns the importer reads."""

    read_role = Role.VIEWER

    def get(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        buffer = io.BytesIO()
        rows = export_rows(self.organization)
        if file_format == "xlsx":
            writer.write_xlsx(rows, buffer)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            writer.write_csv(rows, buffer)
            content_type = "text/csv; charset=utf-8"
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(buffer.getvalue(), content_type=content_type)
        filename = f"{self.organization.slug}-systems-{stamp}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
