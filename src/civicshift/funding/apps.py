from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "civicshift.funding"
    label = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.web.nav import register_section

        register_section("funding", _("Funding"), "funding:catalog")

        from civicshift.initiatives.hub import register_module

        register_module("funding", "funding:initiative_funding")

        from .jobs import register as register_jobs

        register_jobs()
