"""Page times of a production installation (issue #6): gunicorn, production settings, HTTPS proxy.

The scratch installation of the production-path test (``civicshift.testing.production``: the
steps of docs/install.md, SQLite unless ``DATABASE_URL`` names PostgreSQL) served by
``civicshift serve`` with two workers. Each page is fetched once to warm up, then 15 times; the
figure is the median wall time of a whole request as the reverse proxy sees it. The baseline is
one of the page's static files (a hashed stylesheet, served by whitenoise from memory): the floor
of a request through gunicorn.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from civicshift.testing import production
from civicshift.testing.production import ORG_SLUG, PageAssets, ProxyClient

REPEAT = 15


def _median_ms(client: ProxyClient, path: str) -> float:
    assert client.get(path).status == 200, path
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status == 200, path
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with production.scratch_database(root) as database_url:
            installation = production.install(root, database_url)
            with production.serve(installation, workers=2) as server:
                client = ProxyClient(server.port)
                css = PageAssets.parse(client.get("/accounts/login/").text).stylesheets[-1]
                baseline = _median_ms(client, css)
                signed_in = ProxyClient(server.port)
                assert signed_in.sign_in().status == 302
                timings = {"sign_in": _median_ms(client, "/accounts/login/")}
                timings["organization"] = _median_ms(signed_in, f"/o/{ORG_SLUG}/")
                timings["business_case"] = _median_ms(signed_in, installation.case_path)
    for name, ms in timings.items():
        print(
            f"bench production_page_{name}: {ms:.1f} ms/request "
            f"({ms / baseline:.2f}x vs a static file, {baseline:.1f} ms)"
        )


if __name__ == "__main__":
    main()
