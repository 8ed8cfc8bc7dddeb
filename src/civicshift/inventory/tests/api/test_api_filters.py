"""Filters of the interfaces list: ``?system=``, ``?source=``, ``?target=``, ``?direction=``,
``?method=``."""

import pytest
from django.urls import reverse

from civicshift.orgs.roles import Role

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(users):
    return users[Role.EDITOR]


@pytest.fixture
def interfaces(org, editor):
    gis, billing, erp = (factories.make_system(org, editor, name=n) for n in ("GIS", "UB", "ERP"))
    return {
        "gis-ub": factories.make_integration(
            org, editor, source=gis, target=billing, method="api", direction="two_way"
        ),
        "ub-erp": factories.make_integration(
            org, editor, source=billing, target=erp, method="file_transfer"
        ),
        "erp-gis": factories.make_integration(
            org, editor, source=erp, target=gis, method="manual_rekeying"
        ),
        "systems": (gis, billing, erp),
    }


def _listed(client, org, **params) -> set[int]:
    response = client.get(
        reverse("api:inventory-integration-list", kwargs={"org_slug": org.slug}), params
    )
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_system_filter_finds_interfaces_from_and_to_it(org, viewer_api, interfaces):
    _gis, billing, _erp = interfaces["systems"]
    assert _listed(viewer_api, org, system=billing.pk) == {
        interfaces["gis-ub"].pk,
        interfaces["ub-erp"].pk,
    }


def test_source_and_target_filters_find_one_end_each(org, viewer_api, interfaces):
    gis, billing, erp = interfaces["systems"]
    assert _listed(viewer_api, org, source=billing.pk) == {interfaces["ub-erp"].pk}
    assert _listed(viewer_api, org, target=billing.pk) == {interfaces["gis-ub"].pk}
    assert _listed(viewer_api, org, source=gis.pk, target=billing.pk) == {interfaces["gis-ub"].pk}
    assert _listed(viewer_api, org, source=billing.pk, target=gis.pk) == set()
    assert _listed(viewer_api, org, system=erp.pk, source=erp.pk) == {interfaces["erp-gis"].pk}


def test_direction_and_method_filters_combine(org, viewer_api, interfaces):
    gis, _billing, _erp = interfaces["systems"]
    assert _listed(viewer_api, org, direction="two_way") == {interfaces["gis-ub"].pk}
    assert _listed(viewer_api, org, method="manual_rekeying") == {interfaces["erp-gis"].pk}
    assert _listed(viewer_api, org, system=gis.pk, method="api") == {interfaces["gis-ub"].pk}
    assert _listed(viewer_api, org, system=gis.pk, direction="two_way", method="file_transfer") == (
        set()
    )
    assert len(_listed(viewer_api, org)) == 3


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("method", "fax"),
        ("direction", "sideways"),
        ("system", "abc"),
        ("source", "abc"),
        ("target", "0"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_it(org, viewer_api, interfaces, param, value):
    response = viewer_api.get(
        reverse("api:inventory-integration-list", kwargs={"org_slug": org.slug}), {param: value}
    )
    assert response.status_code == 400
    assert param in response.json()


def test_another_organizations_system_id_finds_nothing(org, viewer_api, interfaces):
    from civicshift.testing.factories import make_member, make_org

    other = make_org("elsewhere")
    stranger = make_member(other, Role.EDITOR)
    theirs = factories.make_integration(other, stranger)
    assert _listed(viewer_api, org, system=theirs.source_id) == set()
    assert _listed(viewer_api, org, source=theirs.source_id) == set()
    assert _listed(viewer_api, org, target=theirs.target_id) == set()
