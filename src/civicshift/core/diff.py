"""Field-by-field differences between two snapshots of a record, for the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for every field whose value differs.

    A created record has ``before=None`` (every field reported with old ``None``); a deleted one
    has ``after=None``. Values are compared as given; callers pass JSON-ready values.
    """
    before = before or {}
    after = after or {}
    changes: dict[str, list[Any]] = {}
    for name in list(before) + [k for k in after if k not in before]:
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes
