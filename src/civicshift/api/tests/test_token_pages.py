"""The 'API tokens' web page: list, create (key shown once), revoke."""

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.api.models import ApiToken, hash_key
from civicshift.api.services import api_token_create
from civicshift.testing.factories import make_user

pytestmark = pytest.mark.django_db
TOKENS = reverse("api:tokens")


@pytest.fixture
def user():
    return make_user()


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_sign_in():
    response = Client().get(TOKENS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_lists_only_my_tokens(client, user):
    api_token_create(actor=user, name="Budget sync")
    api_token_create(actor=make_user(), name="Someone else's")
    response = client.get(TOKENS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget sync" in html
    assert "Someone else" not in html
    assert '<label class="usa-label" for="id_name">' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_creating_a_token_shows_the_key_once(client, user):
    response = client.post(TOKENS, {"name": "Power BI report"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    html = response.content.decode()
    start = html.index('id="new-api-key"')
    key = html[start:].split('value="', 1)[1].split('"', 1)[0]
    assert hash_key(key) == token.key_hash
    assert "only time" in html
    assert "no-store" in response["Cache-Control"]
    # Never again: the list shows the prefix only.
    html = client.get(TOKENS).content.decode()
    assert key not in html
    assert token.prefix in html


def test_a_blank_name_is_refused_with_a_message_on_the_field(client, user):
    response = client.post(TOKENS, {"name": "  "})
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=user).exists()
    assert "usa-form-group--error" in response.content.decode()


def test_revoking_a_token(client, user):
    token, _key = api_token_create(actor=user, name="old laptop")
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert not token.is_active
    assert "Revoked on" in client.get(TOKENS).content.decode()


def test_revoking_is_post_only(client, user):
    token, _key = api_token_create(actor=user, name="old laptop")
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.is_active


def test_someone_elses_token_is_not_found(client):
    token, _key = api_token_create(actor=make_user(), name="theirs")
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_dates_on_the_page_are_formatted_as_the_history_formats_them(client, user):
    import datetime as dt

    from django.conf import settings

    from civicshift.audit.presentation import formatting as history_formatting

    token, _key = api_token_create(actor=user, name="Budget sync")
    moment = dt.datetime(2026, 3, 3, 14, 5, tzinfo=dt.UTC)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=moment, last_used_at=moment, revoked_at=moment
    )
    html = client.get(TOKENS).content.decode()
    # By hand from CLDR's en patterns ("MMMM d, y" and "h:mm a"), in the site's time zone.
    assert "Revoked on March 3, 2026" in html
    shown = history_formatting.datetime(moment, settings.TIME_ZONE, locale="en")
    assert shown.startswith("March 3, 2026")
    assert html.count(shown) == 2  # created and last used
