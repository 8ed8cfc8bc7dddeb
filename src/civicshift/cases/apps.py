from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "civicshift.cases"
    label = "cases"
    verbose_name = "Business cases"

    def ready(self) -> None:
        from civicshift.initiatives.hub import register_module

        register_module("business-case", "cases:detail")

        from civicshift.orgs.overview import register_panel

        from .views_portfolio import overview_panel

        register_panel("portfolio", "cases/overview_panel.html", overview_panel)

        from django.utils.translation import gettext_lazy as _

        from civicshift.web.nav import register_section

        register_section("portfolio", _("Portfolio"), "portfolio:table")

        from .jobs import register

        register()
