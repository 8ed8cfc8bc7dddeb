"""Every organization URL and every organization-owned model is covered by the tenancy harness.

A module added later that forgets to register its pages fails here, not in production.
"""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import civicshift
from civicshift.orgs.base import org_owned_models
from civicshift.testing.tenancy import REGISTRY

#: Models reached only through another registered model's endpoints (not by their own URL).
COVERED_THROUGH_OTHERS = {
    "initiatives.tag": "created and listed through initiative forms and filters",
    "initiatives.statuschange": "written by the initiative status endpoint",
    "audit.auditevent": "read-only history pages are registered as endpoints",
    "cases.businesscase": "its pages are registered through CaseLine (the business case pages)",
    "cases.option": "its pages are registered through CaseLine (option and line pages)",
    "cases.caserun": "saved and listed through the business case pages",
}


def _load_all_harnesses() -> None:
    """Import every ``civicshift.<app>.tests[.<sub>].test_tenancy*`` module (so its harnesses
    register), including those of sub-packages such as ``tests/api/``."""
    for app in pkgutil.iter_modules(civicshift.__path__):
        if not app.ispkg:
            continue
        try:
            tests = importlib.import_module(f"civicshift.{app.name}.tests")
        except ModuleNotFoundError as exc:
            if exc.name != f"civicshift.{app.name}.tests":
                raise
            continue
        for module in pkgutil.walk_packages(tests.__path__, prefix=f"{tests.__name__}."):
            if module.name.rsplit(".", 1)[-1].startswith("test_tenancy"):
                importlib.import_module(module.name)


def _org_url_names(resolver=None, namespace: str = "", under_org: bool = False) -> set[str]:
    """Names of every URL whose pattern (or an including prefix) carries ``org_slug``."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        in_org = under_org or "org_slug" in str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(p for p in (namespace, pattern.namespace or "") if p)
            names |= _org_url_names(pattern, ns, in_org)
        elif isinstance(pattern, URLPattern) and pattern.name and in_org:
            names.add(":".join(p for p in (namespace, pattern.name) if p))
    return names


def test_every_organization_url_is_registered_with_the_harness():
    _load_all_harnesses()
    registered = {e.url_name for harness in REGISTRY for e in harness.endpoints}
    missing = sorted(_org_url_names() - registered)
    assert not missing, f"organization URLs without tenancy tests: {missing}"


def test_every_organization_owned_model_is_registered_with_the_harness():
    _load_all_harnesses()
    registered = {h.model._meta.label_lower for h in REGISTRY if h.model is not None}
    owned = {m._meta.label_lower for m in org_owned_models()}
    missing = sorted(owned - registered - set(COVERED_THROUGH_OTHERS))
    assert not missing, f"organization-owned models without tenancy tests: {missing}"
