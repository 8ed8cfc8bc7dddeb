"""Business-case files: YAML and JSON in, ``civicshift.core.cases.Case`` out; JSON results out.

The format is documented for users in ``docs/business-case-file.md``, and formally by the JSON
Schema (draft 2020-12) in ``schemas/case-file.schema.json``. A file is checked against the schema
first (types, required fields, unknown fields), then against the model's rules (low ≤ likely ≤
high, periods within the horizon, ...). Every problem names the file, the line (number and name)
and the field; schema problems are all reported at once.

Readers are chosen by extension from ``READERS`` (the xlsx template reader plugs in there).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from civicshift import __version__
from civicshift.core import optimism
from civicshift.core.cases import (
    Analysis,
    Case,
    CaseError,
    Estimate,
    Line,
    OptimismBias,
    analyze,
    basis_warnings,
    default_in_npv,
    estimate_from,
)
from civicshift.formats import safety

MAX_FILE_BYTES = 5 * 1024 * 1024

_TYPE_NAMES = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value)",
    "boolean": "true or false",
}


class CaseFileError(CaseError):
    """Problems in a case file; ``problems`` holds one CaseError per problem (first one first)."""

    def __init__(self, path: str | Path, problems: list[CaseError] | str) -> None:
        if isinstance(problems, str):
            problems = [CaseError(problems)]
        self.path = str(path)
        self.problems = problems
        first = problems[0]
        self.detail, self.field = first.detail, first.field
        self.line_index, self.line_name = first.line_index, first.line_name
        ValueError.__init__(self, "\n".join(f"{self.path}: {p}" for p in problems))


# --- reading --------------------------------------------------------------------------------


class _CaseYamlLoader(safety.SafeYamlLoader):
    """``formats.safety``'s YAML (no aliases, bounded nesting and numbers, no repeated keys)
    that also reads 1e5 as a number: YAML 1.1 (PyYAML) reads it as text, YAML 1.2 and JSON as
    a number. ``.inf``/``.nan`` are let through: the case's rules refuse them naming the line
    and the field."""

    allow_non_finite = True


_CaseYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def _load_yaml(path: Path) -> Any:
    try:
        return safety.read_yaml(
            path, name=str(path), max_bytes=MAX_FILE_BYTES, loader=_CaseYamlLoader
        )
    except safety.UnsafeFileError as exc:
        raise CaseFileError(path, exc.problem) from None


def _load_json(path: Path) -> Any:
    try:
        return safety.read_json(path, name=str(path), max_bytes=MAX_FILE_BYTES)
    except safety.UnsafeFileError as exc:
        raise CaseFileError(path, exc.problem) from None


def _read_yaml_case(path: Path) -> Case:
    return case_from_dict(_load_yaml(path), source=str(path))


def _read_json_case(path: Path) -> Case:
    return case_from_dict(_load_json(path), source=str(path))


def _read_xlsx_case(path: Path) -> Case:
    from civicshift.formats.cases.template_reader import read_case_template  # openpyxl if needed

    return read_case_template(path)


#: Extension (lower case, with the dot) → reader returning a Case or raising CaseFileError.
READERS: dict[str, Callable[[Path], Case]] = {
    ".yaml": _read_yaml_case,
    ".yml": _read_yaml_case,
    ".json": _read_json_case,
    ".xlsx": _read_xlsx_case,
}


def read_case(path: str | Path) -> Case:
    """Read a business-case file (by extension: .yaml, .yml, .json). Raises CaseFileError."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise CaseFileError(
            path, f"cannot read {path.suffix or 'files without an extension'!r} files; use {known}"
        )
    return reader(path)


# --- schema and model checks ----------------------------------------------------------------


@cache
def case_file_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a case file."""
    text = resources.files("civicshift.formats.cases").joinpath("schemas/case-file.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@cache
def _validator() -> Any:
    import jsonschema

    schema = case_file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _describe(error: Any) -> tuple[str, str | None]:
    """A plain-words message for a jsonschema error, and the field it is about (if any)."""
    kind, expected, got = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in got]
        if missing and missing[0] in ("from", "to"):
            return "is missing (give years: [...] or from: and to:)", missing[0]
        return "is missing", missing[0] if missing else None
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in got if k not in allowed)
        return f"unknown field (allowed: {', '.join(sorted(allowed))})", extra[0] if extra else None
    if kind == "type":
        return f"must be {_TYPE_NAMES.get(expected, expected)} (got {got!r})", None
    if kind == "enum":
        return f"must be one of {', '.join(map(str, expected))} (got {got!r})", None
    if kind == "minimum":
        return f"must be at least {expected:g} (got {got!r})", None
    if kind == "maximum":
        return f"must be at most {expected:g} (got {got!r})", None
    if kind == "exclusiveMinimum":
        return f"must be greater than {expected:g} (got {got!r})", None
    if kind in ("minItems", "minLength"):
        return "must not be empty", None
    if kind == "uniqueItems":
        return "lists the same value more than once", None
    if kind == "not":
        return "give either years: [...] or from: and to:, not both", "years"
    if kind == "anyOf" and isinstance(got, dict) and "years" not in got:
        missing = "from" if "from" not in got else "to"
        return "is missing (give years: [...] or from: and to:)", missing
    return error.message, None


def _schema_problems(data: Any) -> list[CaseError]:
    problems = []
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    for error in errors:
        detail, extra_field = _describe(error)
        path = list(error.absolute_path)
        line_index = line_name = None
        if len(path) >= 2 and path[0] == "lines" and isinstance(path[1], int):
            line_index = path[1]
            raw = data["lines"][line_index]
            name = raw.get("name") if isinstance(raw, dict) else None
            line_name = name if isinstance(name, str) else None
            path = path[2:]
        parts = [*path, extra_field] if extra_field else path
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")
        if not field and line_index is None and error.validator == "type":
            detail = "the file must hold a mapping with title, start_year, ... and lines"
        problems.append(
            CaseError(detail, field=field or None, line_index=line_index, line_name=line_name)
        )
    return problems


def _estimate(amount: Any, where: dict) -> Estimate:
    """The line's amount through the one rule for ranges (``core.cases.estimate_from``)."""
    if isinstance(amount, dict):
        return estimate_from(
            amount.get("low"), amount["likely"], amount.get("high"), amount.get("dist"), **where
        )
    return estimate_from(None, amount, None, "point", **where)


def _line_from_dict(raw: dict, index: int, horizon: int) -> Line:
    where = {"line_index": index, "line_name": raw["name"]}
    per_year = tuple(raw.get("per_year", ()))
    if "amount" not in raw and not per_year:
        raise CaseError("is missing (give amount:, or per_year: [...])", field="amount", **where)
    estimate = _estimate(raw.get("amount", 1), where)
    if "years" in raw:
        periods = tuple(raw["years"])
        late = [p for p in periods if p > horizon]
        if late:
            raise CaseError(
                f"period {late[0]} is after the horizon (periods 0..{horizon})",
                field="years",
                **where,
            )
    elif "to" not in raw:  # from: and per_year: one period per amount (checked by the core)
        first = raw["from"]
        periods = tuple(range(first, max(first, min(first + len(per_year) - 1, horizon)) + 1))
    else:
        first, last = raw["from"], raw["to"]
        if first > last:
            raise CaseError(f"from ({first}) is after to ({last})", field="from", **where)
        if last > horizon:
            raise CaseError(
                f"period {last} is after the horizon (periods 0..{horizon})", field="to", **where
            )
        periods = tuple(range(first, last + 1))
    return Line(
        name=raw["name"],
        kind=raw["kind"],
        amount=estimate,
        periods=periods,
        escalation=raw.get("escalation", 0.0),
        ramp=tuple(raw.get("ramp", ())),
        category=raw.get("category", ""),
        in_npv=raw.get("in_npv", default_in_npv(raw.get("category", ""))),
        per_year=per_year,
    )


def _optimism_from_dict(raw: dict | None) -> OptimismBias | None:
    """``optimism_bias`` of a file: uplifts 0 to 3 (the core refuses others), a known
    reference category, and a reason whenever an uplift is set."""
    if raw is None:
        return None
    bias = OptimismBias(
        one_time=raw.get("one_time", 0.0),
        recurring=raw.get("recurring", 0.0),
        duration=raw.get("duration", 0.0),
        category=raw.get("category", ""),
        reason=raw.get("reason", ""),
    )
    if bias.category and optimism.reference().get(bias.category) is None:
        known = ", ".join(c.key for c in optimism.reference().categories)
        raise CaseError(
            f"unknown project type {bias.category!r} (known: {known})",
            field="optimism_bias.category",
        )
    for name in ("one_time", "recurring", "duration"):
        value = getattr(bias, name)
        if isinstance(value, float) and not math.isfinite(value):
            raise CaseError(f"must be a finite number (got {value})", field=f"optimism_bias.{name}")
    if not bias.is_zero and not bias.reason.strip():
        raise CaseError(
            "say why the uplifts sit where they do (required when an uplift is set)",
            field="optimism_bias.reason",
        )
    return None if bias.is_zero and not bias.category else bias


def case_from_dict(data: Any, source: str = "<case>") -> Case:
    """Build a Case from the parsed file contents; CaseFileError names ``source`` in messages."""
    problems = _schema_problems(data)
    if problems:
        raise CaseFileError(source, problems)
    lines = []
    for index, raw in enumerate(data["lines"]):
        try:
            lines.append(_line_from_dict(raw, index, data["horizon_years"]))
        except CaseError as exc:
            problems.append(exc)
    try:
        bias = _optimism_from_dict(data.get("optimism_bias"))
    except CaseError as exc:
        problems.append(exc)
    if problems:
        raise CaseFileError(source, problems)
    try:
        return Case(
            title=data["title"],
            start_year=data["start_year"],
            horizon_years=data["horizon_years"],
            discount_rate=data["discount_rate"],
            lines=tuple(lines),
            finance_rate=data.get("finance_rate"),
            reinvest_rate=data.get("reinvest_rate"),
            basis=data.get("basis", "real"),
            inflation=data.get("inflation", 0.0),
            lead=data.get("lead", "expected"),
            alternative_rate=data.get("alternative_rate"),
            alternative_rate_label=data.get("alternative_rate_label", ""),
            optimism=bias,
        )
    except CaseError as exc:
        if exc.field == "periods" and exc.line_index is not None:
            raw = data["lines"][exc.line_index]
            field = "years" if "years" in raw else "from"
            exc = CaseError(
                exc.detail, field=field, line_index=exc.line_index, line_name=exc.line_name
            )
        raise CaseFileError(source, [exc]) from None


# --- writing --------------------------------------------------------------------------------


def _number(value: float) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def case_to_dict(case: Case) -> dict:
    """The case in the file format (``case_from_dict(case_to_dict(c)) == c``)."""
    lines = []
    for line in case.lines:
        est = line.amount
        raw: dict[str, Any] = {"name": line.name, "kind": line.kind}
        if line.category:
            raw["category"] = line.category
        if est.dist == "point":
            raw["amount"] = _number(est.likely)
        else:
            raw["amount"] = {k: _number(getattr(est, k)) for k in ("low", "likely", "high")}
            raw["amount"]["dist"] = est.dist
        periods = sorted(line.periods)
        if periods == list(range(periods[0], periods[-1] + 1)) and len(periods) > 1:
            raw["from"], raw["to"] = periods[0], periods[-1]
        else:
            raw["years"] = periods
        if line.per_year:
            raw["per_year"] = [_number(v) for v in line.per_year]
            if est.dist == "point" and est.likely == 1:
                del raw["amount"]
        if line.escalation:
            raw["escalation"] = line.escalation
        if line.ramp:
            raw["ramp"] = list(line.ramp)
        if not line.in_npv:
            raw["in_npv"] = False
        lines.append(raw)
    data: dict[str, Any] = {
        "title": case.title,
        "start_year": case.start_year,
        "horizon_years": case.horizon_years,
        "discount_rate": case.discount_rate,
    }
    for field in ("finance_rate", "reinvest_rate"):
        if getattr(case, field) is not None:
            data[field] = getattr(case, field)
    # The terms, where they differ from a file that leaves them out.
    for field, default in (("basis", "real"), ("inflation", 0.0), ("lead", "expected")):
        if getattr(case, field) != default:
            data[field] = getattr(case, field)
    if case.alternative_rate is not None:
        data["alternative_rate"] = case.alternative_rate
        if case.alternative_rate_label:
            data["alternative_rate_label"] = case.alternative_rate_label
    if case.optimism is not None:
        bias = case.optimism
        data["optimism_bias"] = {
            "category": bias.category,
            "one_time": bias.one_time,
            "recurring": bias.recurring,
            "duration": bias.duration,
            "reason": bias.reason,
        }
        if not bias.category:
            del data["optimism_bias"]["category"]
    data["lines"] = lines
    return data


def _is_float(value: object) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool)


def _json_number(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def analysis_to_json(
    case: Case,
    analysis: Analysis,
    monte_carlo: Any = None,
    tornado: Any = None,
    switching_values: Any = None,
) -> dict:
    """A JSON-ready dict of the figures (None → null: "not defined" / "not within the horizon").

    ``monte_carlo`` is a MonteCarloResult, ``tornado`` a list of TornadoBar and
    ``switching_values`` a list of SwitchingValue (each optional). The inputs (``case``) and the
    version are included so that the figures can be reproduced.
    """
    figures = vars(analysis)  # in the order of Analysis' fields
    result: dict[str, Any] = {"version": __version__, "title": case.title}
    result.update({k: _json_number(v) for k, v in figures.items() if v is None or _is_float(v)})
    result["irrs"] = [float(r) for r in analysis.irrs]
    result["irr_warning"] = analysis.irr_warning
    result["lead"] = case.lead
    expected = analysis if analysis.at == "expected" else analyze(case, at="expected")
    result["expected"] = {
        "npv": expected.npv,
        "irr": _json_number(expected.irr),
        "bcr": _json_number(expected.bcr),
        "payback_years": _json_number(expected.payback_years),
    }
    result["terms"] = {
        "basis": case.basis,
        "inflation": case.inflation,
        "real_rate": case.real_rate,
        "nominal_rate": case.nominal_rate,
        "warnings": basis_warnings(case),
    }
    if case.has_bias:
        plain = case.without_bias()
        result["before_optimism_bias"] = {
            "npv": analyze(plain).npv,
            "expected_npv": analyze(plain, at="expected").npv,
        }
    result["cash_flows"] = [float(x) for x in analysis.net]
    columns = [k for k, v in figures.items() if isinstance(v, np.ndarray)]
    result["periods"] = [
        {"period": t, "fiscal_year": year} | {k: float(figures[k][t]) for k in columns}
        for t, year in enumerate(analysis.fiscal_years)
    ]
    if monte_carlo is not None:
        mc = monte_carlo
        npv = {"mean": mc.npv_mean, "std": mc.npv_std}
        npv.update({f"p{p}": value for p, value in mc.percentiles.items()})
        result["monte_carlo"] = {
            "iterations": mc.iterations,
            "seed": mc.seed,
            "version": mc.version,
            "npv": npv,
            "prob_npv_positive": mc.prob_npv_positive,
            "prob_payback_within": {str(n): p for n, p in mc.prob_payback_within.items()},
            "histogram": {"edges": list(mc.histogram_edges), "counts": list(mc.histogram_counts)},
        }
    if tornado is not None:
        result["tornado"] = [
            {"line": bar.line, "npv_low": bar.npv_low, "npv_high": bar.npv_high} for bar in tornado
        ]
    if switching_values is not None:
        result["switching_values"] = [
            {"line": s.line, "value": s.value, "change_pct": s.change_pct} for s in switching_values
        ]
    result["case"] = case_to_dict(case)
    return result
