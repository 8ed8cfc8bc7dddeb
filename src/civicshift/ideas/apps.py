from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "civicshift.ideas"
    label = "ideas"
    verbose_name = "Staff ideas board"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_section("ideas", _("Staff ideas"), "ideas:list")
        register_module(
            "staff-idea",
            "ideas:initiative_origin",
            label=_("Staff idea"),
            description=_(
                "The staff idea this initiative came from: who raised it, who supported it, "
                "the comments and the managers' responses."
            ),
        )
