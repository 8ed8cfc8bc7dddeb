"""How a module adds its part of the demo: a ``DemoModule`` found in ``<app>/demo/``.

Each app that has something to show in the demo ships a package ``civicshift/<app>/demo/`` whose
``__init__.py`` defines ``DEMO_MODULE = DemoModule(...)``, with its own versioned data file (or
``DEMO_MODULES``, a list of them, for an app whose parts keep separate files). The
data file is a YAML mapping with ``id``, ``version`` and a list (``entries_key``) of entries; each
entry names the initiative of the demo municipality it belongs to (``initiative``: its title).

The demo loader finds every installed app's module (``demo_modules()``), reads and checks every
file before the first write (``read`` raises ``DemoDataError`` naming the key), and calls ``load``
for each entry right after its initiative is created, acting as the person who proposed it.
Adding a module's demo therefore touches no file of the demo app or of another module.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps

from .schema_checks import DemoDataError, required


@dataclass(frozen=True)
class DemoModule:
    #: Short name, also the key of the module's entries on ``DemoInitiative.sections``.
    key: str
    #: The packaged data file.
    data_path: Path
    #: ``id`` the data file must carry, and the one version this code reads.
    data_id: str
    version: int
    #: Key of the list of entries in the data file (e.g. ``business_cases``).
    entries_key: str
    #: ``read(raw_entry, where)`` → a checked entry; raises DemoDataError naming ``where``.
    read: Callable[[Any, str], Any]
    #: ``load(entry, *, initiative, author)``: write the entry through the module's services.
    load: Callable[..., Any]
    #: Optional, for what belongs to the organization rather than to one initiative (the
    #: systems inventory): ``read_organization(raw_file, department_codes, user_keys)`` checks
    #: the whole data file, ``load_organization(data, *, organization, author, departments,
    #: users)`` writes it after the departments and before the first initiative, as the main
    #: organization's first administrator.
    read_organization: Callable[..., Any] | None = None
    load_organization: Callable[..., Any] | None = None


def demo_modules() -> list[DemoModule]:
    """The ``DEMO_MODULE`` of every installed CivicShift app that has one, in INSTALLED_APPS
    order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if not config.name.startswith("civicshift.") or config.name == "civicshift.demo":
            continue
        if importlib.util.find_spec(name) is None:
            continue
        package = importlib.import_module(name)
        # One module, or several with a data file each (``DEMO_MODULES``, in load order).
        for module in getattr(package, "DEMO_MODULES", [getattr(package, "DEMO_MODULE", None)]):
            if isinstance(module, DemoModule):
                found.append(module)
    return found


def read_yaml(path: Path) -> Any:
    """A demo data file as plain YAML values, or DemoDataError naming the file."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DemoDataError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{path}: not valid YAML: {exc}") from exc


def read_module_entries(module: DemoModule, raw: Any, titles: set[str]) -> dict[str, Any]:
    """The module's checked entries by initiative title, from its loaded data file ``raw``."""
    data_id = required(raw, "id", "")
    if data_id != module.data_id:
        raise DemoDataError(f"Key 'id' is '{data_id}'; expected '{module.data_id}'.")
    version = required(raw, "version", "", int)
    if version != module.version:
        raise DemoDataError(
            f"Key 'version' is {version}; this CivicShift reads version {module.version}."
        )
    entries: dict[str, Any] = {}
    for i, entry in enumerate(required(raw, module.entries_key, "", list)):
        where = f"{module.entries_key}[{i}]"
        title = required(entry, "initiative", where)
        if title not in titles:
            raise DemoDataError(
                f"Key '{where}.initiative' is '{title}', which is not an initiative of the demo "
                "municipality."
            )
        if title in entries:
            raise DemoDataError(f"Key '{where}.initiative' repeats '{title}'.")
        body = {k: v for k, v in entry.items() if k != "initiative"}
        entries[title] = module.read(body, where)
    return entries
