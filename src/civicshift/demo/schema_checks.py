"""The error of the demo data file and the small checkers that raise it.

Each checker takes a mapping read from the YAML file, a key and the path to it, and returns the
value or raises ``DemoDataError`` naming the key (``initiatives[2].status_path[0].to``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError


class DemoDataError(ValueError):
    """The demo data file is missing a key, has a wrong value, or refers to something unknown."""


def required(mapping: Any, key: str, path: str, kind: type | tuple[type, ...] = str) -> Any:
    where = f"{path}.{key}" if path else key
    if not isinstance(mapping, dict):
        raise DemoDataError(f"'{path or 'the file'}' must be a mapping of keys to values.")
    if key not in mapping or mapping[key] is None:
        raise DemoDataError(f"Missing required key '{where}'.")
    value = mapping[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise DemoDataError(f"Key '{where}' must be a {names}, not {type(value).__name__}.")
    if isinstance(value, str) and not value.strip() and kind is str:
        raise DemoDataError(f"Key '{where}' must not be empty.")
    return value


def optional(mapping: dict, key: str, path: str, kind: type, default: Any) -> Any:
    if mapping.get(key) is None:
        return default
    return required(mapping, key, path, kind)


def money(mapping: dict, key: str, path: str) -> Decimal:
    raw = required(mapping, key, path, (int, float, str))
    try:
        return Decimal(str(raw))
    except InvalidOperation as exc:
        raise DemoDataError(f"Key '{path}.{key}' must be a number.") from exc


def date(mapping: dict, key: str, path: str) -> dt.date:
    raw = required(mapping, key, path, (dt.date, str))
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise DemoDataError(f"Key '{path}.{key}' must be a date like 2027-07-01.") from exc


def choice(value: str, choices: list[str], where: str) -> str:
    if value not in choices:
        raise DemoDataError(f"Key '{where}' is '{value}'; expected one of: {', '.join(choices)}.")
    return value


def known_each(values: list[str], known: set[str], where: str, what: str) -> list[str]:
    for i, value in enumerate(values):
        if value not in known:
            raise DemoDataError(f"Key '{where}[{i}]' names unknown {what} '{value}'.")
    return values


def known_one(value: str, known: set[str], where: str, what: str) -> str:
    if value not in known:
        raise DemoDataError(f"Key '{where}' names unknown {what} '{value}'.")
    return value


def unique(values: list[str], where: str) -> None:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise DemoDataError(f"Key '{where}' repeats {', '.join(repeated)}.")


def strings(mapping: dict, key: str, path: str) -> list[str]:
    values = required(mapping, key, path, list)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise DemoDataError(f"Key '{path}.{key}[{i}]' must be non-empty text.")
    return values


def only(mapping: dict, allowed: set[str], where: str) -> None:
    """Refuse keys the reader does not know (a misspelt optional key would be ignored)."""
    unknown = sorted(str(k) for k in mapping if k not in allowed)
    if unknown:
        raise DemoDataError(
            f"Key '{where}.{unknown[0]}' is not known here; expected: {', '.join(sorted(allowed))}."
        )


def model_error(exc: ValidationError, keys: dict[str, str], where: str) -> DemoDataError:
    """The first error of a model's validation, with the model field named by its file key."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        key = keys.get(field, field)
        message = " ".join(ValidationError(errors).messages)
        return DemoDataError(f"Key '{where}.{key}': {message}")
    return DemoDataError(f"Key '{where}': {' '.join(exc.messages)}")
