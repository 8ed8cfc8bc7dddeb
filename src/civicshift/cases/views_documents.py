"""The business case's documents (Word, PDF, the Excel model) and the offline template.

Downloads are GET requests for anyone who may read the case (viewer). They run the simulation
with the case's seed and iterations, so the documents show the figures of the option pages; the
Word, PDF and Excel documents are prepared in the background (``jobs.DOCUMENT``) and cached.
The template upload (POST, editor) replaces one option's lines in one transaction through the
services: any problem and nothing is saved; the problems are listed with their sheet and cell.
The same form takes the live-formula model back: then every option it holds and the case's
settings are applied (``model_upload``), all or nothing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from civicshift.core.cases import CaseError, default_in_npv
from civicshift.formats.cases.charts import report_charts
from civicshift.formats.cases.docx import write_case_docx
from civicshift.formats.cases.model_reader import MAX_FILE_BYTES as MODEL_MAX_BYTES
from civicshift.formats.cases.model_reader import read_model_workbook
from civicshift.formats.cases.pdf import write_case_pdf
from civicshift.formats.cases.report import CaseReport
from civicshift.formats.cases.template import write_case_template
from civicshift.formats.cases.template_data import TemplateRow
from civicshift.formats.cases.template_reader import read_template
from civicshift.formats.cases.workbook import write_case_workbook
from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import rate_limited_response, started_response
from civicshift.orgs.roles import Role

from . import services
from .bridge import option_case
from .jobs import DOCUMENT
from .model_upload import apply_model_upload, model_success_text
from .models import CaseLine, Category
from .report import template_categories, template_line, template_settings
from .views import CaseMixin, OptionDetailView

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

#: CaseLine field → template column, for naming the cell of a problem the model finds.
TEMPLATE_COLUMN = {"first_period": "first_year", "last_period": "last_year"}


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)  # council drafts stay private
    return response


def _docx(report: CaseReport) -> bytes:
    return write_case_docx(report, report_charts(report))


def _pdf(report: CaseReport) -> bytes:
    return write_case_pdf(report, report_charts(report))


#: format → (writer, content type); the URL names the format.
DOCUMENT_FORMATS = {
    "docx": (_docx, DOCX),
    "pdf": (_pdf, PDF),
    "xlsx": (write_case_workbook, XLSX),
}


class CaseDocumentView(CaseMixin, View):
    """GET: the whole business case as a Word, PDF or Excel file (``as_view(extension=...)``)."""

    http_method_names = ["get"]
    extension = "docx"

    def get(self, request, *args, **kwargs):
        # Prepared in the background (it runs the simulation of every option); the same case
        # on the same day is prepared once (the job's cache).
        names = {"docx": _("Word"), "pdf": _("PDF"), "xlsx": _("Excel")}
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=DOCUMENT,
                inputs={"case": self.case.pk, "format": self.extension},
                label=_("%(format)s business case of %(initiative)s")
                % {"format": names[self.extension], "initiative": self.initiative.title},
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, self.case_url())
        return started_response(request, job, download=True)


class TemplateDownloadView(CaseMixin, View):
    """GET: the offline template, pre-filled with the option's current lines."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        option = self.option
        content = write_case_template(
            template_settings(self.case, option),
            [template_line(line) for line in option.lines.all()],
            categories=template_categories(),
            option_name=option.name,
        )
        stem = slugify(f"{self.initiative.title} {option.name}")[:80] or "option"
        return _download(content, XLSX, f"{stem}-template.xlsx")


# --- upload ---------------------------------------------------------------------------------


#: The largest amount a line field holds (DecimalField max_digits=14, 2 decimals).
MAX_AMOUNT = Decimal("999999999999.99")


def _decimal(value: float | None, places: int) -> Decimal | None:
    """The cell's number as a Decimal; a number too large for the database stays as given, so
    the model's validation names the field instead of the server failing."""
    if value is None:
        return None
    number = Decimal(repr(value))
    if abs(number) > MAX_AMOUNT:
        return number
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def line_fields(row: TemplateRow, position: int) -> dict:
    """A template row as the keyword arguments of ``services.line_create``."""
    line = row.line
    return {
        "name": line.name,
        "kind": line.kind,
        "category": line.category or Category.OTHER,
        "distribution": line.distribution,
        "low": _decimal(line.low, 2),
        "likely": _decimal(line.likely, 2),
        "high": _decimal(line.high, 2),
        "multiplier": _decimal(line.multiplier, 4),
        "first_period": line.first_period,
        "last_period": line.last_period,
        "escalation": _decimal(line.escalation, 4),
        "ramp": ", ".join(f"{share:g}" for share in line.ramp),
        "in_npv": default_in_npv(line.category or "") if line.in_npv is None else line.in_npv,
        "per_year": [f"{a:.2f}" for a in line.per_year],
        "position": position,
    }


def _model_problems(row: TemplateRow, exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return [f"{row.cell('name')}: {message}" for message in exc.messages]
    problems = []
    for field, errors in exc.message_dict.items():
        cell = row.cell(TEMPLATE_COLUMN.get(field, field))
        problems += [f"{cell}: {error}" for error in errors]
    return problems


def check_rows(case, option, rows: list[TemplateRow]) -> tuple[list[dict], list[str]]:
    """The rows as service arguments, checked against the database's rules for a line and
    against the analysis; problems name the sheet and cell."""
    problems: list[str] = []
    fields_list, candidates = [], []
    for position, row in enumerate(rows, start=1):
        fields = line_fields(row, position)
        candidate = CaseLine(organization=option.organization, option=option, **fields)
        try:
            candidate.clean_fields(exclude=["organization", "option"])
            candidate.clean()
        except ValidationError as exc:
            problems += _model_problems(row, exc)
            continue
        fields_list.append(fields)
        candidates.append(candidate)
    if not problems:
        try:
            option_case(case, option, candidates)
        except CaseError as exc:
            row = rows[exc.line_index] if exc.line_index is not None else rows[0]
            problems.append(f"{row.cell('name')}: {exc.detail}")
    return fields_list, problems


class TemplateUploadView(OptionDetailView):
    """POST (editor): replace the option's lines with the uploaded template's rows."""

    http_method_names = ["post"]
    write_role = Role.EDITOR
    upload_confirm = None  # model_upload.ModelUploadResult asking to confirm a shorter horizon

    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        if upload is None:
            problems = [_("Choose a filled-in template (.xlsx) to upload.")]
        else:
            problems = self.replace_lines(upload)
        if problems:
            context = self.get_context_data(upload_problems=problems)
            return self.render_to_response(context)
        if self.upload_confirm is not None:  # a shorter horizon: nothing saved until confirmed
            context = self.get_context_data(upload_confirm=self.upload_confirm)
            return self.render_to_response(context)
        messages.success(request, self.success_text)
        return redirect(self.case_url("option", option=self.option.pk))

    def replace_lines(self, upload) -> list[str]:
        case, option = self.case, self.option
        categories = {c.value: str(c.label) for c in Category}
        model = read_model_workbook(upload, categories=categories)
        if model is not None:  # the live-formula model: the whole case, every option
            upload.seek(0)
            result = apply_model_upload(
                actor=self.request.user,
                case=case,
                contents=model,
                source=upload.name,
                data=upload.read(MODEL_MAX_BYTES + 1),
                confirmation=self.request.POST.get("confirm_horizon", ""),
            )
            if result.needs_confirmation:
                self.upload_confirm = result
            elif not result.problems:
                self.success_text = model_success_text(result.changes)
            return result.problems
        upload.seek(0)
        contents = read_template(
            upload,
            start_year=case.start_year,
            horizon_years=case.horizon_years,
            categories=categories,
        )
        if contents.problems:
            return [str(p) for p in contents.problems]
        fields, problems = check_rows(case, option, contents.rows)
        if problems:
            return problems
        try:
            count = services.option_lines_replace(
                actor=self.request.user, option=option, lines=fields, source=upload.name
            )
        except services.LineReplaceError as exc:
            return _model_problems(contents.rows[exc.index], exc.error)
        self.success_text = ngettext(
            "The option's lines were replaced by the template's %(n)d line.",
            "The option's lines were replaced by the template's %(n)d lines.",
            count,
        ) % {"n": count}
        settings = contents.settings
        if settings is not None and (
            settings.start_year != case.start_year
            or settings.horizon_years != case.horizon_years
            or abs(settings.discount_rate - float(case.discount_rate)) > 1e-9
        ):
            self.success_text += " " + _(
                "The Case sheet's settings differ from the case's and were not applied; "
                "change them on the Settings page if you meant to."
            )
        return []
