from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with the e-mail address (what people remember) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        user = (
            User.objects.filter(email__iexact=username.strip()).order_by("id").first()
            or User.objects.filter(username=username.strip()).first()
        )
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def throttle_username(request, credentials) -> str:
    """The username django-axes counts failures for: trimmed and lower-cased, as sign-in
    matches e-mail addresses without regard to case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
