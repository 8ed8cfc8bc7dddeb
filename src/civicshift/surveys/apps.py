from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "civicshift.surveys"
    label = "surveys"
    verbose_name = "Readiness surveys"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("surveys", _("Readiness surveys"), "surveys:list")
        register_module(
            "surveys",
            "surveys:initiative_surveys",
            label=_("Readiness surveys"),
            description=_(
                "Anonymous staff surveys of readiness for the change (ORIC), with results by "
                "department only where enough people answered, and before/after comparisons."
            ),
            after="people",
        )

        from .jobs import register as register_jobs

        register_jobs()
