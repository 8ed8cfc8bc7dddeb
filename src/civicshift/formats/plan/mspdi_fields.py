"""Reading MSPDI field values (whole numbers, numbers, 0/1, date-times, xsd:durations with their
format code) with one clear error per bad value, for ``mspdi_read``."""

from __future__ import annotations

import math
from datetime import datetime
from xml.etree.ElementTree import Element

from civicshift.core.schedule.model import Duration
from civicshift.formats.plan.errors import PlanFileError
from civicshift.formats.plan.mspdi_common import FORMAT_UNITS, parse_datetime, parse_duration

__all__ = ["FieldReader", "child_text"]


def child_text(element: Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip()


class FieldReader:
    """Typed reads of one element's children; each bad value names the element and task."""

    def __init__(self, file: str) -> None:
        self.file = file

    # Field helpers -----------------------------------------------------------------------

    def error(self, detail: str, *, element: str, task: Element | None = None) -> PlanFileError:
        task_id = task_name = None
        if task is not None:
            task_id = child_text(task, "UID")
            task_name = child_text(task, "Name") or None
        return PlanFileError(
            self.file, detail, element=element, task_id=task_id, task_name=task_name
        )

    def int(self, el: Element, tag: str, default: int | None, *, where: str, task=None):
        text = child_text(el, tag)
        if text is None or text == "":
            return default
        try:
            return int(text)
        except ValueError:
            raise self.error(
                f"{tag} {text!r} is not a whole number", element=where, task=task
            ) from None

    def number(self, el: Element, tag: str, default: float | None, *, where: str, task=None):
        text = child_text(el, tag)
        if text is None or text == "":
            return default
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise self.error(f"{tag} {text!r} is not a number", element=where, task=task)
        return value

    def bool(self, el: Element, tag: str, default: bool, *, where: str, task=None) -> bool:
        text = child_text(el, tag)
        if text is None or text == "":
            return default
        if text in {"1", "true"}:
            return True
        if text in {"0", "false"}:
            return False
        raise self.error(f"{tag} {text!r} is not 0 or 1", element=where, task=task)

    def datetime(self, el: Element, tag: str, *, where: str, task=None) -> datetime | None:
        text = child_text(el, tag)
        if text is None or text == "":
            return None
        value = parse_datetime(text)
        if value is None:
            raise self.error(
                f"{tag} {text!r} is not a date-time such as 2027-01-04T08:00:00",
                element=where,
                task=task,
            )
        return value

    def duration(self, el: Element, tag: str, fmt_tag: str, *, where: str, task=None):
        text = child_text(el, tag)
        code = self.int(el, fmt_tag, 7, where=where, task=task)
        if code not in FORMAT_UNITS:
            raise self.error(
                f"{fmt_tag} {code} is not a duration format of the MSPDI schema",
                element=where,
                task=task,
            )
        unit, elapsed = FORMAT_UNITS[code]
        if unit.endswith("%"):  # a percentage is a lag format, not a duration's
            unit = "ed" if elapsed else "d"
        if text is None or text == "":
            return Duration(0, elapsed, unit)
        minutes = parse_duration(text)
        if minutes is None:
            raise self.error(
                f"{tag} {text!r} is not an xsd:duration such as PT8H0M0S", element=where, task=task
            )
        if minutes < 0:
            raise self.error(
                f"the {tag} {text!r} is negative; a duration is zero or more",
                element=where,
                task=task,
            )
        return Duration(minutes, elapsed, unit)
