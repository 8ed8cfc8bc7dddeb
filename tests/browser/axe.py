"""Run axe-core on the page for the WCAG 2.1 A/AA rules and describe any violation."""

from __future__ import annotations

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = []
    for violation in result["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        problems.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
        )
    return problems


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_load_state()
