"""The session store and the user lookup behind every request (accounts/sessions.py,
backends.EmailOrUsernameBackend.get_user) keep Django's rules: the reference is Django's own
``db.SessionStore`` and ``ModelBackend`` on the same rows."""

from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from civicshift.accounts.backends import EmailOrUsernameBackend
from civicshift.accounts.sessions import SessionStore
from civicshift.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_live_session_loads_as_django_loads_it():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == DjangoSessionStore(store.session_key).load()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_or_unknown_session_is_empty_as_in_django():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    ours, django = SessionStore(store.session_key), DjangoSessionStore(store.session_key)
    assert ours.load() == django.load() == {}
    assert ours.session_key is None and django.session_key is None
    assert SessionStore("no-such-key-" + "x" * 20).load() == {}


def test_the_user_lookup_refuses_what_modelbackend_refuses():
    active = make_user("active@example.org")
    inactive = make_user("inactive@example.org", is_active=False)
    ours, django = EmailOrUsernameBackend(), ModelBackend()
    assert ours.get_user(active.pk) == django.get_user(active.pk) == active
    assert ours.get_user(inactive.pk) is None and django.get_user(inactive.pk) is None
    assert ours.get_user(10**9) is None and django.get_user(10**9) is None
