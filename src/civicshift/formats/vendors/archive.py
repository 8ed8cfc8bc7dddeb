"""Safe, unique member names for a zip archive built from names people typed or uploaded.

A document's file name comes from whoever uploaded it, so it may say ``../../etc/passwd``,
``C:\\boot.ini``, ``CON.txt``, hold control characters, or repeat another's name. Inside the
archive every name must be a plain relative path under a folder we choose, readable on Windows,
macOS and Linux, and unique (case-insensitively, as Windows and macOS compare names), or
extracting it would overwrite one file with another or write outside the folder ("zip slip").

``safe_part(text)`` turns one name into a single safe path part; ``UniqueNames.add(folder,
name)`` gives the full member name, adding `` (2)``, `` (3)``… before the extension when the
name is already taken. No Django here.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest part kept (characters); most systems allow 255 bytes per part.
MAX_PART = 100
_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_part(text: str, default: str = "document") -> str:
    """One path part: the last part of ``text`` after any ``/`` or ``\\``, with every
    character outside letters, digits, ``. - _ ( )`` and spaces replaced by ``_``, no leading
    dots or spaces (no hidden files, no ``..``), no Windows device name, at most ``MAX_PART``
    characters (the extension kept)."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.split(r"[\\/]", text)[-1]
    text = _UNSAFE.sub("_", text).strip(" .")
    text = re.sub(r"_+", "_", text)
    if not text or set(text) <= {"_", ".", " "}:
        text = default
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if stem.lower() in _RESERVED or text.lower() in _RESERVED:
        text = f"_{text}"
        stem = f"_{stem}"
    if len(text) > MAX_PART:
        keep = extension[:10]
        text = stem[: MAX_PART - len(keep) - 1].rstrip(" .") + ("." + keep if keep else "")
    return text


class UniqueNames:
    """Member names handed out so far, compared case-insensitively."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def add(self, folder: str, name: str) -> str:
        """``folder/name`` made safe and unique (``folder`` may have several parts, each made
        safe; an empty folder puts the file at the top)."""
        parts = [safe_part(p, "folder") for p in re.split(r"[\\/]", folder) if p.strip()]
        prefix = "/".join(parts) + "/" if parts else ""
        base = safe_part(name)
        stem, dot, extension = base.rpartition(".")
        if not dot:
            stem, extension = base, ""
        candidate, counter = prefix + base, 2
        while candidate.lower() in self._used:
            candidate = f"{prefix}{stem} ({counter})" + (f".{extension}" if extension else "")
            counter += 1
        self._used.add(candidate.lower())
        return candidate
