"""``civicshift demo`` as a newcomer runs it: DEBUG off, the project's own error pages.

The demo server runs in a subprocess on a free port with a scratch data folder. A visitor who
asks for a missing page, or a viewer who opens an administrator's page, gets CivicShift's page
(never Django's debug page), and the terminal shows one line for the refusal, no traceback.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from civicshift.testing.production import PageAssets, ProxyClient, civicshift_command, free_port

pytestmark = [pytest.mark.production, pytest.mark.xdist_group("demo")]

VIEWER = ("viewer@maplefalls.example", "maple-falls-viewer")  # demo data file's public login


def _default_signals() -> None:
    """In the child before exec: Ctrl+C and SIGTERM as a terminal gives them. A JVM started
    earlier in this test process (the MPXJ test) blocked them in its thread's mask, which a
    child inherits across exec, and the demo then never saw Ctrl+C."""
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICSHIFT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("ALLOWED_HOSTS", None)
    env.update({"CIVICSHIFT_DATA_DIR": str(root / "data"), "PYTHONUNBUFFERED": "1"})
    port = free_port()
    log_path = root / "terminal.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            [*civicshift_command(), "demo", "--port", str(port)],
            env=env,
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_default_signals,  # noqa: PLW1509 - no threads touched before exec
        )
    client = ProxyClient(port, host=f"127.0.0.1:{port}", https=False)
    try:
        client.wait_until_up(process, lambda: log_path.read_text(errors="replace"), timeout=300)
        yield client, process, log_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # Ctrl+C, as the demo's banner says
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_the_demo_serves_its_pages_and_static_files_with_debug_off(demo):
    client, _, log_path = demo
    page = client.get("/accounts/login/")
    assert page.status == 200
    assert f"http://127.0.0.1:{client.port}/" in log_path.read_text()
    assets = PageAssets.parse(page.text)
    for url in [*assets.stylesheets, *assets.scripts, *assets.icons]:
        asset = client.get(url)
        assert asset.status == 200, url
        assert asset.header("Content-Type").split(";")[0] in {
            "text/css",
            "text/javascript",
            "image/svg+xml",
        }, url


def test_a_missing_page_is_the_projects_404_not_the_debug_page(demo):
    client, _, _ = demo
    response = client.get("/no-such-page/")
    assert response.status == 404
    assert "<h1>Page not found</h1>" in response.text
    assert "Using the URLconf" not in response.text  # Django's DEBUG 404 page
    assert "DEBUG = True" not in response.text


def test_a_refused_page_is_the_projects_403_and_logs_no_traceback(demo):
    client, _, log_path = demo
    signed_in = client.sign_in(*VIEWER)
    assert signed_in.status == 302, signed_in.text[:1000]
    response = client.get("/o/maple-falls/members/")
    assert response.status == 403
    assert "You are not allowed to do this" in response.text
    assert "Traceback" not in response.text
    terminal = log_path.read_text(errors="replace")
    assert "Forbidden (Permission denied): /o/maple-falls/members/" in terminal
    assert "Traceback" not in terminal


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_the_demos_worker_prepares_a_document(demo):
    served, _, _ = demo
    client = ProxyClient(served.port, host=served.host, https=False)  # a visitor of its own
    assert client.sign_in(*VIEWER).status == 302
    listing = client.get("/o/maple-falls/initiatives/").text
    for pk in dict.fromkeys(re.findall(r"/o/maple-falls/initiatives/(\d+)/", listing)):
        asked = client.get(f"/o/maple-falls/initiatives/{pk}/business-case/business-case.docx")
        if asked.status != 404:
            break
    assert asked.status == 302, asked.status
    job_page = asked.header("Location")
    assert re.search(r"/o/maple-falls/jobs/\d+/$", job_page), job_page
    deadline = time.monotonic() + 120
    while "Download" not in (page := client.get(job_page).text):
        assert "Failed" not in page and time.monotonic() < deadline, page[:2000]
        time.sleep(1)
    download = re.search(r'href="(/o/maple-falls/jobs/\d+/download/)"', page).group(1)
    document = client.get(download)
    assert document.status == 200
    assert document.header("Content-Type").startswith("application/vnd.openxmlformats")


def test_ctrl_c_stops_the_demo(demo):
    _, process, log_path = demo
    workers = _children(process.pid)
    assert workers, "the demo runs a background worker"
    # Ctrl+C once the worker is up, as a person sees it in the terminal: on a busy machine
    # (the other test process at full load) the worker can still be importing Django when
    # the pages answer, and the test is of stopping both, not of stopping a half-started one.
    deadline = time.monotonic() + 120
    while "waiting for background work" not in log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the demo's worker did not start in 120 s"
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) in (0, -signal.SIGINT, 130)
    assert "Traceback" not in log_path.read_text(errors="replace")
    for pid in workers:  # the worker stopped with the server
        assert not Path(f"/proc/{pid}").exists() or "(Z)" in Path(f"/proc/{pid}/stat").read_text()
