"""Reading files people upload without letting a hostile file exhaust the server.

Every reader of a user's file (a business-case YAML/JSON file or workbook, a backup) goes
through these functions, on every path (web upload, API, command line). Each refusal is an
``UnsafeFileError`` naming the file and the problem (and the key, entry or row where known);
the caller turns it into its own error type. What is guarded, and how:

* **Size.** ``read_bounded`` reads at most ``max_bytes + 1`` bytes, in chunks, whatever the
  source (a path, an open file, a Django upload); a larger file is refused without reading on.
* **Zip bombs** (an xlsx is a zip). ``check_zip`` reads the end-of-central-directory record
  first (the entry count, before ``zipfile`` builds one object per entry), then the central
  directory only: the number of entries, the total uncompressed size and each entry's
  compression ratio, before any XML is decompressed. ``zipfile`` never returns more than an
  entry's declared size, so the directory's figures bound what openpyxl can read.
  ``open_workbook`` then opens the workbook read-only, which streams rows. XML entity bombs
  inside the zip are refused by the expat parser itself (billion-laughs protection since expat
  2.4, which Python 3.11's bundled expat has).
* **JSON.** ``load_json`` measures nesting without recursion before parsing (brackets outside
  strings, counted with numpy), so ``RecursionError`` cannot occur; duplicate keys, numbers
  with too many digits (Python's own limit, 4,300 digits, would raise an unhelpful
  ``ValueError``), ``NaN``/``Infinity`` and numbers that overflow to infinity (``1e999``) are
  refused.
* **YAML.** ``SafeYamlLoader`` (PyYAML's safe loader) refuses anchors and aliases outright, so
  a "billion laughs" document is refused at its first alias and no expanded value exists to
  appear in a message; it also bounds nesting and node count, refuses duplicate keys, over-long
  numbers and non-finite floats. (The C loader composes aliases in C where they cannot be
  intercepted, so the pure-Python loader is used; the files are small.)

Nothing here catches ``Exception``: a ``MemoryError`` or a bug stays what it is.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import struct
import zipfile
from gettext import gettext as _
from pathlib import Path
from typing import IO, Any

import numpy as np
import yaml

#: Defaults; callers pass their own where a kind of file needs another bound.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 100
MAX_YAML_NODES = 200_000
MAX_ZIP_ENTRIES = 500
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
#: Entries smaller than this are not checked for their ratio (tiny XML parts compress well).
_RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024

Source = str | os.PathLike | bytes | IO[bytes]


class UnsafeFileError(ValueError):
    """A file refused before or while parsing it: ``name`` is the file, ``problem`` says why."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class NotTextError(UnsafeFileError):
    """The file is not UTF-8 text (a binary file given where text is expected)."""


def source_name(source: Any, name: str | None = None) -> str:
    """The name to show for ``source``: ``name`` if given, else the file's own base name."""
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or _("the uploaded file"))).name


def _megabytes(n: int) -> str:
    value = n / 2**20
    return f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"


def _too_large(name: str, max_bytes: int) -> UnsafeFileError:
    return UnsafeFileError(
        name, _("the file is larger than %(n)s MB, the limit.") % {"n": _megabytes(max_bytes)}
    )


def read_bounded(source: Source, *, max_bytes: int, name: str | None = None) -> bytes:
    """The bytes of ``source``, read in chunks and refused beyond ``max_bytes``.

    ``source`` is a path, bytes, an open binary file, or a Django ``UploadedFile`` (its
    declared size is checked first, then its chunks are counted as they arrive).
    """
    name = source_name(source, name)
    if isinstance(source, bytes | bytearray):
        if len(source) > max_bytes:
            raise _too_large(name, max_bytes)
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as handle:
                return _read_chunks(handle, max_bytes, name)
        except FileNotFoundError:
            raise UnsafeFileError(name, _("no such file.")) from None
        except IsADirectoryError:
            raise UnsafeFileError(name, _("this is a folder, not a file.")) from None
        except PermissionError:
            raise UnsafeFileError(name, _("the file cannot be read (permission denied).")) from None
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise _too_large(name, max_bytes)
    if hasattr(source, "chunks"):
        parts, total = [], 0
        for chunk in source.chunks(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(name, max_bytes)
            parts.append(chunk)
        return b"".join(parts)
    return _read_chunks(source, max_bytes, name)


def _read_chunks(handle: IO[bytes], max_bytes: int, name: str) -> bytes:
    buffer = io.BytesIO()
    while True:
        chunk = handle.read(min(_CHUNK, max_bytes + 1 - buffer.tell()))
        if not chunk:
            return buffer.getvalue()
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        buffer.write(chunk)
        if buffer.tell() > max_bytes:
            raise _too_large(name, max_bytes)


def decode_text(data: bytes, *, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotTextError(
            name,
            _("the file is not UTF-8 text (byte %(n)s cannot be read).") % {"n": exc.start + 1},
        ) from None


# JSON ------------------------------------------------------------------------------------------

#: A whole string (skipped: the group does not take part) or one bracket (captured).
_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|([\[\]{}])', re.DOTALL)


def nesting_depth(data: bytes | str) -> int:
    """How deeply the arrays and objects of a JSON text nest, without parsing it (no recursion).

    One regular-expression pass lists the brackets outside strings (``findall`` gives the
    empty bytes for a string and the bracket otherwise; both are cached single objects in
    CPython, so the list costs a pointer per item), then numpy sums +1/−1 over them. For a text
    that is not valid JSON the figure is meaningless but bounded.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    brackets = b"".join(_STRING_OR_BRACKET.findall(data))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def load_json(
    data: bytes | str,
    *,
    name: str,
    max_depth: int = MAX_JSON_DEPTH,
    max_digits: int = MAX_NUMBER_DIGITS,
) -> Any:
    """Parse a JSON text, refusing deep nesting, duplicate keys and numbers that overflow."""
    depth = nesting_depth(data)
    if depth > max_depth:
        raise UnsafeFileError(
            name,
            _("lists and objects nest %(depth)s levels deep; at most %(max)s are allowed.")
            % {"depth": depth, "max": max_depth},
        )
    if isinstance(data, bytes | bytearray):
        data = decode_text(bytes(data), name=name)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            seen: set[str] = set()
            for key, _value in items:
                if key in seen:
                    raise UnsafeFileError(
                        name,
                        _("the key “%(key)s” appears twice in one object.")
                        % {"key": _shorten(key)},
                    )
                seen.add(key)
        return result

    def number(text: str) -> str:
        if len(text) > max_digits:
            raise UnsafeFileError(
                name,
                _("a number has %(n)s characters; at most %(max)s are allowed.")
                % {"n": len(text), "max": max_digits},
            )
        return text

    def parse_float(text: str) -> float:
        value = float(number(text))
        if not math.isfinite(value):
            raise UnsafeFileError(
                name,
                _("the number %(text)s is too large to be stored.") % {"text": _shorten(text)},
            )
        return value

    def constant(text: str) -> Any:
        raise UnsafeFileError(name, _("“%(text)s” is not a number JSON allows.") % {"text": text})

    try:
        return json.loads(
            data,
            object_pairs_hook=pairs,
            parse_int=lambda text: int(number(text)),
            parse_float=parse_float,
            parse_constant=constant,
        )
    except json.JSONDecodeError as exc:
        raise UnsafeFileError(
            name,
            _("not valid JSON at text line %(line)s, column %(column)s: %(reason)s.")
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
        ) from None
    except RecursionError:  # guarded by the depth check; kept so it can never escape
        raise UnsafeFileError(name, _("lists and objects nest too deeply.")) from None


def read_json(
    source: Source,
    *,
    name: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
    max_digits: int = MAX_NUMBER_DIGITS,
) -> Any:
    """``read_bounded`` then ``load_json``."""
    name = source_name(source, name)
    data = read_bounded(source, max_bytes=max_bytes, name=name)
    return load_json(data, name=name, max_depth=max_depth, max_digits=max_digits)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# YAML ------------------------------------------------------------------------------------------


class SafeYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, with bounded nesting and size.

    Set ``file_name`` (class or instance attribute) for messages; ``load_yaml`` does.
    """

    file_name = "YAML"
    max_depth = MAX_JSON_DEPTH
    max_nodes = MAX_YAML_NODES
    max_digits = MAX_NUMBER_DIGITS
    #: ``.inf`` and ``.nan`` are refused unless a subclass checks them itself, naming the field.
    allow_non_finite = False

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def _refuse(self, problem: str, mark: Any = None) -> UnsafeFileError:
        if mark is not None:
            problem += " " + _("(text line %(line)s, column %(column)s)") % {
                "line": mark.line + 1,
                "column": mark.column + 1,
            }
        return UnsafeFileError(self.file_name, problem)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise self._refuse(
                _("the file uses a YAML alias (*name); aliases and anchors are not accepted."),
                event.start_mark,
            )
        if getattr(event, "anchor", None) is not None:
            raise self._refuse(
                _("the file uses a YAML anchor (&name); aliases and anchors are not accepted."),
                event.start_mark,
            )
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise self._refuse(
                _("the file has more than %(n)s values.") % {"n": self.max_nodes},
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise self._refuse(
                    _("lists and mappings nest more than %(n)s levels deep.")
                    % {"n": self.max_depth},
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        self.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in result
            except TypeError:
                raise self._refuse(
                    _("a mapping has a key that is a list or a mapping."), key_node.start_mark
                ) from None
            if duplicate:
                raise self._refuse(
                    _("the key “%(key)s” appears twice in one mapping.")
                    % {"key": _shorten(str(key))},
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=deep)
        return result

    def construct_yaml_int(self, node: Any) -> int:
        self._check_digits(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Any) -> float:
        self._check_digits(node)
        value = super().construct_yaml_float(node)
        if not math.isfinite(value) and not self.allow_non_finite:
            raise self._refuse(
                _("the number %(text)s is not finite.") % {"text": _shorten(str(node.value))},
                node.start_mark,
            )
        return value

    def _check_digits(self, node: Any) -> None:
        if len(str(node.value)) > self.max_digits:
            raise self._refuse(
                _("a number has %(n)s characters; at most %(max)s are allowed.")
                % {"n": len(str(node.value)), "max": self.max_digits},
                node.start_mark,
            )


SafeYamlLoader.add_constructor("tag:yaml.org,2002:int", SafeYamlLoader.construct_yaml_int)
SafeYamlLoader.add_constructor("tag:yaml.org,2002:float", SafeYamlLoader.construct_yaml_float)
SafeYamlLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, SafeYamlLoader.construct_mapping
)


def load_yaml(
    text: bytes | str, *, name: str, loader: type[SafeYamlLoader] = SafeYamlLoader
) -> Any:
    """Parse one YAML document with ``loader`` (``SafeYamlLoader`` or a subclass).

    Syntax errors become ``UnsafeFileError`` with the line and column.
    """
    if isinstance(text, bytes | bytearray):
        text = decode_text(bytes(text), name=name)
    named = type(loader.__name__, (loader,), {"file_name": name})
    instance = named(text)
    try:
        return instance.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (
            _(" at text line %(line)s, column %(column)s")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        raise UnsafeFileError(
            name,
            _("not valid YAML%(where)s: %(problem)s")
            % {"where": where, "problem": exc.problem or exc},
        ) from None
    except yaml.YAMLError as exc:
        raise UnsafeFileError(name, _("not valid YAML: %(problem)s") % {"problem": exc}) from None
    except RecursionError:  # guarded by max_depth; kept so it can never escape
        raise UnsafeFileError(name, _("lists and mappings nest too deeply.")) from None
    finally:
        instance.dispose()


def read_yaml(
    source: Source,
    *,
    name: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    loader: type[SafeYamlLoader] = SafeYamlLoader,
) -> Any:
    """``read_bounded`` then ``load_yaml``."""
    name = source_name(source, name)
    return load_yaml(read_bounded(source, max_bytes=max_bytes, name=name), name=name, loader=loader)


# Zip and xlsx ----------------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


def _declared_entries(handle: IO[bytes]) -> int | None:
    """The entry count in the end-of-central-directory record (zip64 too), or None if absent."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    tail_start = max(0, size - (22 + 65535))
    handle.seek(tail_start)
    tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    if entries != 0xFFFF:
        return entries
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
        return entries
    (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
    handle.seek(offset)
    record = handle.read(56)
    if len(record) < 56 or record[:4] != _ZIP64_EOCD:
        return entries
    (entries64,) = struct.unpack("<Q", record[32:40])
    return entries64


def check_zip(
    path_or_file: str | os.PathLike | IO[bytes] | bytes,
    *,
    name: str | None = None,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_uncompressed_bytes: int = MAX_ZIP_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    not_a_zip: str | None = None,
) -> list[zipfile.ZipInfo]:
    """Check a zip from its directory alone, before anything is decompressed; its entries.

    ``not_a_zip`` is the message for a file that is not a zip at all (e.g. "not an Excel
    workbook").
    """
    name = source_name(path_or_file, name)
    if isinstance(path_or_file, bytes | bytearray):
        path_or_file = io.BytesIO(path_or_file)
    opened = None
    if isinstance(path_or_file, str | os.PathLike):
        opened = path_or_file = open(path_or_file, "rb")  # noqa: SIM115 - closed below
    try:
        start = path_or_file.tell()
        declared = _declared_entries(path_or_file)
        path_or_file.seek(start)
        if declared is None:
            raise UnsafeFileError(name, not_a_zip or _("the file is not a zip archive."))
        if declared > max_entries:
            raise UnsafeFileError(
                name,
                _("the archive has %(n)s parts; at most %(max)s are allowed.")
                % {"n": declared, "max": max_entries},
            )
        try:
            with zipfile.ZipFile(path_or_file) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, struct.error):
            raise UnsafeFileError(name, not_a_zip or _("the file is not a zip archive.")) from None
        finally:
            path_or_file.seek(start)
    finally:
        if opened is not None:
            opened.close()
    if len(infos) > max_entries:
        raise UnsafeFileError(
            name,
            _("the archive has %(n)s parts; at most %(max)s are allowed.")
            % {"n": len(infos), "max": max_entries},
        )
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_uncompressed_bytes:
            raise UnsafeFileError(
                name,
                _(
                    "the archive would unpack to more than %(n)s MB (part “%(part)s” is "
                    "%(size)s MB); at most %(n)s MB are allowed."
                )
                % {
                    "n": _megabytes(max_uncompressed_bytes),
                    "part": _shorten(info.filename),
                    "size": _megabytes(info.file_size),
                },
            )
        if info.file_size > _RATIO_FLOOR_BYTES and (
            info.file_size > max_ratio * max(info.compress_size, 1)
        ):
            raise UnsafeFileError(
                name,
                _(
                    "part “%(part)s” of the archive unpacks %(ratio)s times larger than it is "
                    "stored, which only a decompression bomb does (at most %(max)s times)."
                )
                % {
                    "part": _shorten(info.filename),
                    "ratio": int(info.file_size / max(info.compress_size, 1)),
                    "max": int(max_ratio),
                },
            )
    return infos


NOT_A_WORKBOOK = _(
    "the file is not an Excel workbook (.xlsx); save it from Excel or LibreOffice as "
    "'Excel 2007-365 (.xlsx)' and try again"
)


def open_workbook(
    source: Source,
    *,
    name: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_uncompressed_bytes: int = MAX_ZIP_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    data_only: bool = True,
) -> Any:
    """An openpyxl workbook opened read-only (rows stream) after the size and zip checks.

    Only the errors a damaged or foreign file gives are turned into "not an Excel workbook";
    anything else (a ``MemoryError``, a bug) propagates unchanged. Close it when done.
    """
    from openpyxl import load_workbook  # openpyxl only where a workbook is read

    name = source_name(source, name)
    data = read_bounded(source, max_bytes=max_bytes, name=name)
    check_zip(
        data,
        name=name,
        max_entries=max_entries,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_ratio=max_ratio,
        not_a_zip=NOT_A_WORKBOOK,
    )
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, SyntaxError, ValueError, TypeError):
        # A zip that is not a workbook: openpyxl reports a missing part as KeyError, bad XML
        # as a ParseError (a SyntaxError, from expat or lxml), unexpected content as
        # ValueError/TypeError.
        raise UnsafeFileError(name, NOT_A_WORKBOOK) from None
