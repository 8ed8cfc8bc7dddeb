"""The risk register's fields are listed once (``models.RISK_FIELDS``) and used by both the web
form and the API, so a field added to the register cannot reach one and miss the other."""

from civicshift.plans.api.serializers import RiskSerializer
from civicshift.plans.forms import RiskForm
from civicshift.plans.models import RISK_FIELDS, Risk

# Fields a person does not type into the register: the row's bookkeeping, where it belongs
# (the URL says the initiative on the web), its status (set by actions on the API) and the
# library entry it started from.
NOT_TYPED = {"id", "organization", "initiative", "status", "library_id", "version"}


def test_every_field_a_person_fills_in_is_listed_once():
    typed = {
        f.name
        for f in Risk._meta.get_fields()
        if f.concrete and f.editable and not f.auto_created and f.name not in NOT_TYPED
    } | {f.name for f in Risk._meta.many_to_many}
    assert set(RISK_FIELDS) == typed
    assert len(RISK_FIELDS) == len(set(RISK_FIELDS))


def test_the_form_and_the_api_both_use_the_list():
    assert list(RiskForm._meta.fields) == [*RISK_FIELDS, "status"]
    api_fields = RiskSerializer.Meta.fields
    assert [f for f in api_fields if f in RISK_FIELDS] == list(RISK_FIELDS)
    assert set(api_fields) - set(RISK_FIELDS) == {
        "id",
        "initiative",
        "score",
        "status",
        "library_id",
        "created_at",
        "updated_at",
    }
