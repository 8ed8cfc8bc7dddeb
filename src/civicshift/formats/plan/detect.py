"""Any plan file: Microsoft Project XML (MSPDI) or the project's own plan file (YAML/JSON),
told apart by content (XML's first character is ``<``), not by the file's name."""

from __future__ import annotations

from civicshift.core.schedule.model import Project
from civicshift.formats.plan.errors import MAX_PLAN_BYTES, PlanFileError
from civicshift.formats.safety import Source, UnsafeFileError, read_bounded, source_name

_BLANKS = b"\xef\xbb\xbf \t\r\n"


def is_xml(data: bytes) -> bool:
    return data.lstrip(_BLANKS)[:1] == b"<"


def read_plan(
    source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES
) -> Project:
    """The plan in ``source`` (bytes, a path, an open binary file or a Django upload)."""
    file = source_name(source, name)
    try:
        data = read_bounded(source, max_bytes=max_bytes, name=file)
    except UnsafeFileError as exc:
        raise PlanFileError(file, exc.problem) from None
    if is_xml(data):
        from civicshift.formats.plan.mspdi_read import read_mspdi

        return read_mspdi(data, file, max_bytes=max_bytes)
    from civicshift.formats.plan.planfile import read_plan_file

    return read_plan_file(data, file, max_bytes=max_bytes)
