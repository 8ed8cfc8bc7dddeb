from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "civicshift.plans"
    label = "plans"
    verbose_name = "Implementation plans and risks"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("risks", _("Risks"), "plans:org_risks")
        register_section("calendars", _("Working calendars"), "plans:calendar_list")
        register_module("plan", "plans:plan")

        from .jobs import register as register_jobs

        register_jobs()

        from .simulation_job import register as register_simulation

        register_simulation()

        from civicshift.cases.line_sources import register_line_source

        from .views_contingency import contingency_sources

        register_line_source(contingency_sources)
