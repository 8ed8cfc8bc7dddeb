"""Every organization URL and every organization-owned model is covered by the tenancy harness.

A module added later that forgets to register its pages fails here, not in production. So does
a form or serializer field that takes another object's id (a foreign key or many-to-many) but is
not sent another organization's object by the harness (its form or serializer belongs to no
registered write endpoint).
"""

from django import forms

from civicshift.orgs.base import org_owned_models
from civicshift.testing.introspection import (
    all_relation_fields,
    form_relation_fields,
    load_all_harnesses,
    org_url_names,
    relation_fields,
)
from civicshift.testing.tenancy import REGISTRY, Endpoint, object_factory

#: Models reached only through another registered model's endpoints (not by their own URL).
COVERED_THROUGH_OTHERS = {
    "initiatives.tag": "created and listed through initiative forms and filters",
    "initiatives.statuschange": "written by the initiative status endpoint",
    "audit.auditevent": "read-only history pages are registered as endpoints",
    "cases.businesscase": "its pages are registered through CaseLine (the business case pages)",
    "cases.option": "its pages are registered through CaseLine (option and line pages)",
    "cases.caserun": "saved and listed through the business case pages",
    "funding.savedsearchvisit": "written by the saved search's digest (registered through "
    "SavedSearch)",
}


def test_every_organization_url_is_registered_with_the_harness():
    load_all_harnesses()
    registered = {e.url_name for harness in REGISTRY for e in harness.endpoints}
    missing = sorted(org_url_names() - registered)
    assert not missing, f"organization URLs without tenancy tests: {missing}"


def test_every_organization_owned_model_is_registered_with_the_harness():
    load_all_harnesses()
    registered = {h.model._meta.label_lower for h in REGISTRY if h.model is not None}
    owned = {m._meta.label_lower for m in org_owned_models()}
    missing = sorted(owned - registered - set(COVERED_THROUGH_OTHERS))
    assert not missing, f"organization-owned models without tenancy tests: {missing}"


#: Relation fields of forms and serializers that no organization endpoint takes, with why.
RELATION_FIELDS_ELSEWHERE: dict[str, str] = {}


def _exercised_relation_fields():
    load_all_harnesses()
    return {
        f.label: f for harness in REGISTRY for e in harness.endpoints for f in relation_fields(e)
    }


def test_every_relation_field_of_every_form_and_serializer_is_sent_a_foreign_object():
    exercised = _exercised_relation_fields()
    every = {f.label for f in all_relation_fields()}
    missing = sorted(every - set(exercised) - set(RELATION_FIELDS_ELSEWHERE))
    assert not missing, (
        "form/serializer fields taking an id that no registered write endpoint exercises "
        f"(register the endpoint, or set Endpoint.form / Endpoint.serializer): {missing}"
    )
    stale = sorted(set(RELATION_FIELDS_ELSEWHERE) - every)
    assert not stale, f"RELATION_FIELDS_ELSEWHERE names fields that no longer exist: {stale}"


def test_the_harness_can_make_another_organizations_object_for_every_relation_field():
    for field in _exercised_relation_fields().values():
        assert callable(object_factory(field.model)), field.label


def test_the_relation_fields_found_are_the_forms_and_serializers_id_fields():
    """The introspection itself: what it finds for known forms, serializers and endpoints."""
    from civicshift.cases.api.serializers import BusinessCaseCreateSerializer, OptionSerializer
    from civicshift.initiatives.forms import InitiativeForm

    found = {(f.name, f.model.__name__, f.many) for f in form_relation_fields(InitiativeForm)}
    assert found == {
        ("sponsor_departments", "Department", True),
        ("goals", "StrategicGoal", True),
        ("owner", "User", False),
    }
    create = Endpoint("api:business-case-list", method="POST", api=True)
    assert [(f.owner, f.name) for f in relation_fields(create)] == [
        (BusinessCaseCreateSerializer, "initiative")
    ]
    # Read-only relations (an option's case) are not sent; nor is a body on DELETE.
    assert relation_fields(Endpoint("api:case-option-list", method="POST", api=True)) == []
    assert OptionSerializer().fields["case"].read_only
    assert relation_fields(Endpoint("api:initiative-detail", method="DELETE", api=True)) == []
    # The analysis takes its own request serializer (from the OpenAPI annotation), no ids.
    assert relation_fields(Endpoint("api:business-case-analyze", method="POST", api=True)) == []

    class WithChoice(forms.Form):
        option = forms.ModelChoiceField(queryset=OptionSerializer.Meta.model.objects.none())

    assert [f.name for f in form_relation_fields(WithChoice)] == ["option"]
