"""A scratch production installation, set up the way docs/install.md says and served by gunicorn.

Used by the production-path test (``tests/production/``) and the production page-time benchmark.
Every step is a real ``civicshift`` command in a subprocess with production settings
(``CIVICSHIFT_MODE=production``, a random ``SECRET_KEY``, ``ALLOWED_HOSTS``): migrate, a site
administrator, an organization, a business case made through the services, ``collectstatic``,
then ``civicshift serve``. The database is new and shared with nothing (:func:`scratch_database`):
PostgreSQL when the tests run on it, else SQLite in the scratch data folder.

Production settings redirect HTTP to HTTPS and mark cookies Secure. Nothing is relaxed for the
test: :class:`ProxyClient` plays the reverse proxy of docs/install.md (nginx), sending the
``Host`` it was asked for and ``X-Forwarded-Proto: https``, which Django trusts through
``SECURE_PROXY_SSL_HEADER``. It keeps cookies itself because a Secure cookie would never be
sent back over the plain-HTTP hop from the proxy to gunicorn by an ordinary cookie jar.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "civicshift.maplefalls.test"
ORG_SLUG = "maple-falls"
ORG_NAME = "City of Maple Falls"
ADMIN_EMAIL = "it@maplefalls.test"
ADMIN_PASSWORD = "Quiet-harbor-lantern-42"
INITIATIVE_TITLE = "Online building permits"

# Made through the services, as the application's own pages would.
_SEED = f"""
from decimal import Decimal
from django.contrib.auth import get_user_model
from civicshift.cases import services as case_services
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.models import Organization

user = get_user_model().objects.get(email={ADMIN_EMAIL!r})
org = Organization.objects.get(slug={ORG_SLUG!r})
initiative = initiative_create(actor=user, organization=org, title={INITIATIVE_TITLE!r})
case = case_services.business_case_create(actor=user, initiative=initiative)
option = case.options.get()
case_services.line_create(
    actor=user, option=option, name="Permit software subscription", kind="cost",
    likely=Decimal("24000"), first_period=0, last_period=4,
)
case_services.line_create(
    actor=user, option=option, name="Counter staff time saved", kind="benefit",
    likely=Decimal("31000"), first_period=1, last_period=4,
)
print(initiative.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def civicshift_command() -> list[str]:
    """The installed ``civicshift`` console script beside this interpreter."""
    script = Path(sys.executable).with_name("civicshift")
    return [str(script)] if script.exists() else [sys.executable, "-m", "civicshift"]


@contextmanager
def scratch_database(root: Path) -> Iterator[str]:
    """A new, empty database for one installation, dropped afterwards.

    PostgreSQL (a database of its own beside the one ``DATABASE_URL`` names) when the tests run
    on PostgreSQL, as docs/install.md's section 2 has it; otherwise a SQLite file under ``root``.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{root / 'data' / 'civicshift.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    name = name.split("?", 1)[0]
    scratch = f"{name}_production_{secrets.token_hex(4)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        yield f"{base}/{scratch}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )


def production_environment(root: Path, database_url: str) -> dict[str, str]:
    """The environment file of docs/install.md, section 3, for a scratch installation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICSHIFT_", "DJANGO_"))}
    env.update(
        {
            "CIVICSHIFT_MODE": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "CIVICSHIFT_DATA_DIR": str(root / "data"),
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(root / "staticfiles"),
            "CLIENT_IP_HEADERS": "HTTP_X_FORWARDED_FOR",
            "CLIENT_IP_PROXY_COUNT": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run(env: dict[str, str], *args: str, timeout: float = 300, **extra_env: str) -> str:
    """Run ``civicshift ARGS``; a failure raises with the command's own output."""
    result = subprocess.run(  # noqa: S603 - our own console script
        [*civicshift_command(), *args],
        env={**env, **extra_env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"civicshift {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


@dataclass
class Installation:
    root: Path
    env: dict[str, str]
    initiative_pk: int

    @property
    def case_path(self) -> str:
        return f"/o/{ORG_SLUG}/initiatives/{self.initiative_pk}/business-case/"


def install(root: Path, database_url: str) -> Installation:
    """docs/install.md, section 4 (First run), in a scratch data folder and database."""
    env = production_environment(root, database_url)
    run(env, "manage", "check", "--deploy", "--fail-level", "WARNING")
    run(env, "manage", "migrate", "--noinput")
    run(env, "manage", "collectstatic", "--noinput")
    run(
        env,
        "manage",
        "createsuperuser",
        "--noinput",
        "--username",
        "it",
        "--email",
        ADMIN_EMAIL,
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    run(
        env,
        "createorg",
        ORG_SLUG,
        "--name",
        ORG_NAME,
        "--population",
        "52000",
        "--admin",
        ADMIN_EMAIL,
    )
    initiative_pk = int(run(env, "manage", "shell", "-c", _SEED).strip().splitlines()[-1])
    return Installation(root=root, env=env, initiative_pk=initiative_pk)


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 30) -> int:
        """Gunicorn's graceful shutdown (SIGTERM, as systemd sends it); its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@contextmanager
def serve(installation: Installation, workers: int = 2, timeout: float = 60) -> Iterator[Server]:
    """``civicshift serve`` on a free 127.0.0.1 port until it answers; stopped on exit."""
    port = free_port()
    log_path = installation.root / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            [
                *civicshift_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=installation.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, port=port, log_path=log_path)
    try:
        ProxyClient(port).wait_until_up(process, server.log, timeout)
        yield server
    finally:
        server.stop()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class ProxyClient:
    """HTTP as nginx forwards it (docs/install.md, section 5), with a cookie store of its own."""

    port: int
    host: str = HOST
    https: bool = True
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookies: list[SimpleCookie] = field(default_factory=list)

    @property
    def scheme(self) -> str:
        return "https" if self.https else "http"

    def request(self, method: str, path: str, body: bytes | None = None, **headers) -> Response:
        all_headers = {"Host": self.host, "X-Forwarded-For": "203.0.113.7"}
        if self.https:
            all_headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            self.set_cookies.append(cookie)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, **headers)

    def post_form(self, path: str, data: dict[str, str], **headers) -> Response:
        return self.request(
            "POST",
            path,
            body=urlencode(data).encode(),
            Content_Type="application/x-www-form-urlencoded",
            Origin=f"{self.scheme}://{self.host}",
            Referer=f"{self.scheme}://{self.host}{path}",
            **headers,
        )

    def wait_until_up(self, process: subprocess.Popen, describe, timeout: float) -> None:
        """Poll the sign-in page until the server answers; fail with its log if it exits."""
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{describe()}")
            try:
                self.get("/accounts/login/")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer:\n{describe()}") from None
                time.sleep(0.2)

    def sign_in(self, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> Response:
        page = PageAssets.parse(self.get("/accounts/login/").text)
        return self.post_form(
            "/accounts/login/",
            {"csrfmiddlewaretoken": page.csrf_token, "username": email, "password": password},
        )


class PageAssets(HTMLParser):
    """The stylesheets, scripts, icons and CSRF token a page refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.icons: list[str] = []
        self.csrf_token = ""

    @classmethod
    def parse(cls, html: str) -> PageAssets:
        parser = cls()
        parser.feed(html)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(a["href"])
        elif tag == "link" and "icon" in rel:
            self.icons.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken" and not self.csrf_token:
            self.csrf_token = a.get("value", "")
