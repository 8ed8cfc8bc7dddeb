"""The vendor registry: duplicates by normalised name and by tax id (warned on create, listed),
dated papers flagged in plain words, roles, and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import selectors_registry as selectors
from civicshift.vendors import services_registry as services
from civicshift.vendors.expiry import SOON_DAYS, age_flag, end_flag, vendor_flags
from civicshift.vendors.models import Vendor, normalise_name, normalise_tax_id

from .factories import make_item, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    org = make_org()
    return {
        "org": org,
        "editor": make_member(org, Role.EDITOR),
        "viewer": make_member(org, Role.VIEWER),
        "evaluator": make_member(org, Role.EVALUATOR),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme, Inc.", "ACME"),
        ("Tyler Technologies, Inc.", "tyler technologies"),
        ("Smith & Sons LLC", "Smith and Sons"),
        ("Société Générale S.A.", "Societe Generale"),
    ],
)
def test_names_that_differ_only_in_form_and_case_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_companies_do_not_normalise_alike():
    assert normalise_name("Acme Software") != normalise_name("Acme Hardware")
    assert normalise_tax_id("12-3456789") == normalise_tax_id("12 3456789") == "123456789"


def test_likely_duplicates_by_name_and_by_tax_id_in_this_organization_only(town):
    org, editor = town["org"], town["editor"]
    acme = make_vendor(org, editor, name="Acme, Inc.", tax_id="11-1111111")
    other = make_vendor(org, editor, name="Globex Corporation", tax_id="22-2222222")
    elsewhere_org = make_org()
    make_vendor(elsewhere_org, make_member(elsewhere_org, Role.EDITOR), name="ACME LLC")

    assert selectors.likely_duplicates(org, name="ACME llc") == [acme]
    assert selectors.likely_duplicates(org, name="Initech", tax_id="222222222") == [other]
    assert selectors.likely_duplicates(org, name="Initech", tax_id="") == []
    assert selectors.likely_duplicates(org, name="Acme", exclude=acme) == []


def test_duplicate_groups_name_the_reason(town):
    org, editor = town["org"], town["editor"]
    make_vendor(org, editor, name="Acme, Inc.", tax_id="11-1111111")
    make_vendor(org, editor, name="ACME", tax_id="33-3333333")
    make_vendor(org, editor, name="Initech", tax_id="333333333")
    make_vendor(org, editor, name="Globex", tax_id="")
    groups = selectors.duplicate_groups(org)
    assert [(g["reason"], sorted(v["name"] for v in g["vendors"])) for g in groups] == [
        ("name", ["ACME", "Acme, Inc."]),
        ("tax_id", ["ACME", "Initech"]),
    ]


def test_creating_a_likely_duplicate_is_warned_then_allowed_when_confirmed(town):
    org, editor = town["org"], town["editor"]
    acme = make_vendor(org, editor, name="Acme, Inc.", tax_id="11-1111111")
    client = client_for(editor)
    url = reverse("vendors:vendor_create", args=[org.slug])
    response = client.post(url, {"name": "ACME LLC", "tax_id": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "may already be in the registry" in text
    assert reverse("vendors:vendor_detail", args=[org.slug, acme.pk]) in text
    assert Vendor.objects.for_org(org).count() == 1

    response = client.post(url, {"name": "ACME LLC", "tax_id": "", "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Vendor.objects.for_org(org).count() == 2
    # The list then shows both as likely duplicates.
    listing = client.get(reverse("vendors:vendor_list", args=[org.slug])).content.decode()
    assert "Likely duplicates" in listing


def test_a_new_name_is_created_without_a_warning(town):
    org, editor = town["org"], town["editor"]
    response = client_for(editor).post(
        reverse("vendors:vendor_create", args=[org.slug]), {"name": "Initech", "tax_id": "1"}
    )
    assert response.status_code == 302
    vendor = Vendor.objects.for_org(org).get()
    assert vendor.normalised_name == "initech"
    assert AuditEvent.objects.filter(object_pk=str(vendor.pk), action="create").exists()


def test_viewers_and_evaluators_read_but_cannot_write(town):
    org = town["org"]
    for role in ("viewer", "evaluator"):
        with pytest.raises(PermissionDenied):
            services.vendor_create(actor=town[role], organization=org, name="Initech")
        listing = client_for(town[role]).get(reverse("vendors:vendor_list", args=[org.slug]))
        assert listing.status_code == 200


def test_a_blank_name_is_refused_naming_the_field(town):
    with pytest.raises(ValidationError) as exc:
        services.vendor_create(actor=town["editor"], organization=town["org"], name="  ")
    assert "name" in exc.value.message_dict


def test_a_vendor_with_proposals_cannot_be_deleted(town):
    # Proposals arrive with the evaluation slice; here the rule is checked without them.
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(org, editor)
    services.vendor_delete(actor=editor, vendor=vendor)
    assert not Vendor.objects.for_org(org).exists()


def test_a_product_cannot_name_another_organizations_system(town):
    from civicshift.inventory.tests.factories import make_system

    org, editor = town["org"], town["editor"]
    other = make_org()
    foreign = make_system(other, make_member(other, Role.EDITOR))
    with pytest.raises(ValidationError) as exc:
        make_item(org, editor, "product", systems=[foreign])
    assert "systems" in exc.value.message_dict
    mine = make_system(org, editor)
    product = make_item(org, editor, "product", systems=[mine])
    assert list(product.systems.all()) == [mine]


TODAY = date(2026, 12, 7)


def test_end_dates_are_flagged_expired_or_coming_up_in_plain_words():
    assert end_flag("The contract", TODAY + timedelta(days=SOON_DAYS + 1), TODAY) is None
    soon = end_flag("The contract", TODAY + timedelta(days=30), TODAY)
    assert soon.level == "soon"
    assert soon.text == "The contract expires on Jan. 6, 2027, in 30 days."
    past = end_flag("The contract", TODAY - timedelta(days=1), TODAY)
    assert past.level == "expired"
    assert past.text == "The contract expired on Dec. 6, 2026."
    assert end_flag("The contract", None, TODAY) is None


def test_reports_older_than_a_year_are_flagged_stale():
    assert age_flag("The ACR", TODAY - timedelta(days=365), TODAY) is None
    stale = age_flag("The ACR", TODAY - timedelta(days=366), TODAY)
    assert stale.level == "stale"
    assert "ask for the latest one" in stale.text


def test_vendor_flags_cover_contracts_certifications_acr_and_insurance(town):
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(
        org,
        editor,
        acr_date=TODAY - timedelta(days=500),
        insurance_expires=TODAY + timedelta(days=10),
    )
    make_item(org, editor, "contract", vendor=vendor, expires=TODAY - timedelta(days=3))
    make_item(org, editor, "certification", vendor=vendor, period_end=TODAY - timedelta(days=400))
    flags = vendor_flags(
        vendor, TODAY, contracts=vendor.contracts.all(), certifications=vendor.certifications.all()
    )
    texts = [f.text for f in flags]
    assert [f.level for f in flags] == ["expired", "stale", "stale", "soon"]
    assert texts[0].startswith("Cooperative contract NASPO ValuePoint AR3015 expired on")
    assert texts[1].startswith("SOC 2 Type II report is dated")
    assert texts[2].startswith("The accessibility conformance report (ACR) is dated")
    assert texts[3].startswith("The certificate of insurance expires on")


def test_the_detail_page_shows_items_flags_and_an_editor_can_add_and_remove(town):
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(org, editor, name="Contoso")
    client = client_for(editor)
    add = reverse("vendors:item_create", args=[org.slug, vendor.pk, "contract"])
    response = client.post(add, {"program": "sourcewell", "number": "", "expires": ""})
    assert response.status_code == 200 and "number" in response.context["form"].errors
    response = client.post(add, {"program": "sourcewell", "number": "060920-CC", "expires": ""})
    assert response.status_code == 302
    contract = vendor.contracts.get()
    page = client.get(reverse("vendors:vendor_detail", args=[org.slug, vendor.pk]))
    assert "Sourcewell 060920-CC" in page.content.decode()
    remove = reverse("vendors:item_delete", args=[org.slug, vendor.pk, "contract", contract.pk])
    assert client.post(remove).status_code == 302
    assert not vendor.contracts.exists()
    assert (
        client.get(reverse("vendors:item_create", args=[org.slug, vendor.pk, "x"])).status_code
        == 404
    )
