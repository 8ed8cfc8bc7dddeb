"""The import and export pages, registered with the tenancy harness.

A preview belongs to the person who uploaded the file (or an administrator), as a job's page
does: the harness's previews are made by an administrator, so their pages are "admin" here
and an editor who did not upload the file is refused."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from civicshift.audit.services import audited_create
from civicshift.inventory.models import ImportMapping
from civicshift.jobs.models import Job
from civicshift.jobs.services import job_start
from civicshift.testing.tenancy import Endpoint, TenancyHarness

_signatures = itertools.count(1)
SHEET = b"System name,Vendor\nEmail,Microsoft\n"


def _pk(obj):
    return {"pk": obj.pk}


def _start(kind, organization, user, mapping=None):
    return job_start(
        actor=user,
        organization=organization,
        kind=kind,
        inputs={"mapping": mapping},
        label="Import test",
        input_content=SHEET,
        input_filename="systems.csv",
    )


class TestImportPreviews(TenancyHarness):
    model = Job
    endpoints = [
        Endpoint("inventory:import_upload", role="editor", object_in_url=False),
        Endpoint(
            "inventory:import_upload",
            method="POST",
            role="editor",
            object_in_url=False,
            audited=False,  # starts a preview job, which writes nothing
            data=lambda org, obj: {"file": SimpleUploadedFile("systems.csv", SHEET)},
        ),
        Endpoint("inventory:import_mapping", role="admin", kwargs=_pk),
        Endpoint(
            "inventory:import_mapping",
            method="POST",
            role="admin",
            kwargs=_pk,
            data=lambda org, obj: {"column_0": "name", "column_1": "vendor"},
        ),
        Endpoint("inventory:import_preview", role="admin", kwargs=_pk),
        Endpoint("inventory:import_preview", method="POST", role="admin", kwargs=_pk),
        Endpoint(
            "inventory:export", kwargs=lambda obj: {"file_format": "csv"}, object_in_url=False
        ),
    ]

    def make_object(self, organization, user):
        return _start("inventory.preview", organization, user)


class TestImportResults(TenancyHarness):
    model = Job
    endpoints = [Endpoint("inventory:import_result", kwargs=_pk)]

    def make_object(self, organization, user):
        return _start("inventory.import", organization, user)


class TestRememberedMappings(TenancyHarness):
    model = ImportMapping
    endpoints = [
        Endpoint("inventory:import_mappings", object_in_url=False),
        Endpoint("inventory:import_mapping_delete", method="POST", role="editor", kwargs=_pk),
    ]

    def make_object(self, organization, user):
        return audited_create(
            actor=user,
            model=ImportMapping,
            organization=organization,
            name="Town spreadsheet",
            headers=["system name"],
            signature=f"{next(_signatures):064d}",
            mapping={"system name": "name"},
        )
