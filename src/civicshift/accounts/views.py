"""Sign in (with optional TOTP second step), sign out, password reset, two-factor set-up,
and accepting an invitation."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicshift.orgs import services as org_services
from civicshift.orgs.models import Membership

from . import two_factor
from .forms import NewPasswordForm, ResetRequestForm, SignInForm, SignUpForm, TokenForm
from .throttle import password_reset_attempt
from .two_factor import require_verified_session

PENDING_USER = "civicshift_pending_user"
PENDING_BACKEND = "civicshift_pending_backend"
PENDING_NEXT = "civicshift_pending_next"
PENDING_SINCE = "civicshift_pending_since"
#: How long the password step stays valid while the user finds their phone.
PENDING_SECONDS = 300
PENDING_KEYS = (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_SINCE)


def _forget_pending(session) -> None:
    for key in PENDING_KEYS:
        session.pop(key, None)


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user):
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_BACKEND] = user.backend
            self.request.session[PENDING_NEXT] = self.get_success_url()
            self.request.session[PENDING_SINCE] = time.time()
            return redirect("accounts:login_verify")
        return super().form_valid(form)


def login_verify(request):
    """Second step of sign-in for users with an authenticator app."""
    user_id = request.session.get(PENDING_USER)
    fresh = time.time() - request.session.get(PENDING_SINCE, 0) < PENDING_SECONDS
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not fresh:
        _forget_pending(request.session)
        if user is not None:
            messages.info(request, _("That took too long; please sign in again."))
        return redirect("accounts:login")
    device = two_factor.confirmed_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device and two_factor.verify(device, form.cleaned_data["token"]):
            next_url = request.session.get(PENDING_NEXT) or "/"
            backend = request.session[PENDING_BACKEND]
            login(request, user, backend=backend)
            _forget_pending(request.session)
            otp_login(request, device)
            return redirect(next_url)
        form.add_error(
            "token",
            _(
                "That code is not right, or it has expired. Codes change "
                "every 30 seconds; try the current one."
            ),
        )
    return render(request, "accounts/login_verify.html", {"form": form})


class SignOutView(auth_views.LogoutView):
    pass


class ResetView(auth_views.PasswordResetView):
    """Password reset, throttled per network address and per account (``accounts.throttle``)."""

    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        decision = password_reset_attempt(self.request, form.cleaned_data["email"])
        if decision.address_limited:
            return render(self.request, "accounts/password_reset_throttled.html", status=429)
        if not decision.send:
            # The same answer as when the e-mail goes: it must not tell whether the account
            # exists. The person has already had links this hour.
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def security(request):
    device = two_factor.confirmed_device(request.user)
    required_by = [
        m.organization
        for m in Membership.objects.filter(
            user=request.user, organization__require_two_factor=True
        ).select_related("organization")
    ]
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "required_by": required_by,
            "verified": request.user.is_verified(),
        },
    )


@login_required
def two_factor_setup(request):
    """Set up an authenticator app, or confirm this session with the existing one."""
    next_url = _safe_next(request, reverse("accounts:security"))
    device = two_factor.confirmed_device(request.user)
    setting_up = device is None
    if setting_up:
        device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(device, form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
                messages.success(
                    request,
                    _(
                        "Two-factor sign-in is on. From now on you will be "
                        "asked for a code when you sign in."
                    ),
                )
            otp_login(request, device)
            return redirect(next_url)
        form.add_error(
            "token",
            _(
                "That code is not right, or it has expired. Check that the "
                "phone's clock is correct and try the current code."
            ),
        )
    context = {"form": form, "setting_up": setting_up, "next": next_url}
    if setting_up:
        context["qr_svg"] = mark_safe(two_factor.qr_svg(device))  # noqa: S308 - our own SVG
        context["secret"] = two_factor.secret_base32(device)
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_verified_session
@require_POST
def two_factor_disable(request):
    if Membership.objects.filter(user=request.user, organization__require_two_factor=True).exists():
        messages.error(
            request,
            _(
                "An organization you belong to requires two-factor sign-in, "
                "so it cannot be turned off."
            ),
        )
        return redirect("accounts:security")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:security")


def invitation(request, token: str):
    """Accept an invitation: signed in with the invited address, or by creating an account."""
    invitation = org_services.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    User = get_user_model()
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                org_services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("accounts:invitation", token=token)
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
            return redirect("orgs:dashboard", org_slug=invitation.organization.slug)
    elif not account_exists:
        form = SignUpForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                user = org_services.user_create_for_invitation(
                    email=invitation.email,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                org_services.invitation_accept(invitation=invitation, user=user)
            login(request, user, backend="civicshift.accounts.backends.EmailOrUsernameBackend")
            messages.success(
                request,
                _("Your account is ready. Welcome to %(org)s.") % {"org": invitation.organization},
            )
            return redirect("orgs:dashboard", org_slug=invitation.organization.slug)
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "account_exists": account_exists,
        },
    )
