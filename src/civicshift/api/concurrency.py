"""Optimistic concurrency over the API: the ETag is the row's version, If-Match guards a change.

* ``GET`` of one versioned object (and the answer to ``PUT``/``PATCH``) carries
  ``ETag: "<version>"`` (``orgs.base.VersionedModel``), a strong validator of the object's own
  fields (figures computed from other rows, such as a case's NPV, are not part of it).
* ``PUT``/``PATCH`` with ``If-Match`` are carried out only if the object is still at one of the
  versions named (``*`` matches any); otherwise **412 Precondition Failed** with a JSON body
  saying who changed it and when, and nothing is written. The comparison is repeated inside the
  service's transaction (a conditional UPDATE), so a change landing between the check and the
  write is refused the same way.
* Without ``If-Match`` the request is compared with the version read when it arrived: a change
  that lands while it is being processed answers **409 Conflict**. If-Match is optional (see
  docs/decisions.md, "Concurrency").

Every view built on ``ServiceWriteMixin`` gets this by inheriting ``VersionedAPIMixin``; a view
writing outside ``perform_update`` calls ``expected_version(instance)`` before, runs the
service inside ``with self.stale_errors():`` and calls ``send_etag(instance)`` after.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from rest_framework import status
from rest_framework.exceptions import APIException

from civicshift.audit.services import StaleObjectError

ETAG_ACTIONS = {None, "retrieve", "update", "partial_update"}
ETAG_METHODS = {"GET", "HEAD", "PUT", "PATCH"}
_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


class _Refusal(APIException):
    def __init__(self, body: dict) -> None:
        super().__init__(body["detail"])
        self.detail = body  # as is: DRF would turn the version number into text


class PreconditionFailed(_Refusal):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class EditConflict(_Refusal):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def version_of(instance) -> int | None:
    name = getattr(instance, "version_field", None)
    return getattr(instance, name) if name else None


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(header: str) -> set[int] | None:
    """The versions an If-Match header accepts: ``None`` for ``*`` (any), else the set of
    versions named by strong entity tags (a weak tag ``W/"3"`` never matches, RFC 9110 13.1.1;
    anything unreadable matches nothing)."""
    header = header.strip()
    if header == "*":
        return None
    versions: set[int] = set()
    position = 0
    while position < len(header):
        match = _ENTITY_TAG.match(header, position)
        if not match:
            break
        weak, value = match.groups()
        if not weak and value.isdigit():
            versions.add(int(value))
        position = match.end()
    return versions


class VersionedAPIMixin:
    """For API views of versioned objects: ETag on answers, If-Match on changes."""

    #: The object whose version goes out as the ETag of this answer.
    etag_object = None
    #: Whether the request named versions in If-Match (refusals are then 412, else 409).
    if_match_given = False

    def expected_version(self, instance) -> int | None:
        """Check If-Match against ``instance`` (412 if it names another version) and return
        the version the change must start from (None for a model without versions)."""
        current = version_of(instance)
        header = self.request.headers.get("If-Match")
        if current is None or header is None:
            return current
        accepted = parse_if_match(header)
        self.if_match_given = accepted is not None
        if accepted is not None and current not in accepted:
            raise PreconditionFailed(
                self.precondition_detail(StaleObjectError(instance, 0, current))
            )
        return current

    def precondition_detail(self, error: StaleObjectError) -> dict:
        return {
            "detail": error.messages[0],
            "current_version": error.current_version,
            "etag": etag(error.current_version) if error.current_version else None,
        }

    @contextmanager
    def stale_errors(self):
        """Run a versioned service call: its refusal answers 412 (If-Match given) or 409."""
        try:
            yield
        except StaleObjectError as exc:
            failure = PreconditionFailed if self.if_match_given else EditConflict
            raise failure(self.precondition_detail(exc)) from exc

    def send_etag(self, instance) -> None:
        self.etag_object = instance

    def get_serializer(self, *args, **kwargs):
        if args and not kwargs.get("many") and version_of(args[0]) is not None:
            self.etag_object = args[0]
            if "data" in kwargs and self.request.method in ("PUT", "PATCH"):
                # The precondition comes before the body is validated (RFC 9110 13.2.2): a
                # stale If-Match answers 412 even when the body has a mistake too.
                self.expected_version(args[0])
        return super().get_serializer(*args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        version = version_of(self.etag_object)
        if (
            version is not None
            and request.method in ETAG_METHODS
            and getattr(self, "action", None) in ETAG_ACTIONS
            and 200 <= response.status_code < 300
        ):
            response["ETag"] = etag(version)
        return response
