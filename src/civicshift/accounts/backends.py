from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from civicshift.orgs.prepared import PreparedQuery

from .throttle import account_for_identifier


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with the e-mail address (what people remember) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = account_for_identifier(username)
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in user of every request, by a query compiled once (``orgs.prepared``):
        the same row and the same refusal of inactive users as ``ModelBackend.get_user``."""
        if not isinstance(user_id, int):
            return super().get_user(user_id)
        found = _USER_BY_PK(pk=user_id)
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]


_USER_BY_PK = PreparedQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk), pk=int)
