"""Other modules that can add lines to an option ("add lines from a retired system").

A module registers a provider from its ``AppConfig.ready()``; the option page asks each one,
for the option shown, for links (label, url) to its own page that proposes the lines. The
business case knows nothing of the modules themselves."""

from __future__ import annotations

from collections.abc import Callable

#: provider(option, organization) -> list of (label, url)
PROVIDERS: list[Callable] = []


def register_line_source(provider: Callable) -> None:
    PROVIDERS.append(provider)


def line_sources(option) -> list[tuple[str, str]]:
    found = []
    for provider in PROVIDERS:
        found.extend(provider(option))
    return found
