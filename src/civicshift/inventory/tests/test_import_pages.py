"""The import's pages, from the upload to the result, as an IT manager goes through them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civicshift.formats.inventory.tests import fixtures
from civicshift.formats.tests import hostile
from civicshift.inventory.models import ImportMapping, System
from civicshift.jobs.models import Job
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("millbrook")


@pytest.fixture
def client(org):
    client = Client()
    client.force_login(make_member(org, Role.EDITOR))
    return client


def url(name, org, **kwargs):
    return reverse(f"inventory:{name}", kwargs={"org_slug": org.slug, **kwargs})


def upload(client, org, path):
    with open(path, "rb") as handle:
        return client.post(url("import_upload", org), {"file": handle})


def test_upload_mapping_preview_import_result(client, org, tmp_path):
    path = fixtures.town_workbook(tmp_path / "Millbrook inventory.xlsx")
    response = upload(client, org, path)
    preview = Job.objects.get(kind="inventory.preview")
    assert response.status_code == 302
    assert response["Location"] == url("import_mapping", org, pk=preview.pk)

    page = client.get(response["Location"]).content.decode()
    assert "The headers of <strong>Millbrook inventory.xlsx</strong> were found on row 3" in page
    assert '<option value="cost_maintenance" selected>' in page  # "Annual Maint"
    assert "No match: ignored unless you choose a field" in page  # "Vendor Contact"

    headers = preview.result["data"]["headers"]
    mapping = {s["header"]: s["field"] for s in preview.result["data"]["suggestions"]}
    mapping["Total $"] = "cost_hosting"  # the person maps one more column by hand
    form = {f"column_{i}": mapping.get(h) or "" for i, h in enumerate(headers) if h} | {
        "name": "Town inventory"
    }
    response = client.post(url("import_mapping", org, pk=preview.pk), form)
    second = Job.objects.filter(kind="inventory.preview").latest("pk")
    assert response["Location"] == url("import_preview", org, pk=second.pk)
    remembered = ImportMapping.objects.for_org(org).get()
    assert remembered.name == "Town inventory"
    assert remembered.mapping["total cost"] == "cost_hosting"

    page = client.get(response["Location"]).content.decode()
    assert "data-focus-on-load" in page and "3 rows have problems and will not be imported" in page
    assert "“Telecom” is not a known category" in page
    assert "Repeated header rows skipped: 9." in page
    assert "Import 5 valid rows" in page
    assert not System.objects.exists()  # the preview wrote nothing

    response = client.post(url("import_preview", org, pk=second.pk))
    job = Job.objects.get(kind="inventory.import")
    assert response["Location"] == url("import_result", org, pk=job.pk)
    assert job.result["data"]["rows_imported"] == 5
    page = client.get(response["Location"]).content.decode()
    assert "3 rows were not imported." in page
    assert System.objects.for_org(org).count() == 5
    assert System.objects.for_org(org).get(external_id="FIN-01").cost_hosting == 48000


def test_the_same_headers_get_the_remembered_mapping(client, org, tmp_path):
    path = fixtures.as400_csv(tmp_path / "QSYS.csv")
    upload(client, org, path)
    first = Job.objects.get(kind="inventory.preview")
    headers = first.result["data"]["headers"]
    mapping = fixtures.AS400_MAPPING | {"CRTUSR": "owner"}
    client.post(
        url("import_mapping", org, pk=first.pk),
        {f"column_{i}": mapping.get(h, "") for i, h in enumerate(headers)},
    )
    response = upload(client, org, path)
    again = Job.objects.filter(kind="inventory.preview").latest("pk")
    data = again.result["data"]
    assert data["remembered"] == "Mapping of QSYS.csv"
    assert data["mapping"]["CRTUSR"] == "owner"
    page = client.get(response["Location"]).content.decode()
    assert "the remembered mapping “Mapping of QSYS.csv” is used" in page


def test_a_mapping_without_the_name_or_with_a_field_twice_is_sent_back(client, org, tmp_path):
    upload(client, org, fixtures.excel_utf8_csv(tmp_path / "s.csv"))
    job = Job.objects.get(kind="inventory.preview")
    response = client.post(url("import_mapping", org, pk=job.pk), {"column_1": "vendor"})
    assert response.status_code == 400
    assert "Choose the column that holds the names of the systems" in response.content.decode()
    response = client.post(
        url("import_mapping", org, pk=job.pk), {"column_0": "name", "column_1": "name"}
    )
    assert "“Application” is mapped to this field already" in response.content.decode()
    assert not ImportMapping.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("locked.xlsx", fixtures.encrypted_workbook, "protected by a password"),
        ("bomb.xlsx", hostile.write_zip_bomb, "unpack to more than 100 MB"),
        ("wide.xlsx", fixtures.wide_workbook, "16,000 columns wide"),
    ],
)
def test_a_hostile_upload_is_refused_naming_the_file(client, org, tmp_path, name, make, words):
    response = upload(client, org, make(tmp_path / name))
    job = Job.objects.get(kind="inventory.preview")
    assert job.status == "failed"
    assert job.error.startswith(f"{name}: ") and words in job.error
    assert response["Location"] == reverse(
        "jobs:detail", kwargs={"org_slug": org.slug, "pk": job.pk}
    )
    assert not System.objects.exists()


def test_an_upload_over_the_limit_or_not_a_spreadsheet_is_refused_at_once(client, org):
    response = client.post(
        url("import_upload", org), {"file": SimpleUploadedFile("notes.docx", b"PK")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“notes.docx” is not a spreadsheet this reads" in page and "data-focus-on-load" in page
    assert not Job.objects.exists()


def test_export_downloads_both_formats_that_import_back(client, org, tmp_path):
    upload(client, org, fixtures.excel_utf8_csv(tmp_path / "s.csv"))
    job = Job.objects.get(kind="inventory.preview")
    client.post(url("import_preview", org, pk=job.pk))
    assert System.objects.for_org(org).count() == 4
    response = client.get(url("export", org, file_format="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="millbrook-systems-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Señor Dispatch" in response.content.decode("utf-8-sig")
    response = client.get(url("export", org, file_format="xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    names = [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Microsoft 365", "Señor Dispatch", "Utility Billing", "Zoning map"]
    # Importing the export updates the same four systems.
    upload_response = client.post(
        url("import_upload", org),
        {"file": SimpleUploadedFile("export.xlsx", response.content)},
    )
    again = Job.objects.filter(kind="inventory.preview").latest("pk")
    assert upload_response.status_code == 302
    assert (again.result["data"]["rows_update"], again.result["data"]["rows_new"]) == (4, 0)


def test_the_import_runs_through_the_real_queue_with_progress(
    client, org, tmp_path, database_queue
):
    from civicshift.jobs.worker import drain_queue

    upload(client, org, fixtures.excel_utf8_csv(tmp_path / "s.csv"))
    drain_queue()
    preview = Job.objects.get(kind="inventory.preview")
    assert preview.status == "done" and preview.result["data"]["rows_new"] == 4
    response = client.post(url("import_preview", org, pk=preview.pk))
    job = Job.objects.get(kind="inventory.import")
    assert job.status == "queued" and not System.objects.exists()
    assert response["Location"] == reverse(
        "jobs:detail", kwargs={"org_slug": org.slug, "pk": job.pk}
    )
    drain_queue()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 1.0)
    assert System.objects.for_org(org).count() == 4


def test_the_systems_list_links_to_the_import_and_the_export(client, org):
    page = client.get(reverse("inventory:list", kwargs={"org_slug": org.slug})).content.decode()
    assert f'href="{url("import_upload", org)}"' in page
    assert f'href="{url("export", org, file_format="xlsx")}"' in page
