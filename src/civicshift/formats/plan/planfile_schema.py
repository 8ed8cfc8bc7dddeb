"""The plan file's JSON Schema (``plan-file.schema.json``, draft 2020-12) and its errors in
plain words: the first problem in file order, naming the task (id and name) and the field.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from civicshift.formats.plan.errors import PlanFileError

__all__ = ["plan_file_schema", "schema_error"]


@cache
def plan_file_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a plan file."""
    text = resources.files("civicshift.formats.plan").joinpath("plan-file.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@cache
def _validator() -> Any:
    import jsonschema

    schema = plan_file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# Schema errors in plain words ------------------------------------------------------------


def _describe(error: Any) -> str:
    kind, expected, got = error.validator, error.validator_value, error.instance
    field = error.absolute_path[-1] if error.absolute_path else None
    if kind == "required":
        missing = [k for k in expected if k not in got]
        return f"{missing[0]!r} is missing" if missing else "a field is missing"
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = sorted(str(k) for k in got if k not in error.schema.get("properties", {}))
        return f"unknown field {extra[0]!r} (allowed: {allowed})"
    if kind == "type":
        names = {"string": "text", "integer": "a whole number", "number": "a number"}
        wanted = expected if isinstance(expected, list) else [expected]
        return f"must be {' or '.join(names.get(w, w) for w in wanted)} (got {got!r})"
    if kind == "enum":
        return f"must be one of {', '.join(map(str, expected))} (got {got!r})"
    if kind in {"minimum", "maximum"}:
        word = "at least" if kind == "minimum" else "at most"
        return f"must be {word} {expected:g} (got {got!r})"
    if kind == "pattern" or (kind == "oneOf" and isinstance(got, str)):
        if field in {"duration", "optimistic", "likely", "pessimistic"} or "duration" in [
            str(p) for p in error.absolute_path
        ]:
            if isinstance(got, str) and got.startswith("-"):
                return f"the duration {got!r} is negative; a duration is zero or more"
            return f"{got!r} is not a duration such as 3d, 4h, 2w, 30m, 1mo, 2ed or 0d"
        if field == "lag":
            return f"{got!r} is not a lag such as 2d, -1d, 4h, 2ed or 50%"
        if kind == "pattern" and str(expected).startswith("^\\d{2}:"):
            return f"{got!r} is not working hours such as 08:00-12:00"
        return f"{got!r} is not a date-time such as 2027-01-04T08:00 or a date 2027-01-04"
    if kind == "oneOf":
        if field == "duration" or field == "manual":
            return (
                f"{got!r} is not a duration text or a {{optimistic, likely, pessimistic}} mapping"
            )
        return f"{got!r} is not a task id or a {{task, type, lag}} mapping"
    if kind == "maxItems":
        return f"has more than {expected} entries"
    if kind == "minLength":
        return "must not be empty"
    return error.message


def schema_error(data: Any, file: str) -> PlanFileError | None:
    errors = list(_validator().iter_errors(data))
    if not errors:
        return None

    def file_order(e: Any) -> list:
        return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path]

    # The first problem in file order (task 2 before task 10); for a oneOf, the most specific
    # branch (a pattern inside a mapping, …).
    error = min(errors, key=file_order)
    while error.validator == "oneOf" and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) <= len(error.absolute_path):
            break
        error = deepest
    path = list(error.absolute_path)
    task_id = task_name = None
    if len(path) >= 2 and path[0] == "tasks" and isinstance(path[1], int):
        raw = data["tasks"][path[1]]
        if isinstance(raw, dict):
            task_id = None if raw.get("id") is None else str(raw.get("id"))
            task_name = raw.get("name") if isinstance(raw.get("name"), str) else None
        if task_id is None:
            task_id = f"#{path[1] + 1}"
        path = path[2:]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    if not path and task_id is None and error.validator == "type":
        return PlanFileError(file, "the file must hold a mapping with title, start and tasks")
    return PlanFileError(
        file,
        _describe(error),
        element=f"field {field!r}" if field else None,
        task_id=task_id,
        task_name=task_name,
    )
