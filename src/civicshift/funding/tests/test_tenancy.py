"""The funding module's pages, registered with the generic tenancy harness: an organization's
own notice or program is 404 to another organization, through either address."""

from civicshift.funding.forms_pipeline import ItemForm
from civicshift.funding.models import (
    ApplicationItem,
    FundingApplication,
    FundingNotice,
    FundingProfile,
    FundingProgram,
)
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


def _application(organization, user):
    """An application of a new initiative to the organization's own notice."""
    from civicshift.funding import services_pipeline
    from civicshift.funding.services_import import funding_import
    from civicshift.initiatives.services import initiative_create

    initiative = initiative_create(actor=user, organization=organization, title="Backups")
    funding_import(
        actor=user, source=ONE_PROGRAM.encode(), name="state.csv", organization=organization
    )
    notice = FundingNotice.objects.for_org(organization).get(opportunity_id="state-cyber")
    return services_pipeline.application_create(actor=user, initiative=initiative, notice=notice)


def _application_form(org, obj):
    return {
        "title": "Backups grant",
        "stage": "drafting",
        "interest": "will_apply",
        "federal": "on",
        "version": obj.version,
    }


def _item_kwargs(item):
    return {"pk": item.application_id, "item": item.pk}


class TestFundingApplicationTenancy(TenancyHarness):
    model = FundingApplication
    endpoints = [
        Endpoint("funding:pipeline", object_in_url=False),
        Endpoint("funding:deadlines", object_in_url=False),
        Endpoint("funding:deadlines_ics", object_in_url=False),
        Endpoint("funding:application", kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint(
            "funding:application",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=_application_form,
        ),
        Endpoint("funding:application_alignment", role=Role.EDITOR, kwargs=lambda o: {"pk": o.pk}),
        Endpoint(
            "funding:application_alignment",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {
                "alignment_statement": "Backups serve the program's priorities.",
                "version": obj.version,
            },
        ),
        Endpoint("funding:application_delete", role=Role.EDITOR, kwargs=lambda o: {"pk": o.pk}),
        Endpoint("funding:application_delete", "POST", Role.EDITOR, kwargs=lambda o: {"pk": o.pk}),
        Endpoint(
            "funding:item_create",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            form=ItemForm,
            data=lambda org, obj: {"kind": "report", "label": "Closeout report"},
        ),
        api_endpoint("api:funding-application-list", object_in_url=False),
        api_endpoint(
            "api:funding-application-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "initiative": obj.initiative_id,
                "program": FundingProgram.objects.for_org(org).get().pk,
            },
        ),
        api_endpoint("api:funding-application-detail", kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint(
            "api:funding-application-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {"stage": "drafting"},
        ),
        api_endpoint(
            "api:funding-application-detail",
            "DELETE",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        return _application(organization, user)


class TestApplicationItemTenancy(TenancyHarness):
    model = ApplicationItem
    endpoints = [
        Endpoint("funding:item_toggle", "POST", Role.EDITOR, kwargs=_item_kwargs),
        Endpoint("funding:item_delete", "POST", Role.EDITOR, kwargs=_item_kwargs),
    ]

    def make_object(self, organization, user):
        return _application(organization, user).items.order_by("pk")[0]


class TestFundingProfileTenancy(TenancyHarness):
    model = FundingProfile
    endpoints = [
        Endpoint("funding:profile", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "funding:profile",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "uei": "J7M9HPTGJ1S9",
                "sam_expires": "2027-06-30",
                "version": obj.version,
            },
        ),
    ]

    def make_object(self, organization, user):
        from civicshift.funding import services_pipeline

        return services_pipeline.profile_save(
            actor=user, organization=organization, sam_expires="2027-06-30"
        )


class TestTrackFromTheFundingTab(TenancyHarness):
    """Tracking a notice for an initiative: the object is the initiative."""

    model = Initiative
    endpoints = [
        Endpoint(
            "funding:application_track",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {
                "notice": FundingNotice.objects.for_org(org).get(opportunity_id="state-cyber").pk
            },
        ),
        Endpoint(
            "funding:alignment_track",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {
                "notice": FundingNotice.objects.for_org(org).get(opportunity_id="state-cyber").pk,
                "alignment_statement": "Backups serve the program's priorities.",
            },
        ),
    ]

    def make_object(self, organization, user):
        from civicshift.funding.services_import import funding_import
        from civicshift.initiatives.services import initiative_create

        funding_import(
            actor=user, source=ONE_PROGRAM.encode(), name="state.csv", organization=organization
        )
        return initiative_create(actor=user, organization=organization, title="Backups")
