"""``orgs.prepared.PreparedQuery``: the same instances as the queryset it is built from.

The reference is Django's own evaluation of that queryset (``list(build(**values))``): every
test compares the prepared query's instances, field by field and with their related objects,
with what the ORM returns for the same values, on SQLite and on PostgreSQL (the suite runs on
both)."""

from decimal import Decimal

import pytest
from django.db.models import Count

from civicshift.cases import services as case_services
from civicshift.cases.models import CaseLine
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.models import Membership
from civicshift.orgs.prepared import PreparedQuery
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.web import org_views

pytestmark = pytest.mark.django_db


def _membership_query():
    """Every organization page's first query (web.org_views), as it is used."""
    return org_views._MEMBERSHIP


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_memberships_equal_the_orm_for_every_user_and_organization(django_assert_num_queries):
    maple, birch = make_org("maple"), make_org("birch")
    alice = make_member(maple, Role.EDITOR, "alice@example.org")
    bob = make_member(birch, Role.VIEWER, "bob@example.org")
    Membership.objects.create(organization=birch, user=alice, role=Role.ADMIN)
    query = _membership_query()
    build = query._build
    for user in (alice, bob):
        for slug in ("maple", "birch", "nowhere"):
            expected = list(build(user_id=user.pk, slug=slug))
            with django_assert_num_queries(1):  # the related organization comes with it
                got = query(user_id=user.pk, slug=slug)
                related = [_fields(m.organization) for m in got]
            assert [_fields(m) for m in got] == [_fields(m) for m in expected]
            assert related == [_fields(m.organization) for m in expected]
    # Bob is no member of Maple Falls: nothing, as the ORM says.
    assert query(user_id=bob.pk, slug="maple") == []
    assert query(user_id=alice.pk, slug="birch")[0].role == Role.ADMIN


def test_a_value_is_a_parameter_never_sql():
    maple = make_org("maple")
    alice = make_member(maple, Role.EDITOR, "alice@example.org")
    query = _membership_query()
    assert query(user_id=alice.pk, slug="x' OR '1'='1") == []
    assert query(user_id=alice.pk, slug="maple")[0].organization == maple


def test_lines_with_decimals_dates_json_and_order_equal_the_orm():
    org = make_org("maple", discount_rate=Decimal("0.03"))
    other = make_org("birch")
    editor = make_member(org, Role.EDITOR, "editor@example.org")
    initiative = initiative_create(actor=editor, organization=org, title="Permits online")
    case = case_services.business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=5
    )
    option = case.options.get()
    for position, (low, likely, high) in enumerate([(8, 10, 15), (1.5, 2.25, 9.13)]):
        case_services.line_create(
            actor=editor,
            option=option,
            name=f"Line {position}",
            kind="cost",
            category="subscription",
            distribution="triangular",
            low=Decimal(str(low)),
            likely=Decimal(str(likely)),
            high=Decimal(str(high)),
            first_period=1,
            last_period=5,
            escalation=Decimal("0.025"),
        )
    case_services.line_create(
        actor=editor,
        option=option,
        name="Irregular",
        kind="benefit",
        category="cashable_savings",
        distribution="point",
        likely=Decimal("0"),
        first_period=1,
        last_period=3,
        per_year=["100", "250.5", "0"],
    )
    query = PreparedQuery(
        lambda org_id, option_id: CaseLine.objects.filter(
            organization_id=org_id, option_id=option_id
        ),
        org_id=int,
        option_id=int,
    )
    got = query(org_id=org.pk, option_id=option.pk)
    expected = list(CaseLine.objects.for_org(org).filter(option=option))
    assert len(got) == 3
    assert [_fields(line) for line in got] == [_fields(line) for line in expected]
    assert isinstance(got[1].low, Decimal) and got[1].low == Decimal("1.5")
    assert got[0].created_at.tzinfo is not None
    assert got[2].per_year_amounts() == expected[2].per_year_amounts()
    # Another organization's id finds nothing, though the option exists.
    assert query(org_id=other.pk, option_id=option.pk) == []


def test_deferred_fields_stay_deferred():
    maple = make_org("maple")
    alice = make_member(maple, Role.EDITOR, "alice@example.org")
    query = PreparedQuery(
        lambda user_id: Membership.objects.filter(user_id=user_id).only("id", "role"),
        user_id=int,
    )
    (membership,) = query(user_id=alice.pk)
    assert membership.get_deferred_fields() == {"organization_id", "user_id"} | (
        {f.attname for f in Membership._meta.concrete_fields} - {"id", "role"}
    )
    assert membership.role == Role.EDITOR


def test_querysets_it_cannot_reproduce_are_refused():
    annotated = PreparedQuery(
        lambda user_id: Membership.objects.filter(user_id=user_id).annotate(n=Count("id")),
        user_id=int,
    )
    with pytest.raises(ValueError, match="plain model querysets"):
        annotated(user_id=1)
    values = PreparedQuery(
        lambda user_id: Membership.objects.filter(user_id=user_id).values("id"), user_id=int
    )
    with pytest.raises(ValueError, match="plain model querysets"):
        values(user_id=1)
    unused = PreparedQuery(
        lambda user_id, slug: Membership.objects.filter(user_id=user_id), user_id=int, slug=str
    )
    with pytest.raises(ValueError, match="slug"):
        unused(user_id=1, slug="maple")
    with pytest.raises(TypeError, match="Expected the values"):
        _membership_query()(user_id=1)
    with pytest.raises(TypeError, match="int or a str"):
        PreparedQuery(lambda day: Membership.objects.filter(pk=day), day=float)(day=1.0)
