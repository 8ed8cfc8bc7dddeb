import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs import services
from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db


def test_site_admin_creates_an_organization_and_becomes_its_admin(client):
    staff = make_user("staff@example.org", is_staff=True)
    client.force_login(staff)
    response = client.post(
        reverse("web:org_create"),
        {
            "name": "Town of Birch",
            "slug": "birch",
            "kind": "town",
            "population": "8200",
            "fiscal_year_start_month": "1",
            "currency": "USD",
            "discount_rate": "0.03",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(slug="birch")
    assert Membership.objects.get(organization=org).role == Role.ADMIN
    assert AuditEvent.objects.for_org(org).filter(action="create").count() == 2


def test_duplicate_slug_is_refused_clearly(client):
    make_org("birch")
    staff = make_user("staff@example.org", is_staff=True)
    client.force_login(staff)
    response = client.post(
        reverse("web:org_create"),
        {
            "name": "Other Birch",
            "slug": "birch",
            "kind": "town",
            "fiscal_year_start_month": "1",
            "currency": "USD",
            "discount_rate": "0.03",
        },
    )
    assert response.status_code == 200
    assert "already exists; choose another" in response.content.decode()
    assert Organization.objects.filter(slug="birch").count() == 1


def test_only_site_admins_create_organizations(client):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=make_user(), slug="x", name="X")
    client.force_login(make_user())
    assert client.get(reverse("web:org_create")).status_code == 403


@pytest.mark.parametrize("slug", ["Has Spaces", "-leading", "UPPER", ""])
def test_bad_slugs_are_refused(slug):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=None, slug=slug, name="X")
    assert "slug" in exc.value.message_dict


def test_the_last_admin_cannot_be_demoted_or_removed():
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_change_role(actor=admin, membership=membership, role=Role.VIEWER)
    with pytest.raises(ValidationError, match="last administrator"):
        services.membership_remove(actor=admin, membership=membership)


def test_role_change_is_audited_old_to_new():
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    viewer = make_member(org, Role.VIEWER)
    membership = Membership.objects.get(user=viewer)
    services.membership_change_role(actor=admin, membership=membership, role=Role.EDITOR)
    event = AuditEvent.objects.filter(action="update").latest("id")
    assert event.changes == {"role": ["viewer", "editor"]}
    assert event.actor == admin


def test_one_user_in_several_organizations_switches_between_them(client):
    a, b = make_org("alpha"), make_org("beta")
    user = make_member(a, Role.VIEWER)
    services.membership_create(actor=None, organization=b, user=user, role=Role.EDITOR)
    client.force_login(user)
    home = client.get(reverse("web:home")).content.decode()
    assert "Alpha" in home and "Beta" in home
    page = client.get(reverse("orgs:dashboard", args=["beta"])).content.decode()
    assert 'href="/o/alpha/"' in page  # the header's organization switcher


def test_settings_form_keeps_typed_values_on_error(client):
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("orgs:settings", args=[org.slug]),
        {
            "name": "Renamed",
            "kind": "town",
            "fiscal_year_start_month": "13",
            "currency": "usd",
            "discount_rate": "0.03",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Renamed"' in html
    assert "Use a three-letter ISO 4217 code" in html
    org.refresh_from_db()
    assert org.name != "Renamed"


def test_role_change_with_htmx_returns_only_the_updated_row(client):
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    viewer = make_member(org, Role.VIEWER, "clerk@example.org")
    membership = Membership.objects.get(user=viewer)
    client.force_login(admin)
    url = reverse("orgs:member_role", args=[org.slug, membership.pk])
    response = client.post(url, {"role": "editor"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="member-{membership.pk}">')
    assert '<option value="editor" selected>' in html
    assert "changed to Editor" in html
    # the last administrator cannot demote themselves: the row says why, in place
    own = Membership.objects.get(user=admin)
    url = reverse("orgs:member_role", args=[org.slug, own.pk])
    html = client.post(url, {"role": "viewer"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in html and "at least one administrator" in html
    assert '<option value="admin" selected>' in html


def test_removing_a_member_asks_first_and_works_without_javascript(client):
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    clerk = make_member(org, Role.VIEWER, "clerk@example.org")
    clerk.first_name, clerk.last_name = "Ana", "Clerk"
    clerk.save()
    membership = Membership.objects.get(user=clerk)
    client.force_login(admin)
    members = client.get(reverse("orgs:member_list", args=[org.slug])).content.decode()
    url = reverse("orgs:member_remove", args=[org.slug, membership.pk])
    assert f'<a href="{url}">Remove' in members  # a link to a question, not a button that acts
    question = client.get(url)
    assert question.status_code == 200
    page = question.content.decode()
    assert f"Remove Ana Clerk from {org.name}?" in page
    assert '<form method="post">' in page and "Cancel" in page
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
