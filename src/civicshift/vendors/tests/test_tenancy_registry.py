"""The vendor registry's pages, registered with the generic tenancy harness: viewers (and
evaluators) read, editors write."""

from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness
from civicshift.vendors.forms_registry import PerformanceForm, ProductForm
from civicshift.vendors.models import (
    Certification,
    CooperativeContract,
    PerformanceRecord,
    Vendor,
    VendorContact,
    VendorProduct,
    VendorReference,
)

from . import factories
from .factories import ITEM_DEFAULTS

EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731

VENDOR_DATA = lambda org, obj: {  # noqa: E731
    "name": "Contoso Civic Systems",
    "tax_id": "98-7654321",
    "version": getattr(obj, "version", ""),
}


class TestVendors(TenancyHarness):
    model = Vendor
    endpoints = [
        Endpoint("vendors:vendor_list", object_in_url=False),
        Endpoint("vendors:vendor_create", role=EDITOR, object_in_url=False),
        Endpoint("vendors:vendor_create", "POST", EDITOR, object_in_url=False, data=VENDOR_DATA),
        Endpoint("vendors:vendor_detail", kwargs=pk),
        Endpoint("vendors:vendor_edit", role=EDITOR, kwargs=pk),
        Endpoint("vendors:vendor_edit", "POST", EDITOR, kwargs=pk, data=VENDOR_DATA),
        Endpoint("vendors:vendor_delete", role=EDITOR, kwargs=pk),
        Endpoint("vendors:vendor_delete", "POST", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_vendor(organization, user)


def _item_harness(kind, item_model, data, form=None):
    item_kwargs = lambda obj: {"pk": obj.vendor_id, "kind": kind, "item": obj.pk}  # noqa: E731
    add_kwargs = lambda obj: {"pk": obj.vendor_id, "kind": kind}  # noqa: E731

    class Harness(TenancyHarness):
        model = item_model
        endpoints = [
            Endpoint("vendors:item_create", role=EDITOR, kwargs=add_kwargs),
            Endpoint(
                "vendors:item_create", "POST", EDITOR, kwargs=add_kwargs, data=data, form=form
            ),
            Endpoint("vendors:item_delete", role=EDITOR, kwargs=item_kwargs),
            Endpoint("vendors:item_delete", "POST", EDITOR, kwargs=item_kwargs),
        ]

        def make_object(self, organization, user):
            return factories.make_item(organization, user, kind)

    return Harness


def _form_data(kind):
    return lambda org, obj: {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in ITEM_DEFAULTS[kind].items()
    }


TestContacts = _item_harness("contact", VendorContact, _form_data("contact"))
TestProducts = _item_harness("product", VendorProduct, _form_data("product"), ProductForm)
TestContracts = _item_harness("contract", CooperativeContract, _form_data("contract"))
TestCertifications = _item_harness("certification", Certification, _form_data("certification"))
TestReferences = _item_harness("reference", VendorReference, _form_data("reference"))
TestPerformance = _item_harness(
    "performance", PerformanceRecord, _form_data("performance"), PerformanceForm
)
