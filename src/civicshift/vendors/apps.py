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

        from . import jobs_records

        jobs_records.register()

        from civicshift.cases.line_sources import register_line_source

        from .views_case import proposal_cost_sources

        register_line_source(proposal_cost_sources)

        from . import jobs

        jobs.register()
