"""Production settings, error pages and the command line, run as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org


def _run(args, env_extra, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CIVICSHIFT_"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "civicshift", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(
        ["manage", "check"],
        {
            "CIVICSHIFT_MODE": "production",
            "ALLOWED_HOSTS": "example.gov",
            "CIVICSHIFT_DATA_DIR": str(tmp_path),
        },
        tmp_path,
    )
    assert result.returncode != 0
    assert "Production mode needs SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "CIVICSHIFT_MODE": "production",
            "SECRET_KEY": "x" * 20 + "k9$Q" * 10,
            "ALLOWED_HOSTS": "civicshift.example.gov",
            "CIVICSHIFT_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_cli_createorg_honours_database_url_and_refuses_duplicates(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/scratch.sqlite3",
        "CIVICSHIFT_DATA_DIR": str(tmp_path / "data"),
    }
    assert _run(["manage", "migrate", "-v0"], env, tmp_path).returncode == 0
    created = _run(
        ["createorg", "birch", "--name", "Town of Birch", "--kind", "town", "--population", "8200"],
        env,
        tmp_path,
    )
    assert created.returncode == 0, created.stderr
    assert "Created organization Town of Birch (/o/birch/)" in created.stdout
    again = _run(["createorg", "birch", "--name", "Birch again"], env, tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "scratch.sqlite3").exists()
    assert not (tmp_path / "data" / "civicshift.sqlite3").exists()

    # --admin names an existing account as the first administrator
    missing = _run(
        ["createorg", "oak", "--name", "Oak", "--admin", "it@oak.example"], env, tmp_path
    )
    assert missing.returncode == 2 and "no account with the e-mail it@oak.example" in (
        missing.stderr
    )
    superuser = _run(
        ["manage", "createsuperuser", "--noinput", "--username", "it", "--email", "it@oak.example"],
        {**env, "DJANGO_SUPERUSER_PASSWORD": "a long oak password 1"},
        tmp_path,
    )
    assert superuser.returncode == 0, superuser.stderr
    with_admin = _run(
        ["createorg", "oak", "--name", "Oak", "--admin", "IT@oak.example"], env, tmp_path
    )
    assert with_admin.returncode == 0, with_admin.stderr
    assert "it@oak.example is its administrator" in with_admin.stdout

    # export → import into a new organization, through the console script's entry point
    exported = _run(["export", "birch", str(tmp_path / "birch.json")], env, tmp_path)
    assert exported.returncode == 0, exported.stderr
    imported = _run(["import", str(tmp_path / "birch.json"), "--into", "birch-copy"], env, tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "birch-copy" in imported.stdout
    refused = _run(["import", str(tmp_path / "birch.json"), "--into", "birch-copy"], env, tmp_path)
    assert refused.returncode == 2
    assert "already has data" in refused.stderr
    wrong = _run(["export", "birch", str(tmp_path / "birch.csv")], env, tmp_path)
    assert wrong.returncode == 2 and ".csv" in wrong.stderr


@pytest.mark.django_db
def test_security_headers_and_csp_without_inline_script(client):
    org = make_org()
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(reverse("orgs:dashboard", args=[org.slug]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "<script>" not in html and "onclick=" not in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_error_pages_are_friendly(client):
    client.force_login(make_member(make_org(), Role.VIEWER))
    response = client.get("/o/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_500_page_renders_without_a_database_request(rf):
    from civicshift.web.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_every_widget_kind_gets_its_uswds_class():
    from django import forms

    from civicshift.web.forms import Form

    class Sample(Form):
        text = forms.CharField()
        email = forms.EmailField()
        number = forms.IntegerField()
        when = forms.DateField()
        secret = forms.CharField(widget=forms.PasswordInput)
        notes = forms.CharField(widget=forms.Textarea)
        pick = forms.ChoiceField(choices=[("a", "A")])
        agree = forms.BooleanField()

    form = Sample()
    classes = {name: form.fields[name].widget.attrs.get("class") for name in form.fields}
    assert classes == {
        "text": "usa-input",
        "email": "usa-input",
        "number": "usa-input",
        "when": "usa-input",
        "secret": "usa-input",
        "notes": "usa-textarea",
        "pick": "usa-select",
        "agree": "usa-checkbox__input",
    }
    assert form.fields["when"].widget.input_type == "date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1396387.6, "$1,396,388"),
        (-250000.0, "-$250,000"),
        ("2500000.50", "$2,500,000"),
        ("2500001.50", "$2,500,002"),
        (0, "$0"),
        (None, "—"),
    ],
)
def test_money_rounds_like_the_command_line(value, expected):
    from civicshift.web.templatetags.civicshift import money

    assert money(value) == expected
    if isinstance(value, float):
        assert money(value) == ("-" if value < 0 else "") + "$" + format(abs(value), ",.0f")


def test_multiple_choices_are_uswds_checkboxes_and_no_dashes_placeholder():
    from django import forms

    from civicshift.web.forms import Form

    class Sample(Form):
        many = forms.MultipleChoiceField(choices=[("a", "Apples"), ("b", "Pears")])
        one = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)
        optional = forms.TypedChoiceField(choices=[("", "---------"), ("y", "Yes")], required=False)
        needed = forms.TypedChoiceField(choices=[("", "---------"), ("y", "Yes")])

    html = str(Sample())
    assert "<select multiple" not in html and "multiple" not in html
    assert html.count('class="usa-checkbox"') == 2
    box = 'type="checkbox" name="many" value="a" id="id_many_0" class="usa-checkbox__input"'
    assert box in html
    assert '<label class="usa-checkbox__label" for="id_many_0">Apples</label>' in html
    radio = 'type="radio" name="one" value="x" required id="id_one_0" class="usa-radio__input"'
    assert radio in html
    assert "---------" not in html
    assert '<option value="" selected>None</option>' in html
    assert '<option value="" selected>Choose one</option>' in html


@pytest.mark.django_db
def test_model_choice_fields_say_none_in_words():
    from civicshift.initiatives.forms import InitiativeForm
    from civicshift.testing.factories import make_org

    html = str(InitiativeForm(organization=make_org()))
    assert "---------" not in html
    assert "No owner yet" in html
