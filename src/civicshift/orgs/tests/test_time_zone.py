"""Each organization has a time zone: its pages and history show dates and times in it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.orgs import services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def test_a_new_organization_takes_the_installation_time_zone(settings):
    settings.TIME_ZONE = "America/Chicago"
    assert make_org().time_zone == "America/Chicago"


def test_the_settings_form_offers_iana_zones_and_refuses_others(client):
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    client.force_login(admin)
    url = reverse("orgs:settings", args=[org.slug])
    page = client.get(url).content.decode()
    assert '<option value="Pacific/Honolulu">Pacific/Honolulu</option>' in page
    assert '<option value="America/Los_Angeles">America/Los Angeles</option>' in page
    data = {
        "name": org.name,
        "kind": "city",
        "fiscal_year_start_month": "7",
        "currency": "USD",
        "discount_rate": "0.03",
    }
    assert client.post(url, {**data, "time_zone": "Mars/Olympus_Mons"}).status_code == 200
    assert client.post(url, {**data, "time_zone": "Pacific/Honolulu"}).status_code == 302
    org.refresh_from_db()
    assert org.time_zone == "Pacific/Honolulu"
    with pytest.raises(ValidationError):
        services.organization_update(actor=admin, organization=org, time_zone="Nowhere/Else")


def test_history_shows_times_in_the_organization_zone_and_does_not_leak(client, settings):
    settings.TIME_ZONE = "UTC"
    honolulu = make_org("aloha", time_zone="Pacific/Honolulu")  # UTC-10, no daylight saving
    berlin = make_org("berlin", time_zone="Europe/Berlin")
    for org in (honolulu, berlin):
        editor = make_member(org, Role.EDITOR)
        services.department_create(actor=editor, organization=org, name="Clerk")
    moment = AuditEvent.objects.for_org(honolulu).get().created_at
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=-10)))
    expected = local.strftime("%B %-d, %Y, %-I:%M\u202f%p")
    client.force_login(make_member(honolulu, Role.VIEWER))
    page = client.get(reverse("audit:org_history", args=["aloha"])).content.decode()
    assert expected in page
    assert timezone.get_current_timezone_name() == "UTC"  # reset after the request
