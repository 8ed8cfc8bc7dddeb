"""Pages of issue 6's sign-in hardening pass axe-core: the password-reset page when a network
has asked too often, and the API tokens page marking a token made without two-factor sign-in."""

from __future__ import annotations

from .axe import axe_violations, sign_in


def test_reset_throttled_and_token_pages(
    live_server, page_factory, axe_source, settings, transactional_db
):
    from civicshift.testing.factories import PASSWORD, make_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 0  # the first request from here is one too many
    failures: list[str] = []

    page = page_factory()
    page.goto(f"{live_server.url}/accounts/password-reset/")
    page.fill("#id_email", "someone@maplefalls.example")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "Too many password reset requests" in page.content()
    failures += [f"reset throttled: {p}" for p in axe_violations(page, axe_source)]

    make_user("tokens@maplefalls.example")
    page = page_factory()
    sign_in(page, live_server.url, "tokens@maplefalls.example", PASSWORD)
    page.goto(f"{live_server.url}/api/tokens/")
    page.fill("#id_name", "Budget spreadsheet")
    page.click("button[type=submit]:has-text('Create')")
    page.goto(f"{live_server.url}/api/tokens/")
    assert "Made without two-factor sign-in" in page.content()
    failures += [f"token list: {p}" for p in axe_violations(page, axe_source)]
    assert not failures, "\n".join(failures)
