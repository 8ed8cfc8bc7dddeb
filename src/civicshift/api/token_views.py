"""The 'API tokens' page: list your tokens, create one (its key is shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from civicshift.accounts.two_factor import require_verified_session
from civicshift.web.forms import add_service_errors

from .forms import ApiTokenCreateForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


def _page(
    request: HttpRequest,
    form: ApiTokenCreateForm,
    new_key: str = "",
    new_token: ApiToken | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk"),
        "new_key": new_key,
        "new_token": new_token,
        "api_base": request.build_absolute_uri(reverse("api:orgs")),
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@login_required
@require_verified_session
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """GET lists the tokens. A valid POST creates one and answers with the page showing the key:
    the key is rendered in this one response only (never stored, never put in the session)."""
    if request.method != "POST":
        return _page(request, ApiTokenCreateForm())
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, key = api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _page(request, ApiTokenCreateForm(), new_key=key, new_token=token, status=200)
    return _page(request, form)


@login_required
@require_verified_session
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is "not found", like a token that does not exist.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        _("Revoked the token “%(name)s”. Programs that use it can no longer connect.")
        % {"name": token.name},
    )
    return redirect("api:tokens")
