"""Size limits of funding files, and opening one as a stream of bytes (zipped or not).

The daily Grants.gov file ``GrantsDBExtractYYYYMMDDv2.zip`` is about 80 MB zipped and holds
one XML file of the whole database. Its zip entries may carry zero sizes in their local
headers (the sizes follow the data, in a data descriptor), so the checks read the central
directory (``safety.check_zip``: entry count, declared sizes, compression ratio) before
anything is decompressed, and ``BoundedStream`` counts the bytes again while decompressing:
more than the declared size, the absolute limit, or ``max_ratio`` times the compressed size
is refused as a zip bomb, whatever the directory said.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from civicshift.formats.funding.model import FundingFileError
from civicshift.formats.safety import UnsafeFileError, check_zip

#: A plain (unzipped) extract or JSON file larger than this is refused unread.
MAX_FUNDING_BYTES = 4 * 1024**3
#: What a zipped extract may unpack to, in all.
MAX_UNZIPPED_BYTES = 4 * 1024**3
#: XML text compresses 10-20 times with deflate; 100 times is only reached by a bomb.
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 10
CHUNK = 1024 * 1024

Source = str | os.PathLike | bytes | IO[bytes]


class BoundedStream(io.RawIOBase):
    """A readable stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, inner: IO[bytes], limit: int, file: str, what: str) -> None:
        self.inner = inner
        self.limit = limit
        self.file = file
        self.what = what
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        data = self.inner.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise FundingFileError(self.file, self.what)
        return data

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def is_zip(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def _megabytes(n: int) -> str:
    return f"{n / 2**20:.0f}"


@contextmanager
def open_stream(
    source: Source,
    file: str,
    *,
    max_bytes: int = MAX_FUNDING_BYTES,
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    member_suffix: str = ".xml",
) -> Iterator[IO[bytes]]:
    """The bytes of ``source`` (a path, bytes or an open binary file) as a bounded stream; a
    zip is checked and its one ``member_suffix`` entry opened instead."""
    opened: IO[bytes]
    if isinstance(source, bytes | bytearray):
        opened = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        try:
            opened = open(source, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise FundingFileError(file, "no such file.") from None
        except IsADirectoryError:
            raise FundingFileError(file, "this is a folder, not a file.") from None
    else:
        opened = source
    try:
        head = opened.read(4)
        opened.seek(0)
        if not is_zip(head):
            yield BoundedStream(
                opened,
                max_bytes,
                file,
                f"the file is larger than {_megabytes(max_bytes)} MB, the limit.",
            )
            return
        try:
            infos = check_zip(
                opened,
                name=file,
                max_entries=MAX_ZIP_ENTRIES,
                max_uncompressed_bytes=max_unzipped_bytes,
                max_ratio=max_ratio,
            )
        except UnsafeFileError as exc:
            raise FundingFileError(file, exc.problem) from None
        members = [i for i in infos if i.filename.lower().endswith(member_suffix)]
        if len(members) != 1:
            raise FundingFileError(
                file,
                f"the zip holds {len(members)} {member_suffix} files; a Grants.gov extract "
                f"holds exactly one.",
            )
        info = members[0]
        try:
            archive = zipfile.ZipFile(opened)
        except zipfile.BadZipFile:
            raise FundingFileError(file, "the file is not a zip archive.") from None
        with archive, archive.open(info) as member:
            bound = min(
                max_unzipped_bytes,
                info.file_size,
                int(max_ratio * max(info.compress_size, 1)) + 1024 * 1024,
            )
            yield BoundedStream(
                member,
                bound,
                file,
                f"“{info.filename}” unpacks to more than its declared size or more than "
                f"{int(max_ratio)} times its compressed size, which only a decompression bomb "
                "does; refused.",
            )
    finally:
        if opened is not source:
            opened.close()
