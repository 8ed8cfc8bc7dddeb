"""Reading and checking the demo data file, before anything touches the database.

The file is turned into plain dataclasses; any problem raises ``DemoDataError`` naming the key
(for example ``initiatives[2].status_path[0].to``), so a malformed file writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from civicshift.core.lifecycle import Status, TransitionError, check_transition
from civicshift.orgs.models import OrganizationKind
from civicshift.orgs.roles import Role

DATA_ID = "civicshift-demo-municipality"
SUPPORTED_VERSION = 1
DEFAULT_DATA_PATH = Path(__file__).resolve().parent / "data" / "demo-municipality.yaml"

STATUSES = [s.value for s in Status]


class DemoDataError(ValueError):
    """The demo data file is missing a key, has a wrong value, or refers to something unknown."""


@dataclass(frozen=True)
class DemoUser:
    key: str
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    title: str = ""
    site_admin: bool = False


@dataclass(frozen=True)
class StatusStep:
    to: str
    reason: str
    by: str | None = None


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    problem_statement: str
    proposed_solution: str
    created_by: str
    owner: str
    sponsors: list[str]
    goals: list[str]
    tags: list[str]
    cost_low: Decimal
    cost_high: Decimal
    target_start: dt.date
    target_end: dt.date
    status_path: list[StatusStep]

    @property
    def final_status(self) -> str:
        return self.status_path[-1].to if self.status_path else Status.IDEA.value


@dataclass(frozen=True)
class DemoOrganization:
    fields: dict[str, Any]
    users: list[DemoUser]
    #: (user key, role) for accounts defined earlier in the file.
    members: list[tuple[str, str]]
    departments: list[dict[str, str]]
    goals: list[dict[str, str]]
    initiatives: list[DemoInitiative]

    @property
    def slug(self) -> str:
        return self.fields["slug"]

    def roles(self) -> dict[str, str]:
        """User key → role in this organization."""
        return {**{u.key: u.role for u in self.users}, **dict(self.members)}

    def first_admin(self) -> str:
        return next(key for key, role in self.roles().items() if role == Role.ADMIN)


@dataclass(frozen=True)
class DemoData:
    id: str
    version: int
    organizations: list[DemoOrganization] = field(default_factory=list)

    @property
    def main(self) -> DemoOrganization:
        return self.organizations[0]

    def users(self) -> list[DemoUser]:
        return [u for org in self.organizations for u in org.users]


# Small checkers ------------------------------------------------------------------------------


def _get(mapping: Any, key: str, path: str, kind: type | tuple[type, ...] = str) -> Any:
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


def _opt(mapping: dict, key: str, path: str, kind: type, default: Any) -> Any:
    if mapping.get(key) is None:
        return default
    return _get(mapping, key, path, kind)


def _money(mapping: dict, key: str, path: str) -> Decimal:
    raw = _get(mapping, key, path, (int, float, str))
    try:
        return Decimal(str(raw))
    except InvalidOperation as exc:
        raise DemoDataError(f"Key '{path}.{key}' must be a number.") from exc


def _date(mapping: dict, key: str, path: str) -> dt.date:
    raw = _get(mapping, key, path, (dt.date, str))
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise DemoDataError(f"Key '{path}.{key}' must be a date like 2027-07-01.") from exc


def _choice(value: str, choices: list[str], where: str) -> str:
    if value not in choices:
        raise DemoDataError(f"Key '{where}' is '{value}'; expected one of: {', '.join(choices)}.")
    return value


def _known(values: list[str], known: set[str], where: str, what: str) -> list[str]:
    for i, value in enumerate(values):
        if value not in known:
            raise DemoDataError(f"Key '{where}[{i}]' names unknown {what} '{value}'.")
    return values


def _known_one(value: str, known: set[str], where: str, what: str) -> str:
    if value not in known:
        raise DemoDataError(f"Key '{where}' names unknown {what} '{value}'.")
    return value


def _unique(values: list[str], where: str) -> None:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise DemoDataError(f"Key '{where}' repeats {', '.join(repeated)}.")


def _strings(mapping: dict, key: str, path: str) -> list[str]:
    values = _get(mapping, key, path, list)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise DemoDataError(f"Key '{path}.{key}[{i}]' must be non-empty text.")
    return values


# The parts of the file ---------------------------------------------------------------------


def _organization_fields(raw: Any, path: str) -> dict[str, Any]:
    org = _get(raw, "organization", path, dict)
    where = f"{path}.organization" if path else "organization"
    fields = {
        key: _get(org, key, where, str) for key in ("name", "slug", "state_region", "currency")
    }
    fields["kind"] = _choice(_get(org, "kind", where), OrganizationKind.values, f"{where}.kind")
    fields["population"] = _get(org, "population", where, int)
    fields["fiscal_year_start_month"] = _get(org, "fiscal_year_start_month", where, int)
    fields["discount_rate"] = _money(org, "discount_rate", where)
    return fields


def _user(raw: Any, where: str, role_choices: list[str]) -> DemoUser:
    return DemoUser(
        key=_get(raw, "key", where),
        role=_choice(_get(raw, "role", where), role_choices, f"{where}.role"),
        email=_get(raw, "email", where).strip().lower(),
        password=_get(raw, "password", where),
        first_name=_get(raw, "first_name", where),
        last_name=_get(raw, "last_name", where),
        title=_opt(raw, "title", where, str, ""),
        site_admin=_opt(raw, "site_admin", where, bool, False),
    )


def _initiative(
    raw: Any, where: str, roles: dict[str, str], departments: set[str], goals: set[str]
) -> DemoInitiative:
    editors = {key for key, role in roles.items() if role in (Role.ADMIN, Role.EDITOR)}
    created_by = _known_one(
        _get(raw, "created_by", where), editors, f"{where}.created_by", "editor or admin"
    )
    owner = _known_one(_get(raw, "owner", where), set(roles), f"{where}.owner", "member")
    steps = []
    status, resume_to = Status.IDEA, None
    for i, step in enumerate(_get(raw, "status_path", where, list)):
        step_where = f"{where}.status_path[{i}]"
        to = _choice(_get(step, "to", step_where), STATUSES, f"{step_where}.to")
        by = _opt(step, "by", step_where, str, None)
        if by is not None:
            _known_one(by, editors, f"{step_where}.by", "editor or admin")
        try:
            target = check_transition(status, to, resume_to)
        except TransitionError as exc:
            raise DemoDataError(f"Key '{step_where}.to': {exc}") from exc
        resume_to = status if target is Status.ON_HOLD else None
        status = target
        steps.append(StatusStep(to=to, reason=_get(step, "reason", step_where), by=by))
    initiative = DemoInitiative(
        title=_get(raw, "title", where),
        problem_statement=_get(raw, "problem_statement", where),
        proposed_solution=_get(raw, "proposed_solution", where),
        created_by=created_by,
        owner=owner,
        sponsors=_known(
            _strings(raw, "sponsors", where), departments, f"{where}.sponsors", "department code"
        ),
        goals=_known(_strings(raw, "goals", where), goals, f"{where}.goals", "goal code"),
        tags=_strings(raw, "tags", where),
        cost_low=_money(raw, "cost_low", where),
        cost_high=_money(raw, "cost_high", where),
        target_start=_date(raw, "target_start", where),
        target_end=_date(raw, "target_end", where),
        status_path=steps,
    )
    if initiative.cost_low > initiative.cost_high:
        raise DemoDataError(f"Key '{where}.cost_high' must be at least cost_low.")
    if initiative.target_start > initiative.target_end:
        raise DemoDataError(f"Key '{where}.target_end' must be on or after target_start.")
    return initiative


def _org_block(raw: Any, path: str, known_users: dict[str, DemoUser]) -> DemoOrganization:
    prefix = f"{path}." if path else ""
    fields = _organization_fields(raw, path)
    roles = list(Role.values)
    users = [
        _user(u, f"{prefix}users[{i}]", roles) for i, u in enumerate(_get(raw, "users", path, list))
    ]
    members = []
    for i, m in enumerate(_opt(raw, "members", path, list, [])):
        where = f"{prefix}members[{i}]"
        key = _known_one(_get(m, "user", where), set(known_users), f"{where}.user", "user")
        members.append((key, _choice(_get(m, "role", where), roles, f"{where}.role")))
    for i, user in enumerate(users):
        if user.key in known_users or user.email in {u.email for u in known_users.values()}:
            raise DemoDataError(f"Key '{prefix}users[{i}]' repeats user '{user.key}'.")
        known_users[user.key] = user
    block_roles = {**{u.key: u.role for u in users}, **dict(members)}
    if Role.ADMIN not in block_roles.values():
        raise DemoDataError(f"Key '{prefix}users' needs at least one user with role admin.")
    departments = []
    for i, d in enumerate(_get(raw, "departments", path, list)):
        where = f"{prefix}departments[{i}]"
        departments.append({k: _get(d, k, where) for k in ("code", "name", "head")})
    goals = []
    for i, g in enumerate(_get(raw, "goals", path, list)):
        where = f"{prefix}goals[{i}]"
        goals.append(
            {
                "code": _get(g, "code", where),
                "statement": _get(g, "statement", where),
                "description": _opt(g, "description", where, str, ""),
                "position": i + 1,
            }
        )
    _unique([d["code"] for d in departments], f"{prefix}departments")
    _unique([d["name"] for d in departments], f"{prefix}departments")
    _unique([g["code"] for g in goals], f"{prefix}goals")
    department_codes = {d["code"] for d in departments}
    goal_codes = {g["code"] for g in goals}
    initiatives = [
        _initiative(x, f"{prefix}initiatives[{i}]", block_roles, department_codes, goal_codes)
        for i, x in enumerate(_get(raw, "initiatives", path, list))
    ]
    return DemoOrganization(fields, users, members, departments, goals, initiatives)


def parse_demo_data(raw: Any) -> DemoData:
    """Check the loaded YAML document and return it as dataclasses, or raise DemoDataError."""
    data_id = _get(raw, "id", "")
    if data_id != DATA_ID:
        raise DemoDataError(f"Key 'id' is '{data_id}'; expected '{DATA_ID}'.")
    version = _get(raw, "version", "", int)
    if version != SUPPORTED_VERSION:
        raise DemoDataError(
            f"Key 'version' is {version}; this CivicShift reads version {SUPPORTED_VERSION}."
        )
    known_users: dict[str, DemoUser] = {}
    organizations = [_org_block(raw, "", known_users)]
    for i, neighbour in enumerate(_opt(raw, "neighbours", "", list, [])):
        organizations.append(_org_block(neighbour, f"neighbours[{i}]", known_users))
    slugs = [o.slug for o in organizations]
    if len(set(slugs)) != len(slugs):
        raise DemoDataError("Key 'organization.slug' is repeated in 'neighbours'.")
    return DemoData(id=data_id, version=version, organizations=organizations)


def read_demo_data(path: Path | str | None = None) -> DemoData:
    """Read and check the demo data file (the packaged one by default)."""
    path = Path(path) if path is not None else DEFAULT_DATA_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DemoDataError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return parse_demo_data(raw)
    except DemoDataError as exc:
        raise DemoDataError(f"{path}: {exc}") from exc
