"""The template upload refuses a decompression bomb from the zip directory, before openpyxl
reads anything: a message naming the problem, no line changed and no audit record."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicshift.audit.models import AuditEvent
from civicshift.cases.models import CaseLine
from civicshift.formats.tests import hostile

from .test_documents import XLSX, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["bomb", "parts"])
def test_upload_of_a_hostile_workbook_is_refused(client, editor, case, tmp_path, kind):
    option = case.options.get()
    if kind == "bomb":
        path = hostile.write_zip_bomb(tmp_path / "lines.xlsx")
        expected = "workbook: the archive would unpack to more than 100 MB"
    else:
        path = hostile.write_many_entries(tmp_path / "lines.xlsx")
        expected = "workbook: the archive has 10000 parts"
    lines = list(CaseLine.objects.filter(option=option).values_list("pk", "name", "likely"))
    events = AuditEvent.objects.count()
    client.force_login(editor)
    with path.open("rb") as handle:
        upload = SimpleUploadedFile("lines.xlsx", handle.read(), content_type=XLSX)
    response = client.post(url(case, "upload", option=option.pk), {"file": upload})
    assert response.status_code == 200
    problems = response.context["upload_problems"]
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert list(CaseLine.objects.filter(option=option).values_list("pk", "name", "likely")) == lines
    assert AuditEvent.objects.count() == events
