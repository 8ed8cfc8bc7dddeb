"""Browser tests: Debian's chromium driven by Playwright, pages checked with axe-core.

Nothing is downloaded at run time: the browser is /usr/bin/chromium (installed by the Makefile or
.ci/run with apt-get) and axe-core comes from node_modules (pinned in package-lock.json). A
missing browser or axe file fails the tests; they never skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CIVICSHIFT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that it is safe (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists() or shutil.which("chromium"), (
        f"Debian's chromium is required at {CHROMIUM}: apt-get install chromium"
    )
    assert AXE_JS.exists(), f"axe-core is missing at {AXE_JS}: run npm ci"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text()


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from civicshift.demo.loader import load_demo

    return load_demo()


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda msg: "Content Security Policy" in msg.text and page.csp_errors.append(msg.text),
        )
        return page

    yield make
    for context in contexts:
        context.close()
