"""The kinds of background work, registered by the apps that do them.

An app registers each kind once, in its ``AppConfig.ready()``::

    from civicshift.jobs.registry import JobKind, register_kind

    register_kind(JobKind(
        key="cases.document",
        label=_("Business case document"),
        run=build_document,            # (JobContext) -> JobOutcome
        fingerprint=document_inputs,   # (organization, inputs) -> JSON-ready, or None
        version="1",
        rate_limited=True,
    ))

``run`` receives a :class:`civicshift.jobs.runner.JobContext` and returns a
:class:`JobOutcome`. ``fingerprint`` makes the result cacheable: it returns everything the result
depends on (the rows' values, the seed), hashed with ``version`` and the software version into
the job's cache key; an edit changes the fingerprint, so the key, so the cache misses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from civicshift.orgs.roles import Role


@dataclass(frozen=True)
class JobOutcome:
    """What a job produced: figures (JSON-ready) and/or one file."""

    data: Any = None
    content: bytes | None = None
    filename: str = ""
    content_type: str = ""
    #: Where the result is best seen (e.g. the option page); shown as a link when done.
    url: str = ""


@dataclass(frozen=True)
class JobKind:
    key: str
    label: Any
    run: Callable[..., JobOutcome]
    #: (organization, inputs) -> everything the result depends on, or None if not cacheable.
    fingerprint: Callable[..., Any] | None = None
    #: Bump when the code that makes the result changes what it makes.
    version: str = "1"
    #: Counted by the per-user limits on analyses and documents.
    rate_limited: bool = False
    #: The least role that may start it (the service checks it).
    role: str = Role.VIEWER
    #: A template shown on the job page when done, given ``job`` and ``result``.
    result_template: str = ""
    #: Static files (paths for ``{% static %}``) the job page loads for that template, e.g. the
    #: chart scripts: htmx swaps the result in without running the scripts inside it.
    result_scripts: tuple[str, ...] = ()
    #: Site-wide work with no organization (yet): started and seen by site administrators only.
    site_wide: bool = False


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing is not kind:
        raise ValueError(f"job kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> JobKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no job kind {key!r} is registered") from None


def registered_kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
