from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "civicshift.inventory"
    label = "inventory"
    verbose_name = "Systems inventory"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module

        from .jobs import register as register_import_jobs

        register_import_jobs()

        register_module(
            "systems",
            "inventory:initiative_systems",
            label=_("Systems"),
            description=_(
                "The systems this initiative replaces, retires or connects to, what depends "
                "on them, and their running costs as avoided costs for the business case."
            ),
        )
