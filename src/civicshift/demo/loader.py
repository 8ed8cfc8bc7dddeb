"""Load the demo municipality (and its neighbour) from the versioned data file.

Everything is written through the apps' services, acting as the demo people themselves, so the
audit trail and status history look like real use: the IT director creates the organization
and its departments, the project manager proposes initiatives, and so on.

Each module adds its part through its ``DemoModule`` (``civicshift/<app>/demo/``, see
``modules``): for example the business cases of initiatives past "idea", written through the case
services by the person who proposed the initiative, right after it is created.

Loading happens once: if the main organization's slug already exists nothing is written. The
whole load is one transaction, so a failure part-way leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from civicshift.initiatives.models import Initiative
from civicshift.initiatives.services import initiative_change_status, initiative_create
from civicshift.orgs.models import Department, Organization, StrategicGoal
from civicshift.orgs.services import (
    department_create,
    goal_create,
    membership_create,
    organization_create,
)
from civicshift.web.admin_site import make_site_administrator

from .modules import demo_modules
from .schema import (
    DemoData,
    DemoInitiative,
    DemoOrganization,
    DemoUser,
    read_demo_data,
)

#: (role, e-mail, password) of one demo account.
Login = tuple[str, str, str]


@dataclass
class DemoResult:
    """What ``load_demo`` did: the main organization, whether it was created now, the logins."""

    organization: Organization
    created: bool
    logins: list[Login] = field(default_factory=list)


def demo_logins(data: DemoData) -> list[Login]:
    """The demo accounts: the role in the main organization, or "role (Neighbour name)"."""
    logins = []
    for block in data.organizations:
        for user in block.users:
            role = user.role if block is data.main else f"{user.role} ({block.fields['name']})"
            logins.append((role, user.email, user.password))
    return logins


def load_demo(
    *, data_path: Path | str | None = None, module_paths: dict[str, Path] | None = None
) -> DemoResult:
    """Create the demo organizations, people and initiatives, unless they already exist.

    Raises ``DemoDataError`` (naming the key) if the data file is malformed; nothing is written
    then, because the file is fully checked before the first write.
    """
    data = read_demo_data(data_path, module_paths)
    logins = demo_logins(data)
    existing = Organization.objects.filter(slug=data.main.slug).first()
    if existing is not None:
        return DemoResult(organization=existing, created=False, logins=logins)
    with transaction.atomic():
        users = {u.key: _user_for(u) for u in data.users()}
        site_admin = next((users[u.key] for u in data.users() if u.site_admin), None)
        organizations = [
            _load_organization(block, users, site_admin) for block in data.organizations
        ]
    return DemoResult(organization=organizations[0], created=True, logins=logins)


def _user_for(demo_user: DemoUser):
    """The demo account, created with its demo password; an existing account is reused as is."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=demo_user.email).order_by("id").first()
    if user is not None:
        return user
    user = User(
        username=demo_user.email,
        email=demo_user.email,
        first_name=demo_user.first_name,
        last_name=demo_user.last_name,
    )
    user.set_password(demo_user.password)
    user.save()
    if demo_user.site_admin:
        make_site_administrator(user)
    return user


def _load_organization(block: DemoOrganization, users: dict, site_admin) -> Organization:
    existing = Organization.objects.filter(slug=block.slug).first()
    if existing is not None:
        return existing  # a neighbour someone created by hand: leave it alone
    admin_key = block.first_admin()
    admin = users[admin_key]
    organization = organization_create(actor=site_admin, first_admin=admin, **block.fields)
    for key, role in block.roles().items():
        if key != admin_key:
            membership_create(actor=admin, organization=organization, user=users[key], role=role)
    departments = {
        d["code"]: department_create(actor=admin, organization=organization, **d)
        for d in block.departments
    }
    goals = {
        g["code"]: goal_create(actor=admin, organization=organization, **g) for g in block.goals
    }
    for module in demo_modules():
        if module.key in block.sections:
            module.load_organization(
                block.sections[module.key],
                organization=organization,
                author=admin,
                departments=departments,
                users=users,
            )
    for demo in block.initiatives:
        _load_initiative(demo, organization, users, departments, goals)
    return organization


def _load_initiative(
    demo: DemoInitiative,
    organization: Organization,
    users: dict,
    departments: dict[str, Department],
    goals: dict[str, StrategicGoal],
) -> Initiative:
    author = users[demo.created_by]
    initiative = initiative_create(
        actor=author,
        organization=organization,
        tag_names=demo.tags,
        title=demo.title,
        problem_statement=demo.problem_statement,
        proposed_solution=demo.proposed_solution,
        sponsor_departments=[departments[code] for code in demo.sponsors],
        goals=[goals[code] for code in demo.goals],
        owner=users[demo.owner],
        cost_low=demo.cost_low,
        cost_high=demo.cost_high,
        target_start=demo.target_start,
        target_end=demo.target_end,
    )
    # The modules' parts (a business case…) are written before the status moves: they are
    # what the proposal was decided on.
    for module in demo_modules():
        if module.key in demo.sections:
            module.load(demo.sections[module.key], initiative=initiative, author=author)
    for step in demo.status_path:
        initiative_change_status(
            actor=users[step.by] if step.by else author,
            initiative=initiative,
            to_status=step.to,
            reason=step.reason,
        )
    return initiative
