"""The live previews stay cheap and stay guarded (issue #7, Speed: under 10 ms of server time per
keystroke). The time itself is measured by ``benchmarks/bench_live_preview.py``, never here; these
tests pin what makes it: the queries of one keystroke, and the checks every keystroke still
passes (sign-in, membership, role, CSRF token, the line being edited belonging to the option)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from civicshift.cases import services, views
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def _url(case, name, **extra):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **extra},
    )


def _line(**fields):
    data = {
        "name": "Paper and postage",
        "kind": "benefit",
        "category": "cashable_savings",
        "distribution": "point",
        "likely": "40000",
        "first_period": "1",
        "last_period": "10",
        "escalation": "0",
        "ramp": "",
    }
    data.update(fields)
    return data


def _tables(queries) -> list[str]:
    """The table each query reads first (after FROM), in order."""
    return [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries]


#: One keystroke of the line preview, query by query. The first two are Django's own for any
#: signed-in request with database sessions (SessionMiddleware loads the session,
#: AuthenticationMiddleware the user: docs.djangoproject.com/en/5.2/topics/http/sessions/ and
#: /topics/auth/default/#how-to-log-a-user-in); then the membership joined to the organization of
#: the URL (web.org_views.resolve_organization), the option joined to its case and the case's
#: initiative, and the option's lines. The line being edited is one of those lines: no query.
LINE_PREVIEW_TABLES = [
    "django_session",
    "auth_user",
    "orgs_membership",
    "cases_option",
    "cases_caseline",
]


@pytest.mark.parametrize("editing", [False, True])
def test_a_line_preview_keystroke_makes_five_queries(
    client, case, editor, editing, django_assert_num_queries
):
    client.force_login(editor)
    option = case.options.get()
    data = _line()
    if editing:
        data["line_pk"] = str(option.lines.get(name="Subscription").pk)
    url = _url(case, "line_preview", option=option.pk)
    with django_assert_num_queries(len(LINE_PREVIEW_TABLES)):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Figures with your changes (not saved yet)" in response.content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.post(url, data, HTTP_HX_REQUEST="true")
    assert _tables(captured.captured_queries) == LINE_PREVIEW_TABLES


#: The settings preview: session, user, membership with organization, the case (with its
#: initiative and recommended option), then the case's options and their lines for the yearly
#: increase warnings (cases.terms.terms_panel, one prefetch).
SETTINGS_PREVIEW_TABLES = [
    "django_session",
    "auth_user",
    "orgs_membership",
    "cases_businesscase",
    "cases_option",
    "cases_caseline",
]


def test_a_settings_preview_keystroke_makes_six_queries(client, case, editor):
    client.force_login(editor)
    url = _url(case, "settings_preview")
    data = {"discount_rate": "0.04", "inflation": "0.02", "basis": "real"}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="terms-fisher"' in response.content.decode()
    assert _tables(captured.captured_queries) == SETTINGS_PREVIEW_TABLES


def test_an_organization_page_resolves_its_organization_in_one_query(client, case, editor):
    """Every organization page: one query for the organization and the membership together."""
    client.force_login(editor)
    with CaptureQueriesContext(connection) as captured:
        client.get(_url(case, "runs"))
    tables = _tables(captured.captured_queries)
    assert tables[:3] == ["django_session", "auth_user", "orgs_membership"]
    assert "orgs_organization" not in tables[:3]


def test_the_preview_still_checks_the_csrf_token(case, editor):
    """A POST like any other: without the token the middleware refuses it (Django's CSRF
    protection answers 403: docs.djangoproject.com/en/5.2/ref/csrf/)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    option = case.options.get()
    url = _url(case, "line_preview", option=option.pk)
    assert browser.post(url, _line(), HTTP_HX_REQUEST="true").status_code == 403
    assert browser.get(_url(case, "option", option=option.pk)).status_code == 200
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, {**_line(), "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_the_preview_refuses_strangers_viewers_and_other_options_lines(client, case, editor):
    org = case.organization
    option = case.options.get()
    url = _url(case, "line_preview", option=option.pk)
    # Signed out: sent to sign in.
    response = client.post(url, _line(), HTTP_HX_REQUEST="true")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    # A member of another organization: 404, the organization's existence is not revealed.
    other = make_org("birch")
    stranger = make_member(other, Role.ADMIN, "stranger@example.org")
    client.force_login(stranger)
    assert client.post(url, _line(), HTTP_HX_REQUEST="true").status_code == 404
    # A viewer may read the option but not preview changes to it.
    viewer = make_member(org, Role.VIEWER, "viewer@example.org")
    client.force_login(viewer)
    assert client.post(url, _line(), HTTP_HX_REQUEST="true").status_code == 403
    # An editor, with the line of another option (another case of the same organization): 404.
    client.force_login(editor)
    initiative = initiative_create(actor=editor, organization=org, title="Second initiative")
    second = services.business_case_create(actor=editor, initiative=initiative)
    foreign = services.line_create(
        actor=editor,
        option=second.options.get(),
        name="Elsewhere",
        kind="cost",
        category="other",
        distribution="point",
        likely=Decimal("1000"),
        first_period=0,
        last_period=0,
    )
    response = client.post(url, _line(line_pk=str(foreign.pk)), HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    # The option under another initiative's URL: 404.
    wrong = reverse("cases:line_preview", args=[org.slug, second.initiative_id, option.pk])
    assert client.post(wrong, _line(), HTTP_HX_REQUEST="true").status_code == 404


def test_preview_cash_flow_rows_as_the_template_writes_them(client, case, editor):
    """The preview joins the cash-flow rows in Python (views.cash_flow_rows_html); the page is
    the same characters as cases/results.html's own loop writes, escaping included."""
    client.force_login(editor)
    option = case.options.get()
    response = client.post(
        _url(case, "line_preview", option=option.pk), _line(), HTTP_HX_REQUEST="true"
    )
    context = response.context
    flat = {}
    for layer in context.dicts:
        flat.update(layer)
    assert flat["rows_html"]
    assert len(flat["rows"]) == 11  # years 0 to 10
    by_loop = render_to_string("cases/results.html", {**flat, "rows_html": ""})
    assert by_loop == response.content.decode()
    hostile = [{"year": 2027, "cells": ["<b>&\"'", "$1,000"]}]
    expected = (
        '<tr><th scope="row">FY2027</th><td>&lt;b&gt;&amp;&quot;&#x27;</td><td>$1,000</td></tr>'
    )
    assert views.cash_flow_rows_html(hostile) == expected


#: The loop cases/results.html had before the spans were joined in Python: the reference.
LIVE_ERRORS_LOOP = (
    '{% for name, message in live_errors %}<span class="usa-error-message cs-live-error" '
    'id="live-error-{{ name }}" data-invalid="{% if message %}true{% else %}false{% endif %}" '
    'hx-swap-oob="outerHTML">{{ message }}</span>{% endfor %}'
)


def test_live_errors_html_as_a_template_loop_writes_it():
    from django.template import Context, Template

    errors = [
        ("name", ""),
        ("likely", "Enter a number."),
        ("high", "<script>alert('x')</script> & \"more\""),
        ("low", mark_safe("<em>already safe</em>")),
    ]
    by_loop = Template(LIVE_ERRORS_LOOP).render(Context({"live_errors": errors}))
    assert views.live_errors_html(errors) == by_loop
    assert "&lt;script&gt;" in by_loop and 'data-invalid="false"' in by_loop
