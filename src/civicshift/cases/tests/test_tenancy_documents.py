"""The business case's documents and template registered with the generic tenancy harness."""

from django.core.files.uploadedfile import SimpleUploadedFile

from civicshift.cases import services
from civicshift.formats.cases.template import write_case_template
from civicshift.formats.cases.template_data import TemplateLine, TemplateSettings
from civicshift.initiatives.models import Initiative
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import Endpoint, TenancyHarness


def case_kwargs(line):
    return {"pk": line.option.case.initiative_id}


def option_kwargs(line):
    return {**case_kwargs(line), "option": line.option_id}


def template_upload(org, line):
    """A valid filled-in template for the option of ``line`` (a fresh file for every call)."""
    content = write_case_template(
        TemplateSettings("Upload", 2027, 10, 0.03),
        [TemplateLine("Support", "cost", likely=2_000, first_period=0, last_period=3)],
    )
    return {"file": SimpleUploadedFile("lines.xlsx", content)}


class TestCaseDocuments(TenancyHarness):
    model = None
    endpoints = [
        Endpoint("cases:docx", kwargs=case_kwargs),
        Endpoint("cases:pdf", kwargs=case_kwargs),
        Endpoint("cases:xlsx", kwargs=case_kwargs),
        Endpoint("cases:template", kwargs=option_kwargs),
        Endpoint(
            "cases:upload",
            method="POST",
            role=Role.EDITOR,
            kwargs=option_kwargs,
            data=template_upload,
        ),
    ]

    def make_object(self, organization, user):
        n = Initiative.objects.count() + 1
        # Owned by a member without a name: the documents name the owner, never by e-mail.
        initiative = initiative_create(
            actor=user,
            organization=organization,
            title=f"Initiative {n}",
            owner=make_member(organization, Role.EDITOR),
        )
        case = services.business_case_create(
            actor=user, initiative=initiative, start_year=2027, iterations=500
        )
        option = case.options.get()
        return services.line_create(
            actor=user,
            option=option,
            name="Hosting",
            kind="cost",
            category="hosting",
            distribution="triangular",
            low=800,
            likely=1000,
            high=1500,
            first_period=0,
            last_period=2,
        )
