from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "civicshift.skills"
    label = "skills"
    verbose_name = "Skills and training"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.cases.line_sources import register_line_source
        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("skills", _("Skills catalog"), "skills:catalog")
        register_module(
            "skills",
            "skills:initiative",
            label=_("Skills and training"),
            description=_(
                "The skills each role needs for this initiative, who is short of them, and the "
                "training plan with its cost, backfill hours and sessions."
            ),
            after="people",
        )

        from .views_case import training_cost_sources

        register_line_source(training_cost_sources)
