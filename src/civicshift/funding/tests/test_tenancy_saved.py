"""Saved searches, registered with the generic tenancy harness: another organization's saved
search is 404 through either address (its digest too), a viewer reads and visits but cannot
save, change or delete, and every write is audited."""

from civicshift.funding.models import SavedSearch
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness, api_endpoint

from .saved_factories import make_saved_search

EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731

FORM = {
    "name": "Cyber plans",
    "purpose": "ransomware backups",
    "include": "",
    "exclude": "rural",
    "eligible_only": "on",
    "sort": "due",
}
EDIT = lambda org, obj: {**FORM, "version": obj.version}  # noqa: E731
API = {"name": "Cyber plans", "purpose": "backups", "purposes": ["cybersecurity"], "sort": "due"}


class TestSavedSearchTenancy(TenancyHarness):
    model = SavedSearch
    endpoints = [
        Endpoint("funding:saved_searches", object_in_url=False),
        Endpoint("funding:saved_search_create", role=EDITOR, object_in_url=False),
        Endpoint(
            "funding:saved_search_create",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: FORM,
        ),
        Endpoint("funding:saved_search_digest", kwargs=pk),
        Endpoint("funding:saved_search_edit", role=EDITOR, kwargs=pk),
        Endpoint("funding:saved_search_edit", "POST", EDITOR, kwargs=pk, data=EDIT),
        Endpoint("funding:saved_search_delete", role=EDITOR, kwargs=pk),
        Endpoint("funding:saved_search_delete", "POST", EDITOR, kwargs=pk),
        api_endpoint("api:funding-saved-search-list", object_in_url=False),
        api_endpoint(
            "api:funding-saved-search-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: API,
        ),
        api_endpoint("api:funding-saved-search-detail", kwargs=pk),
        api_endpoint(
            "api:funding-saved-search-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": "Renamed"},
        ),
        api_endpoint(
            "api:funding-saved-search-detail",
            "PUT",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {**API, "name": "Replaced"},
        ),
        api_endpoint("api:funding-saved-search-detail", "DELETE", EDITOR, kwargs=pk),
        api_endpoint("api:funding-saved-search-digest", kwargs=pk),
    ]

    def make_object(self, organization, user):
        return make_saved_search(organization, user)
