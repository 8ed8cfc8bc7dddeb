"""TOTP two-factor sign-in helpers (django-otp)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (made once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URL as an inline SVG QR code (no script, allowed by our CSP)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def verify(device: TOTPDevice, token: str) -> bool:
    """Check a code; django-otp throttles repeated failures on the device itself."""
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        return False
    return device.verify_token(token)


def session_meets_two_factor(user) -> bool:
    """A signed-in session is trusted for sensitive actions (API tokens, turning two-factor
    off, site administration) when the user has no authenticator, or entered its code in this
    session. A session opened before the authenticator was set up is not trusted."""
    return bool(user.is_authenticated) and (user.is_verified() or confirmed_device(user) is None)


def require_verified_session(view):
    """Decorator: send a session that does not meet ``session_meets_two_factor`` to enter a
    code first, then back."""
    from functools import wraps

    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not session_meets_two_factor(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
