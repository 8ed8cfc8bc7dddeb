from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

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
