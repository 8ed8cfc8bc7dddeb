from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "civicshift.vendors"
    label = "vendors"
    verbose_name = "Vendors and evaluations"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("vendors", _("Vendors"), "vendors:vendor_list")
        register_module("vendors", "vendors:initiative_evaluations")
        from . import jobs

        jobs.register()
