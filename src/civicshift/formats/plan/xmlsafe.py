"""Parsing an uploaded XML file without letting it attack the server.

defusedxml's ``iterparse`` with ``forbid_dtd``: a document type declaration of any kind (the
vehicle of external entities, XXE, and of entity expansion, "billion laughs") is refused before
any entity is defined; entities and external references are refused too should a parser ever
see one. The nesting depth is counted on the ``start`` events and refused past ``max_depth``
before the tree grows deeper; the size is bounded by the caller (``safety.read_bounded``).
Tags lose their namespace (``{http://schemas.microsoft.com/project}Task`` → ``Task``) so that
files written with and without the MSPDI namespace read alike.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml import ElementTree as SafeET

from civicshift.formats.plan.errors import PlanFileError

#: MSPDI nests about eight levels (Project/Calendars/Calendar/WeekDays/WeekDay/WorkingTimes/
#: WorkingTime/FromTime); anything far deeper is not a plan.
MAX_XML_DEPTH = 32


def parse_xml(data: bytes, *, name: str, max_depth: int = MAX_XML_DEPTH) -> tuple[Element, str]:
    """The root element (tags without namespace) and the root's namespace ("" if none)."""
    depth = 0
    root: Element | None = None
    namespace = ""
    try:
        for event, element in SafeET.iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start":
                depth += 1
                if depth > max_depth:
                    raise PlanFileError(
                        name,
                        f"the XML nests more than {max_depth} elements deep; "
                        "a Microsoft Project file nests fewer than ten",
                        element=_local(element.tag),
                    )
                if root is None:
                    root = element
                    if element.tag.startswith("{"):
                        namespace = element.tag[1:].split("}", 1)[0]
                element.tag = _local(element.tag)
            else:
                depth -= 1
    except DTDForbidden:
        raise PlanFileError(
            name,
            "the XML has a document type declaration (<!DOCTYPE …>), which is refused: it is "
            "how a file pulls in outside files or expands entities; Microsoft Project never "
            "writes one",
        ) from None
    except EntitiesForbidden:
        raise PlanFileError(
            name, "the XML declares entities, which are refused (entity expansion attack)"
        ) from None
    except ExternalReferenceForbidden:
        raise PlanFileError(
            name, "the XML refers to an outside file or address, which is refused"
        ) from None
    except DefusedXmlException as exc:  # any other refusal defusedxml adds
        raise PlanFileError(name, f"the XML is refused: {type(exc).__name__}") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":", 1)[0]
        raise PlanFileError(
            name, f"not well-formed XML at line {line}, column {column + 1}: {reason}"
        ) from None
    if root is None:
        raise PlanFileError(name, "the file is empty")
    return root, namespace


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag
