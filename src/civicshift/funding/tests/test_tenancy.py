"""The funding module's pages, registered with the generic tenancy harness: an organization's
own notice or program is 404 to another organization, through either address."""

from civicshift.funding.models import FundingNotice, FundingProgram
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness, api_endpoint

ONE_PROGRAM = (
    "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
    "state-cyber,State cybersecurity subgrants,11.111,02,2027-01-30,Subgrants for cyber plans\n"
)


def _csv_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("more.csv", b"program_id,title\nmore,More programs\n")


class TestFundingNoticeTenancy(TenancyHarness):
    model = FundingNotice
    endpoints = [
        Endpoint("funding:catalog", object_in_url=False),
        Endpoint("funding:notice", kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint("funding:import", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "funding:import",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"file": _csv_file()},
        ),
        api_endpoint("api:funding-notice-list", object_in_url=False),
        api_endpoint("api:funding-notice-detail", kwargs=lambda obj: {"pk": obj.pk}),
    ]

    def make_object(self, organization, user):
        from civicshift.funding.services_import import funding_import

        funding_import(
            actor=user, source=ONE_PROGRAM.encode(), name="state.csv", organization=organization
        )
        return FundingNotice.objects.for_org(organization).get(opportunity_id="state-cyber")


class TestFundingProgramTenancy(TenancyHarness):
    """An organization's own program: made by its csv import from the row's Assistance
    Listing number (no shared program has it)."""

    model = FundingProgram
    endpoints = [
        Endpoint("funding:programs", object_in_url=False),
        Endpoint("funding:program", kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint("api:funding-program-list", object_in_url=False),
        api_endpoint("api:funding-program-detail", kwargs=lambda obj: {"pk": obj.pk}),
    ]

    def make_object(self, organization, user):
        from civicshift.funding.services_import import funding_import

        funding_import(
            actor=user, source=ONE_PROGRAM.encode(), name="state.csv", organization=organization
        )
        return FundingProgram.objects.for_org(organization).get(key="11.111")


class TestInitiativeFundingTab(TenancyHarness):
    """The initiative hub's Funding tab: the object is an initiative."""

    model = Initiative
    endpoints = [
        Endpoint("funding:initiative_funding", kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint("api:funding-initiative-matches", kwargs=lambda obj: {"pk": obj.pk}),
    ]

    def make_object(self, organization, user):
        from civicshift.initiatives.services import initiative_create

        return initiative_create(
            actor=user, organization=organization, title="Ransomware protection"
        )
