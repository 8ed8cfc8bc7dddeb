from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.validators import single_line
from civicshift.web.forms import Form, UswdsFormMixin


class SignInForm(UswdsFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail or username")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class ResetRequestForm(UswdsFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(UswdsFormMixin, SetPasswordForm):
    pass


class TokenForm(Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=8,
        min_length=6,
        help_text=_(
            "Open your authenticator app (for example Microsoft Authenticator, Google "
            "Authenticator or FreeOTP) and type the code it shows for CivicShift."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "")


class SignUpForm(Form):
    # Names appear in the invitations this person sends: one line each, like every text that
    # can reach an e-mail.
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[single_line])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[single_line])
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few unrelated words make a strong password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
