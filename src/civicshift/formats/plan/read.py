"""A plan file of either kind, told apart by its content: Microsoft Project XML (MSPDI) when the
text starts with ``<``, otherwise the project's own YAML/JSON plan file."""

from __future__ import annotations

from civicshift.core.schedule.model import Project
from civicshift.formats.plan.errors import MAX_PLAN_BYTES, PlanFileError
from civicshift.formats.safety import UnsafeFileError, read_bounded


def read_plan_bytes(data: bytes, name: str) -> Project:
    """The plan in ``data`` (already read within the size limit)."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        from civicshift.formats.plan.mspdi_read import read_mspdi

        return read_mspdi(data, name)
    from civicshift.formats.plan.planfile import read_plan_file

    return read_plan_file(data, name)


def read_plan_path(path, name: str) -> Project:
    """The plan in the file at ``path``, refused beyond ``MAX_PLAN_BYTES``."""
    try:
        data = read_bounded(path, max_bytes=MAX_PLAN_BYTES, name=name)
    except UnsafeFileError as exc:
        raise PlanFileError(name, exc.problem) from None
    return read_plan_bytes(data, name)
