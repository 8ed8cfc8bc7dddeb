"""Business-case documents and the offline template, through the web pages (issue #3, item 7).

The documents must show the figures of the option pages (same seed and iterations); the template
must round-trip; an upload with any problem saves nothing and names the sheet and cell.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from civicshift.audit.models import Action, AuditEvent
from civicshift.cases import services
from civicshift.cases.models import CaseLine
from civicshift.cases.report import case_report
from civicshift.cases.selectors import option_figures
from civicshift.core.cases import analyze
from civicshift.formats.cases.report import money, percent, years
from civicshift.formats.cases.template_reader import read_case_template
from civicshift.formats.cases.workbook import YEAR_COLUMN
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER, "viewer@example.org")


@pytest.fixture
def figures(case):
    option = case.options.get()
    return option_figures(case, option, simulate=True)


def url(case, name, **kwargs):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **kwargs},
    )


def get(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200, response.content[:300]
    return response


def test_word_document_shows_the_option_figures(client, viewer, case, figures):
    services.business_case_update(actor=None, case=case, strategic_case="Residents wait.")
    response = get(client, viewer, url(case, "docx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="online-permitting-business-case.docx"'
    )
    assert "no-store" in response["Cache-Control"]
    document = Document(io.BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Option")
    row = [cell.text for cell in table.rows[2].cells]
    # The case leads with its expected figures (issue 7), those at the likely amounts beside.
    lead, other = figures.summary.lead, figures.summary.other
    assert lead.at == "expected"
    assert row == [
        "Proposed solution",
        money(lead.npv),
        money(other.npv),
        percent(lead.irr),
        percent(lead.mirr),
        f"{lead.bcr:.2f}",
        years(lead.payback_years),
        money(figures.analysis.tco),
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Residents wait." in text
    assert "This section has not been written yet." in text  # the other four sections
    assert f"seed {case.seed}" in text
    assert len(document.inline_shapes) == 5  # the four charts and the NPV profile


def test_pdf_shows_the_simulation_of_the_option_page(client, viewer, case, figures):
    response = get(client, viewer, url(case, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    sim = figures.simulation
    assert money(figures.analysis.npv) in text
    assert money(sim.percentiles[10]) in text and money(sim.percentiles[90]) in text
    assert f"{sim.iterations:,} simulated futures, seed {case.seed}" in text


def test_excel_model_holds_the_analysis(client, viewer, case, figures):
    """The live-formula model: figures are formulas whose stored values are the analysis."""
    response = get(client, viewer, url(case, "xlsx"))
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), data_only=True)
    summary = workbook["Summary"]
    headers = [c.value for c in summary[5]]
    row = {h: c.value for h, c in zip(headers, summary[7], strict=False)}
    assert row["Option"] == "Proposed solution"
    lead = analyze(figures.case, at=figures.case.lead)  # the figures the case leads with
    assert row["Figures at the amounts"] == figures.case.lead
    assert row["Net present value (NPV)"] == pytest.approx(lead.npv, rel=1e-12)
    assert row["NPV P50 (simulation)"] == pytest.approx(
        figures.simulation.percentiles[50], rel=1e-12
    )
    flows = workbook["Schedule – Proposed solution"]
    net = next(r for r in flows.iter_rows() if r[0].value == "Net (benefits − costs)")
    assert net[YEAR_COLUMN].value == pytest.approx(lead.net[0])
    formulas = load_workbook(io.BytesIO(response.content))
    sheet, ref = next(iter(formulas.defined_names["NPV"].destinations))
    assert formulas[sheet][ref.replace("$", "")].value.startswith("=")


def test_report_uses_labels_and_the_multiplier_basis(case, editor):
    option = case.options.get()
    services.line_create(
        actor=editor, option=option, name="Clerk hours", kind="benefit", category="staff_time",
        likely=1_000, multiplier=45, first_period=1, last_period=10,
    )  # fmt: skip
    report = case_report(case)
    line = next(ln for ln in report.options[0].lines if ln.name == "Clerk hours")
    assert line.category == "Staff time released"
    assert line.likely == 45_000
    assert line.basis == "1,000 hours × $45 an hour"
    assert report.options[0].years[1].budget_impact is not None


def test_documents_of_a_case_with_an_empty_option(client, viewer, case, editor):
    services.option_create(actor=editor, case=case, name="On-premises")
    for name in ("docx", "pdf", "xlsx"):
        get(client, viewer, url(case, name))
    report = case_report(case)
    assert report.options[1].problem == "no costs or benefits entered yet"


# --- the template ---------------------------------------------------------------------------


def download_template(client, user, case, option):
    return get(client, user, url(case, "template", option=option.pk)).content


def test_template_round_trip_gives_the_option_npv(client, viewer, case, figures):
    option = case.options.get()
    content = download_template(client, viewer, case, option)
    again = read_case_template(io.BytesIO(content))
    assert analyze(again).npv == pytest.approx(figures.analysis.npv, rel=1e-12)
    lines = load_workbook(io.BytesIO(content))["Lines"]
    assert [lines[f"A{r}"].value for r in range(2, 5)] == [
        "Implementation services",
        "Subscription",
        "Staff time released",
    ]


def upload(client, user, case, option, content: bytes, name="lines.xlsx"):
    client.force_login(user)
    file = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(url(case, "upload", option=option.pk), {"file": file})


def edit(content: bytes, **cells) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    for address, value in cells.items():
        workbook["Lines"][address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot(option):
    return list(CaseLine.objects.filter(option=option).values_list("pk", "name", "likely"))


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"E3": "abc"}, "Lines!E3: 'abc' is not a number"),
        ({"D3": 120_000}, "Lines!D3: low (120,000.00) is greater than likely (100,000.00)"),
        ({"I3": 12}, "Lines!I3: 12 is outside the case"),
        # The database's rules: a benefit category on a cost line.
        ({"C2": "staff_time"}, "Lines!C2: This category is for benefits"),
        ({"C2": "gadgets"}, "Lines!C2: 'gadgets' is not a category"),
        ({"A2": "x" * 130}, "Lines!A2: Ensure this value has at most 120 characters"),
    ],
)
def test_upload_problems_name_the_cell_and_nothing_is_saved(client, editor, case, cells, expected):
    option = case.options.get()
    content = edit(download_template(client, editor, case, option), **cells)
    before, events = snapshot(option), AuditEvent.objects.count()
    response = upload(client, editor, case, option, content)
    assert response.status_code == 200
    problems = response.context["upload_problems"]
    assert any(p.startswith(expected) for p in problems), problems
    assert snapshot(option) == before
    assert AuditEvent.objects.count() == events


def test_upload_of_a_file_that_is_not_a_workbook(client, editor, case):
    option = case.options.get()
    response = upload(client, editor, case, option, b"name,kind\n", name="lines.csv")
    assert response.context["upload_problems"] == [
        "workbook: the file is not an Excel workbook (.xlsx); save it from Excel or LibreOffice "
        "as 'Excel 2007-365 (.xlsx)' and try again"
    ]
    client.force_login(editor)
    response = client.post(url(case, "upload", option=option.pk), {})
    assert response.context["upload_problems"] == ["Choose a filled-in template (.xlsx) to upload."]


def test_upload_replaces_the_lines_and_is_audited(client, editor, case, figures):
    option = case.options.get()
    old_pks = [pk for pk, _name, _likely in snapshot(option)]
    content = edit(
        download_template(client, editor, case, option),
        E3=110_000,  # subscription, likely
        A5="Paper and postage", B5="benefit", C5="cashable_savings", E5=12_000, H5=2028, I5=10,
    )  # fmt: skip
    response = upload(client, editor, case, option, content)
    assert response.status_code == 302
    assert response["Location"] == url(case, "option", option=option.pk)
    lines = list(CaseLine.objects.filter(option=option))
    assert [ln.name for ln in lines] == [
        "Implementation services",
        "Subscription",
        "Staff time released",
        "Paper and postage",
    ]
    assert not set(old_pks) & {ln.pk for ln in lines}
    assert lines[1].likely == 110_000 and lines[2].ramp == "0.5"
    assert (lines[3].first_period, lines[3].last_period) == (1, 10)  # FY2028 = period 1
    events = AuditEvent.objects.for_org(case.organization)
    assert events.filter(action=Action.DELETE, object_pk__in=[str(p) for p in old_pks]).count() == 3
    assert events.filter(action=Action.CREATE, object_pk=str(lines[3].pk)).exists()
    imported = events.get(action=Action.IMPORT)
    assert imported.changes == {"lines": [3, 4]} and "lines.xlsx" in imported.reason
    after = option_figures(case, option)
    assert after.analysis.npv != pytest.approx(figures.analysis.npv)


def test_unchanged_template_upload_keeps_the_figures(client, editor, case, figures):
    option = case.options.get()
    response = upload(client, editor, case, option, download_template(client, editor, case, option))
    assert response.status_code == 302
    assert option_figures(case, option).analysis.npv == pytest.approx(figures.analysis.npv)


def test_viewer_may_download_but_not_upload(client, viewer, case):
    option = case.options.get()
    content = download_template(client, viewer, case, option)
    response = upload(client, viewer, case, option, content)
    assert response.status_code == 403


def test_documents_include_shows_buttons_form_and_problems(rf, case, editor):
    option = case.options.get()
    request = rf.get("/")
    request.user = editor
    html = render_to_string(
        "cases/documents.html",
        {
            "org": case.organization,
            "initiative": case.initiative,
            "case": case,
            "option": option,
            "can_edit": True,
            "upload_problems": ["Lines!E3: 'abc' is not a number"],
        },
        request=request,
    )
    for name in ("docx", "pdf", "xlsx"):
        assert f'href="{url(case, name)}"' in html
    assert url(case, "template", option=option.pk) in html
    assert f'action="{url(case, "upload", option=option.pk)}"' in html
    assert 'enctype="multipart/form-data"' in html
    # The problems themselves are summarised at the top of the option page (issue #7); the
    # form says so and points there.
    assert "The problems are listed at the top of the page" in html
    assert 'href="#upload-problems"' in html
    summary = render_to_string(
        "cases/upload_problems.html", {"upload_problems": ["Lines!E3: 'abc' is not a number"]}
    )
    assert "Nothing was saved: the uploaded template has a problem." in summary
    assert "Lines!E3: &#x27;abc&#x27; is not a number" in summary
    without_option = render_to_string(
        "cases/documents.html",
        {"org": case.organization, "initiative": case.initiative, "case": case},
    )
    assert "template" not in without_option.split("</ul>", 1)[1]


def test_a_number_too_large_for_the_database_is_named_not_a_server_error(client, editor, case):
    option = case.options.get()
    before = snapshot(option)
    content = edit(download_template(client, editor, case, option), E3=1e30)
    response = upload(client, editor, case, option, content)
    assert response.status_code == 200
    problems = " ".join(response.context["upload_problems"])
    assert "Lines!" in problems
    assert snapshot(option) == before


def test_the_excel_model_uploads_back_and_an_altered_formula_is_refused(
    client, editor, case, figures
):
    """Issue #7, bad input: the model's Assumptions are read as the template's values; a
    formula changed elsewhere is refused, naming its cell, and nothing is saved."""
    option = case.options.get()
    model = get(client, editor, url(case, "xlsx")).content
    workbook = load_workbook(io.BytesIO(model))
    sheet = workbook["Schedule – Proposed solution"]
    npv_cell = next(iter(workbook.defined_names["NPV"].destinations))[1].replace("$", "")
    sheet[npv_cell] = 9_999_999
    buffer = io.BytesIO()
    workbook.save(buffer)
    before, events = snapshot(option), AuditEvent.objects.count()
    response = upload(client, editor, case, option, buffer.getvalue(), name="model.xlsx")
    assert response.status_code == 200
    assert response.context["upload_problems"] == [
        f"Schedule – Proposed solution!{npv_cell}: the formula was changed; CivicShift reads the "
        "Assumptions sheet only. Put the change there (an amount, a year, a rate) and upload "
        "again, or download the model again"
    ]
    assert snapshot(option) == before and AuditEvent.objects.count() == events

    response = upload(client, editor, case, option, model, name="model.xlsx")
    assert response.status_code == 302
    after = option_figures(case, option)
    assert after.analysis.npv == pytest.approx(figures.analysis.npv, rel=1e-12)
