"""Objects of the inventory for tests, made through the services (so they are audited)."""

from __future__ import annotations

import itertools
from datetime import date

from civicshift.initiatives.services import initiative_create
from civicshift.inventory import services

_n = itertools.count(1)


def make_system(organization, user, **fields):
    fields.setdefault("name", f"System {next(_n)}")
    fields.setdefault("category", "finance_erp")
    return services.system_create(actor=user, organization=organization, **fields)


def make_component(organization, user, **fields):
    fields.setdefault("name", f"Windows Server 2012 R2 #{next(_n)}")
    fields.setdefault("kind", "os")
    return services.component_create(actor=user, organization=organization, **fields)


def make_integration(organization, user, **fields):
    source = fields.pop("source", None) or make_system(organization, user)
    target = fields.pop("target", None) or make_system(organization, user)
    fields.setdefault("method", "file_transfer")
    return services.integration_create(
        actor=user, organization=organization, source=source, target=target, **fields
    )


def make_link(organization, user, relation="retires", **fields):
    initiative = fields.pop("initiative", None) or initiative_create(
        actor=user, organization=organization, title=f"Replace system {next(_n)}"
    )
    system = fields.pop("system", None) or make_system(organization, user)
    return services.initiative_system_link(
        actor=user, initiative=initiative, system=system, relation=relation, **fields
    )


def make_assessment(organization, user, **fields):
    system = fields.pop("system", None) or make_system(organization, user)
    fields.setdefault("answers", {"business_importance": 4, "vendor_support": 2})
    return services.assessment_record(actor=user, system=system, **fields)


def make_acceptance(organization, user, **fields):
    system = fields.pop("system", None) or make_system(organization, user)
    return services.risk_accept(
        actor=user,
        system=system,
        flag=fields.pop("flag", "single_person"),
        until=fields.pop("until", date(2099, 1, 1)),
        accepted_by_name=fields.pop("accepted_by_name", "City Manager"),
        rationale=fields.pop("rationale", "Replacement funded next year."),
    )


def make_review_request(organization, user, **fields):
    system = fields.pop("system", None) or make_system(organization, user, owner=user)
    return services.review_request_send(actor=user, system=system, **fields)
