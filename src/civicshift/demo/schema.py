"""Reading and checking the demo data file, before anything touches the database.

The file is turned into plain dataclasses; any problem raises ``DemoDataError`` naming the key
(for example ``initiatives[2].status_path[0].to``), so a malformed file writes nothing. Each
module's own demo file (``civicshift/<app>/demo/``, see ``modules``) is read and checked here
too, before anything is written, and its entries are attached to their initiatives
(``DemoInitiative.sections``); the small checkers are in ``schema_checks``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from civicshift.core.lifecycle import Status, TransitionError, check_transition
from civicshift.orgs.models import OrganizationKind
from civicshift.orgs.roles import Role

from .modules import DemoModule, demo_modules, read_module_entries, read_yaml
from .schema_checks import (
    DemoDataError,
    choice,
    date,
    known_each,
    known_one,
    money,
    optional,
    required,
    strings,
    unique,
)

DATA_ID = "civicshift-demo-municipality"
SUPPORTED_VERSION = 1
DEFAULT_DATA_PATH = Path(__file__).resolve().parent / "data" / "demo-municipality.yaml"

STATUSES = [s.value for s in Status]


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
    #: The modules' demo entries for this initiative, by module key (e.g. "business_case").
    sections: dict[str, Any] = field(default_factory=dict)

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
    #: The modules' organization-wide demo data (``DemoModule.read_organization``), by key.
    sections: dict[str, Any] = field(default_factory=dict)

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


# The parts of the file ---------------------------------------------------------------------


def _organization_fields(raw: Any, path: str) -> dict[str, Any]:
    org = required(raw, "organization", path, dict)
    where = f"{path}.organization" if path else "organization"
    fields = {
        key: required(org, key, where, str) for key in ("name", "slug", "state_region", "currency")
    }
    fields["kind"] = choice(required(org, "kind", where), OrganizationKind.values, f"{where}.kind")
    fields["population"] = required(org, "population", where, int)
    fields["fiscal_year_start_month"] = required(org, "fiscal_year_start_month", where, int)
    fields["discount_rate"] = money(org, "discount_rate", where)
    time_zone = optional(org, "time_zone", where, str, "")
    if time_zone:
        fields["time_zone"] = time_zone
    return fields


def _user(raw: Any, where: str, role_choices: list[str]) -> DemoUser:
    return DemoUser(
        key=required(raw, "key", where),
        role=choice(required(raw, "role", where), role_choices, f"{where}.role"),
        email=required(raw, "email", where).strip().lower(),
        password=required(raw, "password", where),
        first_name=required(raw, "first_name", where),
        last_name=required(raw, "last_name", where),
        title=optional(raw, "title", where, str, ""),
        site_admin=optional(raw, "site_admin", where, bool, False),
    )


def _initiative(
    raw: Any, where: str, roles: dict[str, str], departments: set[str], goals: set[str]
) -> DemoInitiative:
    editors = {key for key, role in roles.items() if role in (Role.ADMIN, Role.EDITOR)}
    created_by = known_one(
        required(raw, "created_by", where), editors, f"{where}.created_by", "editor or admin"
    )
    owner = known_one(required(raw, "owner", where), set(roles), f"{where}.owner", "member")
    steps = []
    status, resume_to = Status.IDEA, None
    for i, step in enumerate(required(raw, "status_path", where, list)):
        step_where = f"{where}.status_path[{i}]"
        to = choice(required(step, "to", step_where), STATUSES, f"{step_where}.to")
        by = optional(step, "by", step_where, str, None)
        if by is not None:
            known_one(by, editors, f"{step_where}.by", "editor or admin")
        try:
            target = check_transition(status, to, resume_to)
        except TransitionError as exc:
            raise DemoDataError(f"Key '{step_where}.to': {exc}") from exc
        resume_to = status if target is Status.ON_HOLD else None
        status = target
        steps.append(StatusStep(to=to, reason=required(step, "reason", step_where), by=by))
    initiative = DemoInitiative(
        title=required(raw, "title", where),
        problem_statement=required(raw, "problem_statement", where),
        proposed_solution=required(raw, "proposed_solution", where),
        created_by=created_by,
        owner=owner,
        sponsors=known_each(
            strings(raw, "sponsors", where), departments, f"{where}.sponsors", "department code"
        ),
        goals=known_each(strings(raw, "goals", where), goals, f"{where}.goals", "goal code"),
        tags=strings(raw, "tags", where),
        cost_low=money(raw, "cost_low", where),
        cost_high=money(raw, "cost_high", where),
        target_start=date(raw, "target_start", where),
        target_end=date(raw, "target_end", where),
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
        _user(u, f"{prefix}users[{i}]", roles)
        for i, u in enumerate(required(raw, "users", path, list))
    ]
    members = []
    for i, m in enumerate(optional(raw, "members", path, list, [])):
        where = f"{prefix}members[{i}]"
        key = known_one(required(m, "user", where), set(known_users), f"{where}.user", "user")
        members.append((key, choice(required(m, "role", where), roles, f"{where}.role")))
    for i, user in enumerate(users):
        if user.key in known_users or user.email in {u.email for u in known_users.values()}:
            raise DemoDataError(f"Key '{prefix}users[{i}]' repeats user '{user.key}'.")
        known_users[user.key] = user
    block_roles = {**{u.key: u.role for u in users}, **dict(members)}
    if Role.ADMIN not in block_roles.values():
        raise DemoDataError(f"Key '{prefix}users' needs at least one user with role admin.")
    departments = []
    for i, d in enumerate(required(raw, "departments", path, list)):
        where = f"{prefix}departments[{i}]"
        departments.append({k: required(d, k, where) for k in ("code", "name", "head")})
    goals = []
    for i, g in enumerate(required(raw, "goals", path, list)):
        where = f"{prefix}goals[{i}]"
        goals.append(
            {
                "code": required(g, "code", where),
                "statement": required(g, "statement", where),
                "description": optional(g, "description", where, str, ""),
                "position": i + 1,
            }
        )
    unique([d["code"] for d in departments], f"{prefix}departments")
    unique([d["name"] for d in departments], f"{prefix}departments")
    unique([g["code"] for g in goals], f"{prefix}goals")
    department_codes = {d["code"] for d in departments}
    goal_codes = {g["code"] for g in goals}
    initiatives = [
        _initiative(x, f"{prefix}initiatives[{i}]", block_roles, department_codes, goal_codes)
        for i, x in enumerate(required(raw, "initiatives", path, list))
    ]
    return DemoOrganization(fields, users, members, departments, goals, initiatives)


def parse_demo_data(raw: Any, modules: dict[str, Any] | None = None) -> DemoData:
    """Check the loaded YAML document and return it as dataclasses, or raise DemoDataError.

    ``modules`` maps each ``DemoModule`` key to its loaded data file (read from the packaged
    files when missing); their entries are attached to the main organization's initiatives.
    """
    data_id = required(raw, "id", "")
    if data_id != DATA_ID:
        raise DemoDataError(f"Key 'id' is '{data_id}'; expected '{DATA_ID}'.")
    version = required(raw, "version", "", int)
    if version != SUPPORTED_VERSION:
        raise DemoDataError(
            f"Key 'version' is {version}; this CivicShift reads version {SUPPORTED_VERSION}."
        )
    known_users: dict[str, DemoUser] = {}
    organizations = [_org_block(raw, "", known_users)]
    for i, neighbour in enumerate(optional(raw, "neighbours", "", list, [])):
        organizations.append(_org_block(neighbour, f"neighbours[{i}]", known_users))
    slugs = [o.slug for o in organizations]
    if len(set(slugs)) != len(slugs):
        raise DemoDataError("Key 'organization.slug' is repeated in 'neighbours'.")
    main = organizations[0]
    by_title = {initiative.title: initiative for initiative in main.initiatives}
    modules = modules or {}
    for module in demo_modules():
        _attach(module, modules.get(module.key), by_title, main)
    return DemoData(id=data_id, version=version, organizations=organizations)


def _attach(
    module: DemoModule, raw: Any, by_title: dict[str, DemoInitiative], main: DemoOrganization
) -> None:
    path = module.data_path
    if raw is None:
        raw = read_yaml(path)
    try:
        entries = read_module_entries(module, raw, set(by_title))
        if module.read_organization is not None:
            main.sections[module.key] = module.read_organization(
                raw, {d["code"] for d in main.departments}, set(main.roles())
            )
    except DemoDataError as exc:
        raise DemoDataError(f"{path.name}: {exc}") from exc
    for title, entry in entries.items():
        by_title[title].sections[module.key] = entry


def read_demo_data(
    path: Path | str | None = None, module_paths: dict[str, Path] | None = None
) -> DemoData:
    """Read and check the demo data file (the packaged one by default) and the modules' files
    (``module_paths`` overrides a module's packaged file, by module key)."""
    path = Path(path) if path is not None else DEFAULT_DATA_PATH
    raw = read_yaml(path)
    modules = {key: read_yaml(p) for key, p in (module_paths or {}).items()}
    try:
        return parse_demo_data(raw, modules)
    except DemoDataError as exc:
        if str(exc).startswith(tuple(f"{m.data_path.name}:" for m in demo_modules())):
            raise
        raise DemoDataError(f"{path}: {exc}") from exc
