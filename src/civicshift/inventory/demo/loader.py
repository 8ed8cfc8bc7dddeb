"""Write the demo inventory through the inventory services, as the IT director."""

from __future__ import annotations

from django.utils import timezone

from .. import services
from ..models import System
from .schema import DemoInventory, DemoLinks


def load_inventory(data: DemoInventory, *, organization, author, departments, users) -> None:
    components = {
        c["name"]: services.component_create(actor=author, organization=organization, **c)
        for c in data.components
    }
    systems = {}
    for demo in data.systems:
        owner = users[demo.owner] if demo.owner else None
        system = services.system_create(
            actor=author,
            organization=organization,
            departments=[departments[code] for code in demo.departments],
            owner=owner,
            **demo.fields,
        )
        for name in demo.components:
            component = components[name]
            services.component_update(
                actor=author, component=component, systems=[*component.systems.all(), system]
            )
        if demo.assessment:
            services.assessment_record(
                actor=author,
                system=system,
                answers=demo.assessment,
                assessed_on=timezone.localdate(),
            )
        systems[system.name] = system
    for x in data.integrations:
        services.integration_create(
            actor=author,
            organization=organization,
            source=systems[x["source"]],
            target=systems[x["target"]],
            method=x["method"],
            direction=x["direction"],
            frequency=x["frequency"],
            data_exchanged=x["data_exchanged"],
        )


def load_links(demo: DemoLinks, *, initiative, author) -> None:
    for link in demo.links:
        system = System.objects.for_org(initiative.organization).get(name=link["system"])
        services.initiative_system_link(
            actor=author,
            initiative=initiative,
            system=system,
            relation=link["relation"],
            notes=link["notes"],
        )
