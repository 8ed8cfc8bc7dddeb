"""iCalendar (RFC 5545) text helpers shared by the feeds: the plan's milestones
(``formats/plan/ics.py``) and the funding deadlines (``formats/funding/ics.py``)."""

from __future__ import annotations

__all__ = ["escape_text", "fold_line"]


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT escaping."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str, limit: int = 75) -> str:
    """One content line folded to at most ``limit`` octets per physical line (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    pieces: list[bytes] = []
    start = 0
    width = limit
    while len(data) - start > width:
        end = start + width
        while end > start and (data[end] & 0xC0) == 0x80:  # not inside a UTF-8 sequence
            end -= 1
        pieces.append(data[start:end])
        start = end
        width = limit - 1  # continuation lines begin with one space
    pieces.append(data[start:])
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces)
