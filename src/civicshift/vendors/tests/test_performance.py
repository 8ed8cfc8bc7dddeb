"""A vendor's performance history: contracts the organization managed with it, rated on four
aspects, summed up on the vendor's page; refusals name the field; every record is audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.vendors import selectors_registry as selectors
from civicshift.vendors.models import PerformanceRecord

from .factories import make_evaluation, make_item, make_proposal, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    org = make_org()
    return {
        "org": org,
        "editor": make_member(org, Role.EDITOR),
        "viewer": make_member(org, Role.VIEWER),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_history_averages_each_aspect_over_the_periods_that_rated_it(town):
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(org, editor)
    make_item(
        org, editor, "performance", vendor=vendor, on_time=4, quality=5, value=Decimal("1000")
    )
    make_item(org, editor, "performance", vendor=vendor, on_time=2, quality=None, hire_again="no")
    make_item(org, editor, "performance", vendor=vendor, on_time=None, value=Decimal("250.50"))
    history = selectors.performance_history(vendor)
    aspects = {str(a["label"]): a for a in history["aspects"]}
    # By hand: on time rated 4 and 2 in two periods (the third left it empty): (4 + 2) / 2 = 3.0.
    assert aspects["on time"]["mean"] == 3.0 and aspects["on time"]["count"] == 2
    # Quality rated once (5); on budget never: no mean rather than a 0.
    assert aspects["quality"]["mean"] == 5.0 and aspects["quality"]["count"] == 1
    assert aspects["on budget"]["mean"] is None and aspects["on budget"]["count"] == 0
    assert history["paid"] == Decimal("1250.50")
    assert history["hire_again"] == {"No": 1}


def test_an_editor_records_a_contract_from_the_vendor_page_and_it_is_audited(town):
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(org, editor)
    evaluation = make_evaluation(org, editor)
    make_proposal(org, editor, evaluation=evaluation, vendor=vendor)
    client = client_for(editor)
    url = reverse("vendors:item_create", args=[org.slug, vendor.pk, "performance"])
    response = client.post(
        url,
        {
            "contract": "ERP implementation, contract 2024-117",
            "evaluation": evaluation.pk,
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
            "value": "450000",
            "on_time": "3",
            "on_budget": "4",
            "quality": "4",
            "responsiveness": "5",
            "hire_again": "with_changes",
            "comments": "Payroll went live two months late.",
        },
    )
    assert response.status_code == 302
    record = PerformanceRecord.objects.get(vendor=vendor)
    assert record.evaluation == evaluation and record.responsiveness == 5
    assert AuditEvent.objects.filter(
        organization=org, object_pk=str(record.pk), action="create"
    ).exists()
    page = client.get(reverse("vendors:vendor_detail", args=[org.slug, vendor.pk]))
    text = page.content.decode()
    assert "Performance history" in text and "ERP implementation, contract 2024-117" in text
    assert "Yes, with changes to the contract" in text


def test_bad_records_are_refused_naming_the_field_and_nothing_is_saved(town):
    org, editor = town["org"], town["editor"]
    vendor = make_vendor(org, editor)
    other_vendor = make_vendor(org, editor)
    evaluation = make_evaluation(org, editor)
    make_proposal(org, editor, evaluation=evaluation, vendor=other_vendor)
    url = reverse("vendors:item_create", args=[org.slug, vendor.pk, "performance"])
    client = client_for(editor)
    base = {"contract": "Support", "period_start": "2024-01-01"}
    for extra, field in (
        ({"on_time": "6"}, "on_time"),
        ({"quality": "0"}, "quality"),
        ({"period_end": "2023-12-31"}, "period_end"),
        ({"value": "-5"}, "value"),
        # An evaluation the vendor sent no proposal to is not offered.
        ({"evaluation": evaluation.pk}, "evaluation"),
    ):
        response = client.post(url, {**base, **extra})
        assert response.status_code == 200, extra
        assert field in response.context["form"].errors, extra
    assert not PerformanceRecord.objects.exists()
    # The service path refuses it too (the model's validation, e.g. for the API).
    with pytest.raises(ValidationError) as excinfo:
        make_item(org, editor, "performance", vendor=vendor, evaluation=evaluation)
    assert "evaluation" in excinfo.value.message_dict


def test_viewers_read_the_history_but_cannot_add_to_it(town):
    org, editor, viewer = town["org"], town["editor"], town["viewer"]
    vendor = make_vendor(org, editor)
    make_item(org, editor, "performance", vendor=vendor, period_start=date(2023, 1, 1))
    client = client_for(viewer)
    page = client.get(reverse("vendors:vendor_detail", args=[org.slug, vendor.pk]))
    assert page.status_code == 200 and b"Utility billing support" in page.content
    add = reverse("vendors:item_create", args=[org.slug, vendor.pk, "performance"])
    assert client.post(add, {"contract": "x", "period_start": "2024-01-01"}).status_code == 403
    assert PerformanceRecord.objects.count() == 1
