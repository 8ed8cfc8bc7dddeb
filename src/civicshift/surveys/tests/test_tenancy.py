"""The survey pages, registered with the generic tenancy harness: another organization's survey,
question, answer or code is 404 through either address; viewers read results but build nothing.
The public page (/s/<token>/) is outside /o/ and has its own tests (test_flow.py)."""

from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.surveys import services
from civicshift.surveys.forms import ItemForm
from civicshift.surveys.models import OneTimeCode, Survey, SurveyItem, SurveyResponse
from civicshift.testing.tenancy import Endpoint, TenancyHarness

SURVEY_FORM = {
    "title": "Second wave",
    "change_name": "the new ERP",
    "system_name": "the ERP",
    "status": "draft",
    "k": 5,
    "ask_department": "on",
}
ITEM_FORM = {"text": "What would help you most?", "kind": "text", "position": 100}


def _survey(organization, user, **fields):
    initiative = Initiative.objects.create(organization=organization, title="New ERP")
    survey = services.survey_create(
        actor=user,
        organization=organization,
        title="Readiness",
        initiative=initiative,
        change_name="the new ERP",
        **fields,
    )
    services.survey_add_bank(actor=user, survey=survey, bank_id="oric")
    return survey


class TestSurveyTenancy(TenancyHarness):
    model = Survey
    endpoints = [
        Endpoint("surveys:list", object_in_url=False),
        Endpoint("surveys:create", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "surveys:create",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: SURVEY_FORM,
        ),
        Endpoint("surveys:detail", kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint("surveys:edit", role=Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint(
            "surveys:edit",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {**SURVEY_FORM, "version": obj.version},
        ),
        Endpoint("surveys:delete", role=Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint("surveys:delete", "POST", Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint(
            "surveys:status",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {"status": "open"},
        ),
        Endpoint(
            "surveys:bank_add",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {"bank": "technology_acceptance"},
        ),
        Endpoint("surveys:next_wave", "POST", Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint("surveys:item_create", role=Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint(
            "surveys:item_create",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: ITEM_FORM,
        ),
        Endpoint("surveys:results", kwargs=lambda obj: {"pk": obj.pk}),
        Endpoint(
            "surveys:export",
            "POST",
            Role.VIEWER,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {"what": "results", "format": "csv"},
            audited=False,
        ),
        Endpoint("surveys:initiative_surveys", kwargs=lambda obj: {"pk": obj.initiative_id}),
    ]

    def make_object(self, organization, user):
        return _survey(organization, user)


class TestSurveyItemTenancy(TenancyHarness):
    model = SurveyItem
    endpoints = [
        Endpoint(
            "surveys:item_edit",
            role=Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.survey_id, "item": obj.pk},
        ),
        Endpoint(
            "surveys:item_edit",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.survey_id, "item": obj.pk},
            data=lambda org, obj: {**ITEM_FORM, "text": "Changed", "version": obj.version},
            form=ItemForm,
        ),
        Endpoint(
            "surveys:item_delete",
            role=Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.survey_id, "item": obj.pk},
        ),
        Endpoint(
            "surveys:item_delete",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.survey_id, "item": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        survey = _survey(organization, user)
        return services.survey_item_create(
            actor=user, survey=survey, text="Anything else?", kind="text"
        )


class TestSurveyResponseTenancy(TenancyHarness):
    """Answers have no page of their own (and none to edit): they are read through the
    results of their survey."""

    model = SurveyResponse
    endpoints = [Endpoint("surveys:results", kwargs=lambda obj: {"pk": obj.survey_id})]

    def make_object(self, organization, user):
        survey = _survey(organization, user)
        services.survey_update(actor=user, survey=survey, status="open")
        return services.response_submit(survey=survey, answers={}, department=None)


class TestOneTimeCodeTenancy(TenancyHarness):
    model = OneTimeCode
    endpoints = [
        Endpoint("surveys:codes", role=Role.EDITOR, kwargs=lambda obj: {"pk": obj.survey_id}),
        Endpoint(
            "surveys:codes",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.survey_id},
            data=lambda org, obj: {"count": 3, "format": "page"},
            shows_secret=True,
        ),
    ]

    def make_object(self, organization, user):
        survey = _survey(organization, user, require_code=True)
        services.survey_codes_generate(actor=user, survey=survey, count=2)
        return OneTimeCode.objects.for_org(organization).filter(survey=survey).first()
