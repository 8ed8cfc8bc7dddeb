"""Django's database sessions, read by a query compiled once (``orgs.prepared``).

Every signed-in request reads its session first; Django compiles that query anew each time,
which cost more than running it. The row and the rules are Django's: the session is the row
of that key, and only while it has not expired (checked here instead of in the SQL, so the
query's one parameter is the key)."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from civicshift.orgs.prepared import PreparedQuery

_SESSION = PreparedQuery(lambda key: Session.objects.filter(session_key=key), key=str)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        found = _SESSION(key=self.session_key) if isinstance(self.session_key, str) else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
