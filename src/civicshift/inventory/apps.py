from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "civicshift.inventory"
    label = "inventory"
    verbose_name = "Systems inventory"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("systems", _("Systems"), "inventory:list")

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

        from civicshift.cases.line_sources import register_line_source

        from .views_initiative import avoided_cost_sources

        register_line_source(avoided_cost_sources)
