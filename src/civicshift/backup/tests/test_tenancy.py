"""The export pages are for the organization's administrators only."""

from __future__ import annotations

from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness


class TestBackupTenancy(TenancyHarness):
    model = None
    endpoints = [
        Endpoint("backup:export", role=Role.ADMIN, object_in_url=False),
        Endpoint("backup:download_json", role=Role.ADMIN, object_in_url=False),
        Endpoint("backup:download_xlsx", role=Role.ADMIN, object_in_url=False),
    ]
